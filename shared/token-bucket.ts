// Token buckets per key: a steady refill rate and a saved-up burst, for every rate limit that counts by key.

interface Bucket {
  tokens: number;
  at: number;
}

export interface TokenBucketOptions {
  /** Tokens added per second. */
  perSecond: number;
  /** Most tokens a quiet key saves up (at least 1). */
  burst: number;
  /** A new key beyond this many first drops the full buckets, so the map cannot grow without bound. */
  maxKeys?: number;
}

/** One bucket per key; a full bucket carries no information, so forgetting it changes nothing. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly burst: number;
  private readonly maxKeys: number;

  constructor(options: TokenBucketOptions) {
    this.perMs = options.perSecond / 1000;
    this.burst = Math.max(1, options.burst);
    this.maxKeys = options.maxKeys ?? Number.POSITIVE_INFINITY;
  }

  /** Takes one token for `key` at time `now` (ms); false means refuse now. A clock step back refills nothing. */
  take(key: string, now: number): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.prune(now);
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.burst, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
      bucket.at = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Drops the buckets that have refilled completely by `now`. */
  prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + Math.max(0, now - bucket.at) * this.perMs >= this.burst) this.buckets.delete(key);
    }
  }

  /** How many keys hold a bucket. */
  get size(): number {
    return this.buckets.size;
  }
}
