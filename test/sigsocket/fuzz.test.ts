// fast-check fuzzing of every frame parser on both sides (well over 100,000 cases in total), then
// generated junk over real sockets to the real server and to the real client.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { SigsocketClient } from '../../electron/core/sigsocket';
import { startSigsocketServer } from '../../server/create-server';
import { createCryptoBackend } from '../../server/crypto-backend';
import { normalizeApiKey } from '../../server/http-api';
import { Hub } from '../../server/hub';
import {
  type Decoded,
  decodeIntroduction,
  decodeServerFrame,
  decodeWalletFrame,
  encodeIntroduction,
  encodeSignRequest,
  encodeSignResponse,
  fromBase64,
  normalizePublicKey,
  signatureToCompact,
  toBase64,
} from '../../shared/sigsocket';
import { provenRawWallet } from './raw-wallet';
import { autoSigner, getJson, makeKey, postSign, waitFor } from './support';

const RUNS = 12_000;
let total = 0;
afterAll(() => {
  expect(total).toBeGreaterThanOrEqual(100_000);
  console.log(`fuzz: ${total} parser cases`);
});

const key = makeKey();
const bytes = fc.uint8Array({ minLength: 0, maxLength: 80 });
const b64 = fc.oneof(
  bytes.map((b) => toBase64(b)),
  fc.string({ maxLength: 20 }),
  fc.constant(''),
);
const loose = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.constant({}), fc.constant([]));
/** JSON frames shaped like the real ones, with every field sometimes wrong. */
const jsonish = fc
  .record(
    {
      type: fc.oneof(
        fc.constantFrom('introduction', 'sign_request', 'sign_response', 'sign_rejected', 'pending'),
        loose,
      ),
      request_id: fc.oneof(fc.string({ maxLength: 250 }), loose),
      id: fc.oneof(fc.string({ maxLength: 10 }), loose),
      message: fc.oneof(b64, loose),
      signature: fc.oneof(b64, loose),
      public_key: fc.oneof(
        fc.constantFrom(key.publicKeyHex, key.uncompressedHex, toBase64(Buffer.from(key.publicKeyHex, 'hex'))),
        fc.string(),
        loose,
      ),
      reason: fc.oneof(fc.string(), loose),
    },
    { requiredKeys: [] },
  )
  .map((o) => JSON.stringify(o));
/** Valid frames with a few characters changed, inserted or cut. */
const valid = fc.constantFrom(
  encodeIntroduction('json', key.publicKeyHex),
  encodeSignRequest('json', { requestId: 'r', message: Uint8Array.of(1, 2, 3) }),
  encodeSignRequest('id-json', { requestId: 'r', message: Uint8Array.of(1, 2, 3) }),
  encodeSignResponse('json', { requestId: 'r', message: Uint8Array.of(1), signature: new Uint8Array(64) }),
  encodeSignResponse('plain', { requestId: null, message: Uint8Array.of(1), signature: new Uint8Array(64) }),
  key.publicKeyHex,
);
const mutated = fc
  .tuple(valid, fc.nat(), fc.string({ maxLength: 3 }), fc.nat({ max: 3 }))
  .map(([v, at, ins, cut]) => v.slice(0, at % (v.length + 1)) + ins + v.slice((at % (v.length + 1)) + cut));
const frame = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json(), jsonish, mutated, b64);

/** The parser contract: never throws, returns a well-formed Decoded. */
function wellFormed<T>(d: Decoded<T>): boolean {
  return d.ok ? d.value !== undefined : typeof d.error === 'string' && d.error.length > 0;
}

/** Runs one property with RUNS cases and counts them. */
function check<Ts extends unknown[]>(prop: fc.IProperty<Ts>) {
  fc.assert(prop, { numRuns: RUNS });
  total += RUNS;
}

describe('server-side parsers', () => {
  it('decodeIntroduction', () => {
    check(fc.property(frame, (t) => wellFormed(decodeIntroduction(t))));
  });
  it('decodeWalletFrame (typed JSON)', () => {
    check(
      fc.property(frame, (t) => {
        const d = decodeWalletFrame('json', t);
        return wellFormed(d) && (!d.ok || d.value.kind !== 'sign_response' || d.value.message.length > 0);
      }),
    );
  });
  it('decodeWalletFrame (bare hex: plain and id-json)', () => {
    check(fc.property(frame, (t) => wellFormed(decodeWalletFrame('hex', t))));
  });
  it('POST /sign field parsers: public key normalisation, base64, signatures', () => {
    const hub = new Hub({
      timeoutMs: 1000,
      maxPendingPerKey: 1,
      maxPendingTotal: 1,
      maxPendingBytes: 1,
      ratePerKey: 1,
      reconnectGraceMs: 0,
      backend: createCryptoBackend('native'),
      log: () => {},
      encodeRequest: () => '',
    });
    const backend = createCryptoBackend('native');
    check(
      fc.property(frame, (t) => {
        const k = normalizeApiKey(t, hub, backend);
        const m = fromBase64(t);
        const sig = m === null ? null : signatureToCompact(m);
        return (k === null || /^0[23][0-9a-f]{64}$/.test(k)) && (sig === null || sig.length === 64);
      }),
    );
  });
});

describe('wallet-side parsers', () => {
  for (const dialect of ['json', 'plain', 'id-json'] as const) {
    it(`decodeServerFrame (${dialect})`, () => {
      check(
        fc.property(frame, (t) => {
          const d = decodeServerFrame(dialect, t);
          return (
            wellFormed(d) &&
            (!d.ok || (d.value.message.length > 0 && (d.value.shape === 'plain') === (d.value.requestId === null)))
          );
        }),
      );
    });
  }
  it('normalizePublicKey (browser-safe, noble)', () => {
    check(
      fc.property(frame, (t) => {
        const k = normalizePublicKey(t);
        return k === null || k.length === 66;
      }),
    );
  });
});

describe('round trips', () => {
  it('every dialect carries any message and id through both sides unchanged', () => {
    const id = fc.string({ minLength: 1, maxLength: 200 });
    check(
      fc.property(
        fc.constantFrom('plain', 'json', 'id-json'),
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        id,
        (shape, message, requestId) => {
          const req = decodeServerFrame(
            shape === 'json' ? 'json' : 'plain',
            encodeSignRequest(shape, { requestId, message }),
          );
          if (!req.ok || Buffer.compare(req.value.message, message) !== 0) return false;
          const sig = new Uint8Array(64).fill(9);
          const res = decodeWalletFrame(
            shape === 'json' ? 'json' : 'hex',
            encodeSignResponse(shape, { ...req.value, signature: sig }),
          );
          return (
            res.ok &&
            res.value.kind === 'sign_response' &&
            res.value.requestId === (shape === 'plain' ? null : requestId)
          );
        },
      ),
    );
  });
});

describe('generated junk over real sockets', () => {
  const junk = fc.sample(frame, 2000);

  it('the server ignores junk after an introduction and keeps serving', async () => {
    const server = await startSigsocketServer({ port: 0, log: () => {} });
    try {
      const introduction = JSON.stringify({ type: 'introduction', public_key: key.publicKeyHex });
      const w = await provenRawWallet(server.wsUrl, introduction, key.secretKey);
      await waitFor(
        async () => (await getJson(`${server.url}/connected/${key.publicKeyHex}`)).body.connected,
        'proven',
      );
      for (const j of junk) w.send(j);
      await waitFor(
        async () => (await getJson(`${server.url}/connected/${key.publicKeyHex}`)).body.connected,
        'still connected',
      );
      const p = postSign(server.url, key.publicKeyHex, 'c3RpbGwgaGVyZQ==');
      const req = JSON.parse(await w.next());
      expect(req.type).toBe('sign_request');
      w.send(JSON.stringify({ type: 'sign_rejected', request_id: req.request_id, reason: 'fuzzed' }));
      expect((await p).status).toBe(403);
      w.ws.close();
    } finally {
      await server.close();
    }
  });

  it('the client ignores junk from a server and still signs the valid request after it', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    const answers: string[] = [];
    wss.on('connection', (ws) => {
      ws.once('message', () => {
        for (const j of junk) ws.send(j);
        ws.send(encodeSignRequest('json', { requestId: 'after-junk', message: Uint8Array.of(42) }));
        ws.on('message', (d) => answers.push(String(d)));
      });
    });
    const port = (wss.address() as { port: number }).port;
    const signer = autoSigner(key);
    const client = new SigsocketClient({
      url: `ws://127.0.0.1:${port}`,
      publicKeyHex: key.publicKeyHex,
      handler: signer.handler,
      signProof: signer.signProof,
    });
    client.start();
    try {
      await waitFor(
        () => answers.some((a) => a.includes('"after-junk"') && a.includes('sign_response')),
        'answer',
        10_000,
      );
      expect(client.status.state).toBe('connected');
    } finally {
      await client.stop();
      await new Promise<void>((r) => wss.close(() => r()));
    }
  });
});
