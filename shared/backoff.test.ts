// Retry delays: growth, cap and jitter bounds.
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';

describe('backoffDelay', () => {
  it('grows exponentially and never exceeds the 30 s cap', () => {
    const top = () => 0; // no jitter taken off
    expect(backoffDelay(0, {}, top)).toBe(DEFAULT_BACKOFF.initialMs);
    expect(backoffDelay(1, {}, top)).toBe(Math.round(DEFAULT_BACKOFF.initialMs * DEFAULT_BACKOFF.factor));
    for (let a = 0; a < 200; a++) expect(backoffDelay(a, {}, Math.random)).toBeLessThanOrEqual(30_000);
    expect(backoffDelay(100, {}, top)).toBe(30_000);
  });
  it('jitter spreads delays over [d·(1-jitter), d]', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3, { initialMs: 1000, factor: 2, jitter: 0.5 });
      expect(d).toBeGreaterThanOrEqual(4000);
      expect(d).toBeLessThanOrEqual(8000);
      seen.add(d);
    }
    expect(seen.size).toBeGreaterThan(50);
    expect(backoffDelay(3, { initialMs: 1000, factor: 2, jitter: 0.5 }, () => 1)).toBe(4000);
  });
});
