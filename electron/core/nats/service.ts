/**
 * The wallet as a signing service on NATS: one connection (kept alive by NatsConnector), a listener
 * on the configured subject, and the ADR-32 micro service. The wallet facade and `crypto-cli listen`
 * both drive it through start / stop / reconfigure and watch its 'status' event.
 */
import { EventEmitter } from 'node:events';
import {
  Match,
  type Msg,
  type NatsConnection,
  headers as natsHeaders,
  type Subscription,
} from '@nats-io/transport-node';
import { toErrorPayload, WalletError } from '../../../shared/errors';
import type { ConnectionStatus, NatsConfigInput, NatsView } from '../../../shared/ipc/schemas';
import type { QueueChange, RequestSnapshot } from '../requests';
import { connectionOptions, describeAuth, type NatsConfig, parseNatsConfig } from './config';
import { DEFAULT_RECONNECT, NatsConnector, type ReconnectPolicy } from './connection';
import { type IncomingRequest, looksLikeJson, RequestHandler } from './handler';
import type { JsonOpName } from './json-ops';
import { addMicroService, type MicroService, QUEUE_GROUP, SERVICE_NAME } from './micro';
import type { LogLine, QueuePort, VaultPort } from './ports';
import { errorReply, type Reply } from './replies';
import type { ScriptLimits } from './script';

export interface NatsSigningServiceOptions {
  vault: VaultPort;
  queue: QueuePort;
  /**
   * The listener's password (`--password-file`): scripts use it for `create_key_space(name)`, and an
   * approved request uses it to open its locked keyspace. Never before an approval; and once a
   * keyspace was locked, not for a grant or policy rule until the keyspace is open again. Null for none.
   */
  sessionPassword?: string | null;
  /** One line per request and per connection change; never secrets or message bodies. */
  log?: LogLine;
  /** The service version reported by $SRV.INFO. */
  version?: string;
  limits?: Partial<ScriptLimits>;
  reconnect?: ReconnectPolicy;
  /** Requests being handled at once; more are answered 'queue_full' at once rather than piling up. */
  maxInFlight?: number;
  now?: () => number;
}

interface ServiceEvents {
  status: [ConnectionStatus];
  /** Subscribed (the server confirmed it) on this subject; again after every fresh connection. */
  listening: [string];
  /** The micro service is registered ($SRV.PING/INFO/STATS answer), shortly after 'listening'. */
  discoverable: [string];
}

export const DEFAULT_MAX_IN_FLIGHT = 256;

export class NatsSigningService extends EventEmitter<ServiceEvents> {
  private config: NatsConfig | null = null;
  private connector: NatsConnector | null = null;
  private handler: RequestHandler | null = null;
  private sub: Subscription | null = null;
  private micro: MicroService | null = null;
  private password: string | null;
  /** Keyspaces locked while listening and not opened since; see passwordMayOpen. */
  private readonly lockedWhileListening = new Set<string>();
  private inFlight = 0;
  private readonly pending = new Set<Promise<void>>();
  private readonly log: LogLine;

  constructor(private readonly opts: NatsSigningServiceOptions) {
    super();
    this.password = opts.sessionPassword ?? null;
    this.log = opts.log ?? (() => {});
    opts.vault.on('locked', (keyspace: string) => this.lockedWhileListening.add(keyspace));
    opts.vault.on('unlocked', (keyspace: string) => this.lockedWhileListening.delete(keyspace));
    opts.queue.on('changed', (change: QueueChange) => {
      if (change.type !== 'removed') void this.openApproved(change.view);
    });
  }

  /** Validates the config, reads its key files and starts connecting; resolves without waiting for the server. */
  async start(input: NatsConfigInput | NatsConfig): Promise<void> {
    const config = parseNatsConfig(input);
    await this.stop();
    this.config = config;
    if (!config.enabled) return;
    const options = await connectionOptions(config);
    this.handler = new RequestHandler({
      vault: this.opts.vault,
      queue: this.opts.queue,
      keyspace: config.keyspace,
      password: (decidedBy, keyspaces) =>
        [...keyspaces].every((k) => this.passwordMayOpen(k, decidedBy)) ? this.password : null,
      log: this.log,
      limits: this.opts.limits,
      now: this.opts.now,
    });
    const connector = new NatsConnector(options, this.opts.reconnect ?? DEFAULT_RECONNECT);
    this.connector = connector;
    connector.on('status', (s) => {
      this.log(`nats: ${s.state}${s.reason ? `: ${s.reason}` : ''}`);
      this.emit('status', s);
    });
    connector.on('up', (nc) => void this.attach(nc, config));
    connector.on('down', () => this.detach());
    connector.start();
  }

  /**
   * Stops listening, lets requests already being answered finish, and closes the connection. Requests
   * still waiting for approval hold it until they settle: close the queue alongside (as the CLI does).
   */
  async stop(): Promise<void> {
    const connector = this.connector;
    this.connector = null;
    if (!connector) return;
    await this.micro?.stop();
    this.micro = null;
    this.sub?.unsubscribe();
    this.sub = null;
    await Promise.allSettled([...this.pending]);
    await connector.stop();
    this.emit('status', connector.status());
  }

  /** Applies new settings: a clean stop and start, so nothing of the old auth or subject lingers. */
  async reconfigure(input: NatsConfigInput | NatsConfig): Promise<void> {
    await this.start(input);
  }

  status(): ConnectionStatus {
    return this.connector?.status() ?? { state: 'stopped', reason: null, nextAttemptAt: null };
  }

  /** What the renderer may see: never tokens, passwords or seed contents. */
  view(): NatsView | null {
    const c = this.config;
    if (!c) return null;
    return {
      enabled: c.enabled,
      servers: [...c.servers],
      subject: c.subject,
      keyspace: c.keyspace,
      ...describeAuth(c.auth),
      tls: c.tls !== null || c.servers.some((s) => s.startsWith('tls://')),
      status: this.status(),
    };
  }

  /**
   * An approved NATS sign request waiting for its keyspace is opened with the listener's password,
   * if there still is one. Only approved requests: nothing remote unlocks a keyspace before that.
   */
  private async openApproved(view: RequestSnapshot): Promise<void> {
    const subject = this.config?.subject;
    const password = this.password;
    if (password === null || !subject || view.state !== 'approved' || !view.unlockNeeded) return;
    if (!this.passwordMayOpen(view.target.keyspace, view.decidedBy)) return;
    const { kind, endpoint } = view.source;
    if (kind !== 'nats' || (endpoint !== subject && !endpoint.startsWith(`${subject}.`))) return;
    try {
      await this.opts.vault.unlock(view.target.keyspace, password, { scope: 'remote' });
    } catch (e) {
      const { code, message } = toErrorPayload(e);
      this.opts.queue.fail(
        view.id,
        code,
        `the listener's password did not open keyspace "${view.target.keyspace}": ${message}`,
      );
    }
  }

  /**
   * The listener's password may open `keyspace` for this approval: always until a lock; after one, only
   * for a person's approval or under --approve auto (the operator's standing approval of everything),
   * never for a grant or policy rule, so a lock holds against them as it does in the app.
   */
  private passwordMayOpen(keyspace: string, decidedBy: string | undefined): boolean {
    return !this.lockedWhileListening.has(keyspace) || decidedBy === 'user' || decidedBy === 'auto';
  }

  /** Skips the backoff wait before the next connection attempt. */
  reconnectNow(): void {
    this.connector?.retryNow();
  }

  // ## Wiring a connection

  /**
   * Subscribes the listener and says so once the server confirmed it; then registers the micro service.
   * A failing registration never costs the listener.
   */
  private async attach(nc: NatsConnection, config: NatsConfig): Promise<void> {
    try {
      this.sub = nc.subscribe(config.subject, {
        queue: QUEUE_GROUP,
        callback: (err, msg) => {
          if (!err) this.dispatch(msg);
        },
      });
      await nc.flush();
    } catch (e) {
      this.log(`nats: could not subscribe on ${config.subject}: ${e instanceof Error ? e.message : 'unknown error'}`);
      return;
    }
    if (this.connector?.connection() !== nc) return;
    this.log(`listening on ${config.subject}`);
    this.emit('listening', config.subject);
    try {
      const micro = await addMicroService(
        nc,
        { subject: config.subject, version: semver(this.opts.version) },
        (ep, msg) => this.dispatch(msg, ep),
      );
      await nc.flush();
      if (this.connector?.connection() !== nc) {
        await micro.stop();
        return;
      }
      this.micro = micro;
      this.emit('discoverable', SERVICE_NAME);
    } catch (e) {
      this.log(`nats: the micro service did not register: ${e instanceof Error ? e.message : 'unknown error'}`);
    }
  }

  private detach(): void {
    this.sub = null;
    void this.micro?.stop();
    this.micro = null;
  }

  /** Hands one message to the handler and sends the reply; overload is refused at once, not queued. */
  private dispatch(msg: Msg, endpoint?: JsonOpName): void {
    const handler = this.handler;
    if (!handler) return;
    if (!msg.reply) {
      this.log(`ignored a message on ${msg.subject} without a reply subject`);
      return;
    }
    if (this.inFlight >= (this.opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT)) {
      const format = endpoint || looksLikeJson(msg.data) ? 'json' : 'script';
      respond(msg, errorReply(format, new WalletError('queue_full', 'the wallet is busy; try again shortly')));
      return;
    }
    this.inFlight++;
    const request: IncomingRequest = {
      subject: msg.subject,
      data: msg.data,
      header: (name) => headerValue(msg, name),
      ...(endpoint ? { endpoint } : {}),
    };
    const work = handler
      .handle(request)
      .then((reply) => {
        if (!respond(msg, reply)) this.log(`the reply on ${msg.subject} was lost: the connection closed meanwhile`);
      })
      .finally(() => {
        this.inFlight--;
        this.pending.delete(work);
      });
    this.pending.add(work);
  }
}

// ## Helpers

/** ADR-32 requires a semantic version; anything else is reported as 0.0.0 rather than breaking discovery. */
function semver(version: string | undefined): string {
  return version && /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version) ? version : '0.0.0';
}

/** A header read case-insensitively; given twice it is ambiguous and treated as malformed. */
function headerValue(msg: Msg, name: string): string | undefined {
  const h = msg.headers;
  if (!h?.has(name, Match.IgnoreCase)) return undefined;
  const values = h.values(name, Match.IgnoreCase);
  if (values.length !== 1) throw new WalletError('bad_input', `header ${name} is given ${values.length} times`);
  return values[0];
}

/** Sends a reply; false when the connection is gone (the requester will retry with the same id). */
function respond(msg: Msg, reply: Reply): boolean {
  try {
    const entries = Object.entries(reply.headers);
    if (entries.length === 0) return msg.respond(reply.data);
    const h = natsHeaders();
    for (const [k, v] of entries) h.set(k, v);
    return msg.respond(reply.data, { headers: h });
  } catch {
    return false;
  }
}
