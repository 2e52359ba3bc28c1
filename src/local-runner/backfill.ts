/**
 * Which ready job starts next. The oldest ready job starts as soon as its cores fit. While it
 * does not fit, other jobs are not held behind it:
 * - for `reserveAfter` ms they start greedily, largest core count that fits first (best fit
 *   strands fewer cores than oldest-first);
 * - after that the blocked job gets an EASY-backfill reservation: from the running jobs' time
 *   limits (enforced, so true upper bounds) hpcq knows when its cores will be free at the
 *   latest, and only jobs whose own `time` says they end before then, or that use cores it will
 *   not need, may still overtake it. When a running job has no time limit that moment is
 *   unknown and nothing overtakes it: a large job never starves behind a stream of small ones.
 */
import type { LocalJob } from './job.js';
import type { ReadyQueue } from './ready-queue.js';

/** Where cores are promised to a waiting job: when, and how many cores stay spare then. */
export interface Reservation {
  /** Epoch ms when the job can start at the latest; Infinity when a running job has no time limit. */
  shadow: number;
  /** Cores free at `shadow` beyond what the job needs, which longer jobs may still use. */
  extra: number;
}

/**
 * EASY backfill's reservation for `job`: walk the running jobs by their latest end
 * (start + time limit) until enough cores are free.
 */
export function reserve(job: LocalJob, running: Iterable<LocalJob>, free: number): Reservation {
  const ends: Array<[number, number]> = [];
  for (const r of running) ends.push([r.time > 0 ? r.startTime + r.time * 1000 : Infinity, r.cores]);
  ends.sort((a, b) => a[0] - b[0]);
  let avail = free;
  for (const [end, cores] of ends) {
    avail += cores;
    if (avail >= job.cores) return { shadow: end, extra: end === Infinity ? free - job.cores : avail - job.cores };
  }
  return { shadow: Infinity, extra: free - job.cores };
}

/** The runner's choice of the next job to start; keeps track of how long the oldest job has waited. */
export class BackfillPolicy {
  /** The oldest ready job that did not fit, and since when it has been skipped. */
  private blocked: LocalJob | undefined = undefined;
  private blockedSince = 0;
  /** The reservation of this pass, for `head`. */
  private head: LocalJob | undefined = undefined;
  private res: Reservation = { shadow: 0, extra: 0 };

  constructor(
    private readonly ready: ReadyQueue,
    private readonly running: ReadonlySet<LocalJob>,
    private readonly reserveAfter: number,
  ) {}

  /** Start of a scheduling pass: reservations are recomputed from the running jobs. */
  begin(): void {
    this.head = undefined;
  }

  /** The next job to start with `free` cores, or undefined when none may start now. */
  next(free: number, now: number): LocalJob | undefined {
    const oldest = this.ready.oldest();
    if (!oldest || oldest.cores <= free) return oldest;
    if (this.blocked !== oldest) {
      this.blocked = oldest;
      this.blockedSince = now;
    }
    if (now - this.blockedSince < this.reserveAfter) return this.ready.bestFitting(free);
    if (this.head !== oldest) {
      this.head = oldest;
      this.res = reserve(oldest, this.running, free);
    }
    const res = this.res;
    const endsInTime = (j: LocalJob): boolean => j.time > 0 && now + j.time * 1000 <= res.shadow;
    const job = this.ready.oldestAllowed(free, (j) => endsInTime(j) || j.cores <= res.extra);
    // A job that outlives the reservation uses up the spare cores.
    if (job && !endsInTime(job)) res.extra -= job.cores;
    return job;
  }
}
