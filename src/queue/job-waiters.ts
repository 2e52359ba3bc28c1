/**
 * Callers of `Poller.waitFor`: each waits for one job to be final, bounded by its own timeout,
 * signal and outage deadline. The poller's cycles resolve them (a final record) or, while the
 * scheduler does not answer, reject those past their outage deadline.
 */
import { HpcqError } from '../errors.js';
import type { JobRecord, WaitOptions } from '../types.js';

interface Waiter {
  /** Outage deadline of this wait (ms); undefined: the poller's default. */
  outageDeadline: number | undefined;
  resolve(record: JobRecord): void;
  reject(err: Error): void;
}

/** Hooks of the poller: `changed` once a waiter is gone, `added` once one waits (not when already aborted). */
export interface WaiterHooks {
  changed(): void;
  added(): void;
}

/** The waiters of every job a poller follows, by job id. */
export class JobWaiters {
  private readonly byId = new Map<string, Set<Waiter>>();

  /** How many jobs someone waits for. */
  get size(): number {
    return this.byId.size;
  }

  /** Wait until `resolve(id, …)`; rejects with HpcqError on the options' timeout or abort. */
  add(id: string, opts: WaitOptions, hooks: WaiterHooks): Promise<JobRecord> {
    return new Promise<JobRecord>((resolve, reject) => {
      const set = this.byId.get(id) ?? new Set<Waiter>();
      this.byId.set(id, set);
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        set.delete(waiter);
        if (set.size === 0) this.byId.delete(id);
        if (timer) clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        hooks.changed();
      };
      const waiter: Waiter = {
        outageDeadline: opts.outageDeadline,
        resolve: (r) => (done(), resolve(r)),
        reject: (e) => (done(), reject(e)),
      };
      const onAbort = () => waiter.reject(new HpcqError(`Waiting for job ${id} was aborted`, { cause: opts.signal?.reason }));
      if (opts.signal?.aborted) return onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      if (opts.timeout !== undefined) {
        timer = setTimeout(() => waiter.reject(new HpcqError(`Timed out after ${opts.timeout} ms waiting for job ${id}`)), opts.timeout);
      }
      set.add(waiter);
      hooks.added();
    });
  }

  /** The job is final: every wait for it resolves with the record. */
  resolve(id: string, record: JobRecord): void {
    for (const w of [...(this.byId.get(id) ?? [])]) w.resolve(record);
  }

  /** Reject every wait whose outage deadline (or `dflt`) `verdict` says is past; returns whether any was. */
  rejectPast(dflt: number, verdict: (deadlineMs: number) => Error | undefined): boolean {
    let told = false;
    for (const set of [...this.byId.values()]) {
      for (const w of [...set]) {
        const err = verdict(w.outageDeadline ?? dflt);
        if (err) (w.reject(err), (told = true));
      }
    }
    return told;
  }
}
