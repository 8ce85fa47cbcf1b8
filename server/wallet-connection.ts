// One wallet's WebSocket on the server: the introduction (which fixes the dialect), then answers
// handed to the hub; heartbeat bookkeeping; bad frames are logged and ignored.
import type { WebSocket } from 'ws';
import { type Dialect, decodeIntroduction, decodeWalletFrame, toHex } from '../shared/sigsocket';
import type { CryptoBackend } from './crypto-backend';
import type { Hub, WalletLink } from './hub';
import type { LogFn } from './log';

/** Close code for a first frame that is not a valid introduction (policy violation). */
export const CLOSE_BAD_INTRODUCTION = 1008;

export interface ConnectionContext {
  hub: Hub;
  backend: CryptoBackend;
  log: LogFn;
  plainRequests: 'plain' | 'id-json';
  introTimeoutMs: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Frames arrive as text; binary frames are read as strict UTF-8 so lenient clients still work. */
function frameText(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): string | null {
  const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  if (!isBinary) return buf.toString('utf8');
  try {
    return utf8.decode(buf);
  } catch {
    return null;
  }
}

let serials = 0;

/** Serves one WebSocket until it closes; returns its heartbeat probe for the server's ping loop. */
export function serveWallet(ws: WebSocket, ctx: ConnectionContext, remote: string): { ping(): void } {
  const serial = ++serials;
  let alive = true;
  let link: WalletLink | null = null;
  ctx.log('info', 'ws_open', { wallet: serial, remote });

  const introTimer = setTimeout(() => {
    ctx.log('warn', 'no_introduction', { wallet: serial });
    ws.close(CLOSE_BAD_INTRODUCTION, `no introduction within ${ctx.introTimeoutMs} ms`);
  }, ctx.introTimeoutMs);

  const introduce = (text: string) => {
    clearTimeout(introTimer);
    const intro = decodeIntroduction(text);
    const compressed = intro.ok ? ctx.backend.compressPublicKey(intro.value.publicKey) : null;
    if (!intro.ok || compressed === null) {
      const reason = intro.ok ? 'public key is not a valid secp256k1 point' : intro.error;
      ctx.log('warn', 'bad_introduction', { wallet: serial, reason, bytes: text.length });
      ws.close(CLOSE_BAD_INTRODUCTION, `first frame must be an introduction: ${reason}`.slice(0, 120));
      return;
    }
    const family = intro.value.family;
    const requestShape: Dialect = family === 'json' ? 'json' : ctx.plainRequests;
    link = {
      serial,
      key: toHex(compressed),
      family,
      requestShape,
      send: (frame) => {
        if (ws.readyState === ws.OPEN) ws.send(frame);
      },
      close: (code, reason) => ws.close(code, reason),
    };
    ctx.log('info', 'introduced', { wallet: serial, key: link.key, family, keyEncoding: intro.value.keyEncoding });
    ctx.hub.register(link);
  };

  ws.on('message', (data, isBinary) => {
    alive = true;
    const text = frameText(data as Buffer, isBinary);
    if (text === null) {
      ctx.log('warn', 'bad_frame', { wallet: serial, reason: 'binary frame is not UTF-8' });
      return;
    }
    if (link === null) {
      introduce(text);
      return;
    }
    const frame = decodeWalletFrame(link.family, text);
    if (!frame.ok) {
      ctx.log('warn', 'bad_frame', { wallet: serial, key: link.key, reason: frame.error, bytes: text.length });
      return;
    }
    ctx.hub.onWalletFrame(link, frame.value);
  });
  ws.on('pong', () => {
    alive = true;
  });
  ws.on('error', (e) => {
    ctx.log('warn', 'ws_error', { wallet: serial, reason: e.message });
  });
  ws.on('close', (code, reason) => {
    clearTimeout(introTimer);
    ctx.log('info', 'ws_close', { wallet: serial, key: link?.key, code, reason: reason.toString().slice(0, 120) });
    if (link !== null) ctx.hub.unregister(link);
  });

  return {
    ping() {
      if (!alive) {
        ctx.log('warn', 'heartbeat_timeout', { wallet: serial, key: link?.key });
        ws.terminate();
        return;
      }
      alive = false;
      if (ws.readyState === ws.OPEN) ws.ping();
    },
  };
}
