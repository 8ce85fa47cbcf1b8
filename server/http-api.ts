// The HTTP endpoints: POST /sign, GET /status, GET /connected/{public_key}. Every answer is JSON;
// every error carries a precise status and `{"error": …}`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromBase64, publicKeyBytesFromText, SignBodySchema, toBase64, toHex } from '../shared/sigsocket';
import type { CryptoBackend } from './crypto-backend';
import type { Hub } from './hub';
import type { LogFn } from './log';

export interface HttpContext {
  hub: Hub;
  backend: CryptoBackend;
  log: LogFn;
  maxFrameBytes: number;
}

/** Room a sign request frame needs beyond the base64 message: JSON keys, a UUID, quotes. */
const FRAME_OVERHEAD = 128;
const COMPRESSED_HEX = /^0[23][0-9a-f]{64}$/;

/** Writes a JSON answer; `no-store` because every answer is about one moment. */
function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Reads a request body up to `limit` bytes; null when it is larger (the caller answers 413). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A public key from the API as compressed hex, or null if it is not a valid point. Hex or base64,
 * compressed or not: the registry is keyed on compressed hex, so every form finds the same wallet.
 */
export function normalizeApiKey(text: string, hub: Hub, backend: CryptoBackend): string | null {
  // Fast path: a connected key in canonical form needs no curve arithmetic.
  if (COMPRESSED_HEX.test(text) && hub.isConnected(text)) return text;
  const parsed = publicKeyBytesFromText(text.trim());
  if (parsed === null) return null;
  const compressed = backend.compressPublicKey(parsed.bytes);
  return compressed === null ? null : toHex(compressed);
}

/** POST /sign: validate, route to the wallet, wait, answer with the verified signature or a precise error. */
async function postSign(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): Promise<void> {
  const raw = await readBody(req, ctx.maxFrameBytes + 4096);
  if (raw === null) return send(res, 413, { error: 'request body too large' }, { connection: 'close' });
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return send(res, 400, { error: 'body is not JSON' });
  }
  const body = SignBodySchema.safeParse(json);
  if (!body.success) return send(res, 400, { error: 'body must be {"public_key": string, "message": base64 string}' });
  const key = normalizeApiKey(body.data.public_key, ctx.hub, ctx.backend);
  if (key === null) return send(res, 400, { error: 'public_key is not a valid secp256k1 public key (hex or base64)' });
  const message = fromBase64(body.data.message);
  if (message === null) return send(res, 400, { error: 'message is not valid base64' });
  if (message.length === 0) return send(res, 400, { error: 'message is empty' });
  if (body.data.message.length + FRAME_OVERHEAD > ctx.maxFrameBytes) {
    return send(res, 413, { error: 'message too large for the frame limit' });
  }
  const outcome = await ctx.hub.submit(key, message, (cancel) =>
    res.once('close', () => {
      if (!res.writableFinished) cancel();
    }),
  );
  if (outcome.ok) {
    return send(res, 200, { message: toBase64(outcome.message), signature: toBase64(outcome.signature) });
  }
  const headers: Record<string, string> = outcome.status === 429 ? { 'retry-after': '1' } : {};
  send(res, outcome.status, { error: outcome.error }, headers);
}

/** Routes one HTTP request; anything unexpected becomes a 500 with a generic text, never a crash. */
export async function handleHttp(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): Promise<void> {
  try {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/sign') {
      if (req.method !== 'POST') return send(res, 405, { error: 'use POST' }, { allow: 'POST' });
      return await postSign(req, res, ctx);
    }
    if (path === '/status') {
      if (req.method !== 'GET') return send(res, 405, { error: 'use GET' }, { allow: 'GET' });
      return send(res, 200, ctx.hub.stats());
    }
    if (path.startsWith('/connected/')) {
      if (req.method !== 'GET') return send(res, 405, { error: 'use GET' }, { allow: 'GET' });
      let text: string;
      try {
        text = decodeURIComponent(path.slice('/connected/'.length));
      } catch {
        return send(res, 400, { error: 'public key is not valid URL encoding' });
      }
      const key = normalizeApiKey(text, ctx.hub, ctx.backend);
      if (key === null) return send(res, 400, { error: 'not a valid secp256k1 public key (hex or base64)' });
      return send(res, 200, { connected: ctx.hub.isConnected(key) });
    }
    if (path === '/ws') return send(res, 426, { error: 'WebSocket upgrade required' }, { upgrade: 'websocket' });
    send(res, 404, { error: 'not found' });
  } catch (e) {
    ctx.log('error', 'http_error', { reason: (e as Error).message });
    send(res, 500, { error: 'internal error' });
  }
}
