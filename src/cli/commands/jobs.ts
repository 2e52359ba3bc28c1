import { cancel, wait } from '../../api/index.js';
import { UsageError } from '../parse.js';
import { flagString, type ParsedArgs } from '../args.js';

function ids(args: ParsedArgs, verb: string): string[] {
  const list = args.positionals.flatMap((p) => p.split(',')).filter(Boolean);
  if (list.length === 0) throw new UsageError(`hpcq ${verb}: give one or more job ids`);
  return list;
}

/** `hpcq wait ID... [--timeout SECONDS]`: exits 0 when every job completed, 1 otherwise. */
export async function waitCommand(args: ParsedArgs): Promise<number> {
  const timeout = flagString(args, 'timeout');
  const jobs = await wait(ids(args, 'wait'), timeout ? { timeout: Number(timeout) * 1000 } : {});
  for (const job of jobs) process.stdout.write(`${job.id}\t${job.state}${job.reason ? `\t${job.reason}` : ''}\n`);
  return jobs.every((j) => j.state === 'completed') ? 0 : 1;
}

/** `hpcq cancel ID...`. */
export async function cancelCommand(args: ParsedArgs): Promise<number> {
  await cancel(ids(args, 'cancel'));
  return 0;
}
