// The options and events of one wallet ↔ server connection, validated with zod.
import { z } from 'zod';
import type { BackoffOptions } from '../../../shared/backoff';
import { DIALECT_SETTINGS, type Dialect, normalizePublicKey } from '../../../shared/sigsocket';

/** A request handed to the wallet (the approval queue, in the app). */
export interface SigsocketRequest {
  /** The server's id; in the plain dialect, which has none, `plain:<sha256 hex of the message>`. */
  requestId: string;
  message: Uint8Array;
  /** The server's URL, for display and policies. */
  url: string;
}

/** The wallet's decision: a 64-byte compact signature of SHA-256(message), or a rejection reason. */
export type SigsocketDecision = { ok: true; signature: Uint8Array } | { ok: false; reason: string };

export type SigsocketHandler = (req: SigsocketRequest) => Promise<SigsocketDecision>;

/**
 * Signs a proof-of-possession challenge without asking anyone: a 64-byte compact signature of
 * SHA-256(challenge) by the bound key. Only messages carrying the proof prefix ever reach it.
 */
export type ProofSigner = (challenge: Uint8Array) => Promise<Uint8Array> | Uint8Array;

/** What the UI shows for a server. `error` is final until start() is called again (e.g. after fixing the CA). */
export type SigsocketStatus =
  | { state: 'connecting' }
  | { state: 'connected'; dialect: Dialect }
  | { state: 'reconnecting'; nextAttemptAt: number; attempt: number; lastError: string }
  | { state: 'error'; reason: string }
  | { state: 'stopped' };

export interface SigsocketClientOptions {
  /** ws:// or wss:// URL of the server's WebSocket endpoint; it names the server in requests and logs. */
  url: string;
  /**
   * More endpoints of the same server (instances of one cluster): after a failure the next connection
   * attempt goes to the next URL in turn, `url` first.
   */
  alternateUrls?: string[];
  /** `auto` means `json`. Default `auto`. */
  dialect?: (typeof DIALECT_SETTINGS)[number];
  /** Hex secp256k1 public key of the bound keypair (compressed; uncompressed is sent as given). */
  publicKeyHex: string;
  handler: SigsocketHandler;
  /** Answers the server's challenge after each introduction; user requests never reach it. */
  signProof: ProofSigner;
  /** Extra trusted CA certificate(s), PEM, for a wss server with a private CA. */
  ca?: string | Uint8Array;
  /** Largest frame accepted from the server; a larger one closes the connection (then it reconnects). */
  maxFrameBytes?: number;
  backoff?: BackoffOptions;
  /** How often the client pings; a server that misses one ping is treated as gone. Default 20 s. */
  pingIntervalMs?: number;
  /** WebSocket opening handshake timeout. Default 10 s. */
  connectTimeoutMs?: number;
  /** How long outcomes are remembered to answer replays without signing again. Default 10 min. */
  rememberMs?: number;
  /** Structured log lines (never message bodies). */
  log?: (line: Record<string, unknown>) => void;
  /**
   * For wss://: judges the server's certificate key (SPKI SHA-256, hex) once TLS is up and before the
   * wallet introduces itself; a returned reason stops the connection (state 'error') until start().
   */
  checkCertificate?: (spkiSha256: string) => string | null;
}

const positiveInt = z.number().int().positive();

const wsUrl = z
  .string()
  .refine((u) => URL.canParse(u) && /^wss?:$/.test(new URL(u).protocol), 'url must be a ws:// or wss:// URL');

export const ClientOptionsSchema = z.object({
  url: wsUrl,
  alternateUrls: z.array(wsUrl).max(15).default([]),
  dialect: z.enum(DIALECT_SETTINGS).default('auto'),
  publicKeyHex: z
    .string()
    .regex(/^[0-9a-fA-F]+$/, 'publicKeyHex must be hex')
    .refine((k) => normalizePublicKey(k) !== null, 'publicKeyHex is not a valid secp256k1 public key'),
  handler: z.custom<SigsocketHandler>((h) => typeof h === 'function', 'handler must be a function'),
  signProof: z.custom<ProofSigner>((f) => typeof f === 'function', 'signProof must be a function'),
  ca: z.union([z.string(), z.instanceof(Uint8Array)]).optional(),
  maxFrameBytes: positiveInt.default(1024 * 1024),
  backoff: z
    .object({
      initialMs: positiveInt.optional(),
      factor: z.number().min(1).optional(),
      maxMs: positiveInt.max(30_000).optional(),
      jitter: z.number().min(0).max(1).optional(),
    })
    .default({}),
  pingIntervalMs: positiveInt.default(20_000),
  connectTimeoutMs: positiveInt.default(10_000),
  rememberMs: positiveInt.default(10 * 60_000),
  log: z.custom<(line: Record<string, unknown>) => void>((f) => typeof f === 'function').optional(),
  checkCertificate: z.custom<(spki: string) => string | null>((f) => typeof f === 'function').optional(),
});

export type ResolvedClientOptions = z.output<typeof ClientOptionsSchema>;
