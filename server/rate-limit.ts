// Per-key token buckets for POST /sign.

interface Bucket {
  tokens: number;
  at: number;
}

/** A token bucket per key: `rate` tokens a second, at most `rate` (at least 1) saved up. */
export class KeyRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;

  constructor(
    private readonly rate: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.capacity = Math.max(1, rate);
  }

  /** Takes one token for `key`; false means the caller must answer 429. */
  take(key: string): boolean {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: t };
    b.tokens = Math.min(this.capacity, b.tokens + ((t - b.at) / 1000) * this.rate);
    b.at = t;
    if (b.tokens < 1) {
      this.buckets.set(key, b);
      return false;
    }
    b.tokens -= 1;
    this.buckets.set(key, b);
    return true;
  }

  /** Forgets buckets that have refilled completely, so idle keys do not accumulate. */
  sweep(): void {
    const t = this.now();
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((t - b.at) / 1000) * this.rate >= this.capacity) this.buckets.delete(key);
    }
  }
}
