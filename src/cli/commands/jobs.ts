/** `hpcq wait` and `hpcq cancel`: jobs named by id, on the scheduler and host the flags name. */
import { cancel, detectScheduler, wait, type Job } from '../../api/index.js';
import { HpcqError } from '../../errors.js';
import { Queue } from '../../queue/index.js';
import { isFinal, type JobRecord } from '../../types.js';
import { startProgress } from '../../util/progress.js';
import type { CliCommand } from '../command.js';
import { EXIT } from '../errors.js';
import { HELP_FLAG, SCHEDULER_FLAGS, schedulerTarget, stringFlag, type SchedulerTarget } from '../flags.js';
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

/** The target with its scheduler decided once, so per-job calls do not each detect it. */
async function resolved(target: SchedulerTarget): Promise<SchedulerTarget> {
  return { ...target, qtype: target.qtype ?? (await detectScheduler(target.remote ? { remote: target.remote } : {})) };
}

/** The one-line message of a failure, for a per-job report. */
function messageOf(err: unknown): string {
  return err instanceof HpcqError || err instanceof Error ? err.message : String(err);
}

/** `hpcq wait ID...`: prints each job's final state as it ends; exits 0 when every job completed, 1 otherwise. */
export const waitCommand: CliCommand = {
  name: 'hpcq wait',
  summary: "Wait until the jobs end; print each one's final state. Exit 0 when all completed, 1 otherwise.",
  usage: '[--timeout SECONDS] [--filedir DIR] [--qtype Q] [--remote URL] JOB_ID...',
  flags: {
    timeout: { type: 'string', value: 'SECONDS', help: 'Give up after this many seconds.' },
    filedir: { type: 'string', value: 'DIR', help: "The job files' directory, whose ledger knows jobs of other processes (default: the working directory)." },
    ...SCHEDULER_FLAGS,
    ...HELP_FLAG,
  },
  notes: 'On a terminal a progress line shows how many jobs have ended; elsewhere one line says what it waits for.',
  async run(line) {
    const list = ids(line, `${this.name} ${this.usage}`);
    const timeout = timeoutMs(line);
    const filedir = stringFlag(line, 'filedir');
    const target = { ...(await resolved(schedulerTarget(line))), ...(filedir !== undefined ? { filedir } : {}) };
    let ended = 0;
    let ok = true;
    const stop = startProgress(() => `waiting for ${list.length} job${list.length === 1 ? '' : 's'} on ${target.qtype}: ${ended} ended, ${list.length - ended} not yet`);
    if (!process.stderr.isTTY) process.stderr.write(`hpcq: waiting for ${list.join(', ')} on ${target.qtype}\n`);
    const report = (id: string, job: Job | undefined, err?: unknown): void => {
      ended++;
      ok &&= job?.state === 'completed';
      stop();
      if (job) process.stdout.write(`${job.id}\t${job.state}${job.reason ? `\t${job.reason}` : ''}\n`);
      else process.stderr.write(`hpcq: ${id}: ${messageOf(err)}\n`);
    };
    try {
      // One wait per job (they share the scheduler's poller), so each line prints as its job ends.
      await Promise.all(list.map((id) => wait([id], { ...target, progress: false, ...(timeout === undefined ? {} : { timeout }) }).then(([job]) => report(id, job), (err: unknown) => report(id, undefined, err))));
    } finally {
      stop();
    }
    return ok ? EXIT.ok : EXIT.failed;
  },
};

/** `hpcq cancel ID...`: says what it cancelled; exits 1 when any id could not be cancelled (unknown, not yours). */
export const cancelCommand: CliCommand = {
  name: 'hpcq cancel',
  summary: 'Cancel jobs by id; say which were cancelled and which were not.',
  usage: '[--qtype Q] [--remote URL] JOB_ID...',
  flags: { ...SCHEDULER_FLAGS, ...HELP_FLAG },
  async run(line) {
    const list = ids(line, `${this.name} ${this.usage}`);
    const target = await resolved(schedulerTarget(line));
    // Some schedulers accept a cancel of an id they do not know (Slurm's scancel exits 0), so
    // look the ids up first, in one listing of everyone's jobs.
    const queue = await new Queue({ user: 'all', ...target }).update();
    const records = [...queue.jobs.values()];
    const find = (id: string): JobRecord | undefined => records.find((r) => r.id === id) ?? records.find((r) => r.baseId === id);
    const results = await Promise.allSettled(list.map(async (id) => {
      const record = find(id);
      if (!record) throw new HpcqError(`no job ${id} in the ${target.qtype} queue (unknown, or it already ended)`);
      if (isFinal(record.state)) throw new HpcqError(`job ${id} already ended (${record.state})`);
      await cancel([id], target);
    }));
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') process.stdout.write(`cancelled ${list[i]}\n`);
      else process.stderr.write(`hpcq: not cancelled ${list[i]}: ${messageOf(r.reason)}\n`);
    });
    return results.every((r) => r.status === 'fulfilled') ? EXIT.ok : EXIT.failed;
  },
};
