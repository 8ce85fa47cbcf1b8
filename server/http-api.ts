// The HTTP endpoints: POST /sign, GET /status, GET /connected/{public_key}, GET /metrics, /healthz and
// /readyz. Every answer but /metrics is JSON; every error carries a precise status and `{"error": …}`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromBase64, publicKeyBytesFromText, SignBodySchema, toBase64, toHex } from '../shared/sigsocket';
import type { CryptoBackend } from './crypto-backend';
import type { Verdict } from './http-guard';
import type { Hub } from './hub';
import type { LogFn } from './log';
import type { ServerMetrics } from './metrics';
import type { SignRouter } from './router';

export interface HttpContext {
  hub: Hub;
  router: SignRouter;
  backend: CryptoBackend;
  log: LogFn;
  metrics: ServerMetrics;
  maxFrameBytes: number;
  /** Host, Origin and token checks. */
  guard: (req: IncomingMessage, path: string) => Verdict;
  /** Whether the request's connection is over its address's connection limit (it is answered 429). */
  overLimit: (req: IncomingMessage) => boolean;
  /** Listening and, when clustered, connected to NATS. */
  ready: () => boolean;
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

/** Whether a Content-Type header names JSON (parameters such as charset allowed). */
export function isJsonContentType(header: string | undefined): boolean {
  const [mediaType = ''] = (header ?? '').split(';');
  return mediaType.trim().toLowerCase() === 'application/json';
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
  // A web page can send text/plain without a preflight; only JSON is a sign request.
  if (!isJsonContentType(req.headers['content-type'])) {
    refused(ctx, req, 415, 'content_type');
    return send(res, 415, { error: 'Content-Type must be application/json' }, { connection: 'close' });
  }
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
  const started = performance.now();
  const outcome = await ctx.router.sign(key, message, (cancel) =>
    res.once('close', () => {
      if (!res.writableFinished) cancel();
    }),
  );
  ctx.metrics.signed(outcome.ok ? 200 : outcome.status, (performance.now() - started) / 1000);
  if (outcome.ok) {
    return send(res, 200, { message: toBase64(outcome.message), signature: toBase64(outcome.signature) });
  }
  if (outcome.status === 429 || outcome.status === 503) refused(ctx, req, outcome.status, outcome.error);
  const headers: Record<string, string> = outcome.status === 429 ? { 'retry-after': '1' } : {};
  send(res, outcome.status, { error: outcome.error }, headers);
}

/** The one log line and counter of a refusal. */
function refused(ctx: HttpContext, req: IncomingMessage, status: number, reason: string): void {
  ctx.metrics.refused(reason);
  ctx.log('warn', 'refused', { status, reason, remote: req.socket.remoteAddress, path: (req.url ?? '').slice(0, 80) });
}

/** GET only. */
function getOnly(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET') return true;
  send(res, 405, { error: 'use GET' }, { allow: 'GET' });
  return false;
}

/** Routes one HTTP request; anything unexpected becomes a 500 with a generic text, never a crash. */
export async function handleHttp(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): Promise<void> {
  try {
    const [path = '/'] = (req.url ?? '/').split('?');
    if (ctx.overLimit(req)) {
      refused(ctx, req, 429, 'connections_per_ip');
      return send(res, 429, { error: 'too many connections from this address' }, { connection: 'close' });
    }
    const verdict = ctx.guard(req, path);
    if (!verdict.ok) {
      refused(ctx, req, verdict.status, verdict.reason);
      const headers: Record<string, string> = verdict.status === 401 ? { 'www-authenticate': 'Bearer' } : {};
      return send(res, verdict.status, { error: verdict.error }, headers);
    }
    if (path === '/sign') {
      if (req.method !== 'POST') return send(res, 405, { error: 'use POST' }, { allow: 'POST' });
      return await postSign(req, res, ctx);
    }
    if (path === '/healthz') {
      if (getOnly(req, res)) send(res, 200, { ok: true });
      return;
    }
    if (path === '/readyz') {
      if (!getOnly(req, res)) return;
      return ctx.ready() ? send(res, 200, { ready: true }) : send(res, 503, { ready: false });
    }
    if (path === '/metrics') {
      if (!getOnly(req, res)) return;
      const text = await ctx.metrics.registry.metrics();
      res.writeHead(200, { 'content-type': ctx.metrics.registry.contentType, 'cache-control': 'no-store' });
      res.end(text);
      return;
    }
    if (path === '/status') {
      if (getOnly(req, res)) send(res, 200, await ctx.router.status());
      return;
    }
    if (path.startsWith('/connected/')) {
      if (!getOnly(req, res)) return;
      let text: string;
      try {
        text = decodeURIComponent(path.slice('/connected/'.length));
      } catch {
        return send(res, 400, { error: 'public key is not valid URL encoding' });
      }
      const key = normalizeApiKey(text, ctx.hub, ctx.backend);
      if (key === null) return send(res, 400, { error: 'not a valid secp256k1 public key (hex or base64)' });
      return send(res, 200, { connected: await ctx.router.connected(key) });
    }
    if (path === '/ws') return send(res, 426, { error: 'WebSocket upgrade required' }, { upgrade: 'websocket' });
    send(res, 404, { error: 'not found' });
  } catch (e) {
    ctx.log('error', 'http_error', { reason: (e as Error).message });
    send(res, 500, { error: 'internal error' });
  }
}
