import { describe, expect, it } from 'vitest';
import type { RequestInput, RequestSource } from '../../electron/core/requests/request';
import { WalletError } from '../../shared/errors';
import { makeQueue } from './setup';

/** Submits and returns the WalletError code it was refused with, or 'accepted'. */
function attempt(submit: () => unknown): string {
  try {
    submit();
    return 'accepted';
  } catch (e) {
    if (!(e instanceof WalletError)) throw e;
    return e.code;
  }
}

function request(pub: string, source: RequestSource, n: number): RequestInput {
  return {
    source: { ...source, sourceRequestId: `${source.requester}-${n}` },
    target: { keyspace: 'ks', keypair: pub },
    operation: 'sign',
    payload: new TextEncoder().encode(`${source.requester} ${n}`),
  };
}

describe('flood control', () => {
  it('5,000 requests from one source get clean rate_limited answers while another source keeps flowing', async () => {
    const fx = await makeQueue();
    try {
      const flooder: RequestSource = { kind: 'nats', endpoint: 'wallet.sign', requester: 'flooder', verified: true };
      const honest: RequestSource = { kind: 'nats', endpoint: 'wallet.sign', requester: 'honest', verified: true };
      const answers = new Map<string, number>();
      const honestOutcomes = [];
      // 5,000 flood requests over 5 simulated seconds; the honest source asks twice a second.
      for (let i = 0; i < 5000; i++) {
        fx.clock.advance(1);
        const code = attempt(() => fx.queue.submit(request(fx.pub, flooder, i)));
        answers.set(code, (answers.get(code) ?? 0) + 1);
        if (i % 500 === 0) {
          const sub = fx.queue.submit(request(fx.pub, honest, i));
          fx.queue.approve(sub.id);
          honestOutcomes.push(sub.outcome);
        }
      }
      expect([...answers.keys()].sort()).toEqual(['accepted', 'rate_limited']);
      // 20 burst + 20/s over 5 s.
      expect(answers.get('accepted')).toBeGreaterThanOrEqual(119);
      expect(answers.get('accepted')).toBeLessThanOrEqual(121);
      const outcomes = await Promise.all(honestOutcomes);
      expect(outcomes.map((o) => o.status)).toEqual(Array(10).fill('signed'));
      const flooding = fx.queue.snapshot().filter((r) => r.source.requester === 'flooder');
      const rejected = fx.queue.rejectBatch(
        'flooder',
        flooding.map((r) => r.id),
      );
      expect(rejected).toHaveLength(answers.get('accepted')!);
    } finally {
      await fx.cleanup();
    }
  });

  it('unverified requester names cannot dodge the limit by varying', async () => {
    const fx = await makeQueue({ rateLimit: { perSecond: 5 } });
    try {
      const codes = Array.from({ length: 50 }, (_, i) =>
        attempt(() =>
          fx.queue.submit(
            request(fx.pub, { kind: 'nats', endpoint: 'wallet.sign', requester: `fake-${i}`, verified: false }, i),
          ),
        ),
      );
      expect(codes.filter((c) => c === 'accepted')).toHaveLength(5);
    } finally {
      await fx.cleanup();
    }
  });

  it('answers queue_full beyond the cap however many sources there are, and recovers as requests settle', async () => {
    const fx = await makeQueue({ maxPending: 1000 });
    try {
      const codes: string[] = [];
      for (let i = 0; i < 1100; i++) {
        const source: RequestSource = {
          kind: 'sigsocket',
          endpoint: `wss://s${i % 100}`,
          requester: `r${i}`,
          verified: true,
        };
        codes.push(attempt(() => fx.queue.submit(request(fx.pub, source, i))));
      }
      expect(codes.filter((c) => c === 'accepted')).toHaveLength(1000);
      expect(codes.slice(1000)).toEqual(Array(100).fill('queue_full'));
      fx.clock.advance(60_000); // they all expire
      expect(fx.queue.size).toBe(0);
      const source: RequestSource = { kind: 'sigsocket', endpoint: 'wss://s0', requester: 'late', verified: true };
      expect(attempt(() => fx.queue.submit(request(fx.pub, source, 0)))).toBe('accepted');
    } finally {
      await fx.cleanup();
    }
  });
});
