/**
 * A queue listing with its job arrays folded: one entry per array (task counts by state, the
 * index span) instead of one record per task. A pending range such as `123_[5-999%10]` is one
 * record whose indices are counted, never expanded, so a 100,000-task array costs what its
 * listed records cost. Pure: it reads the records a scheduler's listing gave.
 */
import type { JobRecord, JobState } from '../types.js';
import { aggregate, countIndexRange, indexRangeParts } from './merge.js';

/** Order of the counts in an array's summary: ended first, then live, as a progress reads. */
const COUNT_ORDER: readonly JobState[] = ['completed', 'failed', 'cancelled', 'unknown', 'running', 'completing', 'suspended', 'pending', 'held'];

/** One job array of a listing, folded. */
export interface ArraySummary {
  kind: 'array';
  /** The array with its index span as the scheduler writes task ids (`123_[0-999]`). */
  id: string;
  /** The array's own id (`123`): what `hpcq cancel` / `hpcq wait` take. */
  baseId: string;
  name?: string;
  user?: string;
  partition?: string;
  /** Live while any task is live, else the worst ending (as `wait` on the array reports it). */
  state: JobState;
  /** Why the pending tasks wait, when one of them says. */
  pendingReason?: string;
  /** Tasks counted (listed tasks plus the indices of pending ranges). */
  count: number;
  /** Tasks by normalised state. */
  counts: Partial<Record<JobState, number>>;
  /** Lowest and highest index seen. */
  first: number;
  last: number;
  /** Every record of the array as listed (a pending range stays one record); with `expand` only. */
  tasks?: JobRecord[];
}

/** A listing entry: a plain job, or a folded array. */
export type QueueEntry = JobRecord | ArraySummary;

/** Whether an entry is a folded array. */
export function isArraySummary(entry: QueueEntry): entry is ArraySummary {
  return (entry as ArraySummary).kind === 'array';
}

/** "870 completed, 10 running, 120 pending". */
export function describeCounts(counts: ArraySummary['counts']): string {
  return COUNT_ORDER.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`).join(', ');
}

/** The array's id with its span, written like one of its task ids (`123_4` → `123_[0-999]`). */
function spanId(baseId: string, tasks: JobRecord[], span: string): string {
  for (const t of tasks) {
    const index = t.arrayIndex!;
    for (const written of [`[${index}]`, index]) {
      const at = t.id.lastIndexOf(written);
      if (at > baseId.length - 1) return `${t.id.slice(0, at)}[${span}]${t.id.slice(at + written.length)}`;
    }
  }
  return `${baseId}[${span}]`;
}

function summarize(baseId: string, tasks: JobRecord[], expand: boolean): ArraySummary {
  const counts: ArraySummary['counts'] = {};
  let count = 0;
  let [first, last] = [Infinity, -Infinity];
  for (const t of tasks) {
    const parts = indexRangeParts(t.arrayIndex!);
    const n = /^\d+$/.test(t.arrayIndex!) ? 1 : countIndexRange(t.arrayIndex!);
    counts[t.state] = (counts[t.state] ?? 0) + n;
    count += n;
    for (const p of parts) [first, last] = [Math.min(first, p.lo), Math.max(last, p.hi)];
  }
  const head = aggregate(baseId, tasks);
  const pendingReason = tasks.find((t) => t.pendingReason && (t.state === 'pending' || t.state === 'held'))?.pendingReason;
  const span = Number.isFinite(first) ? (first === last ? String(first) : `${first}-${last}`) : '';
  return {
    kind: 'array',
    id: spanId(baseId, tasks, span),
    baseId,
    ...(head.name !== undefined ? { name: head.name } : {}),
    ...(head.user !== undefined ? { user: head.user } : {}),
    ...(head.partition !== undefined ? { partition: head.partition } : {}),
    state: head.state,
    ...(pendingReason ? { pendingReason } : {}),
    count,
    counts,
    first,
    last,
    // Listings and history come in no useful order: tasks by their first index.
    ...(expand ? { tasks: [...tasks].sort((a, b) => (indexRangeParts(a.arrayIndex!)[0]?.lo ?? 0) - (indexRangeParts(b.arrayIndex!)[0]?.lo ?? 0)) } : {}),
  };
}

/**
 * Fold a listing: every record with an array index joins its array's entry (at the place of the
 * array's first record); other records stay as they are, except an array's own head record
 * (Torque's `123[].server`), which names the array but is not one of its tasks. With `expand`,
 * each array entry also carries its records.
 */
export function foldArrays(records: readonly JobRecord[], opts: { expand?: boolean } = {}): QueueEntry[] {
  const arrays = new Map<string, JobRecord[]>();
  for (const r of records) if (r.arrayIndex !== undefined) arrays.set(r.baseId, [...(arrays.get(r.baseId) ?? []), r]);
  const heads = new Map(records.filter((r) => r.arrayIndex === undefined && arrays.has(r.baseId)).map((r) => [r.baseId, r]));
  const out: QueueEntry[] = [];
  const placed = new Set<string>();
  for (const r of records) {
    if (!arrays.has(r.baseId)) out.push(r);
    else if (!placed.has(r.baseId)) {
      placed.add(r.baseId);
      const summary = summarize(r.baseId, arrays.get(r.baseId)!, opts.expand ?? false);
      const head = heads.get(r.baseId);
      out.push(head?.name !== undefined ? { ...summary, name: head.name } : summary);
    }
  }
  return out;
}
