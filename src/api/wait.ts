/** Waiting for and cancelling several jobs, given as Job objects or ids. */
import { HpcqError } from '../errors.js';
import { hostFor } from '../util/host-for.js';
import { Job } from '../job/job.js';
import type { JobLike, Qtype, WaitOptions } from '../types.js';
import { detectScheduler } from './detect.js';
import { startProgress, summarizeStates } from '../util/progress.js';

/** Options for naming jobs by id: which scheduler (default: detected) and host. */
export interface JobsByIdOptions {
  qtype?: Qtype;
  remote?: string | object;
}

async function toJobs(jobs: JobLike | JobLike[] | number | number[], opts: JobsByIdOptions): Promise<Job[]> {
  const list = (Array.isArray(jobs) ? jobs : [jobs]) as (JobLike | number)[];
  const needsId = list.some((j) => !(j instanceof Job));
  if (!needsId) return list as Job[];
  const qtype = opts.qtype ?? (await detectScheduler(opts.remote ? { remote: opts.remote } : {}));
  const host = await hostFor(opts.remote);
  return list.map((j) => {
    if (j instanceof Job) return j;
    const id = typeof j === 'object' ? j.id : String(j);
    if (!id) throw new HpcqError('wait/cancel: a job without an id was given (submit it first)');
    return Job.attach(id, qtype, host);
  });
}

/** Wait until every job is final; resolves with the Job objects (it does not reject for failed jobs). */
export async function wait(jobs: JobLike | JobLike[], opts: WaitOptions & JobsByIdOptions = {}): Promise<Job[]> {
  const list = await toJobs(jobs, opts);
  // One line for the whole wait, not one per job.
  const stop = startProgress(() => `waiting for ${list.length} job${list.length === 1 ? '' : 's'}: ${summarizeStates(list.map((j) => j.state))}`, opts);
  try {
    await Promise.all(list.map((j) => j.wait({ ...opts, progress: false })));
  } finally {
    stop();
  }
  return list;
}

/** Cancel jobs (Job objects or ids). */
export async function cancel(jobs: JobLike | JobLike[], opts: JobsByIdOptions = {}): Promise<void> {
  const list = await toJobs(jobs, opts);
  await Promise.all(list.map((j) => j.cancel()));
}
