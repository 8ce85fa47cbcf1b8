/**
 * Fault suite: nats-server is SIGKILLed and restarted 20 times while 8 requesters send 2,000 signing
 * requests (retrying with the same request id after a timeout). Every message is signed exactly once,
 * every reply verifies, and after each restart the listener answers again within 2 s.
 */

import type { NatsConnection } from '@nats-io/transport-node';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../electron/core/vault/verify';
import { client, type NatsHandle, PASSWORD, startNats, startWallet, type Wallet } from './fixture';

const REQUESTS = 2_000;
const RESTARTS = 20;
const REQUESTERS = 8;
const SUBJECT = 'crypto.scripts';
/** Request i is sent no earlier than i × this after the start, so the load spans all the restarts (~8 s). */
const SPACING_MS = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('nats-server killed and restarted under load', () => {
  let server: NatsHandle;
  let wallet: Wallet;
  let publicKey: string;
  const clients: NatsConnection[] = [];

  beforeAll(async () => {
    server = await startNats();
    wallet = await startWallet(server, { approve: 'auto', keyspace: 'ks' });
    await wallet.vault.createKeyspace('ks', PASSWORD);
    publicKey = (await wallet.vault.createKeypair('ks', 'kp')).publicKey;
  });
  afterAll(async () => {
    for (const nc of clients) await nc.close().catch(() => {});
    await wallet?.close();
    await server?.stop();
  });

  /** A requester connection that reconnects quickly and forever, like a well-configured service. */
  async function requester(): Promise<NatsConnection> {
    const nc = await client(server, {
      maxReconnectAttempts: -1,
      reconnectTimeWait: 50,
      reconnectJitter: 20,
      pingInterval: 1_000,
    });
    clients.push(nc);
    return nc;
  }

  /** Sends until answered, with the same id each time: a lost reply must never cost a second signature. */
  async function signOnce(nc: NatsConnection, i: number): Promise<{ signature: string; attempts: number }> {
    const body = JSON.stringify({ op: 'sign', keypair: 'kp', message: `message ${i}`, id: `req-${i}` });
    for (let attempt = 1; ; attempt++) {
      try {
        const reply = await nc.request(SUBJECT, body, { timeout: 400 });
        const json = JSON.parse(reply.string());
        if (json.error) throw new Error(`${json.error.code}: ${json.error.message}`);
        return { signature: json.signature, attempts: attempt };
      } catch (e) {
        if (attempt > 200) throw e;
        await sleep(25);
      }
    }
  }

  it(`${REQUESTS} requests across ${RESTARTS} restarts: zero double signatures, back within 2 s every time`, async () => {
    const signCalls = new Map<string, number>();
    const original = wallet.vault.sign.bind(wallet.vault);
    wallet.vault.sign = (keyspace, keypair, message) => {
      const key = new TextDecoder().decode(message);
      signCalls.set(key, (signCalls.get(key) ?? 0) + 1);
      return original(keyspace, keypair, message);
    };

    const conns = await Promise.all(Array.from({ length: REQUESTERS }, requester));
    const probe = await requester();
    let next = 0;
    let retried = 0;
    const results = new Map<number, string>();
    let chaosDone = false;

    const t0 = performance.now();
    const worker = async (nc: NatsConnection) => {
      while (next < REQUESTS) {
        const i = next++;
        const wait = t0 + i * SPACING_MS - performance.now();
        if (wait > 0 && !chaosDone) await sleep(wait);
        const { signature, attempts } = await signOnce(nc, i);
        if (attempts > 1) retried++;
        results.set(i, signature);
      }
    };

    const backWithin: number[] = [];
    const chaos = async () => {
      for (let round = 0; round < RESTARTS; round++) {
        await sleep(120 + Math.random() * 150);
        await server.kill();
        await sleep(80 + Math.random() * 150);
        await server.restart();
        const returned = performance.now();
        for (;;) {
          try {
            await probe.request(SUBJECT, '{"op":"list_keypairs"}', { timeout: 150 });
            break;
          } catch {
            await sleep(10);
          }
        }
        backWithin.push(performance.now() - returned);
      }
      chaosDone = true;
    };

    let doneDuringChaos = 0;
    await Promise.all([chaos().then(() => (doneDuringChaos = results.size)), ...conns.map(worker)]);
    wallet.vault.sign = original;

    expect(backWithin).toHaveLength(RESTARTS);
    expect(Math.max(...backWithin)).toBeLessThan(2_000);
    expect(results.size).toBe(REQUESTS);
    expect(retried).toBeGreaterThan(0);
    expect(doneDuringChaos).toBeGreaterThan(REQUESTS * 0.5);
    const doubles = [...signCalls.entries()].filter(([, n]) => n > 1);
    expect(doubles).toEqual([]);
    expect(signCalls.size).toBe(REQUESTS);
    for (const [i, signature] of results) {
      expect(verifySignature(publicKey, new TextEncoder().encode(`message ${i}`), hexToBytes(signature))).toBe(true);
    }
    expect(wallet.service.status().state).toBe('connected');
  }, 120_000);
});
