/**
 * ADR-32 discovery against a real nats-server: $SRV.PING / INFO / STATS find the wallet, and its
 * endpoints sign, public_key and list_keypairs answer the same JSON as the listener's ops.
 */

import pkg from '@nats-io/services';
import type { NatsConnection } from '@nats-io/transport-node';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../electron/core/vault/verify';
import { ask, client, type NatsHandle, PASSWORD, startNats, startWallet, type Wallet } from './fixture';

const { Svcm } = pkg;

describe('micro-service discovery', () => {
  let server: NatsHandle;
  let wallet: Wallet;
  let nc: NatsConnection;
  let publicKey: string;

  beforeAll(async () => {
    server = await startNats();
    wallet = await startWallet(server, { approve: 'auto', keyspace: 'ks' }, { subject: 'wallet.demo' });
    await wallet.vault.createKeyspace('ks', PASSWORD);
    publicKey = (await wallet.vault.createKeypair('ks', 'kp')).publicKey;
    nc = await client(server);
  });
  afterAll(async () => {
    await nc?.close();
    await wallet?.close();
    await server?.stop();
  });

  it('a raw $SRV.PING request is answered by signing-wallet', async () => {
    const reply = await ask(nc, '$SRV.PING', '');
    const ping = JSON.parse(reply.text);
    expect(ping).toMatchObject({ type: 'io.nats.micro.v1.ping_response', name: 'signing-wallet', version: '0.1.0' });
    expect(ping.id).toBeTruthy();
  });

  it('$SRV.INFO lists the three endpoints under the listener subject', async () => {
    const svc = new Svcm(nc as unknown as ConstructorParameters<typeof Svcm>[0]).client();
    const infos = [];
    for await (const info of await svc.info('signing-wallet')) infos.push(info);
    expect(infos).toHaveLength(1);
    const [info] = infos;
    const endpoints = info?.endpoints.map((e) => [e.name, e.subject]);
    expect(endpoints).toEqual([
      ['sign', 'wallet.demo.sign'],
      ['public_key', 'wallet.demo.public_key'],
      ['list_keypairs', 'wallet.demo.list_keypairs'],
    ]);
    expect(info?.metadata).toMatchObject({ subject: 'wallet.demo' });
  });

  it('the endpoints answer the JSON ops, with "op" implied by the endpoint', async () => {
    const signed = JSON.parse(
      (await ask(nc, 'wallet.demo.sign', JSON.stringify({ keypair: 'kp', message: 'via micro' }))).text,
    );
    expect(signed.public_key).toBe(publicKey);
    expect(verifySignature(publicKey, new TextEncoder().encode('via micro'), hexToBytes(signed.signature))).toBe(true);
    const pk = JSON.parse((await ask(nc, 'wallet.demo.public_key', '{"keypair":"kp"}')).text);
    expect(pk.public_key).toBe(publicKey);
    const list = JSON.parse((await ask(nc, 'wallet.demo.list_keypairs', '{}')).text);
    expect(list.keypairs).toHaveLength(1);
  });

  it('an endpoint refuses another op and non-JSON, with the ADR-32 error headers', async () => {
    const wrong = await ask(nc, 'wallet.demo.public_key', '{"op":"sign","keypair":"kp","message":"x"}');
    expect(JSON.parse(wrong.text).error.code).toBe('bad_input');
    expect(wrong.header('Nats-Service-Error')).toMatch(/public_key endpoint/);
    expect(wrong.header('Nats-Service-Error-Code')).toBe('400');
    const script = await ask(nc, 'wallet.demo.sign', 'sign("x")');
    expect(JSON.parse(script.text).error.message).toMatch(/invalid JSON/);
  });

  it('$SRV.STATS counts the endpoint requests', async () => {
    const svc = new Svcm(nc as unknown as ConstructorParameters<typeof Svcm>[0]).client();
    const all = [];
    for await (const s of await svc.stats('signing-wallet')) all.push(s);
    const sign = all[0]?.endpoints?.find((e) => e.name === 'sign');
    expect(sign?.num_requests).toBeGreaterThanOrEqual(2);
  });
});
