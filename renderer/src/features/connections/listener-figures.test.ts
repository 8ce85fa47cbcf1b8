import { describe, expect, it } from 'vitest';
import type { MetricsView } from '../../../../shared/ipc/schemas';
import { figureParts, formatWait } from './listener-figures';

const quiet: MetricsView = {
  pending: 0,
  outcomes: { signed: 0, approved: 0, rejected: 0, expired: 0, failed: 0, refused: 0 },
  grantHits: 0,
  userDecisions: { count: 0, meanMs: null },
  audit: { writes: 0, failures: 0 },
  connections: { connected: 0, total: 0 },
};

describe('listener figures line', () => {
  it('a quiet listener says only what there is', () => {
    expect(figureParts(quiet)).toEqual([
      '0 of 0 connected',
      '0 waiting',
      '0 requests handled',
      'audit log: 0 lines written',
    ]);
  });

  it('counts every outcome once, names rare ones only when they happened, and puts failures before writes', () => {
    const busy: MetricsView = {
      pending: 2,
      outcomes: { signed: 5, approved: 1, rejected: 2, expired: 1, failed: 0, refused: 3 },
      grantHits: 1,
      userDecisions: { count: 4, meanMs: 2_345 },
      audit: { writes: 40, failures: 2 },
      connections: { connected: 1, total: 2 },
    };
    expect(figureParts(busy)).toEqual([
      '1 of 2 connected',
      '2 waiting',
      '12 requests handled',
      '5 signed',
      '2 rejected',
      '1 released',
      '1 expired',
      '3 refused',
      '1 grant hit',
      'your decisions 2.3 s on average',
      'audit log: 2 failed writes',
    ]);
  });

  it('formats waits in seconds, then minutes', () => {
    expect(formatWait(900)).toBe('0.9 s');
    expect(formatWait(125_000)).toBe('2 min 5 s');
  });
});
