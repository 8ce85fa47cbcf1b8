/**
 * The JSON document inside a backup's age file (docs/backup.md). Versioned: a reader refuses a
 * version it does not know rather than guess. Keyspaces stay encrypted under their own passwords,
 * byte for byte as the secret store holds them, so a backup's passphrase never opens a keyspace.
 */
import { z } from 'zod';
import { contactsFileSchema } from '../contacts/contact-book';
import { seenFileSchema } from '../contacts/seen-keys';
import { policyFileSchema } from '../requests/policy-store';
import { SettingsFile } from '../settings/settings-store';
import { keyspaceSchema } from '../vault/index-file';

export const BACKUP_FORMAT = 'signing-wallet-backup';
export const BACKUP_VERSION = 1;
/** A backup is read whole: bounded before decrypting and parsing. */
export const MAX_BACKUP_BYTES = 64 * 1024 * 1024;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const backupKeyspaceSchema = keyspaceSchema.omit({ store: true }).extend({
  /** The encrypted envelope exactly as the secret store holds it. */
  blob: z
    .string()
    .min(1)
    .max(1024 * 1024),
});
export type BackupKeyspace = z.infer<typeof backupKeyspaceSchema>;

export const backupDocumentSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.iso.datetime(),
  appVersion: z.string().max(64),
  // Names and ids are unique, as the vault index requires: a crafted backup must not leave an index the wallet refuses to open.
  keyspaces: z
    .array(backupKeyspaceSchema)
    .max(1000)
    .refine((list) => new Set(list.map((k) => k.name)).size === list.length, 'two keyspaces share a name')
    .refine((list) => new Set(list.map((k) => k.id)).size === list.length, 'two keyspaces share an id'),
  /** policies.json, or null when the wallet had none. */
  policies: policyFileSchema.nullable(),
  /** settings.json (connection secrets are never in it), or null when the wallet had none. */
  settings: SettingsFile.nullable(),
  /** contacts.json (named requester keys, pinned server certificates), or null when the wallet had none. */
  contacts: contactsFileSchema.nullable(),
  /** seen-requesters.json (when each requester key first asked), or null; absent in backups made before it was kept. */
  seenRequesters: seenFileSchema.nullable().optional(),
  /** Only with --include-secrets: the NATS token or password from the secret store. */
  secrets: z
    .strictObject({
      natsAuth: z
        .string()
        .max(64 * 1024)
        .nullable(),
    })
    .optional(),
  /** Where the audit log stood: its newest line and the audit key that signs it (the log itself stays). */
  audit: z.strictObject({
    head: z.strictObject({ seq: z.number().int().nonnegative(), sha256: sha256Hex }).nullable(),
    publicKey: z.string().max(100).nullable(),
  }),
});
export type BackupDocument = z.infer<typeof backupDocumentSchema>;
