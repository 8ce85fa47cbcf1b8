/**
 * Rules for a contact (policy:add) through the wallet facade, a real nats-server and requests signed by
 * independent keys: an allow rule signs the contact's requests without asking, in its keyspace only;
 * a stranger claiming the contact's name still asks; deny answers at once; unknown contacts are refused.
 */
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import * as secp from '@noble/secp256k1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUESTER_NAME_HEADER, signRequest } from '../../electron/core/nats';
import type { Wallet } from '../../electron/core/wallet';
import { ContactPolicyInput, type PendingRequestView } from '../../shared/ipc/schemas';
import { type NatsHandle, startNats } from '../helpers/nats';
import { openTestWallet } from '../helpers/wallet';
import { waitFor } from '../sigsocket/support';

const SUBJECT = 'crypto.scripts';
const PASSWORD = 'contact policy pw';
let nats: NatsHandle;
let wallet: Wallet;
let close: () => Promise<void>;
let client: NatsConnection;
let signer: string;

/** A signed JSON sign request to `keyspace`, claiming `name`; resolves with the reply text. */
function ask(secret: Uint8Array, message: string, keyspace = 'Main', name = 'Billing'): Promise<string> {
  const body = JSON.stringify({ op: 'sign', keyspace, keypair: 'Signer', message });
  const h = headers();
  for (const [k, v] of Object.entries(signRequest(SUBJECT, body, secret))) h.set(k, v);
  h.set(REQUESTER_NAME_HEADER, name);
  return client.request(SUBJECT, body, { headers: h, timeout: 20_000 }).then((m) => m.string());
}
const keyOf = (secret: Uint8Array) => Buffer.from(secp.getPublicKey(secret, true)).toString('hex');
const pendingWith = async (message: string): Promise<PendingRequestView> =>
  (await waitFor(
    () => wallet.snapshot().requests.find((r) => r.preview.text === message && r.state === 'pending'),
    `a pending card for ${message}`,
    10_000,
  )) as PendingRequestView;

beforeAll(async () => {
  nats = await startNats();
  ({ wallet, close } = await openTestWallet());
  for (const ks of ['Main', 'Other']) {
    await wallet.handlers['keyspace:create']({ name: ks, password: PASSWORD, words: 12 });
    const kp = await wallet.handlers['keypair:create']({ keyspace: ks, name: 'Signer', type: 'secp256k1' });
    if (ks === 'Main') signer = kp.publicKey;
  }
  await wallet.handlers['nats:configure']({
    enabled: true,
    servers: [nats.url],
    subject: SUBJECT,
    keyspace: 'Main',
    auth: { kind: 'none' },
    tls: null,
  });
  await waitFor(() => wallet.snapshot().nats?.status.state === 'connected', 'NATS connected', 10_000);
  client = await connect({ servers: nats.url });
});
afterAll(async () => {
  await client?.close();
  await close?.();
  await nats?.stop();
});

describe('rules for a contact', () => {
  it('allow signs the contact’s requests in its keyspace without asking; others still ask', async () => {
    const billing = secp.utils.randomSecretKey();
    const stranger = secp.utils.randomSecretKey();
    await wallet.handlers['contact:name']({ key: keyOf(billing), name: 'Billing' });
    const rule = await wallet.handlers['policy:add'](
      ContactPolicyInput.parse({
        contact: 'billing',
        keyspace: 'Main',
        operation: 'sign',
        decision: 'allow',
        minutes: 60,
      }),
    );
    expect(rule).toMatchObject({
      source: 'nats',
      requester: keyOf(billing),
      contactName: 'Billing',
      keyspace: 'Main',
      operation: 'sign',
      decision: 'allow',
    });
    expect(rule.expiresAt).toBeGreaterThan(Date.now() + 59 * 60_000);
    expect(JSON.parse(await ask(billing, 'covered')).public_key).toBe(signer);

    // Another keyspace is outside the rule; a stranger claiming the name is not the contact.
    const elsewhere = ask(billing, 'other keyspace', 'Other');
    const card = await pendingWith('other keyspace');
    await wallet.handlers['request:reject']({ id: card.id, remember: false });
    expect(await elsewhere).toMatch(/reject/i);
    const fake = ask(stranger, 'impostor');
    const fakeCard = await pendingWith('impostor');
    expect(fakeCard.contact?.status).toBe('impostor');
    await wallet.handlers['request:reject']({ id: fakeCard.id, remember: false });
    expect(await fake).toMatch(/reject/i);

    await wallet.handlers['policy:revoke']({ id: rule.id });
    const asked = ask(billing, 'after revoke');
    const again = await pendingWith('after revoke');
    await wallet.handlers['request:reject']({ id: again.id, remember: false });
    expect(await asked).toMatch(/reject/i);
  });

  it('deny answers at once; an unknown contact or key management is refused', async () => {
    const ops = secp.utils.randomSecretKey();
    await wallet.handlers['contact:name']({ key: keyOf(ops), name: 'Ops' });
    await wallet.handlers['policy:add'](
      ContactPolicyInput.parse({ contact: 'Ops', keyspace: '*', operation: 'sign', decision: 'deny' }),
    );
    expect(await ask(ops, 'denied', 'Main', 'Ops')).toMatch(/reject|denied/i);
    await expect(async () =>
      wallet.handlers['policy:add'](
        ContactPolicyInput.parse({ contact: 'Nobody', keyspace: 'Main', operation: 'sign', decision: 'allow' }),
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(
      ContactPolicyInput.safeParse({ contact: 'Ops', keyspace: 'Main', operation: 'key_management', decision: 'allow' })
        .success,
    ).toBe(false);
  });
});
