// Contract schemas for connections: SigSocket servers, the NATS listener, and the listener's figures.
import { z } from 'zod';
import { DIALECT_SETTINGS } from '../domain';
import { Fingerprint } from './contact-schemas';
import { Id, Millis, Name } from './primitives';

export const ConnectionStatus = z.object({
  state: z.enum(['connecting', 'connected', 'reconnecting', 'error', 'stopped']),
  reason: z.string().nullable(),
  nextAttemptAt: Millis.nullable(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;
export const SigsocketDialect = z.enum(DIALECT_SETTINGS);
export const WsUrl = z
  .string()
  .url()
  .refine((u) => /^wss?:\/\//.test(u), 'SigSocket URLs start with ws:// or wss://');
export const SigsocketServerInput = z.object({
  url: WsUrl,
  /** More instances of the same server (a cluster behind one name): tried in turn after a failure. */
  alternateUrls: z.array(WsUrl).max(15).optional(),
  keyspace: Name,
  keypair: z.string().min(1).max(130),
  dialect: SigsocketDialect.default('auto'),
  /** PEM of a custom CA for wss://, when the server's certificate is not publicly trusted. */
  ca: z
    .string()
    .max(64 * 1024)
    .nullable()
    .default(null),
});
/** A server certificate's key as pinned: its SPKI SHA-256 in hex, and the same as a fingerprint to read out. */
export const CertificatePrint = z.object({ sha256: z.string(), fingerprint: Fingerprint });
export type CertificatePrint = z.infer<typeof CertificatePrint>;
export const SigsocketServerView = z.object({
  id: Id,
  url: z.string(),
  alternateUrls: z.array(z.string()).optional(),
  keyspace: z.string(),
  keypair: z.string(),
  dialect: SigsocketDialect,
  hasCa: z.boolean(),
  status: ConnectionStatus,
  /**
   * wss:// only: the pinned certificate key, and the different one the server showed since, which
   * keeps the connection paused until the user accepts it (null while nothing changed).
   */
  certificate: z.object({ pinned: CertificatePrint.nullable(), offered: CertificatePrint.nullable() }).nullable(),
});
export type SigsocketServerView = z.infer<typeof SigsocketServerView>;

export const NatsUrl = z.string().regex(/^(nats|tls|ws|wss):\/\/[^\s]+$/, 'expected nats://host:port');
export const NatsAuthInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** An omitted token or password keeps the one already stored (the renderer never sees it). */
  z.object({ kind: z.literal('token'), token: z.string().min(1).max(4096).optional() }),
  z.object({ kind: z.literal('user'), user: z.string().min(1).max(256), pass: z.string().max(4096).optional() }),
  z.object({ kind: z.literal('nkey'), seedFile: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('creds'), credsFile: z.string().min(1).max(4096) }),
]);
export const NatsConfigInput = z.object({
  enabled: z.boolean(),
  servers: z.array(NatsUrl).min(1).max(32),
  subject: z
    .string()
    .regex(/^[^\s*>]+$/, 'a NATS subject without wildcards')
    .default('crypto.scripts'),
  keyspace: Name.nullable().default(null),
  auth: NatsAuthInput.default({ kind: 'none' }),
  tls: z
    .object({ caFile: z.string().nullable(), certFile: z.string().nullable(), keyFile: z.string().nullable() })
    .nullable()
    .default(null),
});
export type NatsConfigInput = z.input<typeof NatsConfigInput>;
/** What the renderer sees of the NATS settings: never the token or password themselves. */
export const NatsView = z.object({
  enabled: z.boolean(),
  servers: z.array(z.string()),
  subject: z.string(),
  keyspace: z.string().nullable(),
  authKind: z.enum(['none', 'token', 'user', 'nkey', 'creds']),
  user: z.string().nullable(),
  tls: z.boolean(),
  status: ConnectionStatus,
});
export type NatsView = z.infer<typeof NatsView>;

/**
 * The listener's figures since the wallet started, for the status line in Connections: the same
 * registry `crypto-cli --metrics-port` serves as Prometheus text, reduced to counts.
 */
export const MetricsView = z.object({
  pending: z.number().int().nonnegative(),
  /** Requests that left the queue, by how: the settled states plus 'refused' (rate limit, queue full). */
  outcomes: z.object({
    signed: z.number().int().nonnegative(),
    approved: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
    expired: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    refused: z.number().int().nonnegative(),
  }),
  grantHits: z.number().int().nonnegative(),
  /** Decisions the user made, and their mean time from arrival (null before the first). */
  userDecisions: z.object({ count: z.number().int().nonnegative(), meanMs: z.number().nonnegative().nullable() }),
  audit: z.object({ writes: z.number().int().nonnegative(), failures: z.number().int().nonnegative() }),
  connections: z.object({ connected: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
});
export type MetricsView = z.infer<typeof MetricsView>;
