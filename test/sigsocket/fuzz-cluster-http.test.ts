// fast-check fuzzing of what this server added to the protocol: the proof challenge check, the NATS
// frames instances exchange, and POST /sign bodies and headers against a live server, which must answer
// every one with a precise status and keep serving.
import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAsk, decodeReply, decodeStatusReply, encodeAsk } from '../../server/cluster/cluster-wire';
import { type SigsocketServer, startSigsocketServer } from '../../server/create-server';
import { hasProofPrefix, isProofChallenge, makeProofChallenge } from '../../shared/sigsocket';
import { provenRawWallet } from './raw-wallet';
import { getJson, makeKey, waitFor } from './support';

const RUNS = 5_000;
const encoder = new TextEncoder();
const loose = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.constant({}));
const wireLike = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc
    .record(
      {
        op: fc.oneof(fc.constantFrom('sign', 'here'), loose),
        t: fc.oneof(fc.constantFrom('beat', 'here', 'signed', 'failed'), loose),
        message: fc.oneof(fc.base64String(), loose),
        signature: fc.oneof(fc.base64String(), loose),
        status: fc.oneof(fc.integer({ min: 0, max: 1000 }), loose),
        error: fc.oneof(fc.string({ maxLength: 700 }), loose),
        id: fc.oneof(fc.string({ maxLength: 80 }), loose),
        connections: fc.oneof(fc.integer(), loose),
        pending: fc.oneof(fc.integer(), loose),
        instance: fc.oneof(fc.string({ maxLength: 80 }), loose),
      },
      { requiredKeys: [] },
    )
    .map((o) => encoder.encode(JSON.stringify(o))),
);

describe('parsers', () => {
  it('the proof check never throws, accepts every real challenge and nothing without the prefix', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const challenge = isProofChallenge(b);
        expect(!challenge || hasProofPrefix(b)).toBe(true);
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (id, r) => {
          const c = makeProofChallenge(id, r);
          expect(isProofChallenge(c)).toBe(true);
          // One byte more or less is no longer a challenge.
          expect(isProofChallenge(c.slice(0, -1))).toBe(false);
          expect(isProofChallenge(Uint8Array.from([...c, 0x30]))).toBe(false);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('cluster frames: decoders never throw and return only well-formed values', () => {
    fc.assert(
      fc.property(wireLike, (data) => {
        const ask = decodeAsk(data, 4096);
        if (ask?.op === 'sign') expect(ask.message.length).toBeGreaterThan(0);
        const reply = decodeReply(data, 4096);
        if (reply?.t === 'failed') expect(reply.status).toBeGreaterThanOrEqual(400);
        const st = decodeStatusReply(data);
        if (st !== null) expect(st.connections).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (message) => {
        expect(decodeAsk(encodeAsk({ op: 'sign', message }), 4096)).toEqual({ op: 'sign', message });
      }),
      { numRuns: 1_000 },
    );
    // Oversized frames are refused before parsing.
    expect(decodeAsk(encoder.encode(`{"op":"here","pad":"${'x'.repeat(6000)}"}`), 4096)).toBeNull();
  });
});

describe('POST /sign bodies and headers, against a live server', () => {
  let s: SigsocketServer;
  const key = makeKey();
  beforeAll(async () => {
    s = await startSigsocketServer({ port: 0, log: () => {}, maxFrameBytes: 4096, ratePerKey: 1e6 });
    await provenRawWallet(s.wsUrl, key.publicKeyHex, key.secretKey);
    await waitFor(async () => (await getJson(`${s.url}/connected/${key.publicKeyHex}`)).body.connected, 'proven');
  });
  afterAll(() => s?.close());

  const post = (body: string, headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: s.port, path: '/sign', method: 'POST', headers, agent: false },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  it('every generated body gets 400, 404 or 413; every foreign header gets 403 or 415', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.json({ maxDepth: 2 }),
      fc
        .record(
          {
            public_key: fc.oneof(fc.constant(makeKey().publicKeyHex), fc.string({ maxLength: 140 }), loose),
            message: fc.oneof(fc.base64String({ maxLength: 80 }), loose),
          },
          { requiredKeys: [] },
        )
        .map((o) => JSON.stringify(o)),
      fc.constant(JSON.stringify({ public_key: makeKey().publicKeyHex, message: 'x'.repeat(8000) })),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const status = await post(b, { host: `127.0.0.1:${s.port}`, 'content-type': 'application/json' });
        expect([400, 404, 413]).toContain(status);
      }),
      { numRuns: 300 },
    );
    const header = fc.record({
      type: fc.oneof(fc.constantFrom('text/plain', 'application/jsonx', '', 'json'), fc.string({ maxLength: 30 })),
      host: fc.oneof(fc.domain(), fc.constant(`127.0.0.1:${s.port}`)),
      origin: fc.option(
        fc.webUrl().map((u) => new URL(u).origin),
        { nil: undefined },
      ),
    });
    await fc.assert(
      fc.asyncProperty(header, async (h) => {
        const headers: Record<string, string> = { host: h.host, 'content-type': h.type.replace(/[^\x20-\x7e]/g, '') };
        if (h.origin !== undefined) headers.origin = h.origin;
        const status = await post(JSON.stringify({ public_key: key.publicKeyHex, message: 'aGk=' }), headers);
        const foreign = h.host !== `127.0.0.1:${s.port}` && h.host !== 'localhost' && h.host !== '127.0.0.1';
        if (foreign || h.origin !== undefined) expect(status).toBe(403);
        else expect(status).toBe(415);
      }),
      { numRuns: 300 },
    );
    expect((await getJson(`${s.url}/connected/${key.publicKeyHex}`)).body.connected).toBe(true);
  }, 60_000);
});
