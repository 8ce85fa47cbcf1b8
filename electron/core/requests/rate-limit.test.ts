import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';
import type { RequestSource } from './request';

const src = (requester: string, verified: boolean): RequestSource => ({
  kind: 'nats',
  endpoint: 'wallet.sign',
  requester,
  verified,
});

describe('RateLimiter', () => {
  it('allows a burst, refuses beyond it, and refills at the configured rate', () => {
    const limiter = new RateLimiter({ perSecond: 10, burst: 5 });
    const a = src('a', true);
    const taken = Array.from({ length: 8 }, () => limiter.take(a, 0));
    expect(taken.filter(Boolean)).toHaveLength(5);
    expect(limiter.take(a, 99)).toBe(false);
    expect(limiter.take(a, 100)).toBe(true);
    expect(limiter.take(a, 100)).toBe(false);
    expect(Array.from({ length: 10 }, () => limiter.take(a, 10_000)).filter(Boolean)).toHaveLength(5);
  });

  it('gives verified requesters their own bucket but makes unverified claims share the connection', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1 });
    expect(limiter.take(src('a', true), 0)).toBe(true);
    expect(limiter.take(src('b', true), 0)).toBe(true);
    expect(limiter.take(src('x', false), 0)).toBe(true);
    expect(limiter.take(src('y', false), 0)).toBe(false);
  });

  it('rejects a non-positive rate', () => {
    expect(() => new RateLimiter({ perSecond: 0 })).toThrow(RangeError);
  });
});
