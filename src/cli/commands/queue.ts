/** `hpcq queue`: the jobs a scheduler holds, as a table or JSON. */
import { Queue, schedulerFor } from '../../queue/index.js';
import { describeCounts, foldArrays, isArraySummary, type ArraySummary, type QueueEntry } from '../../queue/array-fold.js';
import { withArrayHistory } from '../../queue/array-history.js';
import { hostFor } from '../../util/host-for.js';
import { STATE_RANK, type JobRecord, type JobState } from '../../types.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../errors.js';
import { HELP_FLAG, SCHEDULER_FLAGS, schedulerTarget, stringFlag } from '../flags.js';
import { UsageError, type ParsedLine } from '../parse.js';
import { formatTable } from '../../util/table.js';
import { parseDuration } from '../../options/units.js';

const STATES = Object.keys(STATE_RANK) as JobState[];

/** --state a,b: the states to keep (all when not given), each checked. */
function statesOf(line: ParsedLine): Set<JobState> | undefined {
  const raw = (line.values.state as string[] | undefined)?.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean);
  if (!raw?.length) return undefined;
  const bad = raw.filter((s) => !(STATES as string[]).includes(s));
  if (bad.length) throw new UsageError(`unknown --state ${bad.map((b) => `'${b}'`).join(', ')}: use ${STATES.join(', ')}`);
  return new Set(raw as JobState[]);
}

/** --since: a duration ago (`2h`, `90m`, `1d`, `HH:MM:SS`) or a date/time (`2026-12-01`, `2026-12-01T09:30`). */
export function sinceOf(line: ParsedLine, now = Date.now()): Date | undefined {
  const raw = stringFlag(line, 'since');
  if (raw === undefined) return undefined;
  const ago = parseDuration(raw);
  if (ago.ok) return new Date(now - ago.value * 1000);
  // A date alone, or a date and time without a zone, is local time (as sacct reads it).
  const when = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? new Date(`${raw}T00:00:00`) : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(raw) ? new Date(raw) : undefined;
  if (!when || Number.isNaN(when.getTime())) throw new UsageError(`--since takes a duration ago (2h, 90m, 1d) or a date/time (2026-12-01, 2026-12-01T09:30), not '${raw}'`);
  return when;
}

function row(r: JobRecord, indent = ''): string[] {
  return [indent + r.id, r.name ?? '', r.user ?? '', r.partition ?? '', r.state, r.reason ?? r.pendingReason ?? '', r.exitCode === null ? '' : String(r.exitCode), (r.nodes ?? []).join(',')];
}

/** An array's line: its span, then its task counts where a job shows its state. */
function arrayRow(a: ArraySummary): string[] {
  return [a.id, a.name ?? '', a.user ?? '', a.partition ?? '', describeCounts(a.counts), a.pendingReason ?? '', '', ''];
}

/** Table rows of a folded listing; with --expand, each array's records follow its line, indented. */
function rows(entries: QueueEntry[]): string[][] {
  return entries.flatMap((e) => (isArraySummary(e) ? [arrayRow(e), ...(e.tasks ?? []).map((t) => row(t, '  '))] : [row(e)]));
}

/** Whether an entry has a job (or, for an array, a task) in one of the states. */
function inStates(e: QueueEntry, states: Set<JobState> | undefined): boolean {
  if (!states) return true;
  return isArraySummary(e) ? Object.keys(e.counts).some((s) => states.has(s as JobState)) : states.has(e.state);
}

/** `hpcq queue [--user NAME|all] [--state S,...] [--qtype Q] [--remote URL] [--json]`. */
export const queueCommand: CliCommand = {
  name: 'hpcq queue',
  summary: 'List the jobs the scheduler holds (with --since, also those that ended since then).',
  usage: '[--user NAME|all] [--state S,...] [--since WHEN] [--expand] [--json] [--qtype Q] [--remote URL]',
  notes: 'A job array is one line, its tasks counted by state: 123_[0-999]  870 completed, 10 running, 120 pending.\nEnded tasks come from the scheduler history where it keeps one (Slurm: sacct); --expand lists the tasks.',
  flags: {
    user: { type: 'string', short: 'u', value: 'NAME', help: "Whose jobs: a user name, or 'all' (default: you)." },
    json: { type: 'boolean', help: 'Print the job records as JSON (an array: one record with its task counts).' },
    expand: { type: 'boolean', short: 'e', help: "Also list each array's tasks as the scheduler lists them (a pending range stays one line)." },
    since: { type: 'string', value: 'WHEN', help: 'Also jobs that ended since then, from the scheduler history (sacct): 2h, 1d, 2026-12-01T09:30.' },
    state: { type: 'string', multiple: true, value: 'STATES', help: 'Only jobs in these normalised states (comma-separated or repeated: running,pending).' },
    ...SCHEDULER_FLAGS,
    ...HELP_FLAG,
  },
  async run(line) {
    const user = stringFlag(line, 'user') ?? 'self';
    const states = statesOf(line);
    const since = sinceOf(line);
    const target = schedulerTarget(line);
    const queue = await new Queue({ user, ...target, ...(since ? { since } : {}) }).update();
    let records = [...queue.jobs.values()];
    // --since already read the history; else the ended tasks of listed arrays come from it.
    if (!since) records = await withArrayHistory(records, schedulerFor(queue.qtype, await hostFor(target.remote)), user === 'all' ? { allUsers: true } : user === 'self' ? {} : { user });
    const entries = foldArrays(records, { expand: line.values.expand === true }).filter((e) => inStates(e, states));
    if (line.values.json) {
      process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    } else {
      process.stdout.write(`${formatTable(['ID', 'NAME', 'USER', 'PARTITION', 'STATE', 'REASON', 'EXIT', 'NODES'], rows(entries))}\n`);
    }
    return EXIT.ok;
  },
};
