/**
 * Jobs of other hpcq processes that a job of this runner depends on (`--depends afterok:ID` given
 * from another shell). Each stands in the dependency graph as a placeholder LocalJob whose state
 * the machine's spool tells (spool.ts); one that has not ended is looked at every POLL_MS until it
 * does, and then its dependents here are settled as for one of this runner's own jobs. The watch
 * stops early once nothing here waits on it any more (its dependents were cancelled).
 */
import { LocalJob } from './job.js';
import type { ForeignJob, Spool } from './spool.js';

/** How often an unended job of another process is looked at. */
export const POLL_MS = 500;

/** Copy what the spool says of the job onto its placeholder. */
function apply(job: LocalJob, seen: ForeignJob): void {
  job.state = seen.state;
  job.reason = seen.reason;
  job.exitCode = seen.exitCode;
  if (seen.startTime) job.startTime = seen.startTime.getTime();
  if (seen.endTime) job.endTime = seen.endTime.getTime();
}

/** Whether any job of this runner still waits on `parent`. */
function waitedOn(parent: LocalJob): boolean {
  return (parent.dependents ?? []).some((d) => d instanceof LocalJob && !d.final);
}

/** The placeholders of this runner, one per foreign id that is being watched. */
export class ForeignParents {
  readonly #watched = new Map<string, { job: LocalJob; timer: NodeJS.Timeout }>();

  /** The placeholder of another process's job `id`, or undefined when the spool does not know it. */
  parent(id: string, spool: Spool | undefined, release: (parent: LocalJob) => void): LocalJob | undefined {
    const known = this.#watched.get(id);
    if (known) return known.job;
    const seen = spool?.lookup(id);
    if (!spool || !seen) return undefined;
    const job = new LocalJob(0, id, seen.entry.name, { argv: [] }, 1, 0, undefined);
    apply(job, seen);
    if (job.final) return job;
    const timer = setInterval(() => {
      const now = spool.lookup(id);
      if (now) apply(job, now);
      if (!job.final && waitedOn(job)) return;
      this.#stop(id);
      if (job.final) release(job);
    }, POLL_MS);
    this.#watched.set(id, { job, timer });
    return job;
  }

  /** Stop every watch (the runner closes). */
  stopAll(): void {
    for (const id of [...this.#watched.keys()]) this.#stop(id);
  }

  #stop(id: string): void {
    const w = this.#watched.get(id);
    if (!w) return;
    clearInterval(w.timer);
    this.#watched.delete(id);
  }
}
