// A hand-driven wallet for server tests: a bare `ws` socket that sends exactly what a test says,
// including things our own client never would (bad signatures, DER, junk, silence).
import WebSocket from 'ws';
import { decodeServerFrame, encodeSignResponse } from '../../shared/sigsocket';
import { at } from '../helpers/at';
import { nobleSign } from './support';

export interface RawWallet {
  ws: WebSocket;
  /** Frames received so far, as text. */
  frames: string[];
  /** Resolves with the next frame not yet taken. */
  next(timeoutMs?: number): Promise<string>;
  send(text: string): void;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a socket to `url`, optionally sends `introduction`, and records every frame. */
export async function rawWallet(
  url: string,
  introduction?: string,
  opts: WebSocket.ClientOptions = {},
): Promise<RawWallet> {
  const ws = new WebSocket(url, opts);
  const frames: string[] = [];
  let taken = 0;
  const waiting: (() => void)[] = [];
  ws.on('message', (d) => {
    frames.push(d.toString());
    for (const w of waiting.splice(0)) w();
  });
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((res) =>
    ws.once('close', (code, reason) => res({ code, reason: reason.toString() })),
  );
  await new Promise<void>((res, rej) => {
    ws.once('open', () => res());
    ws.once('error', rej);
  });
  if (introduction !== undefined) ws.send(introduction);
  return {
    ws,
    frames,
    closed,
    send: (t) => ws.send(t),
    next: async (timeoutMs = 3000) => {
      const deadline = Date.now() + timeoutMs;
      while (taken >= frames.length) {
        if (Date.now() > deadline) throw new Error('no frame arrived');
        await new Promise<void>((r) => {
          waiting.push(r);
          setTimeout(r, 20);
        });
      }
      return at(frames, taken++);
    },
  };
}

/**
 * What any wallet that follows the protocol text does after its introduction: it signs the first
 * request, which is the server's proof-of-possession challenge. Resolves with the wallet once it
 * answered, the challenge taken off its frames.
 */
export async function provenRawWallet(
  url: string,
  introduction: string,
  secretKey: Uint8Array,
  opts: WebSocket.ClientOptions = {},
): Promise<RawWallet & { challenge: Uint8Array }> {
  const w = await rawWallet(url, introduction, opts);
  const request = decodeServerFrame(introduction.startsWith('{') ? 'json' : 'plain', await w.next());
  if (!request.ok) throw new Error(`the first frame is not a sign request: ${request.error}`);
  w.send(
    encodeSignResponse(request.value.shape, {
      ...request.value,
      signature: nobleSign(request.value.message, secretKey),
    }),
  );
  return { ...w, challenge: request.value.message };
}
