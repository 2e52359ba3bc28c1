/** Waiting for and cancelling several jobs, given as Job objects or ids. */
import { resolve } from 'node:path';
import { HpcqError } from '../errors.js';
import { listRecords } from '../ledger/index.js';
import type { Host } from '../util/host.js';
import { attachJob } from './attach.js';
import { hostFor } from '../util/host-for.js';
import { Job } from '../job/job.js';
import type { JobLike, Qtype, WaitOptions } from '../types.js';
import { detectScheduler } from './detect.js';
import { startProgress, summarizeStates } from '../util/progress.js';

/** Options for naming jobs by id: which scheduler (default: detected) and host. */
export interface JobsByIdOptions {
  qtype?: Qtype;
  remote?: string | object;
  /**
   * The filedir whose ledger may hold the jobs (default: the working directory, on this machine
   * only). An id recorded there comes back with its name, outputs and result (attachJob).
   */
  filedir?: string;
}

async function toJobs(jobs: JobLike | JobLike[] | number | number[], opts: JobsByIdOptions): Promise<Job[]> {
  const list = (Array.isArray(jobs) ? jobs : [jobs]) as (JobLike | number)[];
  const needsId = list.some((j) => !(j instanceof Job));
  if (!needsId) return list as Job[];
  const qtype = opts.qtype ?? (await detectScheduler(opts.remote ? { remote: opts.remote } : {}));
  const host = await hostFor(opts.remote);
  const recorded = await recordedIds(host, qtype, opts);
  return Promise.all(
    list.map(async (j) => {
      if (j instanceof Job) return j;
      const id = typeof j === 'object' ? j.id : String(j);
      if (!id) throw new HpcqError('wait/cancel: a job without an id was given (submit it first)');
      // This process's own Job first: local ids are per process, another's may share the number.
      const own = Job.submittedHere(id, qtype, host);
      if (own || !recorded.has(id)) return own ?? Job.follow(id, qtype, host);
      return attachJob(id, { ...opts, qtype, filedir: recorded.filedir });
    }),
  );
}

/**
 * The ids of `qtype` that the ledger of the filedir holds, read once for every id of a call. A
 * remote host's ledger is read only when a filedir is named (the working directory is this machine's).
 */
async function recordedIds(host: Host, qtype: Qtype, opts: JobsByIdOptions): Promise<{ has(id: string): boolean; filedir: string }> {
  const filedir = resolve(opts.filedir ?? '.');
  if (opts.remote !== undefined && opts.filedir === undefined) return { has: () => false, filedir };
  const ids = new Set((await listRecords(host, filedir)).filter((r) => r.qtype === qtype && r.id !== undefined).map((r) => r.id));
  return { has: (id) => ids.has(id), filedir };
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
