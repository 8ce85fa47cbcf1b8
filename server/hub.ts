// The registry of introduced wallets and their pending sign requests: routes POST /sign to the wallet
// holding the key, matches answers, verifies them, and fails each request with a precise status.
import { randomUUID } from 'node:crypto';
import {
  bytesEqual,
  CLOSE_CODES,
  type Dialect,
  type IntroductionFamily,
  signatureToCompact,
  type WalletFrame,
} from '../shared/sigsocket';
import { TokenBuckets } from '../shared/token-bucket';
import type { CryptoBackend } from './crypto-backend';
import type { LogFn } from './log';

/** One introduced WebSocket, as the hub sees it. */
export interface WalletLink {
  /** Serial number, for logs. */
  readonly serial: number;
  /** Compressed lower-case hex key. */
  readonly key: string;
  readonly family: IntroductionFamily;
  /** The wire shape of the requests this wallet is sent. */
  readonly requestShape: Dialect;
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** What POST /sign answers: the verified signature, or an HTTP status with an error text. */
export type SignOutcome =
  | { ok: true; message: Uint8Array; signature: Uint8Array }
  | { ok: false; status: 403 | 404 | 429 | 499 | 502 | 503 | 504; error: string };

interface Pending {
  id: string;
  key: string;
  message: Uint8Array;
  startedAt: number;
  /** Serial of the connection it was first sent to, for the log line. */
  wallet: number;
  timer: ReturnType<typeof setTimeout>;
  acknowledged: boolean;
  resolve: (outcome: SignOutcome) => void;
}

export interface HubOptions {
  timeoutMs: number;
  maxPendingPerKey: number;
  /** Pending requests, all keys together; more are refused with 503. */
  maxPendingTotal: number;
  /** Pending message bytes, all keys together; more are refused with 503. */
  maxPendingBytes: number;
  ratePerKey: number;
  reconnectGraceMs: number;
  backend: CryptoBackend;
  log: LogFn;
  /** Told when a key gets its first proven link (true) and when it has none left (false). */
  onKey?: (key: string, present: boolean) => void;
  /** Encodes a request for a link; injected so the hub stays free of wire details. */
  encodeRequest: (link: WalletLink, r: { requestId: string; message: Uint8Array }) => string;
}

export class Hub {
  private readonly links = new Map<string, WalletLink>();
  private readonly pending = new Map<string, Map<string, Pending>>();
  private readonly graceTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly limiter: TokenBuckets;
  private pendingCount = 0;
  private pendingBytes = 0;
  private closed = false;

  constructor(private readonly opts: HubOptions) {
    this.limiter = new TokenBuckets({ perSecond: opts.ratePerKey, burst: opts.ratePerKey });
  }

  isConnected(key: string): boolean {
    return this.links.has(key);
  }

  stats(): { connections: number; pending: number } {
    return { connections: this.links.size, pending: this.pendingCount };
  }

  /**
   * Newest proven wins: a second connection that proved the key displaces the first, because a wallet
   * whose old socket died silently (half-open TCP) must be able to come straight back. Only proven
   * connections get here, so a connection that merely names a key never displaces anyone. Requests still pending for the
   * key are replayed to the new connection; the wallet's replay memory keeps it from signing twice.
   */
  register(link: WalletLink): void {
    const previous = this.links.get(link.key);
    this.links.set(link.key, link);
    const grace = this.graceTimers.get(link.key);
    if (grace !== undefined) clearTimeout(grace);
    this.graceTimers.delete(link.key);
    if (previous === undefined) this.opts.onKey?.(link.key, true);
    if (previous !== undefined) {
      this.opts.log('info', 'replaced', { key: link.key, old: previous.serial, new: link.serial });
      previous.close(CLOSE_CODES.replaced, 'replaced by another connection that proved this key');
    }
    for (const p of this.pending.get(link.key)?.values() ?? []) {
      link.send(this.opts.encodeRequest(link, { requestId: p.id, message: p.message }));
    }
  }

  /** A closed link stops receiving; its key's pending requests wait `reconnectGraceMs` for it to return. */
  unregister(link: WalletLink): void {
    if (this.links.get(link.key) !== link) return;
    this.links.delete(link.key);
    this.opts.onKey?.(link.key, false);
    if ((this.pending.get(link.key)?.size ?? 0) === 0) return;
    const timer = setTimeout(() => {
      this.graceTimers.delete(link.key);
      if (this.links.has(link.key)) return;
      for (const p of [...(this.pending.get(link.key)?.values() ?? [])]) {
        this.settle(p, { ok: false, status: 404, error: 'wallet disconnected before answering' });
      }
    }, this.opts.reconnectGraceMs);
    timer.unref?.();
    this.graceTimers.set(link.key, timer);
  }

  /**
   * Queues a request for `key`'s wallet and resolves with its outcome; never rejects. `onCancel` hands the
   * caller a function that drops the request (the HTTP client went away), freeing its pending slot.
   */
  submit(key: string, message: Uint8Array, onCancel?: (cancel: () => void) => void): Promise<SignOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, status: 503, error: 'server shutting down' });
    const link = this.links.get(key);
    if (link === undefined) return Promise.resolve({ ok: false, status: 404, error: 'public key not connected' });
    const forKey = this.pending.get(key) ?? new Map<string, Pending>();
    if (forKey.size >= this.opts.maxPendingPerKey) {
      return Promise.resolve({ ok: false, status: 429, error: 'too many pending requests for this key' });
    }
    if (!this.limiter.take(key, performance.now())) {
      return Promise.resolve({ ok: false, status: 429, error: 'rate limit exceeded for this key' });
    }
    if (this.pendingCount >= this.opts.maxPendingTotal) {
      return Promise.resolve({ ok: false, status: 503, error: 'server busy: too many pending requests' });
    }
    if (this.pendingBytes + message.length > this.opts.maxPendingBytes) {
      return Promise.resolve({ ok: false, status: 503, error: 'server busy: too many pending bytes' });
    }
    return new Promise<SignOutcome>((resolve) => {
      const id = randomUUID();
      const timer = setTimeout(() => {
        this.settle(p, { ok: false, status: 504, error: 'timed out waiting for the wallet' });
      }, this.opts.timeoutMs);
      const p: Pending = {
        id,
        key,
        message,
        startedAt: performance.now(),
        wallet: link.serial,
        timer,
        acknowledged: false,
        resolve,
      };
      forKey.set(id, p);
      this.pending.set(key, forKey);
      this.pendingCount++;
      this.pendingBytes += message.length;
      onCancel?.(() => this.settle(p, { ok: false, status: 499, error: 'client went away' }));
      link.send(this.opts.encodeRequest(link, { requestId: id, message }));
    });
  }

  /** Handles a decoded frame from a link; frames from displaced links are ignored. */
  onWalletFrame(link: WalletLink, frame: WalletFrame): void {
    if (this.links.get(link.key) !== link) return;
    const forKey = this.pending.get(link.key);
    if (frame.kind === 'sign_response') {
      const p =
        frame.requestId === null
          ? [...(forKey?.values() ?? [])].find((c) => bytesEqual(c.message, frame.message))
          : forKey?.get(frame.requestId);
      if (p === undefined) {
        this.opts.log('warn', 'unknown_request', { key: link.key, wallet: link.serial, shape: frame.shape });
        return;
      }
      this.settle(p, this.check(p, frame.message, frame.signature));
      return;
    }
    const p = forKey?.get(frame.requestId);
    if (p === undefined) {
      this.opts.log('warn', 'unknown_request', { key: link.key, wallet: link.serial, kind: frame.kind });
      return;
    }
    if (frame.kind === 'pending') {
      // Reported in the request's sign_result line rather than a line of its own.
      p.acknowledged = true;
      return;
    }
    this.settle(p, { ok: false, status: 403, error: `rejected by the wallet: ${frame.reason}` });
  }

  /** Verifies an answer against its request: same message, and a valid ECDSA/SHA-256 signature by the key. */
  private check(p: Pending, message: Uint8Array, signature: Uint8Array): SignOutcome {
    if (!bytesEqual(message, p.message)) {
      return { ok: false, status: 502, error: 'wallet answered with a different message' };
    }
    const compact = signatureToCompact(signature);
    if (compact === null) return { ok: false, status: 502, error: 'wallet returned a malformed signature' };
    const pub = Buffer.from(p.key, 'hex');
    if (!this.opts.backend.verify(compact, message, pub)) {
      return { ok: false, status: 502, error: 'wallet returned an invalid signature' };
    }
    return { ok: true, message, signature: compact };
  }

  /** Answers a pending request exactly once, logs its one line (no body), and forgets it. */
  private settle(p: Pending, outcome: SignOutcome): void {
    const forKey = this.pending.get(p.key);
    if (forKey?.get(p.id) !== p) return;
    forKey.delete(p.id);
    if (forKey.size === 0) this.pending.delete(p.key);
    this.pendingCount--;
    this.pendingBytes -= p.message.length;
    clearTimeout(p.timer);
    const ms = Math.round((performance.now() - p.startedAt) * 10) / 10;
    const status = outcome.ok ? 200 : outcome.status;
    this.opts.log(outcome.ok ? 'info' : 'warn', 'sign_result', {
      id: p.id,
      key: p.key,
      wallet: p.wallet,
      bytes: p.message.length,
      status,
      ms,
      acknowledged: p.acknowledged,
      ...(outcome.ok ? {} : { error: outcome.error }),
    });
    p.resolve(outcome);
  }

  /** Graceful shutdown: every pending request is answered 503 and no new one is accepted. */
  shutdown(): void {
    this.closed = true;
    for (const t of this.graceTimers.values()) clearTimeout(t);
    this.graceTimers.clear();
    for (const forKey of [...this.pending.values()]) {
      for (const p of [...forKey.values()]) this.settle(p, { ok: false, status: 503, error: 'server shutting down' });
    }
  }

  /** Periodic housekeeping, run with the heartbeat. */
  sweep(): void {
    this.limiter.prune(performance.now());
  }
}
