// Restores a backup document into a data dir that no running wallet holds, keyspace by keyspace, crash-safe.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { WalletError } from '../../../shared/errors';
import { writeFileAtomic } from '../../../shared/node/atomic-file';
import { issueMessage } from '../../../shared/zod-issue';
import { CONTACTS_FILE } from '../contacts/contact-book';
import { SEEN_FILE } from '../contacts/seen-keys';
import { NATS_SECRET_ID } from '../settings/connection-secrets';
import type { SecretStore } from '../vault';
import { type IndexData, loadIndex, saveIndex } from '../vault/index-file';
import { type BackupDocument, backupDocumentSchema, MAX_BACKUP_BYTES } from './backup-document';

export interface RestoreTarget {
  dataDir: string;
  /** Where the restored keyspaces and secrets go (the target wallet's store). */
  store: SecretStore;
  /** Overwrite keyspaces of the same name, settings, policies and contacts; without it nothing existing is touched. */
  replace?: boolean;
  /** Restore keyspaces only: a running wallet holds settings, policies and contacts in memory and would overwrite them. */
  keyspacesOnly?: boolean;
}

export interface RestoreReport {
  restored: string[];
  replaced: string[];
  settings: 'restored' | 'kept' | 'absent';
  policies: 'restored' | 'kept' | 'absent';
  contacts: 'restored' | 'kept' | 'absent';
  natsSecret: boolean;
}

/** Parses decrypted backup bytes (bounded first); anything else is 'bad_input'. */
export function parseBackup(bytes: Uint8Array): BackupDocument {
  if (bytes.length > MAX_BACKUP_BYTES) throw new WalletError('bad_input', 'the backup is too large');
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new WalletError('bad_input', 'the backup does not hold a JSON document');
  }
  const parsed = backupDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    throw new WalletError('bad_input', `not a backup this version can read: ${issueMessage(parsed.error)}`);
  }
  return parsed.data;
}

/** Writes a data-dir JSON file from the backup when the target has none, or always with --replace. */
async function restoreFile(file: string, value: unknown, replace = false): Promise<'restored' | 'kept' | 'absent'> {
  if (value === null || value === undefined) return 'absent';
  if (!replace && (await exists(file))) return 'kept';
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, 0o600);
  return 'restored';
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** Which existing keyspaces the backup would overwrite (same name or same id); refuses without --replace. */
function collisions(index: IndexData, doc: BackupDocument, replace: boolean) {
  const clash = index.keyspaces.filter((ks) => doc.keyspaces.some((b) => b.name === ks.name || b.id === ks.id));
  if (clash.length > 0 && !replace) {
    const names = clash.map((k) => `"${k.name}"`).join(', ');
    throw new WalletError('bad_input', `keyspace ${names} already exists here; --replace overwrites it`);
  }
  return clash;
}

/**
 * Restores a backup into a data dir that no running wallet holds. Each keyspace follows the vault's
 * own create protocol: an intent in the index, the blob under its original id (the id is bound into
 * its encryption), then the index entry, so a crash at any step leaves nothing half restored.
 */
export async function restoreBackup(doc: BackupDocument, target: RestoreTarget): Promise<RestoreReport> {
  const index = await loadIndex(target.dataDir);
  const clash = collisions(index, doc, target.replace === true);
  const { store } = target;
  const now = Date.now();
  // Deletes in this store finish here; a replaced keyspace kept in the other store is removed when that store opens.
  const intents = [
    ...clash.map((old) => ({ id: old.id, op: 'delete' as const, store: old.store, at: now })),
    ...doc.keyspaces.map((ks) => ({ id: ks.id, op: 'create' as const, store: store.kind, at: now })),
  ];
  index.keyspaces = index.keyspaces.filter((k) => !clash.includes(k));
  index.pending.push(...intents);
  await saveIndex(target.dataDir, index);
  const restoredIds = new Set(doc.keyspaces.map((k) => k.id));
  for (const old of clash) if (old.store === store.kind && !restoredIds.has(old.id)) await store.remove(old.id);
  for (const ks of doc.keyspaces) {
    await store.write(ks.id, ks.blob);
    const { blob: _, ...entry } = ks;
    index.keyspaces.push({ ...entry, store: store.kind });
  }
  const done = new Set(intents.filter((p) => p.store === store.kind));
  index.pending = index.pending.filter((p) => !done.has(p as (typeof intents)[number]));
  await saveIndex(target.dataDir, index);

  const report: RestoreReport = {
    restored: doc.keyspaces.map((k) => k.name),
    replaced: clash.map((k) => k.name),
    settings: 'absent',
    policies: 'absent',
    contacts: 'absent',
    natsSecret: false,
  };
  if (target.keyspacesOnly) return report;
  report.settings = await restoreFile(join(target.dataDir, 'settings.json'), doc.settings, target.replace);
  if (report.settings === 'restored' && doc.secrets?.natsAuth) {
    await store.write(NATS_SECRET_ID, doc.secrets.natsAuth);
    report.natsSecret = true;
  }
  report.policies = await restoreFile(join(target.dataDir, 'policies.json'), doc.policies, target.replace);
  report.contacts = await restoreFile(join(target.dataDir, CONTACTS_FILE), doc.contacts, target.replace);
  // Keys seen before stay "unnamed requester" on the new machine, not "new" again.
  await restoreFile(join(target.dataDir, SEEN_FILE), doc.seenRequesters, target.replace);
  return report;
}
