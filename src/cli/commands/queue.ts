/** `hpcq queue`: the jobs a scheduler holds, as a table or JSON. */
import { Queue } from '../../queue/index.js';
import type { JobRecord } from '../../types.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../errors.js';
import { HELP_FLAG, SCHEDULER_FLAGS, schedulerTarget, stringFlag } from '../flags.js';

function row(r: JobRecord): string[] {
  return [r.id, r.name ?? '', r.user ?? '', r.partition ?? '', r.state, r.reason ?? r.pendingReason ?? '', r.exitCode === null ? '' : String(r.exitCode), (r.nodes ?? []).join(',')];
}

/** Format rows as aligned columns. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** `hpcq queue [--user NAME|all] [--qtype Q] [--remote URL] [--json]`. */
export const queueCommand: CliCommand = {
  name: 'hpcq queue',
  summary: 'List the jobs the scheduler holds.',
  usage: '[--user NAME|all] [--json] [--qtype Q] [--remote URL]',
  flags: {
    user: { type: 'string', short: 'u', value: 'NAME', help: "Whose jobs: a user name, or 'all' (default: you)." },
    json: { type: 'boolean', help: 'Print the job records as JSON.' },
    ...SCHEDULER_FLAGS,
    ...HELP_FLAG,
  },
  async run(line) {
    const user = stringFlag(line, 'user') ?? 'self';
    const queue = await new Queue({ user, ...schedulerTarget(line) }).update();
    const records = [...queue.jobs.values()];
    if (line.values.json) {
      process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
    } else {
      process.stdout.write(formatTable(['ID', 'NAME', 'USER', 'PARTITION', 'STATE', 'REASON', 'EXIT', 'NODES'], records.map(row)));
    }
    return EXIT.ok;
  },
};
