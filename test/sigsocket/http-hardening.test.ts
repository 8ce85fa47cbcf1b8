// The HTTP API as a hostile web page, a DNS-rebinding attacker and a flooder would use it: every
// refusal has its status, its log line and its counter. Raw node:http requests, so Host and Origin are
// exactly what an attacker sends.
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type SigsocketServer, type SigsocketServerOptions, startSigsocketServer } from '../../server/create-server';
import { provenRawWallet, rawWallet } from './raw-wallet';
import { getJson, makeKey, postSign, waitFor } from './support';

let server: SigsocketServer | undefined;
let logs: Record<string, unknown>[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server?.close();
  server = undefined;
});

async function start(opts: SigsocketServerOptions = {}): Promise<SigsocketServer> {
  logs = [];
  server = await startSigsocketServer({ port: 0, log: (l) => logs.push(l), ...opts });
  return server;
}

interface Answer {
  status: number;
  body: string;
  headers: Record<string, unknown>;
}

/** One HTTP request with exactly these headers (node:http sends Host as given). */
function http(
  s: SigsocketServer,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: s.port,
        method,
        path,
        headers: { host: `127.0.0.1:${s.port}`, ...headers },
        agent: false,
      },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const json = { 'content-type': 'application/json' };
const signBody = (key = makeKey()) => JSON.stringify({ public_key: key.publicKeyHex, message: 'aGk=' });
const refusals = (reason: string) => logs.filter((l) => l.event === 'refused' && l.reason === reason).length;

describe('what a web page can do', () => {
  it('415 for POST /sign without a JSON Content-Type (text/plain needs no preflight)', async () => {
    const s = await start();
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      const r = await http(s, 'POST', '/sign', type ? { 'content-type': type } : {}, signBody());
      expect(r.status, String(type)).toBe(415);
    }
    expect(refusals('content_type')).toBe(4);
    // JSON with parameters is JSON: an unknown key is then the answer.
    expect(
      (await http(s, 'POST', '/sign', { 'content-type': 'Application/JSON; charset=utf-8' }, signBody())).status,
    ).toBe(404);
  });

  it('403 for any Origin not allowed, on the API and on /ws; an allowed origin passes', async () => {
    const s = await start({ allowedOrigins: ['https://app.example'] });
    const evil = { origin: 'https://evil.example' };
    expect((await http(s, 'POST', '/sign', { ...json, ...evil }, signBody())).status).toBe(403);
    expect((await http(s, 'GET', '/status', evil)).status).toBe(403);
    expect((await http(s, 'GET', '/status', { origin: 'null' })).status).toBe(403);
    await expect(rawWallet(s.wsUrl, undefined, { origin: 'https://evil.example' })).rejects.toThrow(/403/);
    expect((await http(s, 'POST', '/sign', { ...json, origin: 'https://app.example' }, signBody())).status).toBe(404);
    const key = makeKey();
    await provenRawWallet(s.wsUrl, key.publicKeyHex, key.secretKey, { origin: 'https://app.example' });
    await waitFor(
      async () => (await getJson(`${s.url}/connected/${key.publicKeyHex}`)).body.connected,
      'allowed origin',
    );
    expect(refusals('origin')).toBe(4);
  });
});

describe('DNS rebinding', () => {
  it('403 for a Host outside the allow-list, on every endpoint but the health probes', async () => {
    const s = await start({ allowedHosts: ['wallet.internal'] });
    const rebound = { host: `attacker.example:${s.port}` };
    for (const [method, path] of [
      ['GET', '/status'],
      ['GET', `/connected/${makeKey().publicKeyHex}`],
      ['GET', '/metrics'],
      ['POST', '/sign'],
    ] as const) {
      expect(
        (await http(s, method, path, { ...json, ...rebound }, method === 'POST' ? signBody() : undefined)).status,
      ).toBe(403);
    }
    await expect(rawWallet(s.wsUrl, undefined, { headers: { host: 'attacker.example' } })).rejects.toThrow(/403/);
    expect((await http(s, 'GET', '/healthz', rebound)).status).toBe(200);
    for (const host of [
      'localhost',
      `localhost:${s.port}`,
      `127.0.0.1:${s.port}`,
      'wallet.internal:443',
      'WALLET.internal',
    ]) {
      expect((await http(s, 'GET', '/status', { host })).status, host).toBe(200);
    }
    expect(refusals('host')).toBe(5);
  });
});

describe('the API token', () => {
  it('401 without the right bearer token; health probes and wallets need none', async () => {
    const token = 'a-long-enough-test-token-0123456789';
    const s = await start({ apiToken: token });
    expect((await http(s, 'GET', '/status')).status).toBe(401);
    expect((await http(s, 'GET', '/status', { authorization: `Bearer ${token}x` })).status).toBe(401);
    expect((await http(s, 'GET', '/status', { authorization: `Basic ${token}` })).status).toBe(401);
    expect((await http(s, 'GET', '/metrics')).status).toBe(401);
    expect((await http(s, 'POST', '/sign', json, signBody())).status).toBe(401);
    expect((await http(s, 'GET', '/status', { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await http(s, 'GET', '/healthz')).status).toBe(200);
    expect((await http(s, 'GET', '/readyz')).status).toBe(200);
    const key = makeKey();
    await provenRawWallet(s.wsUrl, key.publicKeyHex, key.secretKey);
    await waitFor(
      async () =>
        JSON.parse((await http(s, 'GET', `/connected/${key.publicKeyHex}`, { authorization: `Bearer ${token}` })).body)
          .connected,
      'a wallet connects without the token',
    );
    expect(refusals('token')).toBe(5);
  });
});

describe('limits', () => {
  /** A raw TCP connection to the server, held open. */
  async function hold(s: SigsocketServer): Promise<Socket> {
    const socket = connect(s.port, '127.0.0.1');
    sockets.push(socket);
    await new Promise((r) => socket.once('connect', r));
    return socket;
  }

  it('429 past the connections allowed from one address, on the API and on /ws', async () => {
    const s = await start({ maxConnectionsPerIp: 3 });
    await Promise.all([hold(s), hold(s), hold(s)]);
    await waitFor(async () => (await http(s, 'GET', '/status').catch(() => ({ status: 0 }))).status === 429, '429');
    await expect(rawWallet(s.wsUrl)).rejects.toThrow(/429/);
    for (const socket of sockets.splice(0)) socket.destroy();
    await waitFor(async () => (await http(s, 'GET', '/status')).status === 200, 'slots given back');
    expect(refusals('connections_per_ip')).toBeGreaterThanOrEqual(2);
  });

  it('429 past the unproven sockets allowed from one address; proving or closing frees the slot', async () => {
    const s = await start({ maxUnprovenPerIp: 2 });
    const silent = await rawWallet(s.wsUrl);
    const owner = makeKey();
    await provenRawWallet(s.wsUrl, owner.publicKeyHex, owner.secretKey);
    await waitFor(async () => (await getJson(`${s.url}/connected/${owner.publicKeyHex}`)).body.connected, 'proven');
    const second = await rawWallet(s.wsUrl);
    await expect(rawWallet(s.wsUrl)).rejects.toThrow(/429/);
    expect(refusals('unproven_per_ip')).toBe(1);
    silent.ws.close();
    await silent.closed;
    await waitFor(
      () =>
        rawWallet(s.wsUrl).then(
          () => true,
          () => false,
        ),
      'a slot again',
    );
    second.ws.close();
  });

  it('503 past the global budget of pending requests and of pending bytes', async () => {
    const s = await start({ maxPendingTotal: 2, maxPendingBytes: 1000 });
    const [a, b] = [makeKey(), makeKey()];
    for (const k of [a, b]) {
      await provenRawWallet(s.wsUrl, JSON.stringify({ type: 'introduction', public_key: k.publicKeyHex }), k.secretKey);
      await waitFor(async () => (await getJson(`${s.url}/connected/${k.publicKeyHex}`)).body.connected, 'proven');
    }
    const held = [postSign(s.url, a.publicKeyHex, 'YQ==', 3000), postSign(s.url, b.publicKeyHex, 'Yg==', 3000)];
    await waitFor(async () => (await getJson(`${s.url}/status`)).body.pending === 2, 'two pending');
    const over = await postSign(s.url, b.publicKeyHex, 'Yw==');
    expect(over).toMatchObject({ status: 503, body: { error: expect.stringMatching(/too many pending requests/) } });
    await s.close();
    await Promise.all(held);

    const t = await start({ maxPendingBytes: 1000 });
    await provenRawWallet(t.wsUrl, JSON.stringify({ type: 'introduction', public_key: a.publicKeyHex }), a.secretKey);
    await waitFor(async () => (await getJson(`${t.url}/connected/${a.publicKeyHex}`)).body.connected, 'proven');
    const big = postSign(t.url, a.publicKeyHex, new Uint8Array(900), 3000);
    await waitFor(async () => (await getJson(`${t.url}/status`)).body.pending === 1, 'one pending');
    const tooMuch = await postSign(t.url, a.publicKeyHex, new Uint8Array(200));
    expect(tooMuch).toMatchObject({ status: 503, body: { error: expect.stringMatching(/too many pending bytes/) } });
    // What still fits is accepted: it waits for the wallet (the caller gives up first here).
    expect((await postSign(t.url, a.publicKeyHex, new Uint8Array(50), 300)).status).toBe(-1);
    expect(logs.filter((l) => l.event === 'refused' && l.status === 503)).toHaveLength(1);
    await t.close();
    await big;
  });
});
