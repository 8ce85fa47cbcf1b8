// Proof of key possession, attacked: an impostor that names a victim's key but cannot sign gets nothing
// meant for that key and never disturbs the real wallet, whichever arrives first. Our wallet answers
// challenges without showing them, and signs the proof prefix for nothing else.
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { SigsocketClient } from '../../electron/core/sigsocket';
import { type SigsocketServer, startSigsocketServer } from '../../server/create-server';
import {
  decodeServerFrame,
  encodeSignRequest,
  encodeSignResponse,
  hasProofPrefix,
  isProofChallenge,
  toBase64,
} from '../../shared/sigsocket';
import { rawWallet } from './raw-wallet';
import { autoSigner, connected, getJson, makeKey, nobleSign, postSign, waitFor } from './support';

let server: SigsocketServer | undefined;
const clients: SigsocketClient[] = [];
let logs: Record<string, unknown>[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
  await server?.close();
  server = undefined;
});

async function start(proofTimeoutMs = 600): Promise<SigsocketServer> {
  logs = [];
  server = await startSigsocketServer({ port: 0, proofTimeoutMs, instanceId: 'proof-test', log: (l) => logs.push(l) });
  return server;
}

function realWallet(s: SigsocketServer, key = makeKey(), dialect: 'json' | 'plain' = 'json') {
  const signer = autoSigner(key);
  const client = new SigsocketClient({
    url: s.wsUrl,
    dialect,
    publicKeyHex: key.publicKeyHex,
    handler: signer.handler,
    signProof: signer.signProof,
    backoff: { initialMs: 50, maxMs: 200 },
  });
  const states: string[] = [];
  client.onStatus((st) => states.push(st.state === 'reconnecting' ? `reconnecting: ${st.lastError}` : st.state));
  clients.push(client);
  client.start();
  return { client, signer, key, states };
}

const isConnected = async (s: SigsocketServer, key: string) =>
  (await getJson(`${s.url}/connected/${key}`)).body.connected === true;

/** An impostor: introduces the key, then answers its challenge with `answer` (or stays silent). */
async function impostor(s: SigsocketServer, publicKeyHex: string, answer: 'silent' | 'wrong-key' | 'echo' | 'junk') {
  const w = await rawWallet(s.wsUrl, publicKeyHex);
  const first = await w.next();
  const frame = decodeServerFrame('plain', first);
  expect(frame.ok && isProofChallenge(frame.value.message)).toBe(true);
  if (frame.ok && answer === 'wrong-key') {
    w.send(
      encodeSignResponse(frame.value.shape, {
        ...frame.value,
        signature: nobleSign(frame.value.message, makeKey().secretKey),
      }),
    );
  } else if (frame.ok && answer === 'echo') {
    w.send(encodeSignResponse(frame.value.shape, { ...frame.value, signature: new Uint8Array(64).fill(1) }));
  } else if (answer === 'junk') {
    w.send('not an answer');
  }
  return w;
}

describe('proof of possession on the server', () => {
  for (const answer of ['silent', 'wrong-key', 'echo', 'junk'] as const) {
    it(`real wallet first, then an impostor (${answer}): the impostor gets only its challenge, the wallet keeps signing`, async () => {
      const s = await start();
      const real = realWallet(s);
      await connected(real.client);
      await waitFor(() => isConnected(s, real.key.publicKeyHex), 'real wallet proven');
      const w = await impostor(s, real.key.publicKeyHex, answer);
      // While the impostor is connected (and, when silent, still unproven), requests go to the real wallet.
      const messages = ['transfer 5 BTC to bob', 'second request'].map((t) => new TextEncoder().encode(t));
      for (const m of messages) {
        const r = await postSign(s.url, real.key.publicKeyHex, m);
        expect(r.status).toBe(200);
      }
      const closed = await w.closed;
      expect(closed.code).toBe(4003);
      expect(w.frames).toHaveLength(1);
      expect(real.states.filter((x) => x.startsWith('reconnecting'))).toEqual([]);
      expect(real.client.status.state).toBe('connected');
      expect(logs.filter((l) => l.event === 'replaced')).toEqual([]);
      expect(real.signer.callsById.size).toBe(2);
    });
  }

  it('impostor first: it is never listed, requests answer 404 at once, and the real wallet then takes the key', async () => {
    const s = await start(1500);
    const key = makeKey();
    const w = await impostor(s, key.publicKeyHex, 'silent');
    expect(await isConnected(s, key.publicKeyHex)).toBe(false);
    const early = await postSign(s.url, key.publicKeyHex, new TextEncoder().encode('transfer 5 BTC to bob'));
    expect(early.status).toBe(404);
    const real = realWallet(s, key, 'plain');
    await waitFor(() => isConnected(s, key.publicKeyHex), 'real wallet proven', 3000);
    const r = await postSign(s.url, key.publicKeyHex, new TextEncoder().encode('after the impostor'));
    expect(r.status).toBe(200);
    expect((await w.closed).code).toBe(4003);
    expect(w.frames).toHaveLength(1);
    expect(real.client.status.state).toBe('connected');
    expect(real.states.filter((x) => x.startsWith('reconnecting'))).toEqual([]);
    // The status counts proven wallets only.
    expect((await getJson(`${s.url}/status`)).body).toEqual({ connections: 1, pending: 0 });
  });

  it('a challenge is bound to its connection: a proof copied from another socket does not verify', async () => {
    const s = await start();
    const key = makeKey();
    const honest = await rawWallet(s.wsUrl, key.publicKeyHex);
    const thief = await rawWallet(s.wsUrl, key.publicKeyHex);
    const honestChallenge = decodeServerFrame('plain', await honest.next());
    await thief.next();
    if (!honestChallenge.ok) throw new Error('no challenge');
    // The thief relays the honest wallet's signed challenge as its own answer.
    const signed = nobleSign(honestChallenge.value.message, key.secretKey);
    thief.send(`${toBase64(honestChallenge.value.message)}.${toBase64(signed)}`);
    expect((await thief.closed).code).toBe(4003);
    expect(logs.some((l) => l.event === 'proof_failed' && l.reason === 'answer carries a different message')).toBe(
      true,
    );
    honest.ws.close();
  });

  it('a second proven connection replaces the first; the wallet retries with the reason shown', async () => {
    const s = await start();
    const key = makeKey();
    const first = realWallet(s, key);
    await connected(first.client);
    await waitFor(() => isConnected(s, key.publicKeyHex), 'first proven');
    const second = realWallet(s, key);
    await waitFor(
      () => first.states.includes('reconnecting: replaced by another connection that proved this key'),
      'first replaced, and retrying',
    );
    await second.client.stop();
    // With the other wallet gone, the first one comes back by itself.
    await waitFor(
      async () => first.client.status.state === 'connected' && (await isConnected(s, key.publicKeyHex)),
      'first back',
    );
    expect((await postSign(s.url, key.publicKeyHex, new TextEncoder().encode('hi'))).status).toBe(200);
  });
});

describe('proof of possession in our wallet', () => {
  /** A hand-made server: sends what the test says and records the wallet's answers. */
  async function scriptedServer(script: (ws: WebSocket) => void) {
    const { WebSocketServer } = await import('ws');
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    const answers: string[] = [];
    wss.on('connection', (ws) => {
      ws.on('message', (d) => answers.push(String(d)));
      ws.once('message', () => script(ws));
    });
    return { url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}`, answers, close: () => wss.close() };
  }

  it('signs the first challenge without asking, refuses a second one and any prefixed user request', async () => {
    const challenge = new TextEncoder().encode(`sigsocket-proof-v1:scripted:${'0f'.repeat(32)}`);
    const second = new TextEncoder().encode(`sigsocket-proof-v1:scripted:${'1e'.repeat(32)}`);
    const malformed = new TextEncoder().encode('sigsocket-proof-v1: please sign this transfer');
    const srv = await scriptedServer((ws) => {
      ws.send(encodeSignRequest('json', { requestId: 'c1', message: challenge }));
      ws.send(encodeSignRequest('json', { requestId: 'c2', message: second }));
      ws.send(encodeSignRequest('json', { requestId: 'c3', message: malformed }));
      ws.send(encodeSignRequest('json', { requestId: 'u1', message: new TextEncoder().encode('user request') }));
    });
    const key = makeKey();
    const signer = autoSigner(key);
    const client = new SigsocketClient({ url: srv.url, publicKeyHex: key.publicKeyHex, ...signer });
    clients.push(client);
    client.start();
    try {
      await waitFor(() => srv.answers.length >= 5, 'answers');
      const byId = new Map(srv.answers.slice(1).map((a) => [JSON.parse(a).request_id, JSON.parse(a)]));
      expect(byId.get('c1').type).toBe('sign_response');
      expect(byId.get('c2').type).toBe('sign_rejected');
      expect(byId.get('c3').type).toBe('sign_rejected');
      expect(byId.get('u1').type).toBe('sign_response');
      // The handler (the approval queue) saw the user request only.
      expect([...signer.callsByMessage.keys()].map((h) => Buffer.from(h, 'hex').toString())).toEqual(['user request']);
      expect(hasProofPrefix(challenge)).toBe(true);
    } finally {
      srv.close();
    }
  });
});
