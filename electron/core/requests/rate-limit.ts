// The per-source admission rate limit of the request queue, and who a request counts against.
import { TokenBuckets } from '../../../shared/token-bucket';
import type { RequestSource } from './request';

export interface RateLimitOptions {
  /** Sustained requests per second per source. */
  perSecond: number;
  /** Requests a quiet source may send at once; defaults to perSecond. */
  burst?: number;
}

/** Paced for a human in the loop: nobody can be asked to read more than this. */
export const DEFAULT_RATE_LIMIT: Required<RateLimitOptions> = { perSecond: 20, burst: 20 };
/** The own budget of a verified requester whose request a policy rule allows: nobody is asked, so no human pace. */
export const DEFAULT_ALLOWED_RATE_LIMIT: Required<RateLimitOptions> = { perSecond: 1000, burst: 1000 };

/** More distinct sources than this triggers pruning of idle buckets, so the map cannot grow without bound. */
const MAX_BUCKETS = 10_000;

/**
 * A token bucket per source. Unverified requester names are claims anyone can vary, so they share
 * their connection's bucket; only verified requesters get a bucket of their own.
 */
export class RateLimiter {
  private readonly buckets: TokenBuckets;

  constructor(options: RateLimitOptions = DEFAULT_RATE_LIMIT) {
    if (!(options.perSecond > 0)) throw new RangeError('perSecond must be positive');
    this.buckets = new TokenBuckets({
      perSecond: options.perSecond,
      burst: options.burst ?? options.perSecond,
      maxKeys: MAX_BUCKETS,
    });
  }

  /** Takes one token for the source; false means answer 'rate_limited' now. */
  take(source: RequestSource, now: number): boolean {
    return this.buckets.take(requesterKey(source), now);
  }
}

/**
 * The queue's two budgets. A verified requester whose request a policy rule allows draws on a larger
 * budget of its own, so a headless listener serving it is not held to a human's pace; everyone else,
 * and every unverified request (whatever the policies say), draws on the default budget.
 */
export class AdmissionLimits {
  private readonly defaults: RateLimiter;
  private readonly allowed: RateLimiter;

  constructor(defaults: RateLimitOptions = DEFAULT_RATE_LIMIT, allowed: RateLimitOptions = DEFAULT_ALLOWED_RATE_LIMIT) {
    this.defaults = new RateLimiter(defaults);
    this.allowed = new RateLimiter(allowed);
  }

  /**
   * Takes one token; `allowedByRule` (a policy rule allows this request) counts only for a verified
   * requester. False means answer 'rate_limited'.
   */
  take(source: RequestSource, now: number, allowedByRule: boolean): boolean {
    if (source.verified && allowedByRule) return this.allowed.take(source, now);
    return this.defaults.take(source, now);
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
