/** `hpcq queue`: the jobs a scheduler holds, as a table or JSON. */
import { Queue } from '../../queue/index.js';
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

function row(r: JobRecord): string[] {
  return [r.id, r.name ?? '', r.user ?? '', r.partition ?? '', r.state, r.reason ?? r.pendingReason ?? '', r.exitCode === null ? '' : String(r.exitCode), (r.nodes ?? []).join(',')];
}

/** `hpcq queue [--user NAME|all] [--state S,...] [--qtype Q] [--remote URL] [--json]`. */
export const queueCommand: CliCommand = {
  name: 'hpcq queue',
  summary: 'List the jobs the scheduler holds (with --since, also those that ended since then).',
  usage: '[--user NAME|all] [--state S,...] [--since WHEN] [--json] [--qtype Q] [--remote URL]',
  flags: {
    user: { type: 'string', short: 'u', value: 'NAME', help: "Whose jobs: a user name, or 'all' (default: you)." },
    json: { type: 'boolean', help: 'Print the job records as JSON.' },
    since: { type: 'string', value: 'WHEN', help: 'Also jobs that ended since then, from the scheduler history (sacct): 2h, 1d, 2026-12-01T09:30.' },
    state: { type: 'string', multiple: true, value: 'STATES', help: 'Only jobs in these normalised states (comma-separated or repeated: running,pending).' },
    ...SCHEDULER_FLAGS,
    ...HELP_FLAG,
  },
  async run(line) {
    const user = stringFlag(line, 'user') ?? 'self';
    const states = statesOf(line);
    const since = sinceOf(line);
    const queue = await new Queue({ user, ...schedulerTarget(line), ...(since ? { since } : {}) }).update();
    const records = [...queue.jobs.values()].filter((r) => !states || states.has(r.state));
    if (line.values.json) {
      process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
    } else {
      process.stdout.write(`${formatTable(['ID', 'NAME', 'USER', 'PARTITION', 'STATE', 'REASON', 'EXIT', 'NODES'], records.map(row))}\n`);
    }
    return EXIT.ok;
  },
};
