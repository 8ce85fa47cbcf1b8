// One wallet's WebSocket on the server: the introduction (which fixes the dialect), the proof of key
// possession, then answers handed to the hub; heartbeat bookkeeping; bad frames are logged and ignored.
import { randomBytes, randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import {
  bytesEqual,
  CLOSE_CODES,
  type Dialect,
  decodeIntroduction,
  decodeWalletFrame,
  encodeSignRequest,
  makeProofChallenge,
  signatureToCompact,
  toHex,
  type WalletFrame,
} from '../shared/sigsocket';
import type { CryptoBackend } from './crypto-backend';
import type { Hub, WalletLink } from './hub';
import type { LogFn } from './log';

export interface ConnectionContext {
  hub: Hub;
  backend: CryptoBackend;
  log: LogFn;
  plainRequests: 'plain' | 'id-json';
  introTimeoutMs: number;
  /** Time allowed between the challenge and its signed answer. */
  proofTimeoutMs: number;
  /** Goes into every challenge, so a proof made for one server cannot be replayed to another. */
  instanceId: string;
}

/** What the server learns about a connection while serving it. */
export interface WalletProbe {
  /** One heartbeat tick: pings, or terminates a connection that missed the previous ping. */
  ping(): void;
  /** Whether the connection has proved its key (only proven connections receive requests). */
  proven(): boolean;
}

/** A challenge sent and not answered yet. */
interface OpenChallenge {
  link: WalletLink;
  id: string;
  message: Uint8Array;
  sentAt: number;
  timer: ReturnType<typeof setTimeout>;
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

/** Why an answer to a challenge does not prove the key, or null when it does. */
function proofProblem(ctx: ConnectionContext, c: OpenChallenge, frame: WalletFrame): string | null {
  if (frame.kind === 'sign_rejected') return 'the wallet refused to sign the challenge';
  if (frame.kind !== 'sign_response') return 'unexpected frame';
  if (frame.requestId !== null && frame.requestId !== c.id) return 'answer to an unknown request';
  if (!bytesEqual(frame.message, c.message)) return 'answer carries a different message';
  const compact = signatureToCompact(frame.signature);
  if (compact === null) return 'malformed signature';
  if (!ctx.backend.verify(compact, c.message, Buffer.from(c.link.key, 'hex'))) return 'invalid signature';
  return null;
}

let serials = 0;

/** Serves one WebSocket until it closes; `onProven` runs once, when the key is proved. */
export function serveWallet(ws: WebSocket, ctx: ConnectionContext, remote: string, onProven = () => {}): WalletProbe {
  const serial = ++serials;
  let alive = true;
  /** Set once the key is proved: from then on the hub routes requests here. */
  let link: WalletLink | null = null;
  let challenge: OpenChallenge | null = null;
  let introduced = false;
  ctx.log('info', 'ws_open', { wallet: serial, remote });

  const introTimer = setTimeout(() => {
    ctx.log('warn', 'no_introduction', { wallet: serial });
    ws.close(CLOSE_CODES.badIntroduction, `no introduction within ${ctx.introTimeoutMs} ms`);
  }, ctx.introTimeoutMs);

  const refuseProof = (reason: string) => {
    if (challenge !== null) clearTimeout(challenge.timer);
    ctx.log('warn', 'proof_failed', { wallet: serial, key: challenge?.link.key, reason });
    challenge = null;
    ws.close(CLOSE_CODES.proofFailed, `proof of possession failed: ${reason}`.slice(0, 120));
  };

  /** Sends the challenge in the connection's own request shape; the key is registered only once it verifies. */
  const introduce = (text: string) => {
    clearTimeout(introTimer);
    introduced = true;
    const intro = decodeIntroduction(text);
    const compressed = intro.ok ? ctx.backend.compressPublicKey(intro.value.publicKey) : null;
    if (!intro.ok || compressed === null) {
      const reason = intro.ok ? 'public key is not a valid secp256k1 point' : intro.error;
      ctx.log('warn', 'bad_introduction', { wallet: serial, reason, bytes: text.length });
      ws.close(CLOSE_CODES.badIntroduction, `first frame must be an introduction: ${reason}`.slice(0, 120));
      return;
    }
    const family = intro.value.family;
    const requestShape: Dialect = family === 'json' ? 'json' : ctx.plainRequests;
    const candidate: WalletLink = {
      serial,
      key: toHex(compressed),
      family,
      requestShape,
      send: (frame) => {
        if (ws.readyState === ws.OPEN) ws.send(frame);
      },
      close: (code, reason) => ws.close(code, reason),
    };
    const message = makeProofChallenge(ctx.instanceId, randomBytes(32));
    const id = `proof-${randomUUID()}`;
    const timer = setTimeout(() => refuseProof(`no proof within ${ctx.proofTimeoutMs} ms`), ctx.proofTimeoutMs);
    challenge = { link: candidate, id, message, sentAt: performance.now(), timer };
    ctx.log('info', 'introduced', { wallet: serial, key: candidate.key, family, keyEncoding: intro.value.keyEncoding });
    candidate.send(encodeSignRequest(requestShape, { requestId: id, message }));
  };

  const answerChallenge = (c: OpenChallenge, text: string) => {
    const frame = decodeWalletFrame(c.link.family, text);
    if (!frame.ok) return refuseProof(frame.error);
    // A typed wallet may say the challenge reached it; the answer follows.
    if (frame.value.kind === 'pending') return;
    const problem = proofProblem(ctx, c, frame.value);
    if (problem !== null) return refuseProof(problem);
    clearTimeout(c.timer);
    challenge = null;
    link = c.link;
    // Microseconds: the proof step costs about one round trip, one sign and one verify.
    const ms = Math.round((performance.now() - c.sentAt) * 1000) / 1000;
    ctx.log('info', 'proven', { wallet: serial, key: link.key, ms });
    onProven();
    ctx.hub.register(link);
  };

  ws.on('message', (data, isBinary) => {
    alive = true;
    const text = frameText(data as Buffer, isBinary);
    if (text === null) {
      ctx.log('warn', 'bad_frame', { wallet: serial, reason: 'binary frame is not UTF-8' });
      return;
    }
    if (link !== null) {
      const frame = decodeWalletFrame(link.family, text);
      if (!frame.ok) {
        ctx.log('warn', 'bad_frame', { wallet: serial, key: link.key, reason: frame.error, bytes: text.length });
        return;
      }
      ctx.hub.onWalletFrame(link, frame.value);
      return;
    }
    if (challenge !== null) return answerChallenge(challenge, text);
    // Anything after a refused introduction or a failed proof is ignored while the close completes.
    if (!introduced) introduce(text);
  });
  ws.on('pong', () => {
    alive = true;
  });
  ws.on('error', (e) => {
    ctx.log('warn', 'ws_error', { wallet: serial, reason: e.message });
  });
  ws.on('close', (code, reason) => {
    clearTimeout(introTimer);
    if (challenge !== null) clearTimeout(challenge.timer);
    challenge = null;
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
    proven: () => link !== null,
  };
}
