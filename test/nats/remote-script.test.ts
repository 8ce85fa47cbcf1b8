/**
 * The reference design's remote script, byte for byte, sent over a real nats-server to a real
 * wallet: the reply is a hex signature that verifies against public_key() of remote_space/remote_keypair.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../electron/core/vault/verify';
import { at } from '../helpers/at';
import {
  allowKeyManagementScripts,
  ask,
  client,
  type NatsHandle,
  startNats,
  startWallet,
  type Wallet,
} from './fixture';

const EXAMPLE = readFileSync(join(import.meta.dirname, 'fixtures/remote-example.rhai'));

describe('the remote example script', () => {
  let server: NatsHandle;
  let wallet: Wallet;
  let nc: NatsConnection;

  beforeAll(async () => {
    server = await startNats();
    wallet = await startWallet(server, { approve: 'auto' });
    allowKeyManagementScripts(wallet.queue);
    nc = await client(server);
  });
  afterAll(async () => {
    await nc?.close();
    await wallet?.close();
    await server?.stop();
  });

  it('replies with a hex signature that verifies against public_key() of remote_space/remote_keypair', async () => {
    const reply = await ask(nc, 'crypto.scripts', EXAMPLE);
    expect(reply.header('Nats-Service-Error')).toBeUndefined();
    expect(reply.text).toMatch(/^[0-9a-f]{128}$/);

    const pk = await ask(
      nc,
      'crypto.scripts',
      'load_key_space("remote_space"); select_keypair("remote_keypair"); public_key()',
    );
    expect(pk.text).toMatch(/^0[23][0-9a-f]{64}$/);
    const message = new TextEncoder().encode('Hello from remote system');
    expect(verifySignature(pk.text, message, hexToBytes(reply.text))).toBe(true);
    expect(
      verifySignature(pk.text, new TextEncoder().encode('Hello from another system'), hexToBytes(reply.text)),
    ).toBe(false);

    const json = JSON.parse(
      (await ask(nc, 'crypto.scripts', '{"op":"public_key","keyspace":"remote_space","keypair":"remote_keypair"}'))
        .text,
    );
    expect(json.public_key).toBe(pk.text);
  });

  it('logs the prints and records what the script did in the audit log', async () => {
    expect(wallet.logs.some((l) => l.includes('print: Key space created successfully'))).toBe(true);
    expect(wallet.logs.some((l) => l.includes('print: Signature: '))).toBe(true);
    await wallet.queue.audit.flush();
    const results = [];
    for await (const entry of wallet.queue.audit.entries()) if (entry.event === 'result') results.push(entry);
    const first = at(results, 0);
    expect(first.result?.ok).toBe(true);
    expect(first.result?.detail).toContain('action: created keyspace remote_space');
    expect(first.result?.detail).toContain('action: created keypair remote_space/remote_keypair');
    expect(first.result?.detail).toMatch(/action: signed 24 bytes .* with remote_space\/remote_keypair/);
    expect(first.result?.detail).toContain('print: Keypair selected successfully');
  });

  it('a second run finds the key space taken and says so as the script intends', async () => {
    const reply = await ask(nc, 'crypto.scripts', EXAMPLE);
    expect(reply.text).toBe('Failed to create key space');
  });
});

describe('the remote example script with the OS keychain and the real KDF cost', () => {
  it('fits in the 2 s script limit and replies with a verifying signature', async () => {
    const server = await startNats();
    let wallet: Wallet | undefined;
    let nc: NatsConnection | undefined;
    try {
      wallet = await startWallet(server, { approve: 'auto', secretStore: 'keychain', kdf: 'real' });
      allowKeyManagementScripts(wallet.queue);
      nc = await client(server);
      const reply = await ask(nc, 'crypto.scripts', EXAMPLE);
      expect(reply.text).toMatch(/^[0-9a-f]{128}$/);
      const kp = wallet.vault.findKeypair('remote_space', 'remote_keypair');
      expect(kp?.publicKey).toMatch(/^0[23]/);
      const message = new TextEncoder().encode('Hello from remote system');
      expect(verifySignature(kp?.publicKey ?? '', message, hexToBytes(reply.text))).toBe(true);
      expect(wallet.vault.describeSecretStore().kind).toBe('keychain');
    } finally {
      await nc?.close();
      await wallet?.close();
      await server.stop();
    }
  });
});
