/**
 * Rate budgets over a real nats-server, with the queue's default limits: an unverified flood is held to
 * the default 20/s per subject even where a rule allows it, while a verified requester a policy rule
 * allows signs at its own, larger budget at the same moment. A verified requester no rule allows is
 * held to the default, so the budget comes from the policy, not from signing alone.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT } from '../../electron/core/requests/rate-limit';
import { makeRequester } from './attacker';
import { ask, client, type NatsHandle, PASSWORD, startNats, startWallet, type Wallet } from './fixture';

const SUBJECT = 'crypto.scripts';
const BURST = 60;

/** Sends `n` sign requests at once; returns how many came back signed and rate_limited, and how long it took. */
async function burst(nc: NatsConnection, n: number, headersFor?: (body: string) => Record<string, string>) {
  const t0 = Date.now();
  const replies = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const body = JSON.stringify({ op: 'sign', keypair: 'kp', message: `m${i}-${Math.random()}` });
      return ask(nc, SUBJECT, body, headersFor ? { headers: headersFor(body) } : {});
    }),
  );
  const parsed = replies.map((r) => JSON.parse(r.text) as { signature?: string; error?: { code: string } });
  return {
    signed: parsed.filter((r) => r.signature).length,
    limited: parsed.filter((r) => r.error?.code === 'rate_limited').length,
    other: parsed.filter((r) => !r.signature && r.error?.code !== 'rate_limited').map((r) => r.error?.code),
    /** The most the default budget can admit in that time: its burst plus what refilled. */
    defaultBudget: DEFAULT_RATE_LIMIT.burst + Math.ceil((DEFAULT_RATE_LIMIT.perSecond * (Date.now() - t0)) / 1000),
  };
}

describe('rate budgets', () => {
  let server: NatsHandle;
  let wallet: Wallet;
  let nc: NatsConnection;
  const allowed = makeRequester();
  const denied = makeRequester();

  beforeAll(async () => {
    server = await startNats();
    wallet = await startWallet(server, {
      approve: 'deny',
      keyspace: 'ks',
      queue: { rateLimit: DEFAULT_RATE_LIMIT },
    });
    await wallet.vault.createKeyspace('ks', PASSWORD);
    await wallet.vault.createKeypair('ks', 'kp');
    await wallet.vault.unlock('ks', PASSWORD);
    // Everyone may sign, unverified callers included; one verified key is denied outright.
    wallet.queue.addPolicy({ effect: 'allow', operation: 'sign' });
    wallet.queue.addPolicy({ effect: 'deny', requester: denied.publicKey, requireVerified: true, operation: 'sign' });
    nc = await client(server);
  });
  afterAll(async () => {
    await nc?.close();
    await wallet?.close();
    await server?.stop();
  });

  it('an unverified flood stays capped while a policy-allowed verified requester signs on its own budget', async () => {
    const [flood, verified] = await Promise.all([
      burst(nc, BURST),
      burst(nc, BURST, (body) => allowed.sign(SUBJECT, body)),
    ]);
    // The flood gets the default burst (plus what refills while it lands), the rest is refused at once.
    expect(flood.other).toEqual([]);
    expect(flood.signed).toBeGreaterThanOrEqual(DEFAULT_RATE_LIMIT.burst);
    expect(flood.signed).toBeLessThanOrEqual(flood.defaultBudget);
    expect(flood.limited).toBe(BURST - flood.signed);
    expect(flood.limited).toBeGreaterThan(0);
    // The allowed verified requester is not held to the human-paced default at all.
    expect(verified).toMatchObject({ signed: BURST, limited: 0, other: [] });
  });

  it('a verified requester no rule allows is held to the default budget', async () => {
    const r = await burst(nc, BURST, (body) => denied.sign(SUBJECT, body));
    expect(r.signed).toBe(0);
    expect(r.limited).toBeGreaterThan(0);
    expect(BURST - r.limited).toBeLessThanOrEqual(r.defaultBudget);
    expect(r.other.every((code) => code === 'rejected')).toBe(true);
  });
});
