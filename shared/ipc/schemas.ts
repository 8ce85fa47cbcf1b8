/**
 * Domain schemas carried by the IPC contract. Secrets appear in exactly the flows that need them
 * (creating/importing/revealing a mnemonic, importing a raw key, entering a password); nothing
 * here ever carries key material from main to the renderer otherwise.
 */
import { z } from 'zod';

// ## Names and primitives
/** Names users type: letters, digits, space, `_ . -`; 1–64 characters, no control characters. */
export const Name = z
  .string()
  .trim()
  .min(1, 'name is empty')
  .max(64, 'name is longer than 64 characters')
  .regex(/^[\p{L}\p{N} _.-]+$/u, 'use letters, digits, spaces, "_", "." or "-"');
export const Password = z.string().min(1, 'password is empty').max(1024);
export const HexKey = z.string().regex(/^([0-9a-fA-F]{2})+$/, 'expected hex');
export const Id = z.string().min(1).max(128);
export const Millis = z.number().int().nonnegative();

// ## App
export const SecretStoreInfo = z.object({
  kind: z.enum(['keychain', 'file']),
  /** Human text, e.g. "OS keychain (Secret Service)". */
  description: z.string(),
  /** Set for the opt-in file store: shown plainly in Settings. */
  warning: z.string().nullable(),
});
export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  dataDir: z.string(),
  secretStore: SecretStoreInfo,
});
export type AppInfo = z.infer<typeof AppInfo>;

// ## Vault
export const KeyType = z.enum(['secp256k1', 'ed25519']);
/** keypair:import takes a raw secp256k1 private key (32 bytes, hex). */
export const KeypairInfo = z.object({
  name: z.string(),
  type: KeyType,
  publicKey: z.string(),
  path: z.string().nullable(),
});
export type KeypairInfo = z.infer<typeof KeypairInfo>;
export const KeyspaceSummary = z.object({ name: z.string(), locked: z.boolean(), keypairs: z.array(KeypairInfo) });
export type KeyspaceSummary = z.infer<typeof KeyspaceSummary>;

// ## Requests
export const RequestState = z.enum(['pending', 'approved', 'signed', 'rejected', 'expired', 'failed']);
export const SourceKind = z.enum(['sigsocket', 'nats', 'local']);
export const Operation = z.enum(['sign', 'script', 'key_management']);
export const Preview = z.object({
  kind: z.enum(['text', 'json', 'hex']),
  /** The decoded payload for display; cut at a display limit (see `truncated`). */
  text: z.string(),
  truncated: z.boolean(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  /** A bare 32-byte payload may be the hash of anything: the UI warns. */
  opaqueWarning: z.boolean(),
  /** Every warning the core found (opaque payload, invisible or direction-changing characters…). */
  warnings: z.array(z.string()),
});
// ## Contacts
/** A key as a person compares it: its first and last bytes, and six words from its hash. */
export const Fingerprint = z.object({ short: z.string(), words: z.array(z.string()) });
export type Fingerprint = z.infer<typeof Fingerprint>;
/** A requester key the user named. */
export const ContactView = z.object({ key: z.string(), name: z.string(), fingerprint: Fingerprint, addedAt: Millis });
export type ContactView = z.infer<typeof ContactView>;
/**
 * Who a NATS requester is to this wallet: a verified key on its first request ('new'), an unnamed key
 * that asked before ('seen'), a named key ('known'), or a request claiming a known name with a key
 * that is not that contact's ('impostor').
 */
export const RequesterCheck = z.object({
  status: z.enum(['new', 'seen', 'known', 'impostor']),
  /** The verified key (null for an unsigned request claiming a known name). */
  key: z.string().nullable(),
  fingerprint: Fingerprint.nullable(),
  /** The contact's name, for a known key. */
  name: z.string().nullable(),
  /** The name the request claims for itself (Wallet-Requester-Name): a claim, never proof. */
  claimedName: z.string().nullable(),
  /** For 'impostor': the real contact of that name, to compare fingerprints. */
  impersonates: z.object({ name: z.string(), fingerprint: Fingerprint }).nullable(),
  /** When the wallet first saw this key ask (null: never recorded, or an unsigned request). */
  firstSeenAt: Millis.nullable(),
});
export type RequesterCheck = z.infer<typeof RequesterCheck>;

export const PendingRequestView = z.object({
  id: Id,
  source: z.object({
    kind: SourceKind,
    endpoint: z.string(),
    requester: z.string().nullable(),
    verified: z.boolean(),
    /** What batch actions and policies key on: the requester if known, else the endpoint. */
    label: z.string(),
  }),
  target: z.object({ keyspace: z.string(), keypair: z.string(), keypairName: z.string().nullable() }),
  /** NATS requesters only: new, known by name, or claiming a name that belongs to another key. */
  contact: RequesterCheck.nullable(),
  operation: Operation,
  /** For key management: which action; for scripts: the wallet functions the script calls. */
  detail: z.string().nullable(),
  /** A script's text, the wallet functions it calls, the keyspaces it can touch and its key management. */
  script: z
    .object({
      source: z.string(),
      functions: z.array(z.string()),
      keyspaces: z.array(z.string()),
      keyManagement: z.array(z.string()),
    })
    .nullable(),
  /** Whether "allow for a while" is offered, and one line saying why not or what it would cover. */
  grant: z.object({ offered: z.boolean(), note: z.string() }),
  preview: Preview,
  state: RequestState,
  unlockNeeded: z.boolean(),
  createdAt: Millis,
  expiresAt: Millis,
});
export type PendingRequestView = z.infer<typeof PendingRequestView>;

export const PolicyDecision = z.enum(['ask', 'allow', 'deny']);
export const PolicyView = z.object({
  id: Id,
  /** '*' matches any. */
  source: z.string(),
  requester: z.string(),
  /** The contact's name when `requester` is a named key. */
  contactName: z.string().nullable(),
  keyspace: z.string(),
  keypair: z.string(),
  operation: z.string(),
  decision: PolicyDecision,
  label: z.string().nullable(),
  expiresAt: Millis.nullable(),
  usesLeft: z.number().int().nonnegative().nullable(),
  untilLock: z.boolean(),
  createdAt: Millis,
});
export type PolicyView = z.infer<typeof PolicyView>;

export const AuditEntry = z.object({
  requestId: Id,
  /** arrived | decided | settled | result: a request's life is several lines. */
  event: z.string(),
  at: Millis,
  source: z.object({ kind: SourceKind, endpoint: z.string(), requester: z.string().nullable(), verified: z.boolean() }),
  /** The contact's name when the requester was a verified, named key. */
  contactName: z.string().nullable(),
  keyspace: z.string(),
  keypair: z.string(),
  operation: Operation,
  state: RequestState,
  reason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  payloadSha256: z.string(),
  payloadSize: z.number().int().nonnegative(),
  signature: z.string().nullable(),
  createdAt: Millis,
  decidedAt: Millis.nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditQuery = z.object({
  requester: z.string().max(256).optional(),
  /** A contact's name: the requests its key signed. */
  contact: Name.optional(),
  keypair: z.string().max(256).optional(),
  state: RequestState.optional(),
  from: Millis.optional(),
  to: Millis.optional(),
  text: z.string().max(256).optional(),
  /** Which lines: 'settled' (one per finished request) unless asked otherwise; 'all' for every line. */
  event: z.enum(['arrived', 'decided', 'settled', 'result', 'all']).optional(),
  limit: z.number().int().min(1).max(10_000).default(500),
  offset: z.number().int().nonnegative().default(0),
});
export type AuditQuery = z.input<typeof AuditQuery>;

/** The audit log's chain check as History shows it: verified, or the first break (never any key material but the public key). */
export const AuditVerification = z.object({
  ok: z.boolean(),
  /** Chained lines checked. */
  entries: z.number().int().nonnegative(),
  /** SHA-256 of the newest line, or null for an empty log. */
  head: z.string().nullable(),
  /** Seq of the line the newest checkpoint signs, or null when none is signed yet. */
  signedSeq: z.number().int().nullable(),
  /** Lines written since that checkpoint (the running wallet signs them on its next checkpoint). */
  unsignedTail: z.number().int().nonnegative(),
  /** Short fingerprint of the audit public key. */
  keyFingerprint: z.string().nullable(),
  break: z
    .object({ file: z.string(), line: z.number().int(), seq: z.number().int().nullable(), problem: z.string() })
    .nullable(),
  notes: z.array(z.string()),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

// ## Connections
export const ConnectionStatus = z.object({
  state: z.enum(['connecting', 'connected', 'reconnecting', 'error', 'stopped']),
  reason: z.string().nullable(),
  nextAttemptAt: Millis.nullable(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;
export const SigsocketDialect = z.enum(['auto', 'plain', 'json', 'id-json']);
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

// ## Settings
export const Settings = z.object({
  autoLockMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  raiseOnRequest: z.boolean(),
  notifications: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
  /** The desktop app looks for a new release at start and every few hours; every download is verified. */
  checkForUpdates: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;

// ## The snapshot main pushes; the renderer mirrors it
export const StateSnapshot = z.object({
  /** Increases with every snapshot so a mirror can drop stale ones. */
  seq: z.number().int().nonnegative(),
  keyspaces: z.array(KeyspaceSummary),
  requests: z.array(PendingRequestView),
  sigsocket: z.array(SigsocketServerView),
  nats: NatsView.nullable(),
  settings: Settings,
});
export type StateSnapshot = z.infer<typeof StateSnapshot>;

/** Settings → Backup: when the last backup was made and whether keyspaces changed since. */
export const BackupStatus = z.object({
  lastBackupAt: Millis.nullable(),
  /** True when keyspaces exist that the last backup does not hold as they are now (or there is none). */
  changedSince: z.boolean(),
  /** Where the wallet writes backups, on the machine it runs on. */
  folder: z.string(),
});
export type BackupStatus = z.infer<typeof BackupStatus>;

/** A new backup: a passphrase or age recipients, never both. The core writes the file; only its path comes back. */
export const BackupCreate = z
  .object({
    passphrase: Password.optional(),
    recipients: z.array(z.string().max(128)).min(1).max(16).optional(),
    includeSecrets: z.boolean().default(false),
  })
  .refine((b) => (b.passphrase === undefined) !== (b.recipients === undefined), {
    message: 'give a passphrase or recipients, not both',
  });
export type BackupCreate = z.input<typeof BackupCreate>;

/** A backup file chosen by the user, base64 (bounded to fit one frame), and what opens it. */
export const BackupRestore = z
  .object({
    file: z
      .string()
      .max(900_000)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64'),
    passphrase: Password.optional(),
    /** The text of an age identity file (AGE-SECRET-KEY-1… lines). */
    identity: z.string().max(16_384).optional(),
    replace: z.boolean().default(false),
  })
  .refine((b) => (b.passphrase === undefined) !== (b.identity === undefined), {
    message: 'give a passphrase or an identity, not both',
  });
export type BackupRestore = z.input<typeof BackupRestore>;
