/**
 * One view over "where a submitted job's state comes from": the shared poller of a grid
 * scheduler on a host, or the process's LocalRunner. Job, wait() and cancel() use only this.
 */
import { HpcqError } from '../errors.js';
import { getDefaultRunner, peekDefaultRunner } from '../local-runner/index.js';
import { getPoller } from '../queue/index.js';
import type { JobRecord, Qtype, WaitOptions } from '../types.js';
import type { Host } from '../util/host.js';
import { cancelGrid } from './submit-grid.js';

/** State source and canceller for the jobs of one scheduler on one host. */
export interface Tracker {
  /** Follow a job; `statusFile` lets the poller see its end without the scheduler. */
  track(id: string, statusFile?: string): void;
  /** Last known record, if any. */
  latest(id: string): JobRecord | undefined;
  /** Resolve with the job's final record. */
  waitFor(id: string, opts?: WaitOptions): Promise<JobRecord>;
  cancel(ids: string[]): Promise<void>;
}

/** Race a promise against a wait's timeout and abort signal. */
export async function bounded<T>(promise: Promise<T>, what: string, opts: WaitOptions = {}): Promise<T> {
  if (opts.timeout === undefined && !opts.signal) return promise;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    if (opts.timeout !== undefined) {
      timer = setTimeout(() => reject(new HpcqError(`Timed out after ${opts.timeout} ms waiting for ${what}`)), opts.timeout);
    }
    if (opts.signal) {
      onAbort = () => reject(new HpcqError(`Waiting for ${what} was aborted`, { cause: opts.signal!.reason }));
      if (opts.signal.aborted) onAbort();
      else opts.signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    return await Promise.race([promise, stop]);
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
  }
}

function localTracker(): Tracker {
  return {
    track: () => {},
    // Reading a state (Job's getters call this) must never start a runner.
    latest: (id) => peekDefaultRunner()?.state(id),
    waitFor: (id, opts) => bounded(getDefaultRunner().get(id), `local job ${id}`, opts),
    cancel: (ids) => getDefaultRunner().cancel(ids),
  };
}

function gridTracker(qtype: 'slurm' | 'torque', host: Host): Tracker {
  const poller = getPoller(qtype, host);
  return {
    track: (id, statusFile) => poller.track(id, statusFile ? { statusFile } : {}),
    latest: (id) => poller.latest(id),
    waitFor: (id, opts) => poller.waitFor(id, opts),
    cancel: (ids) => cancelGrid(host, qtype, ids),
  };
}

/** The tracker for jobs of `qtype` on `host`. */
export function trackerFor(qtype: Qtype, host: Host): Tracker {
  return qtype === 'local' ? localTracker() : gridTracker(qtype, host);
}
