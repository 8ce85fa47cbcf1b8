import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryAudit } from '../../electron/core/requests/audit-query';
import type { Outcome, RequestInput } from '../../electron/core/requests/request';
import { WalletError } from '../../shared/errors';
import { verifySignature } from './memory-signer';
import { makeQueue, settleAsync } from './setup';

/**
 * Random interleavings of arrive, duplicate, approve, double-approve, reject, expire, lock, unlock
 * and signature progress. Signing is gated, so locks, rejections and expiry land mid-signature too.
 */
const SPECS = 4;
const KEYSPACES = ['ks', 'ks2'] as const;

type Action =
  | { kind: 'arrive' | 'approve' | 'doubleApprove' | 'reject'; spec: number }
  | { kind: 'expire'; ms: number }
  | { kind: 'lock' | 'unlock'; keyspace: number }
  | { kind: 'step'; pick: number };

const spec = fc.integer({ min: 0, max: SPECS - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('arrive' as const), spec }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('approve' as const), spec }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('doubleApprove' as const), spec }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reject' as const), spec }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('expire' as const),
      ms: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 25_000, max: 70_000 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lock' as const), keyspace: fc.integer({ min: 0, max: 1 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('unlock' as const), keyspace: fc.integer({ min: 0, max: 1 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('step' as const), pick: fc.nat() }) },
);

interface Tracked {
  id: string;
  input: RequestInput;
  outcome: Promise<Outcome>;
  approvedByCall: boolean;
  rejectedByCall: boolean;
}

/** Calls approve/reject; a throw is allowed only as 'not_found' for a request that is no longer waiting. */
function decide(fn: () => boolean, waiting: boolean): boolean {
  try {
    return fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WalletError);
    expect((e as WalletError).code).toBe('not_found');
    expect(waiting).toBe(false);
    return false;
  }
}

async function run(actions: Action[]): Promise<void> {
  const fx = await makeQueue({ expiryMs: { sigsocket: 30_000 } });
  try {
    const pubs = [fx.pub, fx.signer.addKeypair('ks2')];
    fx.signer.unlock('ks2');
    const gates: (() => void)[] = [];
    fx.signer.gate = () => new Promise<void>((resolve) => gates.push(resolve));
    const tracked = new Map<number, Tracked>();
    const inputFor = (i: number): RequestInput => ({
      source: {
        kind: 'sigsocket',
        endpoint: 'wss://sig',
        requester: 'app',
        verified: true,
        sourceRequestId: `req-${i}`,
      },
      target: { keyspace: KEYSPACES[i % 2], keypair: pubs[i % 2] },
      operation: 'sign',
      payload: new TextEncoder().encode(`payload ${i}`),
    });

    for (const a of actions) {
      if (a.kind === 'arrive') {
        const input = inputFor(a.spec);
        const sub = fx.queue.submit(input);
        const known = tracked.get(a.spec);
        if (known) {
          expect(sub.duplicate).toBe(true);
          expect(sub.id).toBe(known.id);
          expect(sub.outcome).toBe(known.outcome);
        } else {
          expect(sub.duplicate).toBe(false);
          tracked.set(a.spec, {
            id: sub.id,
            input,
            outcome: sub.outcome,
            approvedByCall: false,
            rejectedByCall: false,
          });
        }
      } else if (a.kind === 'approve' || a.kind === 'doubleApprove' || a.kind === 'reject') {
        const t = tracked.get(a.spec);
        if (!t) continue;
        const times = a.kind === 'doubleApprove' ? 2 : 1;
        for (let k = 0; k < times; k++) {
          const waiting = fx.queue.get(t.id) !== undefined;
          // Call first, then record: `x ||= call()` would skip the second call of a double approve.
          if (a.kind === 'reject') {
            const rejected = decide(() => fx.queue.reject(t.id), waiting);
            t.rejectedByCall = t.rejectedByCall || rejected;
          } else {
            const approved = decide(() => fx.queue.approve(t.id), waiting);
            t.approvedByCall = t.approvedByCall || approved;
          }
        }
      } else if (a.kind === 'expire') fx.clock.advance(a.ms);
      else if (a.kind === 'lock') fx.signer.lock(KEYSPACES[a.keyspace]);
      else if (a.kind === 'unlock') fx.signer.unlock(KEYSPACES[a.keyspace]);
      else if (a.kind === 'step' && gates.length > 0) {
        gates.splice(a.pick % gates.length, 1)[0]();
        await settleAsync(2);
      }
      const ids = fx.queue.snapshot().map((v) => v.id);
      expect(new Set(ids).size).toBe(ids.length);
      const known = new Set([...tracked.values()].map((t) => t.id));
      for (const id of ids) expect(known.has(id)).toBe(true);
    }

    // Wind down: let every signature finish, unlock everything, and let time run out for the rest.
    // Whatever is approved at this point must be signed: unlocking lets approved requests proceed.
    const approvedNow = new Set(
      fx.queue
        .snapshot()
        .filter((v) => v.state === 'approved')
        .map((v) => v.id),
    );
    for (const ks of KEYSPACES) fx.signer.unlock(ks);
    for (let round = 0; round < 20 && (gates.length > 0 || fx.queue.size > 0); round++) {
      while (gates.length > 0) gates.shift()!();
      await settleAsync(3);
      fx.clock.advance(31_000);
    }
    const outcomes = await Promise.all([...tracked.values()].map((t) => t.outcome));
    expect(fx.queue.size).toBe(0);
    await fx.queue.close(); // waits for any signature still being made, so none escapes the checks below

    // Never more than one signature per request; a signature exists exactly when the outcome is 'signed'.
    const signaturesFor = (t: Tracked) =>
      fx.signer.produced.filter((p) => Buffer.from(p.message).equals(Buffer.from(t.input.payload as Uint8Array)));
    const all = [...tracked.values()];
    for (const [k, t] of all.entries()) {
      const outcome = outcomes[k];
      const produced = signaturesFor(t);
      expect(produced.length).toBeLessThanOrEqual(1);
      expect(produced.length === 1).toBe(outcome.status === 'signed');
      if (outcome.status === 'signed') {
        expect(verifySignature(outcome.signature, t.input.payload as Uint8Array, t.input.target.keypair)).toBe(true);
      }
      if (approvedNow.has(t.id)) expect(outcome.status).toBe('signed');
      if (t.rejectedByCall) expect(outcome.status).toBe('rejected');
      else if (t.approvedByCall) expect(['signed', 'expired']).toContain(outcome.status);
      else expect(outcome.status).toBe('expired');
    }
    expect(fx.signer.produced.length).toBe(outcomes.filter((o) => o.status === 'signed').length);

    // The log: one 'arrived' and exactly one 'settled' per request, matching its outcome; nothing else.
    const page = await queryAudit(fx.queue.audit, { limit: 100_000 });
    expect(page.skipped).toBe(0);
    for (const [k, t] of all.entries()) {
      const mine = page.entries.filter((e) => e.id === t.id);
      expect(mine.filter((e) => e.event === 'arrived')).toHaveLength(1);
      const settled = mine.filter((e) => e.event === 'settled');
      expect(settled).toHaveLength(1);
      expect(settled[0].state).toBe(outcomes[k].status);
    }
    expect(new Set(page.entries.map((e) => e.id)).size).toBe(all.length);
  } finally {
    await fx.cleanup();
  }
}

describe('approval queue under random interleavings', () => {
  it('never signs twice, settles every request exactly once, and loses none', async () => {
    await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 40 }), run), { numRuns: 300 });
  }, 120_000);

  it('holds for a known nasty sequence: approve, lock mid-signature, reject, unlock, expire', async () => {
    await run([
      { kind: 'arrive', spec: 0 },
      { kind: 'approve', spec: 0 },
      { kind: 'lock', keyspace: 0 },
      { kind: 'step', pick: 0 },
      { kind: 'arrive', spec: 0 },
      { kind: 'doubleApprove', spec: 0 },
      { kind: 'unlock', keyspace: 0 },
      { kind: 'reject', spec: 0 },
      { kind: 'step', pick: 0 },
      { kind: 'expire', ms: 60_000 },
      { kind: 'arrive', spec: 0 },
    ]);
  });
});
