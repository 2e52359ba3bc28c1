import { Queue } from '../../queue/index.js';
import type { JobRecord, Qtype } from '../../types.js';
import { flagString, type ParsedArgs } from '../args.js';

function row(r: JobRecord): string[] {
  return [r.id, r.name ?? '', r.user ?? '', r.partition ?? '', r.state, r.reason ?? r.pendingReason ?? '', r.exitCode === null ? '' : String(r.exitCode), (r.nodes ?? []).join(',')];
}

/** Format rows as aligned columns. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** `hpcq queue [--user NAME|all] [--qtype slurm|torque] [--json]`. */
export async function queueCommand(args: ParsedArgs): Promise<number> {
  const user = flagString(args, 'user', 'u') ?? 'self';
  const qtype = flagString(args, 'qtype') as Qtype | undefined;
  const queue = await new Queue({ user, ...(qtype ? { qtype } : {}) }).update();
  const records = [...queue.jobs.values()];
  if (args.flags.has('json')) {
    process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  } else {
    process.stdout.write(formatTable(['ID', 'NAME', 'USER', 'PARTITION', 'STATE', 'REASON', 'EXIT', 'NODES'], records.map(row)));
  }
  return 0;
}
