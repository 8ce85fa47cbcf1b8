// The wallet's connection to one SigSocket server: connect, introduce, hand each request to the
// handler, reply in the request's dialect; reconnect with backoff and never sign a replay twice.
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { backoffDelay } from '../../../shared/backoff';
import { WalletError } from '../../../shared/errors';
import { type Dialect, decodeServerFrame, encodeIntroduction, resolveDialect } from '../../../shared/sigsocket';
import { issueMessage } from '../../../shared/zod-issue';
import { describeClose, describeSocketError, isFatalClose } from './failures';
import {
  ClientOptionsSchema,
  type ResolvedClientOptions,
  type SigsocketClientOptions,
  type SigsocketStatus,
} from './options';
import { peerSpkiSha256 } from './peer-certificate';
import { RequestResponder } from './request-responder';

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** How long after the introduction a server that asks for no proof is taken as ready anyway. */
const NO_CHALLENGE_MS = 1000;

export class SigsocketClient {
  readonly url: string;
  /** `url`, then the alternates: connection attempts go round them, one per failure. */
  private readonly endpoints: string[];
  private endpointIndex = 0;
  readonly dialect: Dialect;
  private readonly opts: ResolvedClientOptions;
  private readonly responder: RequestResponder;
  private readonly listeners = new Set<(s: SigsocketStatus) => void>();
  private current: SigsocketStatus = { state: 'stopped' };
  private ws: WebSocket | null = null;
  /** Bumped on every successful open: replies only go to requests received on the live connection. */
  private generation = 0;
  private attempt = 0;
  private running = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  /** Reports `connected` when a server that asks for no proof stays silent after the introduction. */
  private readyTimer: ReturnType<typeof setTimeout> | null = null;

  /** Validates the options; throws WalletError('bad_input') with the first problem. */
  constructor(options: SigsocketClientOptions) {
    const parsed = ClientOptionsSchema.safeParse(options);
    if (!parsed.success) throw new WalletError('bad_input', issueMessage(parsed.error));
    this.opts = parsed.data;
    this.url = parsed.data.url;
    this.endpoints = [...new Set([parsed.data.url, ...parsed.data.alternateUrls])];
    this.dialect = resolveDialect(parsed.data.dialect);
    this.responder = new RequestResponder({
      url: this.url,
      handler: parsed.data.handler,
      signProof: parsed.data.signProof,
      rememberMs: parsed.data.rememberMs,
      generation: () => this.generation,
      send: (text) => this.send(text),
      ready: () => this.markConnected(),
      log: (fields) => this.log(fields),
    });
  }

  get status(): SigsocketStatus {
    return this.current;
  }

  /** Subscribes to status changes; returns the unsubscribe function. */
  onStatus(listener: (s: SigsocketStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connects and keeps reconnecting until stop(); a no-op while already running. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    this.connect();
  }

  /** Closes the connection and stops reconnecting. Decisions still pending are remembered, not sent. */
  async stop(): Promise<void> {
    this.running = false;
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    if (ws !== null && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        const cut = setTimeout(() => ws.terminate(), 1000);
        ws.once('close', () => {
          clearTimeout(cut);
          resolve();
        });
        ws.close(1000, 'wallet stopped');
      });
    }
    this.setStatus({ state: 'stopped' });
  }

  // ## Connection lifecycle

  private connect(): void {
    this.setStatus({ state: 'connecting' });
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.endpoint, {
        ca: this.opts.ca === undefined ? undefined : [Buffer.from(this.opts.ca)],
        maxPayload: this.opts.maxFrameBytes,
        handshakeTimeout: this.opts.connectTimeoutMs,
        perMessageDeflate: false,
      });
    } catch (e) {
      this.fail(`cannot connect: ${(e as Error).message}`);
      return;
    }
    this.ws = ws;
    let lastError = 'connection closed';
    let fatal: string | null = null;
    // Judged before 'open', so a refused server never even hears which key this wallet serves.
    let refusal: string | null = null;
    ws.on('upgrade', (res) => {
      refusal = this.certificateRefusal(res);
    });
    ws.on('open', () => {
      if (refusal === null) return this.onOpen(ws);
      this.ws = null;
      ws.terminate();
      this.fail(refusal);
    });
    ws.on('message', (data, isBinary) => this.onMessage(ws, data as Buffer, isBinary));
    ws.on('error', (e) => {
      const described = describeSocketError(e);
      lastError = described.reason;
      if (described.fatal) fatal = described.reason;
      this.log({ event: 'socket_error', reason: described.reason });
    });
    ws.on('close', (code, reasonBuf) => {
      this.stopPing();
      if (this.readyTimer !== null) clearTimeout(this.readyTimer);
      this.readyTimer = null;
      if (this.ws !== ws) return;
      this.ws = null;
      const reason = reasonBuf.toString();
      this.log({ event: 'closed', code, reason });
      if (!this.running) return;
      const closeFatal = isFatalClose(code, reason);
      if (fatal !== null || closeFatal !== null) return this.fail((fatal ?? closeFatal) as string);
      this.scheduleReconnect(code === 1006 || code === 1005 ? lastError : describeClose(code, reason));
    });
  }

  private onOpen(ws: WebSocket): void {
    if (this.ws !== ws) return;
    this.generation++;
    this.attempt = 0;
    ws.send(encodeIntroduction(this.dialect, this.opts.publicKeyHex));
    this.startPing(ws);
    this.log({ event: 'open', dialect: this.dialect, endpoint: this.endpoint });
    this.readyTimer = setTimeout(() => this.markConnected(), NO_CHALLENGE_MS);
  }

  /**
   * `connected` means the server can route requests here: the proof answer went out (the server registers
   * the key once it verifies), or requests arrive without one (a server that asks for no proof).
   */
  private markConnected(): void {
    if (this.readyTimer !== null) clearTimeout(this.readyTimer);
    this.readyTimer = null;
    if (this.ws === null || this.current.state === 'connected') return;
    this.log({ event: 'connected', dialect: this.dialect });
    this.setStatus({ state: 'connected', dialect: this.dialect });
  }

  /** The checkCertificate verdict on a wss:// server; a TLS socket without a certificate is refused too. */
  private certificateRefusal(res: IncomingMessage): string | null {
    const check = this.opts.checkCertificate;
    if (check === undefined || !this.endpoint.startsWith('wss:')) return null;
    const spki = peerSpkiSha256(res);
    return spki === null ? 'the server showed no certificate to check against its pin' : check(spki);
  }

  /** The endpoint the next (or current) connection uses. */
  private get endpoint(): string {
    // endpoints always holds the primary URL, and endpointIndex only moves modulo its length.
    return this.endpoints[this.endpointIndex]!;
  }

  /** Fails over to the next endpoint, if there is more than one; the backoff still applies. */
  private scheduleReconnect(lastError: string): void {
    this.endpointIndex = (this.endpointIndex + 1) % this.endpoints.length;
    const delay = backoffDelay(this.attempt, this.opts.backoff);
    const attempt = ++this.attempt;
    const nextAttemptAt = Date.now() + delay;
    this.log({ event: 'reconnecting', attempt, delayMs: delay, reason: lastError });
    this.setStatus({ state: 'reconnecting', nextAttemptAt, attempt, lastError });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.running) this.connect();
    }, delay);
  }

  /** A failure retrying cannot fix (refused introduction, untrusted certificate, wrong URL): stop and say why. */
  private fail(reason: string): void {
    this.running = false;
    this.clearTimers();
    this.log({ event: 'error', reason });
    this.setStatus({ state: 'error', reason });
  }

  /** Our own pings: a server that misses one is gone (half-open TCP), so reconnect rather than wait. */
  private startPing(ws: WebSocket): void {
    this.stopPing();
    let awaitingPong = false;
    ws.on('pong', () => {
      awaitingPong = false;
    });
    this.pingTimer = setInterval(() => {
      if (awaitingPong) {
        this.log({ event: 'heartbeat_timeout' });
        ws.terminate();
        return;
      }
      awaitingPong = true;
      ws.ping();
    }, this.opts.pingIntervalMs);
  }

  private stopPing(): void {
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private clearTimers(): void {
    this.stopPing();
    if (this.readyTimer !== null) clearTimeout(this.readyTimer);
    this.readyTimer = null;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  // ## Requests

  private onMessage(ws: WebSocket, data: Buffer, isBinary: boolean): void {
    if (this.ws !== ws) return;
    let text: string;
    try {
      text = isBinary ? utf8.decode(data) : data.toString('utf8');
    } catch {
      this.log({ event: 'bad_frame', reason: 'binary frame is not UTF-8', bytes: data.length });
      return;
    }
    const decoded = decodeServerFrame(this.dialect, text);
    if (!decoded.ok) {
      this.log({ event: 'bad_frame', reason: decoded.error, bytes: text.length });
      return;
    }
    this.responder.onRequest(decoded.value);
  }

  private send(text: string): void {
    const ws = this.ws;
    if (ws !== null && ws.readyState === WebSocket.OPEN) ws.send(text);
  }

  private setStatus(s: SigsocketStatus): void {
    this.current = s;
    for (const l of this.listeners) {
      try {
        l(s);
      } catch {
        // A broken listener must not stop the connection or the other listeners.
      }
    }
  }

  private log(fields: Record<string, unknown>): void {
    if (this.opts.log === undefined) return;
    try {
      this.opts.log({ t: new Date().toISOString(), url: this.url, ...fields });
    } catch {
      // Logging must never break signing.
    }
  }
}
