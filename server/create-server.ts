// The reference SigSocket server, programmatically: HTTP API + WebSocket endpoint on one port.
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CLOSE_CODES, encodeSignRequest } from '../shared/sigsocket';
import { type Cluster, joinCluster } from './cluster/nats-cluster';
import { createCryptoBackend } from './crypto-backend';
import { handleHttp } from './http-api';
import { createGuard, PerAddressCounter } from './http-guard';
import { Hub } from './hub';
import { createLogger, stderrSink } from './log';
import { createMetrics } from './metrics';
import { ServerOptionsSchema, type SigsocketServerOptions } from './options';
import { localRouter } from './router';
import { serveWallet, type WalletProbe } from './wallet-connection';

export type { SigsocketServerOptions } from './options';

export interface SigsocketServer {
  port: number;
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:8080 (https when TLS is configured). */
  url: string;
  /** The WebSocket endpoint, e.g. ws://127.0.0.1:8080/ws. */
  wsUrl: string;
  /** Which verifier runs: libsecp256k1 or the noble fallback. */
  verifier: 'native' | 'noble';
  /** This instance's id (given, or random). */
  instanceId: string;
  /** Graceful stop: pending requests are answered 503, wallets get close 1001, then the port is released. */
  close(): Promise<void>;
}

/** PEM given as text or bytes, in the form node:tls takes. */
function pem(value: string | Uint8Array): string | Buffer {
  return typeof value === 'string' ? value : Buffer.from(value);
}

/** Refuses an upgrade with a plain HTTP answer (only /ws upgrades, and not while shutting down). */
function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  const body = JSON.stringify({ error: text });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Starts a server and resolves once it listens. Options are validated; bad ones throw. */
export async function startSigsocketServer(options: SigsocketServerOptions = {}): Promise<SigsocketServer> {
  const { log: sink, ...rest } = options;
  const opts = ServerOptionsSchema.parse(rest);
  const log = createLogger(sink ?? stderrSink);
  const backend = createCryptoBackend(opts.verifier);
  const instanceId = opts.instanceId ?? `sigsocket-${randomBytes(4).toString('hex')}`;
  const hub = new Hub({
    timeoutMs: opts.timeoutMs,
    maxPendingPerKey: opts.maxPendingPerKey,
    maxPendingTotal: opts.maxPendingTotal,
    maxPendingBytes: opts.maxPendingBytes,
    ratePerKey: opts.ratePerKey,
    reconnectGraceMs: opts.reconnectGraceMs,
    backend,
    log,
    encodeRequest: (link, r) => encodeSignRequest(link.requestShape, r),
    onKey: (key, present) => cluster?.onKey(key, present),
  });
  const cluster: Cluster | null =
    opts.nats.length === 0
      ? null
      : await joinCluster({
          servers: opts.nats,
          prefix: opts.natsPrefix,
          instanceId,
          hub,
          log,
          timeoutMs: opts.timeoutMs,
          maxFrameBytes: opts.maxFrameBytes,
          verify: (key, message, signature) => backend.verify(signature, message, Buffer.from(key, 'hex')),
        });
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxFrameBytes, perMessageDeflate: false });
  const probes = new Map<object, WalletProbe>();
  const connectionsPerIp = new PerAddressCounter(opts.maxConnectionsPerIp);
  const unprovenPerIp = new PerAddressCounter(opts.maxUnprovenPerIp);
  /** Sockets accepted beyond their address's connection limit: their requests are answered 429. */
  const overLimit = new WeakSet<object>();
  let listening = false;
  let closing = false;
  const metrics = createMetrics(
    {
      proven: () => hub.stats().connections,
      unproven: () => unprovenPerIp.total(),
      pending: () => hub.stats().pending,
      natsConnected: () => (cluster === null ? null : cluster.connected() ? 1 : 0),
    },
    instanceId,
  );
  const ctx = {
    hub,
    router: cluster?.router ?? localRouter(hub),
    backend,
    log,
    metrics,
    plainRequests: opts.plainRequests,
    introTimeoutMs: opts.introTimeoutMs,
    proofTimeoutMs: opts.proofTimeoutMs,
    instanceId,
    maxFrameBytes: opts.maxFrameBytes,
    guard: createGuard({
      listenHost: opts.host,
      allowedHosts: opts.allowedHosts,
      allowedOrigins: opts.allowedOrigins,
      apiToken: opts.apiToken,
    }),
    overLimit: (req: IncomingMessage) => overLimit.has(req.socket),
    ready: () => listening && !closing && (cluster?.connected() ?? true),
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void handleHttp(req, res, ctx);
  };
  /** The one log line and counter of a refused upgrade or connection. */
  const refuse = (socket: Duplex, status: number, text: string, reason: string, remote?: string) => {
    metrics.refused(reason);
    log('warn', 'refused', { status, reason, remote, path: '/ws' });
    refuseUpgrade(socket, status, text);
  };
  /** Counts every connection against its address; the ones over the limit are answered 429, then closed. */
  const countConnection = (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    if (!connectionsPerIp.acquire(address)) {
      overLimit.add(socket);
      return;
    }
    socket.once('close', () => connectionsPerIp.release(address));
  };
  const server: Server = opts.tls
    ? createHttpsServer({ cert: pem(opts.tls.cert), key: pem(opts.tls.key) }, onRequest)
    : createHttpServer(onRequest);
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
  });
  server.on(opts.tls ? 'secureConnection' : 'connection', countConnection);
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const address = req.socket.remoteAddress ?? '';
    if (closing) return refuseUpgrade(socket, 503, 'Service Unavailable');
    if ((req.url ?? '').split('?')[0] !== '/ws') return refuseUpgrade(socket, 404, 'Not Found');
    if (overLimit.has(req.socket)) {
      return refuse(socket, 429, 'Too Many Requests', 'connections_per_ip', address);
    }
    const verdict = ctx.guard(req, '/ws');
    if (!verdict.ok) return refuse(socket, verdict.status, verdict.error, verdict.reason, address);
    // Sockets that have not proved a key yet hold a slot of their address until they do, or close.
    if (!unprovenPerIp.acquire(address)) {
      return refuse(socket, 429, 'Too Many Requests', 'unproven_per_ip', address);
    }
    let holding = true;
    const release = () => {
      if (holding) unprovenPerIp.release(address);
      holding = false;
    };
    socket.once('close', release);
    wss.handleUpgrade(req, socket, head, (ws) => {
      probes.set(ws, serveWallet(ws, ctx, `${address}:${req.socket.remotePort}`, release));
      ws.once('close', () => probes.delete(ws));
    });
  });

  const heartbeat = setInterval(() => {
    for (const probe of probes.values()) probe.ping();
    hub.sweep();
  }, opts.heartbeatMs);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => {
      clearInterval(heartbeat);
      void cluster?.close();
      reject(e);
    });
    server.listen(opts.port, opts.host, () => {
      server.removeAllListeners('error');
      listening = true;
      resolve();
    });
  });
  server.on('error', (e) => log('error', 'server_error', { reason: e.message }));
  const port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const scheme = opts.tls ? 'https' : 'http';
  log('info', 'listening', {
    host: opts.host,
    port,
    instanceId,
    verifier: backend.name,
    plainRequests: opts.plainRequests,
  });

  let closed: Promise<void> | null = null;
  const close = () => {
    closed ??= (async () => {
      closing = true;
      clearInterval(heartbeat);
      log('info', 'shutdown', hub.stats());
      hub.shutdown();
      await cluster?.close();
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const ws of wss.clients) ws.close(CLOSE_CODES.shutdown, 'server shutting down');
      // Give answers and close frames a moment to flush, then cut whatever is left.
      await new Promise((r) => setTimeout(r, 50));
      for (const ws of wss.clients) ws.terminate();
      server.closeIdleConnections();
      const deadline = setTimeout(() => server.closeAllConnections(), 1000);
      await httpClosed;
      clearTimeout(deadline);
      wss.close();
    })();
    return closed;
  };

  return {
    port,
    url: `${scheme}://${host}:${port}`,
    wsUrl: `${opts.tls ? 'wss' : 'ws'}://${host}:${port}/ws`,
    verifier: backend.name,
    instanceId,
    close,
  };
}
