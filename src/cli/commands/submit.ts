import { submit } from '../../api/index.js';
import { shellJoin } from '../../util/shell-quote.js';
import { UsageError } from '../parse.js';
import type { ParsedArgs } from '../args.js';

/** Flags of `hpcq submit` that are not job options. */
const CONTROL = new Set(['wait', 'json', 'help']);

/** `--tasks-per-node` → `tasksPerNode`: option names as the table spells them. */
function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Collect job options from flags; `--depends a,b` and repeated list values split on commas. */
export function optionsFromFlags(args: ParsedArgs): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [flag, value] of args.flags) {
    if (CONTROL.has(flag)) continue;
    const key = camel(flag);
    raw[key] = key === 'depends' && typeof value === 'string' ? value.split(',').filter(Boolean) : value;
  }
  return raw;
}

/** `hpcq submit [--option value ...] -- command [args...]` (or a quoted command string). */
export async function submitCommand(args: ParsedArgs): Promise<number> {
  const command = args.rest.length > 0 ? shellJoin(args.rest) : args.positionals.join(' ');
  if (!command.trim()) throw new UsageError('no command given. Usage: hpcq submit [--cores 2 ...] -- command args');
  const job = await submit(command, optionsFromFlags(args));
  if (!args.flags.has('wait')) {
    process.stdout.write(args.flags.has('json') ? `${JSON.stringify({ id: job.id, name: job.name, qtype: job.qtype })}\n` : `${job.id ?? ''}\t${job.name}\t${job.qtype}\n`);
    return 0;
  }
  const result = await job.get().catch((err: unknown) => err);
  if (args.flags.has('json')) {
    process.stdout.write(`${JSON.stringify({ id: job.id, name: job.name, state: job.state, reason: job.reason, exitCode: job.exitCode })}\n`);
  } else {
    process.stdout.write(job.stdout ?? '');
    process.stderr.write(job.stderr ?? '');
  }
  if (result instanceof Error) process.stderr.write(`${result.message}\n`);
  return job.exitCode ?? 1;
}
