/**
 * Following a submitted job while it runs: `Job.stream` (its output as it is written) and
 * `Job.waitUntil` (a state reached). Both ride on the job's one shared wait, which keeps the
 * poller (or the local runner) reporting the job while they look.
 */
import { HpcqError } from '../errors.js';
import type { JobState, WaitOptions } from '../types.js';
import type { Host } from '../util/host.js';
import { followOutputs, type OutputChunk } from './stream.js';
import { reached } from './wait-until.js';

/** The parts of a Job that following it reads. */
export interface WatchedJob {
  readonly name: string;
  readonly id?: string | undefined;
  readonly state: JobState;
  readonly exitCode: number | null;
  wait(opts: WaitOptions): Promise<unknown>;
}

/** How long a follower looks and how often. */
export type WatchOptions = Pick<WaitOptions, 'timeout' | 'signal'> & { intervalMs?: number };

/** The job's wait, stopped by `stop` or the caller's signal, bounded by the caller's timeout. */
function sharedWait(job: WatchedJob, opts: WatchOptions, stop: AbortController): Promise<unknown> {
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  return job.wait({ progress: false, signal, ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}) });
}

/** The job's stdout and stderr files as they grow, until the job has ended and they are read to the end. */
export async function* streamJob(job: WatchedJob, host: Host, files: { stdout: string; stderr: string }, opts: WatchOptions): AsyncGenerator<OutputChunk, void, undefined> {
  const stop = new AbortController();
  let failure: unknown;
  const ended = sharedWait(job, opts, stop).catch((err: unknown) => (failure = err));
  try {
    // SFTP round trips cost more than a local stat: look less often.
    yield* followOutputs({ host, files, ended, intervalMs: opts.intervalMs ?? (host.remote ? 1000 : 250) });
    if (failure !== undefined) throw failure;
  } finally {
    // Also when the caller broke out early: stop the wait this stream started.
    stop.abort();
  }
}

/** Resolve once the job is in `state` or a later one; reject with HpcqError once it ended without reaching it. */
export async function waitUntilState(job: WatchedJob, state: JobState, opts: WatchOptions): Promise<void> {
  const stop = new AbortController();
  // A job settled before it got an id (a dependency that never holds) has nothing to wait for.
  const ended = job.id ? sharedWait(job, opts, stop) : Promise.resolve();
  let failure: unknown;
  const settled = ended.then(() => true, (err: unknown) => ((failure = err), true));
  try {
    for (;;) {
      const now = job.state;
      const verdict = reached(state, now, job.exitCode);
      if (verdict === 'yes') return;
      if (verdict === 'never') throw new HpcqError(`Job ${job.name} [${job.id}] ended ${now} without reaching ${state}`);
      if (failure !== undefined) throw failure;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([settled, new Promise((r) => (timer = setTimeout(r, opts.intervalMs ?? 200)))]);
      clearTimeout(timer);
    }
  } finally {
    stop.abort();
  }
}
