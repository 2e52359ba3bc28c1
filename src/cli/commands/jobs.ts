/** `hpcq wait` and `hpcq cancel`: jobs named by id, on the scheduler and host the flags name. */
import { cancel, wait } from '../../api/index.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../errors.js';
import { HELP_FLAG, SCHEDULER_FLAGS, schedulerTarget, stringFlag } from '../flags.js';
import { UsageError, type ParsedLine } from '../parse.js';

function ids(line: ParsedLine, usage: string): string[] {
  const list = line.positionals.flatMap((p) => p.split(',')).filter(Boolean);
  if (list.length === 0) throw new UsageError(`give one or more job ids\nUsage: ${usage}`);
  return list;
}

/** --timeout in seconds, refused unless it is a positive number. */
function timeoutMs(line: ParsedLine): number | undefined {
  const raw = stringFlag(line, 'timeout');
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout takes a number of seconds greater than 0, not '${raw}'`);
  return seconds * 1000;
}

/** `hpcq wait ID...`: exits 0 when every job completed, 1 otherwise. */
export const waitCommand: CliCommand = {
  name: 'hpcq wait',
  summary: 'Wait until the jobs end; print each one\'s final state. Exit 0 when all completed, 1 otherwise.',
  usage: '[--timeout SECONDS] [--qtype Q] [--remote URL] JOB_ID...',
  flags: { timeout: { type: 'string', value: 'SECONDS', help: 'Give up after this many seconds.' }, ...SCHEDULER_FLAGS, ...HELP_FLAG },
  async run(line) {
    const list = ids(line, `${this.name} ${this.usage}`);
    const timeout = timeoutMs(line);
    const jobs = await wait(list, { ...schedulerTarget(line), ...(timeout === undefined ? {} : { timeout }) });
    for (const job of jobs) process.stdout.write(`${job.id}\t${job.state}${job.reason ? `\t${job.reason}` : ''}\n`);
    return jobs.every((j) => j.state === 'completed') ? EXIT.ok : EXIT.failed;
  },
};

/** `hpcq cancel ID...`. */
export const cancelCommand: CliCommand = {
  name: 'hpcq cancel',
  summary: 'Cancel jobs by id.',
  usage: '[--qtype Q] [--remote URL] JOB_ID...',
  flags: { ...SCHEDULER_FLAGS, ...HELP_FLAG },
  async run(line) {
    const list = ids(line, `${this.name} ${this.usage}`);
    await cancel(list, schedulerTarget(line));
    for (const id of list) process.stdout.write(`cancelled ${id}\n`);
    return EXIT.ok;
  },
};
