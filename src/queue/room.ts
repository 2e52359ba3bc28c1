/**
 * Callers of `waitForRoom` (submit({ maxQueueLen }), Queue.waitToSubmit): served by the poller's
 * cycles, which list every job of the user while anyone waits here, instead of a loop of their own.
 */
import { HpcqError } from '../errors.js';
import type { WaitOptions } from '../types.js';

interface RoomWaiter {
  max: number;
  resolve(): void;
  reject(err: Error): void;
}

/** The set of callers waiting until fewer than their `max` jobs are queued or running. */
export class RoomWaiters {
  private readonly waiters = new Set<RoomWaiter>();

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

  /** The queue now holds `live` jobs of the user: let through everyone whose limit that is under. */
  release(live: number): void {
    for (const w of [...this.waiters]) if (live < w.max) w.resolve();
  }

  rejectAll(err: Error): void {
    for (const w of [...this.waiters]) w.reject(err);
  }
}
