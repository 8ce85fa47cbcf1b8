#!/usr/bin/env node
// sigsocket-server: the reference SigSocket server on the command line. Logs JSON lines to stderr;
// stops gracefully (pending requests answered 503) on SIGINT or SIGTERM.
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { startSigsocketServer } from './create-server';
import { createLogger, flushStderr, stderrSink } from './log';

/** Parses a non-negative integer option, or tells commander why not. */
function int(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a non-negative integer');
  return Number(value);
}

/** Collects a repeatable option's values. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses a positive number option (rates may be fractional). */
function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

const program = new Command()
  .name('sigsocket-server')
  .description('Reference SigSocket server: wallets connect on /ws, applications POST /sign.')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'port to listen on (0 picks a free one)', int, 8080)
  .option('--timeout-ms <ms>', 'how long POST /sign waits for the wallet', int, 60_000)
  .option('--plain-requests <dialect>', 'requests sent to bare-hex wallets: plain | id-json', 'plain')
  .option('--max-frame-bytes <n>', 'largest WebSocket frame accepted', int, 1024 * 1024)
  .option('--max-pending-per-key <n>', 'pending requests allowed per public key', int, 64)
  .option('--rate-per-key <n>', 'POST /sign requests per second per public key', positive, 100)
  .option('--heartbeat-ms <ms>', 'ping period; silent connections are closed', int, 30_000)
  .option('--intro-timeout-ms <ms>', 'time allowed for the introduction frame', int, 10_000)
  .option('--proof-timeout-ms <ms>', 'time allowed to sign the proof-of-possession challenge', int, 5_000)
  .option('--reconnect-grace-ms <ms>', 'how long pending requests wait for a dropped wallet', int, 5_000)
  .option('--nats <url>', 'join the cluster on this NATS server (repeatable: give every node)', collect, [])
  .option('--nats-prefix <prefix>', 'subject prefix of the cluster', 'sigsocket')
  .option('--instance-id <name>', 'name of this instance in challenges, logs, metrics and the cluster')
  .option('--allowed-host <host>', 'accept this Host header too (repeatable)', collect, [])
  .option('--allowed-origin <origin>', 'serve requests carrying this Origin (repeatable)', collect, [])
  .option('--api-token-file <file>', 'require Authorization: Bearer <token from file> on the HTTP API')
  .option('--max-connections-per-ip <n>', 'open connections allowed from one address', int, 1024)
  .option('--max-unproven-per-ip <n>', 'WebSockets from one address not yet proven', int, 64)
  .option('--max-pending-total <n>', 'sign requests pending on this instance', int, 10_000)
  .option('--max-pending-bytes <n>', 'message bytes pending on this instance', int, 256 * 1024 * 1024)
  .option('--verifier <which>', 'auto | native | noble', 'auto')
  .option('--tls-cert <file>', 'PEM certificate: serve https and wss')
  .option('--tls-key <file>', 'PEM private key for --tls-cert');

program.parse();
const o = program.opts();
const log = createLogger(stderrSink);

try {
  if (Boolean(o.tlsCert) !== Boolean(o.tlsKey)) throw new Error('--tls-cert and --tls-key go together');
  const server = await startSigsocketServer({
    host: o.host,
    port: o.port,
    timeoutMs: o.timeoutMs,
    plainRequests: o.plainRequests,
    maxFrameBytes: o.maxFrameBytes,
    maxPendingPerKey: o.maxPendingPerKey,
    ratePerKey: o.ratePerKey,
    heartbeatMs: o.heartbeatMs,
    introTimeoutMs: o.introTimeoutMs,
    proofTimeoutMs: o.proofTimeoutMs,
    reconnectGraceMs: o.reconnectGraceMs,
    verifier: o.verifier,
    instanceId: o.instanceId,
    nats: o.nats,
    natsPrefix: o.natsPrefix,
    allowedHosts: o.allowedHost,
    allowedOrigins: o.allowedOrigin,
    apiToken: o.apiTokenFile ? readFileSync(o.apiTokenFile, 'utf8').trim() : undefined,
    maxConnectionsPerIp: o.maxConnectionsPerIp,
    maxUnprovenPerIp: o.maxUnprovenPerIp,
    maxPendingTotal: o.maxPendingTotal,
    maxPendingBytes: o.maxPendingBytes,
    tls: o.tlsCert ? { cert: readFileSync(o.tlsCert), key: readFileSync(o.tlsKey) } : undefined,
  });
  const stop = (signal: string) => {
    log('info', 'signal', { signal });
    server.close().then(
      () => {
        flushStderr();
        process.exit(0);
      },
      () => {
        flushStderr();
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (e) {
  const reason = e instanceof Error && 'issues' in e ? 'invalid options' : (e as Error).message;
  log('error', 'start_failed', { reason, ...(e instanceof Error && 'issues' in e ? { issues: e.issues } : {}) });
  flushStderr();
  process.exit(2);
}
