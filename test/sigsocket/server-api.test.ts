// The server's HTTP contract and wallet-facing rules, driven by hand-made wallets over real sockets.
import { afterEach, describe, expect, it } from 'vitest';
import { type SigsocketServer, type SigsocketServerOptions, startSigsocketServer } from '../../server/create-server';
import { compactToDer, encodeSignRejected, toBase64 } from '../../shared/sigsocket';
import { provenRawWallet, rawWallet } from './raw-wallet';
import { getJson, makeKey, nobleSign, postSign, waitFor } from './support';

let server: SigsocketServer | undefined;
let logs: Record<string, unknown>[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(opts: SigsocketServerOptions = {}): Promise<SigsocketServer> {
  logs = [];
  server = await startSigsocketServer({ port: 0, log: (l) => logs.push(l), ...opts });
  return server;
}

/** Sends one typed sign_request through a raw json wallet and returns the parsed request. */
async function typedWallet(s: SigsocketServer, key = makeKey()) {
  const w = await provenRawWallet(
    s.wsUrl,
    JSON.stringify({ type: 'introduction', public_key: key.publicKeyHex }),
    key.secretKey,
  );
  await waitFor(async () => (await getJson(`${s.url}/connected/${key.publicKeyHex}`)).body.connected, 'introduced');
  return { w, key };
}

describe('POST /sign errors', () => {
  it('400 for malformed input, 404 for an unknown key, 405/404 for wrong routes', async () => {
    const s = await start();
    const key = makeKey();
    const post = (body: string) =>
      fetch(`${s.url}/sign`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    for (const body of [
      'not json',
      '[]',
      '{"public_key":1,"message":"aGk="}',
      JSON.stringify({ public_key: 'zz', message: 'aGk=' }),
      JSON.stringify({ public_key: `02${'00'.repeat(32)}`, message: 'aGk=' }),
      JSON.stringify({ public_key: key.publicKeyHex, message: 'not base64!' }),
      JSON.stringify({ public_key: key.publicKeyHex, message: '' }),
    ]) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(typeof ((await res.json()) as { error: unknown }).error).toBe('string');
    }
    expect((await postSign(s.url, key.publicKeyHex, 'aGk=')).status).toBe(404);
    expect((await fetch(`${s.url}/sign`)).status).toBe(405);
    expect((await fetch(`${s.url}/nope`)).status).toBe(404);
    expect((await getJson(`${s.url}/connected/xyz`)).status).toBe(400);
    expect((await getJson(`${s.url}/status`)).body).toEqual({ connections: 0, pending: 0 });
  });

  it('413 for a message larger than the frame limit', async () => {
    const s = await start({ maxFrameBytes: 2048 });
    const { key } = await typedWallet(s);
    const r = await postSign(s.url, key.publicKeyHex, new Uint8Array(4000));
    expect(r.status).toBe(413);
  });

  it('502 for an invalid signature or a different message; DER is accepted and returned compact', async () => {
    const s = await start();
    const { w, key } = await typedWallet(s);
    const answer = async (make: (req: { request_id: string; message: string }) => object) => {
      const req = JSON.parse(await w.next());
      w.send(JSON.stringify({ type: 'sign_response', request_id: req.request_id, ...make(req) }));
    };
    const msg = new TextEncoder().encode('hello');
    const good = nobleSign(msg, key.secretKey);

    let p = postSign(s.url, key.publicKeyHex, msg);
    await answer((r) => ({ message: r.message, signature: toBase64(nobleSign(msg, makeKey().secretKey)) }));
    expect((await p).status).toBe(502);

    p = postSign(s.url, key.publicKeyHex, msg);
    await answer(() => ({ message: toBase64(new TextEncoder().encode('other')), signature: toBase64(good) }));
    expect((await p).status).toBe(502);

    p = postSign(s.url, key.publicKeyHex, msg);
    await answer((r) => ({ message: r.message, signature: toBase64(new Uint8Array([1, 2, 3])) }));
    expect((await p).status).toBe(502);

    p = postSign(s.url, key.publicKeyHex, msg);
    await answer((r) => ({ message: r.message, signature: toBase64(compactToDer(good)) }));
    const ok = await p;
    expect(ok.status).toBe(200);
    expect(ok.body.signature).toBe(toBase64(good));
  });

  it('429 past the pending limit and past the per-key rate', async () => {
    let s = await start({ maxPendingPerKey: 2 });
    let { key } = await typedWallet(s);
    const held = [postSign(s.url, key.publicKeyHex, 'YQ=='), postSign(s.url, key.publicKeyHex, 'Yg==')];
    await waitFor(async () => (await getJson(`${s.url}/status`)).body.pending === 2, 'two pending');
    expect((await postSign(s.url, key.publicKeyHex, 'Yw==')).status).toBe(429);
    await s.close();
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([503, 503]);

    s = await start({ ratePerKey: 3, maxPendingPerKey: 100 });
    ({ key } = await typedWallet(s));
    const burst = await Promise.all(Array.from({ length: 5 }, () => postSign(s.url, key.publicKeyHex, 'YQ==', 400)));
    expect(burst.filter((r) => r.status === 429)).toHaveLength(2);
    // The three admitted callers gave up (400 ms): their requests are dropped, not left pending for 60 s.
    await waitFor(async () => (await getJson(`${s.url}/status`)).body.pending === 0, 'cancelled when the caller left');
    expect(logs.filter((l) => l.event === 'sign_result' && l.status === 499)).toHaveLength(3);
  });
});

describe('wallet connections', () => {
  it('closes a connection whose first frame is not an introduction, with a clear reason', async () => {
    const s = await start();
    for (const first of ['hello', '{"type":"sign_response"}', `02${'00'.repeat(32)}`]) {
      const w = await rawWallet(s.wsUrl, first);
      const { code, reason } = await w.closed;
      expect(code).toBe(1008);
      expect(reason).toMatch(/^first frame must be an introduction/);
    }
  });

  it('an introduction timeout closes a silent socket', async () => {
    const s = await start({ introTimeoutMs: 100 });
    const w = await rawWallet(s.wsUrl);
    expect(await w.closed).toMatchObject({ code: 1008, reason: expect.stringMatching(/no introduction/) });
  });

  it('only /ws upgrades', async () => {
    const s = await start();
    await expect(rawWallet(s.wsUrl.replace('/ws', '/other'))).rejects.toThrow(/404/);
  });

  it('heartbeat: a wallet that stops answering pings is closed', async () => {
    const s = await start({ heartbeatMs: 100 });
    const key = makeKey();
    const w = await rawWallet(s.wsUrl, key.publicKeyHex, { autoPong: false });
    const t0 = Date.now();
    await w.closed;
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(logs.some((l) => l.event === 'heartbeat_timeout')).toBe(true);
  });

  it('newest proven wins: a second proven connection for a key displaces the first and gets its pending requests', async () => {
    const s = await start();
    const { w: first, key } = await typedWallet(s);
    const p = postSign(s.url, key.publicKeyHex, 'aGk=');
    const req1 = JSON.parse(await first.next());
    const second = await provenRawWallet(s.wsUrl, key.uncompressedHex, key.secretKey);
    expect((await first.closed).code).toBe(4001);
    // The bare-hex wallet receives the replay in the plain dialect, and answers it.
    expect(await second.next()).toBe(req1.message);
    second.send(`${req1.message}.${toBase64(nobleSign(new TextEncoder().encode('hi'), key.secretKey))}`);
    expect((await p).status).toBe(200);
  });

  it('a rejected request answers 403 with the reason; bad frames are ignored, not fatal', async () => {
    const s = await start();
    const { w, key } = await typedWallet(s);
    const p = postSign(s.url, key.publicKeyHex, 'aGk=');
    const req = JSON.parse(await w.next());
    for (const junk of [
      '',
      '{',
      'null',
      '{"type":"sign_response"}',
      '\u0000',
      '{"type":"pending","request_id":"nope"}',
    ]) {
      w.send(junk);
    }
    w.send(JSON.stringify({ type: 'pending', request_id: req.request_id }));
    w.send(encodeSignRejected(req.request_id, 'user said no'));
    const r = await p;
    expect(r).toMatchObject({ status: 403, body: { error: expect.stringContaining('user said no') } });
    expect(logs.filter((l) => l.event === 'bad_frame').length).toBeGreaterThanOrEqual(4);
    expect(logs.some((l) => l.event === 'sign_result' && l.acknowledged === true)).toBe(true);
  });

  it('a frame above the limit closes that connection only (1009)', async () => {
    const s = await start({ maxFrameBytes: 2048 });
    const { w } = await typedWallet(s);
    w.send('x'.repeat(5000));
    expect((await w.closed).code).toBe(1009);
    expect((await getJson(`${s.url}/status`)).body.connections).toBe(0);
  });

  it('refuses to start on a port already taken, and on invalid options', async () => {
    const s = await start();
    await expect(startSigsocketServer({ port: s.port, log: () => {} })).rejects.toThrow(/EADDRINUSE/);
    await expect(startSigsocketServer({ port: 0, timeoutMs: -1, log: () => {} })).rejects.toThrow();
  });

  it('the noble fallback serves requests too', async () => {
    const s = await start({ verifier: 'noble' });
    expect(s.verifier).toBe('noble');
    const { w, key } = await typedWallet(s);
    const p = postSign(s.url, key.publicKeyHex, 'aGk=');
    const req = JSON.parse(await w.next());
    const sig = nobleSign(new TextEncoder().encode('hi'), key.secretKey);
    w.send(
      JSON.stringify({
        type: 'sign_response',
        request_id: req.request_id,
        message: req.message,
        signature: toBase64(sig),
      }),
    );
    expect((await p).status).toBe(200);
  });
});
