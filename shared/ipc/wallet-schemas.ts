// Contract schemas for the wallet as a whole: app info, keyspaces, settings, backups and the snapshot main pushes.
import { z } from 'zod';
import { KEY_TYPES, SECRET_STORE_KINDS } from '../domain';
import { NatsView, SigsocketServerView } from './connection-schemas';
import { Millis, Password } from './primitives';
import { PendingRequestView } from './request-schemas';

// ## App
export const SecretStoreInfo = z.object({
  kind: z.enum(SECRET_STORE_KINDS),
  /** Human-readable place, e.g. 'OS keychain (Secret Service), service "signing-wallet"'. */
  description: z.string(),
  /** Shown next to the store's name whenever it is not the OS keychain; null for the keychain. */
  warning: z.string().nullable(),
});
export type SecretStoreInfo = z.infer<typeof SecretStoreInfo>;
export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  dataDir: z.string(),
  secretStore: SecretStoreInfo,
});
export type AppInfo = z.infer<typeof AppInfo>;

// ## Vault
export const KeyType = z.enum(KEY_TYPES);
/** What anyone may see about a keypair, locked or not: never secret. */
export const KeypairInfo = z.object({
  name: z.string(),
  type: KeyType,
  /** Hex: 33-byte compressed secp256k1, or 32-byte ed25519. */
  publicKey: z.string(),
  /** Derivation path, or null for an imported key. */
  path: z.string().nullable(),
});
export type KeypairInfo = z.infer<typeof KeypairInfo>;
export const KeyspaceSummary = z.object({ name: z.string(), locked: z.boolean(), keypairs: z.array(KeypairInfo) });
export type KeyspaceSummary = z.infer<typeof KeyspaceSummary>;

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
