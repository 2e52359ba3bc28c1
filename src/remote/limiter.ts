/**
 * A counting semaphore for SSH channels. An SSH server caps the sessions one connection may
 * open (OpenSSH: MaxSessions, default 10); past it, opening a channel fails instead of waiting,
 * so hpcq queues the extra requests itself.
 */

/** Hands out at most `max` slots; further acquirers wait in order. */
export class ChannelLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`ChannelLimiter needs max >= 1, got ${max}`);
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

  /** Give a slot back, waking the longest waiter. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active = Math.max(0, this.active - 1);
  }
}
