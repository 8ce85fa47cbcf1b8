// The interleavings test's alphabet: request templates, the actions over them, and how each request is built.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { RequestInput } from '../../electron/core/requests/request';
import { WalletError } from '../../shared/errors';
import { at } from '../helpers/at';
import type { Requester } from '../nats/attacker';
import type { GrantOptions } from './grant-model';
import type { ManualClock } from './manual-clock';
import { NATS_SUBJECT, type SentRequest } from './nats-front';

/**
 * Request templates: SigSocket signs on two keyspaces; NATS signs through the real handler and its
 * replay guard, from requester A (twice: one grant covers both), requester B and an unverified
 * requester; and a script from A. Each arrival is a new request of its template or a repeat of the
 * last one. Signing is gated, so locks, rejections, grants and expiry land mid-signature too.
 */
export const TEMPLATES = [
  { family: 'ss', keyspace: 0 },
  { family: 'ss', keyspace: 1 },
  { family: 'nats', keyspace: 0, requester: 0 },
  { family: 'nats', keyspace: 0, requester: 0 },
  { family: 'nats', keyspace: 1, requester: 1 },
  { family: 'nats', keyspace: 0, requester: 2 },
  { family: 'script', keyspace: 0, requester: 0 },
] as const;
export const KEYSPACES = ['ks', 'ks2'] as const;

export type Action =
  | { kind: 'arrive'; template: number; repeat: boolean }
  | { kind: 'approve' | 'doubleApprove' | 'reject'; spec: number }
  | { kind: 'grant'; spec: number; grant: GrantOptions }
  | { kind: 'approvePassword' }
  | { kind: 'replay'; pick: number }
  | { kind: 'expire'; ms: number }
  | { kind: 'lock' | 'unlock'; keyspace: number }
  | { kind: 'step'; pick: number };

const spec = fc.nat();
const template = fc.integer({ min: 0, max: TEMPLATES.length - 1 });
const keyspace = fc.integer({ min: 0, max: 1 });
const grantOptions: fc.Arbitrary<GrantOptions> = fc.record(
  { minutes: fc.constantFrom(1, 2), uses: fc.constantFrom(1, 2, 3), untilLock: fc.boolean() },
  { requiredKeys: ['minutes', 'untilLock'] },
);
export const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('arrive' as const), template, repeat: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('approve' as const), spec }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('doubleApprove' as const), spec }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reject' as const), spec }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('grant' as const), spec, grant: grantOptions }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('approvePassword' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replay' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('expire' as const),
      ms: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 25_000, max: 70_000 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lock' as const), keyspace }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unlock' as const), keyspace }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('step' as const), pick: fc.nat() }) },
);

/**
 * Builds the n-th request of a template: the queue's view of it (`input`) and, for NATS, how it goes
 * over the wire, signed afresh at each send.
 */
export function requestBuilder(
  clock: ManualClock,
  pubs: readonly string[],
  requesters: readonly Requester[],
): (k: number, n: number) => { input: RequestInput; wire?: () => SentRequest } {
  let lastAt = 0;
  return (k, n) => {
    const tpl = at(TEMPLATES, k);
    const ks = at(KEYSPACES, tpl.keyspace);
    const keypair = at(pubs, tpl.keyspace);
    const message = `template ${k} request ${n}`;
    if (tpl.family === 'ss') {
      const source = { kind: 'sigsocket', endpoint: 'wss://sig', requester: 'app', verified: true } as const;
      const payload = new TextEncoder().encode(message);
      return {
        input: {
          source: { ...source, sourceRequestId: `r${n}` },
          target: { keyspace: ks, keypair },
          operation: 'sign',
          payload,
        },
      };
    }
    // Template requester 2 has no key on purpose: it is the unverified one.
    const requester = requesters[tpl.requester];
    const source = {
      kind: 'nats' as const,
      endpoint: NATS_SUBJECT,
      requester: requester?.publicKey ?? 'unverified',
      verified: requester !== undefined,
    };
    if (tpl.family === 'script') {
      const text = 'sign("x")';
      const script = { text, calls: ['sign'], keyspaces: [ks], keyManagement: [] };
      const payload = new TextEncoder().encode(text);
      const input: RequestInput = {
        source: { ...source, sourceRequestId: `s${n}` },
        target: { keyspace: ks, keypair: '*' },
        operation: 'script',
        payload,
        script,
      };
      return { input };
    }
    const input: RequestInput = {
      source,
      target: { keyspace: ks, keypair },
      operation: 'sign',
      payload: new TextEncoder().encode(message),
    };
    const body = JSON.stringify({ op: 'sign', keyspace: ks, keypair, message });
    const wire = (): SentRequest => {
      // Each send is signed afresh with a timestamp of its own, so only a byte-exact resend is a replay.
      const at = Math.max(lastAt + 1, clock.now() - 30_000);
      lastAt = at;
      const requestId = `n${n}`;
      const headers = requester
        ? requester.sign(NATS_SUBJECT, body, { at, requestId })
        : { 'Wallet-Request-Id': requestId };
      return { data: new TextEncoder().encode(body), headers, signed: requester !== undefined };
    };
    return { input, wire };
  };
}

/** Calls approve/reject; a throw is allowed only as 'not_found' for a request that is no longer waiting. */
export function decide(fn: () => boolean, waiting: boolean): boolean {
  try {
    return fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WalletError);
    expect((e as WalletError).code).toBe('not_found');
    expect(waiting).toBe(false);
    return false;
  }
}
