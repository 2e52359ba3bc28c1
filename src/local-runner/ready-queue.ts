/**
 * Jobs whose dependencies are done, waiting for cores. They are kept in one FIFO per core
 * count, so finding the oldest job that fits costs O(distinct core counts), not O(queued
 * jobs): 100,000 queued one-core jobs cost nothing per scheduling event.
 */
import type { LocalJob } from './job.js';

/** A FIFO of jobs asking for the same number of cores; started or cancelled jobs are skipped lazily. */
class Bucket {
  jobs: LocalJob[] = [];
  head = 0;

  /** The first job still pending, dropping the others on the way. */
  first(): LocalJob | undefined {
    while (this.head < this.jobs.length) {
      const job = this.jobs[this.head]!;
      if (job.state === 'pending') return job;
      this.head++;
    }
    if (this.head > 0) {
      this.jobs = [];
      this.head = 0;
    }
    return undefined;
  }

  /** Drop the consumed prefix once it dominates the array, keeping push/shift amortised O(1). */
  compact(): void {
    if (this.head > 1024 && this.head * 2 > this.jobs.length) {
      this.jobs = this.jobs.slice(this.head);
      this.head = 0;
    }
  }
}

/** The ready jobs of a runner, by core count. */
export class ReadyQueue {
  private readonly buckets = new Map<number, Bucket>();

  /** Add a job whose dependencies are done. */
  push(job: LocalJob): void {
    let bucket = this.buckets.get(job.cores);
    if (!bucket) {
      bucket = new Bucket();
      this.buckets.set(job.cores, bucket);
    }
    bucket.jobs.push(job);
  }

  /** The oldest ready job, whatever its size. */
  oldest(): LocalJob | undefined {
    let best: LocalJob | undefined;
    for (const bucket of this.buckets.values()) {
      const job = bucket.first();
      if (job && (!best || job.seq < best.seq)) best = job;
    }
    return best;
  }

  /**
   * The ready job that best fills `free` cores: the oldest of the largest core count that
   * fits (best fit leaves fewer stranded cores than oldest-first).
   */
  bestFitting(free: number): LocalJob | undefined {
    let best: LocalJob | undefined;
    for (const [cores, bucket] of this.buckets) {
      if (cores > free || (best && cores < best.cores)) continue;
      const job = bucket.first();
      if (job && (!best || cores > best.cores || job.seq < best.seq)) best = job;
    }
    return best;
  }

  /**
   * The oldest job needing at most `free` cores that `allowed` accepts, looking at no more
   * than `depth` jobs per core count (bounded work while a reservation is held).
   */
  oldestAllowed(free: number, allowed: (job: LocalJob) => boolean, depth = 64): LocalJob | undefined {
    let best: LocalJob | undefined;
    for (const [cores, bucket] of this.buckets) {
      if (cores > free || !bucket.first()) continue;
      const end = Math.min(bucket.jobs.length, bucket.head + depth);
      for (let i = bucket.head; i < end; i++) {
        const job = bucket.jobs[i]!;
        if (best && job.seq > best.seq) break;
        if (job.state === 'pending' && allowed(job)) {
          best = job;
          break;
        }
      }
    }
    return best;
  }

  /** Call after starting jobs: trims consumed prefixes. */
  compact(): void {
    for (const bucket of this.buckets.values()) bucket.compact();
  }
}
