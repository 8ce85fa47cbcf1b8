// The server's options, shared by the CLI and the programmatic API, validated once with zod.
import { z } from 'zod';
import { INSTANCE_ID } from '../shared/sigsocket';
import type { LogSink } from './log';

export const ServerOptionsSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  /** 0 picks a free port. */
  port: z.number().int().min(0).max(65_535).default(8080),
  /** How long POST /sign waits for the wallet before answering 504. */
  timeoutMs: z.number().int().positive().default(60_000),
  /** What a wallet that introduced itself with a bare hex key is sent. */
  plainRequests: z.enum(['plain', 'id-json']).default('plain'),
  /** Largest WebSocket frame accepted in either direction; larger ones close the connection (1009). */
  maxFrameBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  maxPendingPerKey: z.number().int().positive().default(64),
  /** Sustained POST /sign rate per public key (requests per second); the burst is the same number. */
  ratePerKey: z.number().positive().default(100),
  /** Ping period; a connection that has not answered the previous ping is closed. */
  heartbeatMs: z.number().int().positive().default(30_000),
  /** A connection must introduce itself within this time. */
  introTimeoutMs: z.number().int().positive().default(10_000),
  /** An introduced connection must sign its challenge within this time, or it is closed (4003). */
  proofTimeoutMs: z.number().int().positive().default(5_000),
  /** How long pending requests wait for a dropped wallet to reconnect (they are replayed to it) before 404. */
  reconnectGraceMs: z.number().int().min(0).default(5_000),
  verifier: z.enum(['auto', 'native', 'noble']).default('auto'),
  /** Names this instance in challenges, logs, metrics and the cluster; random when not given. */
  instanceId: z.string().regex(INSTANCE_ID, 'instance id must match [A-Za-z0-9_-]{1,64}').optional(),
  /** Host names accepted in the Host header besides the listen address, localhost and 127.0.0.1. */
  allowedHosts: z.array(z.string().min(1).max(253)).default([]),
  /** Origins (scheme://host[:port]) whose requests are served; any other Origin header gets 403. */
  allowedOrigins: z.array(z.string().min(1).max(300)).default([]),
  /** When set, every HTTP endpoint but /healthz, /readyz and /ws needs `Authorization: Bearer <token>`. */
  apiToken: z.string().min(16, 'the API token needs at least 16 characters').max(4096).optional(),
  /** Open connections (HTTP and WebSocket) allowed from one address. */
  maxConnectionsPerIp: z.number().int().positive().default(1024),
  /** WebSockets from one address that have not yet introduced themselves and proved their key. */
  maxUnprovenPerIp: z.number().int().positive().default(64),
  /** Sign requests pending on this instance, all keys together; more get 503. */
  maxPendingTotal: z.number().int().positive().default(10_000),
  /** Message bytes pending on this instance, all keys together; more get 503. */
  maxPendingBytes: z
    .number()
    .int()
    .positive()
    .default(256 * 1024 * 1024),
  /** NATS servers of the cluster this instance joins; empty runs standalone. */
  nats: z.array(z.string().min(1).max(500)).max(32).default([]),
  /** Subject prefix of the cluster (several clusters may share one NATS system). */
  natsPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'the NATS prefix is dot-separated tokens')
    .default('sigsocket'),
  tls: z
    .object({
      cert: z.union([z.string(), z.instanceof(Uint8Array)]),
      key: z.union([z.string(), z.instanceof(Uint8Array)]),
    })
    .optional(),
});

export type SigsocketServerOptions = z.input<typeof ServerOptionsSchema> & {
  /** Where structured log lines go; JSON lines on stderr by default. */
  log?: LogSink;
};
export type ResolvedServerOptions = z.output<typeof ServerOptionsSchema>;
