/**
 * One wait per job, however many callers. A job in a dependency graph is waited on by the user
 * and by every job that depends on it (each watches its dependencies, see dependency-watch.ts);
 * if each of those started its own wait, a job would be waited on once per path down to it, and
 * a 40-job graph with cross edges would start millions of waits. Here the first caller starts
 * the one underlying wait, later callers join it, each with its own timeout and abort signal,
 * and the underlying wait is aborted when the last caller has left before it ended.
 */
import type { WaitOptions } from '../types.js';
import { bounded } from '../util/bounded.js';

interface Run<T> {
  promise: Promise<T>;
  controller: AbortController;
  callers: number;
}

/** A wait that callers share; a failed or abandoned run is forgotten, so the next caller starts anew. */
export class SharedWait<T> {
  #run: Run<T> | undefined;

  /** `start` does the real wait; it must stop when its signal aborts. `what` names it in errors. */
  constructor(
    private readonly start: (signal: AbortSignal) => Promise<T>,
    private readonly what: () => string,
  ) {}

  /** Join the wait in flight (or start it), bounded by this caller's timeout and signal. */
  async join(opts: Pick<WaitOptions, 'timeout' | 'signal'> = {}): Promise<T> {
    const run = this.#run ?? this.#begin();
    run.callers++;
    try {
      return await bounded(run.promise, this.what(), opts);
    } finally {
      run.callers--;
      // Nobody waits any more: stop polling for this job (a new caller starts a new run).
      if (run.callers === 0 && this.#run === run) {
        this.#run = undefined;
        run.controller.abort();
      }
    }
  }

  #begin(): Run<T> {
    const controller = new AbortController();
    const run: Run<T> = { promise: this.start(controller.signal), controller, callers: 0 };
    // Settled runs are not kept: the caller keeps what it needs (Job keeps its outputs).
    const forget = (): void => {
      if (this.#run === run) this.#run = undefined;
    };
    run.promise.then(forget, forget);
    this.#run = run;
    return run;
  }
}
