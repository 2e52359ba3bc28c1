/**
 * Pure rules for combining what the sources say about one job: matching records to a
 * tracked id (array tasks roll up into their array), settling
 * a dependency that can never be satisfied, and refusing backward state moves.
 */
import { canTransition, isFinal } from '../core/states.js';
import type { JobStatus } from '../core/status-file.js';
import type { SplitId } from '../schedulers/job-id.js';
import { BACKENDS } from '../schedulers/registry.js';
import type { JobRecord, JobState } from '../types.js';

export { recordFromStatus } from '../core/status-file.js';

/** Any back-end's id forms, for callers that do not say which (tests, public helpers). */
function splitAny(id: string): SplitId | undefined {
  for (const b of BACKENDS) {
    const split = b.ids.split(id);
    if (split) return split;
  }
  return undefined;
}

/** Any back-end's "dependency never satisfied" pattern. */
const NEVER_SATISFIABLE = new RegExp(BACKENDS.map((b) => b.messages.neverSatisfiable.source).join('|'), 'i');

/** Final states, worst first: what an array reports when its tasks ended differently. */
const WORST: JobState[] = ['failed', 'cancelled', 'unknown', 'completed'];
/** Live states, least advanced first: an array runs until its last task has finished. */
const LIVE: JobState[] = ['pending', 'held', 'suspended', 'running', 'completing'];

/**
 * One record for a set of array tasks: live while any task is live, else the worst ending.
 */
export function aggregate(id: string, tasks: JobRecord[]): JobRecord {
  const live = tasks.filter((t) => !isFinal(t.state));
  const pick = live.length
    ? LIVE.map((s) => live.find((t) => t.state === s)).find((t) => t)!
    : WORST.map((s) => tasks.find((t) => t.state === s)).find((t) => t)!;
  const { arrayIndex: _ignored, ...rest } = pick;
  return { ...rest, id, baseId: id };
}

/** One part of an index range: `lo` to `hi` every `step`. */
export interface IndexRangePart {
  lo: number;
  hi: number;
  step: number;
}

/**
 * The parts of an array index range (Slurm `1-5%2`, `1,3,5-7`, `0-10:5`; Grid Engine `1-200:1`),
 * the `%` limit dropped; an unreadable part is left out. Nothing is expanded per index.
 */
export function indexRangeParts(range: string): IndexRangePart[] {
  return range
    .replace(/%.*$/, '')
    .split(',')
    .flatMap((part) => {
      const m = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(part.trim());
      if (!m) return [];
      const lo = Number(m[1]);
      return [{ lo, hi: m[2] === undefined ? lo : Number(m[2]), step: Math.max(1, Number(m[3] ?? 1)) }];
    });
}

/** Whether array index `n` is in a Slurm range (`1-5%2`, `1,3,5-7`, `0-10:5`). */
export function inIndexRange(range: string, n: number): boolean {
  return indexRangeParts(range).some(({ lo, hi, step }) => n >= lo && n <= hi && (n - lo) % step === 0);
}

/** How many indices a range holds (`5-999%10` → 995), counted, not expanded. */
export function countIndexRange(range: string): number {
  return indexRangeParts(range).reduce((sum, { lo, hi, step }) => sum + (hi >= lo ? Math.floor((hi - lo) / step) + 1 : 0), 0);
}

/**
 * The record for a tracked id: an exact match, the pending range that still holds a tracked
 * array task (`123_4` in `123_[2-9%2]`) or the live array listed whole under its bare id, or
 * the roll-up of an array's tasks.
 */
export function matchRecord(records: JobRecord[], id: string, split: (id: string) => SplitId | undefined = splitAny): JobRecord | undefined {
  const exact = records.find((r) => r.id === id);
  if (exact) return exact;
  const task = split(id);
  const index = task?.arrayIndex;
  if (task && index !== undefined && /^\d+$/.test(index)) {
    const base = task.baseId;
    const range = records.find((r) => r.baseId === base && r.arrayIndex !== undefined && /\D/.test(r.arrayIndex) && inIndexRange(r.arrayIndex, Number(index)));
    // Slurm's Torque wrapper lists a live array as one record under its bare id (`qstat -f 123`,
    // job_state Q while tasks run): its tasks are still in the queue; their status files end them.
    const whole = range ?? records.find((r) => r.id === base && r.arrayIndex === undefined && !isFinal(r.state));
    return whole && { ...whole, id, arrayIndex: index };
  }
  const tasks = records.filter((r) => r.baseId === id && r.arrayIndex !== undefined);
  return tasks.length ? aggregate(id, tasks) : undefined;
}

/**
 * A live record that stands in for an array task the listing does not name (a pending range,
 * or Slurm's Torque wrapper listing a live array once under its bare id while its tasks run
 * under ids of their own) says nothing of that task once it started: its status file does.
 * Ended (`end=`): undefined, so accounting and the status file settle it, never the stand-in.
 * Started: running on the status file's host. Otherwise the stand-in as it is.
 */
export function overStandIn(record: JobRecord, status: JobStatus | undefined): JobRecord | undefined {
  if (!status || isFinal(record.state)) return record;
  if (status.finished) return undefined;
  if (!status.startTime || (record.state !== 'pending' && record.state !== 'held')) return record;
  const { pendingReason: _waiting, ...rest } = record;
  return { ...rest, state: 'running', rawState: 'status-file', startTime: status.startTime, ...(status.host ? { nodes: [status.host] } : {}) };
}

/**
 * matchRecord for a tracked job, with its status file over any stand-in (see overStandIn);
 * `named` holds the ids the listing names itself.
 */
export function matchTracked(records: JobRecord[], named: ReadonlySet<string>, id: string, status: JobStatus | undefined, split?: (id: string) => SplitId | undefined): JobRecord | undefined {
  const found = matchRecord(records, id, split);
  return found && !named.has(id) ? overStandIn(found, status) : found;
}

/**
 * A pending job whose dependency can never be satisfied stays pending forever in Slurm (unless
 * kill_invalid_depend is set) and Slurm's Torque wrapper: hpcq settles it as cancelled.
 */
export function settle(record: JobRecord, neverSatisfiable: RegExp = NEVER_SATISFIABLE): JobRecord {
  if ((record.state === 'pending' || record.state === 'held') && neverSatisfiable.test(record.pendingReason ?? '')) {
    return { ...record, state: 'cancelled', reason: 'dependency_never_satisfied', exitCode: null, signal: null };
  }
  return record;
}

/**
 * The record to keep when `next` arrives after `prev`. A final state never changes (a later
 * source may only fill in its exit code or signal); a live state never moves backwards,
 * except a running job going back to pending or held: a requeue.
 */
export function advance(prev: JobRecord | undefined, next: JobRecord): JobRecord {
  if (!prev) return next;
  if (isFinal(prev.state)) {
    if (prev.state !== next.state) return prev;
    return {
      ...prev,
      exitCode: prev.exitCode ?? next.exitCode,
      signal: prev.signal ?? next.signal,
      reason: prev.reason ?? next.reason,
    };
  }
  return canTransition(prev.state, next.state) ? next : prev;
}

/** Whether two records differ in anything a waiter cares about. */
export function changed(prev: JobRecord | undefined, next: JobRecord): boolean {
  return (
    !prev ||
    prev.state !== next.state ||
    prev.reason !== next.reason ||
    prev.exitCode !== next.exitCode ||
    prev.signal !== next.signal ||
    prev.pendingReason !== next.pendingReason
  );
}
