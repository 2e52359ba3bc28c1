/**
 * A counting semaphore, for resources that fail instead of waiting when too many are taken at
 * once: SSH channels (an SSH server caps the sessions of one connection, OpenSSH's MaxSessions
 * defaults to 10) and open files (reading the outputs of a whole finished graph at once).
 */

/** Hands out at most `max` slots; further acquirers wait in order. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`Limiter needs max >= 1, got ${max}`);
  }

  /** Whether any slot is taken or awaited. */
  get busy(): boolean {
    return this.active > 0 || this.waiting.length > 0;
  }

  /** Resolves once a slot is free (the caller must release it). */
  acquire(): Promise<void> {
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    // The releasing caller hands its slot straight over, so `active` stays the same.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Run `work` in a slot, releasing it however `work` ends. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  /** Give a slot back, waking the longest waiter. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active = Math.max(0, this.active - 1);
  }
}
