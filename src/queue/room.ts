/**
 * Callers of `waitForRoom` (submit({ maxQueueLen }), Queue.waitToSubmit): served by the poller's
 * cycles, which list every job of the user while anyone waits here, instead of a loop of their own.
 * A caller held back is told once that it waits and why, and once when it goes on: a submit that
 * blocks silently looks like a hang.
 */
import { HpcqError } from '../errors.js';
import { isFinal, STATE_RANK } from '../core/states.js';
import type { JobRecord, WaitOptions } from '../types.js';
import { createLogger } from '../util/log.js';

const log = createLogger('queue');

interface RoomWaiter {
  max: number;
  /** When the first listing showed no room (undefined: not blocked yet). */
  blockedAt?: number;
  resolve(): void;
  reject(err: Error): void;
}

/** The user's live jobs in one listing, split as `Queue.queued` and `Queue.running` split them. */
export interface LiveCounts {
  queued: number;
  running: number;
}

/** Queued (pending, held) and running (also suspended, completing) records of a listing; ended ones count for neither. */
export function liveCounts(records: JobRecord[]): LiveCounts {
  const live = records.filter((r) => !isFinal(r.state));
  const queued = live.filter((r) => STATE_RANK[r.state] === 0).length;
  return { queued, running: live.length - queued };
}

/** The set of callers waiting until fewer than their `max` jobs are queued or running. */
export class RoomWaiters {
  private readonly waiters = new Set<RoomWaiter>();

  /** @param qtype the scheduler's name, for the log lines (`on slurm`). */
  constructor(private readonly qtype: string) {}

  get size(): number {
    return this.waiters.size;
  }

  /** Wait until `release` reports fewer than `max` live jobs; bounded by the options' timeout and signal. */
  add(max: number, opts: WaitOptions, changed: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        this.waiters.delete(waiter);
        if (timer) clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        changed();
      };
      const waiter: RoomWaiter = { max, resolve: () => (done(), resolve()), reject: (e) => (done(), reject(e)) };
      const onAbort = (): void => waiter.reject(new HpcqError('Waiting for room in the queue was aborted', { cause: opts.signal?.reason }));
      if (opts.signal?.aborted) return onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      if (opts.timeout !== undefined) {
        timer = setTimeout(() => waiter.reject(new HpcqError(`Timed out after ${opts.timeout} ms waiting for room in the queue`)), opts.timeout);
      }
      this.waiters.add(waiter);
      changed();
    });
  }

  /** The queue now holds these live jobs of the user: let through everyone whose limit that is under. */
  release({ queued, running }: LiveCounts, now = Date.now()): void {
    for (const w of [...this.waiters]) {
      if (queued + running < w.max) {
        if (w.blockedAt !== undefined) log.warn(`the ${this.qtype} queue has room again after ${Math.round((now - w.blockedAt) / 1000)} s; submitting`);
        w.resolve();
      } else if (w.blockedAt === undefined) {
        w.blockedAt = now;
        log.warn(`waiting to submit: ${queued} queued + ${running} running jobs on ${this.qtype} reach the limit of ${w.max} (maxQueueLen, or [queue] max_jobs)`);
      }
    }
  }

  rejectAll(err: Error): void {
    for (const w of [...this.waiters]) w.reject(err);
  }
}
