// The token bucket: burst, refill rate, and pruning of full buckets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket';

describe('TokenBuckets', () => {
  it('allows the burst, refuses beyond it, and refills at perSecond', () => {
    const b = new TokenBuckets({ perSecond: 10, burst: 3 });
    expect([0, 0, 0, 0].map(() => b.take('k', 0))).toEqual([true, true, true, false]);
    expect(b.take('k', 99)).toBe(false);
    expect(b.take('k', 100)).toBe(true);
    expect(b.take('other', 100)).toBe(true);
  });

  it('saves at least one token, and a clock step back refills nothing', () => {
    const b = new TokenBuckets({ perSecond: 0.5, burst: 0.5 });
    expect(b.take('k', 1_000)).toBe(true);
    expect(b.take('k', 0)).toBe(false);
    expect(b.take('k', 1_000)).toBe(false);
    expect(b.take('k', 3_000)).toBe(true);
  });

  it('never grants more than burst + elapsed·rate tokens', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 500 }), { maxLength: 200 }), (gaps) => {
        const b = new TokenBuckets({ perSecond: 20, burst: 5 });
        let now = 0;
        let granted = 0;
        for (const gap of gaps) {
          now += gap;
          if (b.take('k', now)) granted++;
        }
        expect(granted).toBeLessThanOrEqual(5 + Math.floor((now * 20) / 1000));
      }),
    );
  });

  it('prunes only full buckets, and prunes before adding a key beyond maxKeys', () => {
    const b = new TokenBuckets({ perSecond: 1, burst: 1, maxKeys: 2 });
    b.take('a', 0);
    b.take('b', 500);
    b.prune(1_000);
    expect(b.size).toBe(1); // 'a' refilled, 'b' not yet
    b.take('c', 1_000);
    expect(b.size).toBe(2);
    b.take('d', 1_200); // 'b' and 'c' are both still refilling: nothing to drop, the limit is soft
    expect(b.size).toBe(3);
    b.take('e', 5_000);
    expect(b.size).toBe(1);
  });
});
