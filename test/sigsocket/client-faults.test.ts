// The wallet's client under faults: cut connections with replays, hostile or silent servers,
// oversized frames, refused introductions, TLS with and without the right CA.
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { SigsocketClient, type SigsocketStatus } from '../../electron/core/sigsocket';
import { type SigsocketServer, startSigsocketServer } from '../../server/create-server';
import { encodeSignRequest, toBase64 } from '../../shared/sigsocket';
import { at } from '../helpers/at';
import { autoSigner, connected, getJson, makeKey, postSign, proofSigner, waitFor } from './support';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(opts: Parameters<typeof startSigsocketServer>[0] = {}): Promise<SigsocketServer> {
  const s = await startSigsocketServer({ port: 0, log: () => {}, ...opts });
  cleanups.push(() => s.close());
  return s;
}

function client(opts: ConstructorParameters<typeof SigsocketClient>[0]): SigsocketClient {
  const c = new SigsocketClient(opts);
  cleanups.push(() => c.stop());
  c.start();
  return c;
}

/** A bare ws server the test scripts; resolves with it and the URL. */
async function fakeServer(onConnection: (ws: WebSocket) => void, opts: { autoPong?: boolean } = {}) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', ...opts });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', onConnection);
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  );
  const address = wss.address();
  return `ws://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
}

describe.each(['json', 'plain'] as const)('replays after a cut connection (%s)', (dialect) => {
  it('a request still being decided is answered once, on the new connection', async () => {
    const s = await server();
    const proxy: TcpProxy = await startTcpProxy(s.port);
    cleanups.push(() => proxy.close());
    const key = makeKey();
    const signer = autoSigner(key, { delayMs: 400 });
    const c = client({
      url: `ws://127.0.0.1:${proxy.port}/ws`,
      dialect,
      publicKeyHex: key.publicKeyHex,
      handler: signer.handler,
      signProof: signer.signProof,
    });
    await connected(c);
    await waitFor(async () => (await getJson(`${s.url}/connected/${key.publicKeyHex}`)).body.connected, 'proven');
    const p = postSign(s.url, key.publicKeyHex, 'aW4tZmxpZ2h0');
    await waitFor(() => signer.callsById.size === 1, 'handler called');
    proxy.cut();
    const r = await p;
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect([...signer.callsById.values()]).toEqual([1]);
  });

  it('a request decided while disconnected is answered from memory, not signed again', async () => {
    const s = await server();
    const proxy = await startTcpProxy(s.port);
    cleanups.push(() => proxy.close());
    const key = makeKey();
    const signer = autoSigner(key, { delayMs: 50 });
    const statuses: SigsocketStatus[] = [];
    const c = client({
      url: `ws://127.0.0.1:${proxy.port}/ws`,
      dialect,
      publicKeyHex: key.publicKeyHex,
      handler: signer.handler,
      signProof: signer.signProof,
    });
    c.onStatus((st) => statuses.push(st));
    await connected(c);
    await waitFor(async () => (await getJson(`${s.url}/connected/${key.publicKeyHex}`)).body.connected, 'proven');
    const p = postSign(s.url, key.publicKeyHex, 'ZGVjaWRlZA==');
    await waitFor(() => signer.callsById.size === 1, 'handler called');
    proxy.pause(true);
    proxy.cut();
    await new Promise((r) => setTimeout(r, 500));
    proxy.pause(false);
    const r = await p;
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect([...signer.callsById.values()]).toEqual([1]);
    const reconnecting = statuses.find((st) => st.state === 'reconnecting');
    expect(reconnecting).toMatchObject({ nextAttemptAt: expect.any(Number), lastError: expect.any(String) });
  });
});

describe('hostile and broken servers', () => {
  it('ignores junk frames and still answers the valid request after them', async () => {
    const key = makeKey();
    const signer = autoSigner(key);
    const answers: string[] = [];
    const junk = [
      '',
      '{',
      'null',
      '[]',
      '!!!',
      '{"type":"sign_request"}',
      '{"type":"sign_request","request_id":"a","message":"%%"}',
      '{"id":5}',
      '\u0000',
    ];
    const url = await fakeServer((ws) => {
      ws.once('message', () => {
        for (let i = 0; i < 300; i++) ws.send(junk[i % junk.length] + (i % 3 === 0 ? '' : String(i)));
        ws.send(Buffer.from([0xff, 0xfe, 0x00]), { binary: true });
        ws.send(encodeSignRequest('json', { requestId: 'ok-1', message: new TextEncoder().encode('valid') }));
        ws.on('message', (d) => answers.push(d.toString()));
      });
    });
    const lines: Record<string, unknown>[] = [];
    const c = client({
      url,
      dialect: 'json',
      publicKeyHex: key.publicKeyHex,
      handler: signer.handler,
      signProof: signer.signProof,
      log: (l) => lines.push(l),
    });
    await waitFor(() => answers.some((a) => a.includes('sign_response')), 'the valid request answered');
    expect(c.status.state).toBe('connected');
    expect(lines.filter((l) => l.event === 'bad_frame').length).toBeGreaterThanOrEqual(290);
    expect(JSON.stringify(lines)).not.toContain(toBase64(new TextEncoder().encode('valid')));
  });

  it('closes on an oversized frame and reconnects', async () => {
    const key = makeKey();
    let connections = 0;
    const url = await fakeServer((ws) => {
      connections++;
      if (connections === 1) ws.send('x'.repeat(10_000));
    });
    const c = client({
      url,
      publicKeyHex: key.publicKeyHex,
      handler: autoSigner(key).handler,
      signProof: proofSigner(key),
      maxFrameBytes: 4096,
      backoff: { initialMs: 20 },
    });
    await waitFor(() => connections === 2 && c.status.state === 'connected', 'reconnected');
  });

  it('detects a server that stops answering pings, and reconnects', async () => {
    const key = makeKey();
    let connections = 0;
    const url = await fakeServer(() => connections++, { autoPong: false });
    const statuses: string[] = [];
    const c = client({
      url,
      publicKeyHex: key.publicKeyHex,
      handler: autoSigner(key).handler,
      signProof: proofSigner(key),
      pingIntervalMs: 100,
      backoff: { initialMs: 20 },
    });
    c.onStatus((s) => statuses.push(s.state));
    await waitFor(() => connections >= 2, 'a second connection', 3000);
    expect(statuses).toContain('reconnecting');
  });

  it('a refused introduction (1008) and a wrong path (HTTP 404) end in the error status, without retrying', async () => {
    const s = await server();
    const key = makeKey();
    // Our client always introduces correctly, so a scripted server plays the refusing one.
    const url = await fakeServer((ws) => ws.close(1008, 'first frame must be an introduction: test'));
    const c = client({
      url,
      publicKeyHex: key.publicKeyHex,
      handler: autoSigner(key).handler,
      signProof: proofSigner(key),
    });
    await waitFor(() => c.status.state === 'error', 'error status');
    expect(c.status).toEqual({
      state: 'error',
      reason: expect.stringContaining('first frame must be an introduction'),
    });
    const wrong = client({
      url: s.wsUrl.replace('/ws', '/nope'),
      publicKeyHex: key.publicKeyHex,
      handler: autoSigner(key).handler,
      signProof: proofSigner(key),
    });
    await waitFor(() => wrong.status.state === 'error', 'error status');
    expect(wrong.status).toEqual({ state: 'error', reason: expect.stringContaining('404') });
  });

  it('a handler that throws or returns a malformed signature becomes a rejection, not a crash', async () => {
    const s = await server();
    const key = makeKey();
    let call = 0;
    client({
      url: s.wsUrl,
      publicKeyHex: key.publicKeyHex,
      signProof: proofSigner(key),
      handler: async () => {
        call++;
        if (call === 1) throw new Error('vault exploded');
        return { ok: true, signature: new Uint8Array(63) };
      },
    });
    await waitFor(async () => (await postSign(s.url, key.publicKeyHex, 'YQ==')).status === 403, '403 after a throw');
    const r = await postSign(s.url, key.publicKeyHex, 'Yg==');
    expect(r).toMatchObject({ status: 403, body: { error: expect.stringContaining('malformed signature') } });
  });

  it('a server reusing a request id with another message gets a rejection', async () => {
    const key = makeKey();
    const signer = autoSigner(key, { delayMs: 50 });
    const answers: Record<string, unknown>[] = [];
    const url = await fakeServer((ws) => {
      ws.once('message', () => {
        ws.send(encodeSignRequest('json', { requestId: 'same', message: Uint8Array.of(1) }));
        ws.on('message', (d) => {
          const frame = JSON.parse(d.toString());
          answers.push(frame);
          if (frame.type === 'sign_response') {
            ws.send(encodeSignRequest('json', { requestId: 'same', message: Uint8Array.of(2) }));
          }
        });
      });
    });
    client({ url, publicKeyHex: key.publicKeyHex, handler: signer.handler, signProof: signer.signProof });
    await waitFor(() => answers.length === 3, 'three frames');
    // `pending` goes out because the (50 ms) decision was not instant.
    expect(answers.map((a) => a.type)).toEqual(['pending', 'sign_response', 'sign_rejected']);
    expect(at(answers, 2).reason).toMatch(/reused/);
    expect(signer.callsById.get('same')).toBe(1);
  });

  it('an instant decision is sent without a pending frame first', async () => {
    const key = makeKey();
    const frames: string[] = [];
    const url = await fakeServer((ws) => {
      ws.once('message', () => {
        ws.send(encodeSignRequest('json', { requestId: 'quick', message: Uint8Array.of(1) }));
        ws.on('message', (d) => frames.push(JSON.parse(d.toString()).type));
      });
    });
    client({ url, publicKeyHex: key.publicKeyHex, handler: autoSigner(key).handler, signProof: proofSigner(key) });
    await waitFor(() => frames.length === 1, 'one frame');
    await new Promise((r) => setTimeout(r, 50));
    expect(frames).toEqual(['sign_response']);
  });
});

describe('options', () => {
  it('refuses bad options with a clear error', () => {
    const key = makeKey();
    const { handler, signProof } = autoSigner(key);
    expect(() => new SigsocketClient({ url: 'http://x', publicKeyHex: key.publicKeyHex, handler, signProof })).toThrow(
      /ws:\/\//,
    );
    expect(
      () => new SigsocketClient({ url: 'ws://x', publicKeyHex: `02${'00'.repeat(32)}`, handler, signProof }),
    ).toThrow(/public key/);
    expect(
      () =>
        new SigsocketClient({
          url: 'ws://x',
          publicKeyHex: key.publicKeyHex,
          handler,
          signProof,
          backoff: { maxMs: 60_000 },
        }),
    ).toThrow();
  });
});
