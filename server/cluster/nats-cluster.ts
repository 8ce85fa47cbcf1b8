// Several sigsocket-server instances as one service, over a NATS system they share. Each instance
// serves the sign subject of every key proven on it (one queue group, so one delivery); a POST /sign
// for a key held elsewhere becomes a NATS request on that subject. Nothing here is a mesh of our own:
// routing, failover between NATS nodes and "no responders" are NATS's.
import { connect, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { Hub, SignOutcome } from '../hub';
import type { LogFn } from '../log';
import type { SignRouter, StatusView } from '../router';
import {
  decodeAsk,
  decodeReply,
  decodeStatusReply,
  encode,
  encodeAsk,
  outcomeReply,
  type Reply,
  subjects,
} from './cluster-wire';

export interface ClusterOptions {
  servers: string[];
  prefix: string;
  instanceId: string;
  hub: Hub;
  log: LogFn;
  timeoutMs: number;
  maxFrameBytes: number;
  /** Verifies a signature that came back from another instance (defence in depth: it verified too). */
  verify: (key: string, message: Uint8Array, signature: Uint8Array) => boolean;
}

/** While a wallet decides, its instance beats this often on the asker's inbox... */
const BEAT_MS = 500;
/** ...and an asker that hears nothing for this long takes the instance for dead. */
const SILENCE_MS = 1_500;
/** Failure statuses another instance may hand back as they are; anything else becomes 502. */
const FORWARDED = [403, 404, 429, 499, 502, 503, 504] as const;
/** How long /status waits for the other instances' counts. */
const GATHER_MS = 250;

export interface Cluster {
  router: SignRouter;
  /** Connected to a NATS server right now. */
  connected(): boolean;
  /** A key was proven on (true) or left (false) this instance. */
  onKey(key: string, present: boolean): void;
  close(): Promise<void>;
}

/** A request sent to another instance and not answered yet. */
interface Remote {
  key: string;
  message: Uint8Array;
  silence: ReturnType<typeof setTimeout>;
  deadline: ReturnType<typeof setTimeout>;
  resolve: (o: SignOutcome) => void;
}

/** Connects to NATS and returns the cluster view; throws when no server can be reached at start. */
export async function joinCluster(opts: ClusterOptions): Promise<Cluster> {
  const nc: NatsConnection = await connect({
    servers: opts.servers,
    name: opts.instanceId,
    maxReconnectAttempts: -1,
    // A lost node is left for another at once: the 2 s budget to be back allows no long waits.
    reconnectTimeWait: 200,
    reconnectJitter: 100,
    pingInterval: 2_000,
    maxPingOut: 2,
  });
  const subj = subjects(opts.prefix);
  let up = true;
  const log = opts.log;
  log('info', 'nats_connected', { server: nc.getServer() });
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') {
        up = false;
        log('warn', 'nats_disconnected', { server: String(s.server) });
      } else if (s.type === 'reconnect') {
        up = true;
        log('info', 'nats_reconnected', { server: String(s.server) });
      }
    }
  })();

  // ## Serving the keys proven here
  const served = new Map<string, Subscription>();
  const serve = (key: string, msg: Msg) => {
    const reply = msg.reply;
    if (reply === undefined) return;
    const ask = decodeAsk(msg.data, opts.maxFrameBytes);
    if (ask === null) return log('warn', 'cluster_bad_frame', { key });
    if (ask.op === 'here') return nc.publish(reply, encode({ t: 'here', instance: opts.instanceId }));
    const beat = setInterval(() => nc.publish(reply, encode({ t: 'beat' })), BEAT_MS);
    void opts.hub.submit(key, ask.message).then((outcome) => {
      clearInterval(beat);
      if (!nc.isClosed()) nc.publish(reply, encode(outcomeReply(outcome)));
    });
  };
  const onKey = (key: string, present: boolean) => {
    if (nc.isClosed()) return;
    const existing = served.get(key);
    if (present && existing === undefined) {
      served.set(key, nc.subscribe(subj.sign(key), { queue: 'sigsocket', callback: (_e, m) => serve(key, m) }));
    } else if (!present && existing !== undefined) {
      existing.unsubscribe();
      served.delete(key);
    }
  };
  nc.subscribe(subj.status, {
    callback: (_e, m) => {
      const { connections, pending } = opts.hub.stats();
      if (m.reply) nc.publish(m.reply, encode({ id: opts.instanceId, connections, pending }));
    },
  });

  // ## Asking the others
  const inboxPrefix = `_INBOX.sigsocket.${opts.instanceId}.${Math.random().toString(36).slice(2)}`;
  const remotes = new Map<string, Remote>();
  let serial = 0;
  const finish = (inbox: string, outcome: SignOutcome) => {
    const r = remotes.get(inbox);
    if (r === undefined) return;
    remotes.delete(inbox);
    clearTimeout(r.silence);
    clearTimeout(r.deadline);
    r.resolve(outcome);
  };
  const onReply = (inbox: string, r: Remote, msg: Msg) => {
    // No instance serves the key: NATS says so at once (status 503, no body).
    if (msg.headers?.code === 503 && msg.data.length === 0) {
      return finish(inbox, { ok: false, status: 404, error: 'public key not connected' });
    }
    const reply: Reply | null = decodeReply(msg.data, opts.maxFrameBytes);
    if (reply === null) return log('warn', 'cluster_bad_reply', { key: r.key });
    if (reply.t === 'beat' || reply.t === 'here') {
      clearTimeout(r.silence);
      r.silence = setTimeout(() => silent(inbox), SILENCE_MS);
      return;
    }
    if (reply.t === 'failed') {
      const status = FORWARDED.find((s) => s === reply.status) ?? 502;
      return finish(inbox, { ok: false, status, error: reply.error });
    }
    const signature = Buffer.from(reply.signature, 'base64');
    const message = Buffer.from(reply.message, 'base64');
    const valid = Buffer.compare(message, r.message) === 0 && opts.verify(r.key, r.message, signature);
    finish(
      inbox,
      valid
        ? { ok: true, message: r.message, signature: new Uint8Array(signature) }
        : { ok: false, status: 502, error: 'another instance returned an invalid signature' },
    );
  };
  const silent = (inbox: string) =>
    finish(inbox, { ok: false, status: 502, error: 'the instance holding the wallet stopped answering' });
  nc.subscribe(`${inboxPrefix}.*`, {
    callback: (_e, msg) => {
      const r = remotes.get(msg.subject);
      if (r !== undefined) onReply(msg.subject, r, msg);
    },
  });
  const remoteSign = (key: string, message: Uint8Array): Promise<SignOutcome> => {
    if (!up || nc.isClosed()) {
      return Promise.resolve({ ok: false, status: 503, error: 'the cluster is unreachable from this instance' });
    }
    return new Promise((resolve) => {
      const inbox = `${inboxPrefix}.${++serial}`;
      remotes.set(inbox, {
        key,
        message,
        resolve,
        silence: setTimeout(() => silent(inbox), SILENCE_MS),
        deadline: setTimeout(
          () => finish(inbox, { ok: false, status: 504, error: 'timed out waiting for the wallet' }),
          opts.timeoutMs + 1_000,
        ),
      });
      nc.publish(subj.sign(key), encodeAsk({ op: 'sign', message }), { reply: inbox });
    });
  };

  const router: SignRouter = {
    sign: (key, message, onCancel) =>
      opts.hub.isConnected(key) ? opts.hub.submit(key, message, onCancel) : remoteSign(key, message),
    async connected(key) {
      if (opts.hub.isConnected(key)) return true;
      if (!up) return false;
      try {
        await nc.request(subj.sign(key), encodeAsk({ op: 'here' }), { timeout: GATHER_MS * 2 });
        return true;
      } catch {
        // No responders (nobody holds the key) or no answer in time.
        return false;
      }
    },
    async status(): Promise<StatusView> {
      const own = { id: opts.instanceId, ...opts.hub.stats() };
      const instances = [own];
      if (up) {
        try {
          for await (const m of await nc.requestMany(subj.status, encode({}), {
            strategy: 'timer',
            maxWait: GATHER_MS,
          })) {
            const s = decodeStatusReply(m.data);
            if (s !== null && s.id !== opts.instanceId) instances.push(s);
          }
        } catch {
          // What was gathered before the error is still shown.
        }
      }
      instances.sort((a, b) => a.id.localeCompare(b.id));
      return {
        connections: instances.reduce((n, i) => n + i.connections, 0),
        pending: instances.reduce((n, i) => n + i.pending, 0),
        instances,
      };
    },
  };

  return {
    router,
    connected: () => up && !nc.isClosed(),
    onKey,
    async close() {
      for (const inbox of [...remotes.keys()]) finish(inbox, { ok: false, status: 503, error: 'server shutting down' });
      await nc.drain().catch(() => nc.close());
    },
  };
}
