import type { RequestSource } from './request';

export interface RateLimitOptions {
  /** Sustained requests per second per source. */
  perSecond: number;
  /** Requests a quiet source may send at once; defaults to perSecond. */
  burst?: number;
}

export const DEFAULT_RATE_LIMIT: Required<RateLimitOptions> = { perSecond: 20, burst: 20 };

/** More distinct sources than this triggers pruning of idle buckets, so the map cannot grow without bound. */
const MAX_BUCKETS = 10_000;

/**
 * A token bucket per source. Unverified requester names are claims anyone can vary, so they share
 * their connection's bucket; only verified requesters get a bucket of their own.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;
  private readonly burst: number;

  constructor(options: RateLimitOptions = DEFAULT_RATE_LIMIT) {
    if (!(options.perSecond > 0)) throw new RangeError('perSecond must be positive');
    this.perMs = options.perSecond / 1000;
    this.burst = Math.max(1, options.burst ?? options.perSecond);
  }

  /** Takes one token for the source; false means answer 'rate_limited' now. */
  take(source: RequestSource, now: number): boolean {
    const key = requesterKey(source);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.prune(now);
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

  /** Drops buckets that have refilled completely: forgetting them changes nothing. */
  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.burst) this.buckets.delete(key);
    }
  }
}

/**
 * Who a request counts against, for the rate limit and the pending cap: a verified requester by its
 * name; anyone else by the subject or server it came through, since unverified names are free to vary.
 */
export function requesterKey(source: RequestSource): string {
  const who = source.verified && source.requester !== undefined ? source.requester : '';
  return `${source.kind}\u0000${source.endpoint.length}\u0000${source.endpoint}\u0000${who}`;
}
