// A NATS script request as the GUI sees it, through the wallet facade: the card shows the full script and
// the wallet functions it calls; approving with a session password runs it and sends the reply.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../electron/core/vault';
import type { Wallet } from '../../electron/core/wallet';
import type { PendingRequestView } from '../../shared/ipc/schemas';
import { type NatsHandle, startNats } from '../helpers/nats';
import { openTestWallet } from '../helpers/wallet';
import { waitFor } from '../sigsocket/support';

let nats: NatsHandle;
let wallet: Wallet;
let close: () => Promise<void>;
let client: NatsConnection;

beforeAll(async () => {
  nats = await startNats();
  ({ wallet, close } = await openTestWallet());
  const view = await wallet.handlers['nats:configure']({
    enabled: true,
    servers: [nats.url],
    subject: 'crypto.scripts',
    keyspace: null,
    auth: { kind: 'none' },
    tls: null,
  });
  expect(view).toMatchObject({ subject: 'crypto.scripts', authKind: 'none' });
  await waitFor(() => wallet.snapshot().nats?.status.state === 'connected', 'NATS connected', 10_000);
  client = await connect({ servers: nats.url });
});
afterAll(async () => {
  await client?.close();
  await close?.();
  await nats?.stop();
});

describe('NATS scripts through the wallet', () => {
  it('shows the script and its wallet functions, and approving sends the signature as the reply', async () => {
    const script = await readFile(join(import.meta.dirname, '../nats/fixtures/remote-example.rhai'), 'utf8');
    const reply = client.request('crypto.scripts', script, { timeout: 20_000 });
    const card = (await waitFor(
      () => wallet.snapshot().requests.find((r) => r.operation === 'script' && r.state === 'pending'),
      'a script card',
      10_000,
    )) as PendingRequestView;
    expect(card.script?.source).toBe(script);
    expect(card.script?.functions).toEqual(
      expect.arrayContaining(['create_key_space', 'create_keypair', 'select_keypair', 'sign']),
    );
    expect(card.source).toMatchObject({ kind: 'nats', verified: false });
    await wallet.handlers['request:approve']({ id: card.id, scriptPassword: 'session password 1' });
    const signature = (await reply).string();
    expect(signature).toMatch(/^[0-9a-f]{128}$/);
    const kp = wallet.vault.findKeypair('remote_space', 'remote_keypair');
    expect(kp).toBeDefined();
    expect(
      verifySignature(
        kp!.publicKey,
        new TextEncoder().encode('Hello from remote system'),
        Buffer.from(signature, 'hex'),
      ),
    ).toBe(true);
    // The new keyspace is protected by the session password given at approval.
    await wallet.handlers['keyspace:lock']({ name: 'remote_space' });
    await expect(
      wallet.handlers['keyspace:unlock']({ name: 'remote_space', password: 'session password 1' }),
    ).resolves.toBeNull();
  });

  it('rejecting a script answers the requester with a clear error at once', async () => {
    const reply = client.request('crypto.scripts', 'sign("x")', { timeout: 20_000 });
    const card = (await waitFor(
      () => wallet.snapshot().requests.find((r) => r.operation === 'script' && r.state === 'pending'),
      'a script card',
      10_000,
    )) as PendingRequestView;
    await wallet.handlers['request:reject']({ id: card.id, remember: false });
    const msg = await reply;
    expect(msg.string()).toMatch(/^Error: .*reject/i);
    expect(msg.headers?.get('Nats-Service-Error-Code')).toBeTruthy();
  });
});

describe('shutdown', () => {
  it('closing the wallet answers a script still waiting for approval instead of hanging', async () => {
    const local = await openTestWallet();
    await local.wallet.handlers['nats:configure']({
      enabled: true,
      servers: [nats.url],
      subject: 'closing.scripts',
      keyspace: null,
      auth: { kind: 'none' },
      tls: null,
    });
    await waitFor(() => local.wallet.snapshot().nats?.status.state === 'connected', 'NATS connected', 10_000);
    const reply = client.request('closing.scripts', 'list_key_spaces()', { timeout: 20_000 });
    await waitFor(() => local.wallet.snapshot().requests.length === 1, 'the script waits for approval', 10_000);
    const t0 = performance.now();
    await local.close();
    expect(performance.now() - t0).toBeLessThan(5000);
    expect((await reply).string()).toMatch(/^Error: /);
  });
});
