/**
 * Keeps one NATS connection alive for as long as it is wanted. nats.js reconnects a live connection
 * by itself; this loop covers what it gives up on (first connect, repeated auth failures) and turns
 * both into one status stream for the UI: connecting → connected ⇄ reconnecting, or error with a reason.
 */
import { EventEmitter } from 'node:events';
import { connect, type NatsConnection, type NodeConnectionOptions, type Status } from '@nats-io/transport-node';
import { backoffDelay } from '../../../shared/backoff';
import type { ConnectionStatus } from '../../../shared/ipc/schemas';

export interface ReconnectPolicy {
  /** Delay before the first retry of a failed connect. */
  initialMs: number;
  /** Ceiling for retries while nats.js reconnects a dropped connection (keeps a returning server found fast). */
  maxReconnectMs: number;
  /** Ceiling after a refused connect; auth failures use authMaxMs so a bad password is not hammered at the server. */
  maxMs: number;
  authMaxMs: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = {
  initialMs: 100,
  maxReconnectMs: 1500,
  maxMs: 5_000,
  authMaxMs: 30_000,
};

interface ConnectorEvents {
  status: [ConnectionStatus];
  /** A new connection is up (first time, or after the loop had to start over). */
  up: [NatsConnection];
  /** That connection is gone for good; a new one will follow unless stopped. */
  down: [NatsConnection];
}

/** Connects, reconnects forever with backoff, and reports every state change once. */
export class NatsConnector extends EventEmitter<ConnectorEvents> {
  private current: ConnectionStatus = { state: 'stopped', reason: null, nextAttemptAt: null };
  private nc: NatsConnection | null = null;
  private stopped = true;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  /** When the live connection dropped; nats.js's retry spacing grows with the outage. */
  private disconnectedAt: number | null = null;

  constructor(
    private readonly options: NodeConnectionOptions,
    private readonly policy: ReconnectPolicy = DEFAULT_RECONNECT,
  ) {
    super();
  }

  status(): ConnectionStatus {
    return { ...this.current };
  }

  connection(): NatsConnection | null {
    return this.nc;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Closes the connection (flushing replies already written) and ends the loop. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.wake?.();
    const nc = this.nc;
    if (nc && !nc.isClosed()) await nc.close().catch(() => {});
    await this.loop;
    this.setStatus({ state: 'stopped', reason: null, nextAttemptAt: null });
  }

  /** Skips the backoff wait of the outer loop (the UI's "reconnect now"); nats.js's own retries are already quick. */
  retryNow(): void {
    this.wake?.();
  }

  // ## The loop

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      this.setStatus({
        state: failures === 0 ? 'connecting' : 'reconnecting',
        reason: this.current.reason,
        nextAttemptAt: null,
      });
      let nc: NatsConnection;
      try {
        nc = await connect({ ...this.options, ...this.reconnectOptions() });
      } catch (e) {
        if (this.stopped) break;
        const auth = isAuthError(e);
        const delay = reconnectDelay(
          failures++,
          this.policy.initialMs,
          auth ? this.policy.authMaxMs : this.policy.maxMs,
        );
        this.setStatus({ state: 'error', reason: describeConnectError(e), nextAttemptAt: Date.now() + delay });
        await this.sleep(delay);
        continue;
      }
      if (this.stopped) {
        await nc.close().catch(() => {});
        break;
      }
      failures = 0;
      this.nc = nc;
      this.setStatus({ state: 'connected', reason: null, nextAttemptAt: null });
      this.emit('up', nc);
      const closedWith = await this.follow(nc);
      this.nc = null;
      this.emit('down', nc);
      if (this.stopped) break;
      const delay = reconnectDelay(failures++, this.policy.initialMs, this.policy.maxMs);
      const reason = closedWith ? describeConnectError(closedWith) : 'the connection closed';
      this.setStatus({ state: 'error', reason, nextAttemptAt: Date.now() + delay });
      await this.sleep(delay);
    }
  }

  /** Mirrors nats.js's own status stream until the connection closes; resolves with the error that closed it. */
  private async follow(nc: NatsConnection): Promise<Error | undefined> {
    const watch = (async () => {
      for await (const s of nc.status()) this.onStatus(s);
    })().catch(() => {});
    const err = await nc.closed();
    await watch;
    return err instanceof Error ? err : undefined;
  }

  private onStatus(s: Status): void {
    if (this.stopped) return;
    if (s.type === 'disconnect') {
      this.disconnectedAt = Date.now();
      this.setStatus({ state: 'reconnecting', reason: `lost the connection to ${s.server}`, nextAttemptAt: null });
    } else if (s.type === 'reconnect') {
      this.disconnectedAt = null;
      this.setStatus({ state: 'connected', reason: null, nextAttemptAt: null });
    } else if (s.type === 'error' && this.current.state !== 'connected') {
      this.setStatus({ state: 'reconnecting', reason: describeConnectError(s.error), nextAttemptAt: null });
    }
  }

  /**
   * nats.js retries a dropped connection forever; the wait between tries grows with the outage (a
   * quarter of it) up to maxReconnectMs, so a short blip reconnects at once and a long one is not hammered.
   */
  private reconnectOptions(): Partial<NodeConnectionOptions> {
    return {
      reconnect: true,
      maxReconnectAttempts: -1,
      waitOnFirstConnect: false,
      ignoreAuthErrorAbort: false,
      timeout: 5_000,
      pingInterval: 10_000,
      maxPingOut: 3,
      reconnectDelayHandler: () => {
        const elapsed = this.disconnectedAt === null ? 0 : Date.now() - this.disconnectedAt;
        return Math.round(Math.min(this.policy.maxReconnectMs, Math.max(this.policy.initialMs, elapsed / 4)));
      },
    };
  }

  private setStatus(next: ConnectionStatus): void {
    const same =
      next.state === this.current.state &&
      next.reason === this.current.reason &&
      next.nextAttemptAt === this.current.nextAttemptAt;
    this.current = next;
    if (!same) this.emit('status', { ...next });
  }

  /** Waits `ms`, or less if stop() or retryNow() wakes it. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}

// ## Helpers

/** The outer loop's delay before retry `attempt`: doubling from initialMs, capped at maxMs, drawn from [d/2, d]. */
export function reconnectDelay(attempt: number, initialMs: number, maxMs: number, random?: () => number): number {
  return backoffDelay(attempt, { initialMs, maxMs, factor: 2, jitter: 0.5 }, random);
}

/** A refused credential, as opposed to a network problem: the UI shows it as an auth error. */
export function isAuthError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  return (
    e.name === 'AuthorizationError' ||
    e.name === 'UserAuthenticationExpiredError' ||
    /authorization violation|authentication/i.test(e.message)
  );
}

/** One line a user can act on; never includes credentials (nats.js errors do not carry them). */
export function describeConnectError(e: unknown): string {
  if (!(e instanceof Error)) return 'connection failed';
  if (e.name === 'UserAuthenticationExpiredError') return 'auth error: the server says the credentials have expired';
  if (isAuthError(e)) return `auth error: the server refused the credentials (${e.message})`;
  const cause = (e as { cause?: unknown }).cause;
  const detail = cause instanceof Error && cause.message !== e.message ? `: ${cause.message}` : '';
  if (/refused/i.test(e.message)) return `cannot reach the server: ${e.message}${detail}`;
  if (/timeout|timed out/i.test(e.message)) return `the server did not answer in time (${e.message})`;
  if (/tls|certificate|ssl/i.test(`${e.message}${detail}`)) return `TLS error: ${e.message}${detail}`;
  return `connection failed: ${e.message}${detail}`;
}
