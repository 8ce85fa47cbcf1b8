// Collects a data dir into one backup document: keyspace blobs as stored, secrets, settings, policies, contacts.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WalletError } from '../../../shared/errors';
import { chainFields, lineHash, readAuditTrust, readLastLine } from '../audit-chain';
import { CONTACTS_FILE, contactsFileSchema } from '../contacts/contact-book';
import { SEEN_FILE, seenFileSchema } from '../contacts/seen-keys';
import { listAuditFiles } from '../requests/audit-files';
import { policyFileSchema } from '../requests/policy-store';
import { NATS_SECRET_ID } from '../settings/connection-secrets';
import { SettingsFile } from '../settings/settings-store';
import type { SecretStore, SecretStoreKind } from '../vault';
import { loadIndex } from '../vault/index-file';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupDocument, type BackupKeyspace } from './backup-document';

export interface BackupSource {
  dataDir: string;
  /** The wallet's secret store (NATS secret, audit key); keyspaces kept in the other kind are opened on demand. */
  store: SecretStore;
  /** Opens a store of the other kind, for keyspaces kept there. */
  openStore(kind: SecretStoreKind): Promise<SecretStore>;
  appVersion: string;
  /** Include the NATS token or password (off by default: a backup is often kept less carefully than a keychain). */
  includeSecrets?: boolean;
}

/** Reads a JSON file of the data dir through its schema; a missing file is null. */
async function readJson<T>(file: string, parse: (raw: unknown) => T): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    return parse(JSON.parse(text));
  } catch {
    throw new WalletError('corrupt', `${file} is damaged; fix it before backing up`);
  }
}

/** The newest chained line of the audit log, or null. */
async function auditHead(dataDir: string): Promise<BackupDocument['audit']['head']> {
  const files = (await listAuditFiles(join(dataDir, 'audit'))).reverse();
  for (const file of files) {
    const tail = await readLastLine(file);
    if (!tail?.line) continue;
    const fields = chainFields(tail.line.toString('utf8'));
    return fields ? { seq: fields.seq, sha256: lineHash(tail.line) } : null;
  }
  return null;
}

/** Gathers the backup document from a data dir; nothing is decrypted and no keyspace is unlocked. */
export async function collectBackup(source: BackupSource): Promise<BackupDocument> {
  const index = await loadIndex(source.dataDir);
  const stores = new Map<SecretStoreKind, SecretStore>([[source.store.kind, source.store]]);
  const keyspaces: BackupKeyspace[] = [];
  for (const ks of index.keyspaces) {
    let store = stores.get(ks.store);
    if (!store) {
      store = await source.openStore(ks.store);
      stores.set(ks.store, store);
    }
    const record = await store.read(ks.id);
    if (!record) throw new WalletError('corrupt', `keyspace "${ks.name}": its encrypted secret is missing`);
    keyspaces.push({ id: ks.id, name: ks.name, generation: ks.generation, keypairs: ks.keypairs, blob: record.value });
  }
  const doc: BackupDocument = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: new Date().toISOString(),
    appVersion: source.appVersion,
    keyspaces,
    policies: await readJson(join(source.dataDir, 'policies.json'), (raw) => policyFileSchema.parse(raw)),
    settings: await readJson(join(source.dataDir, 'settings.json'), (raw) => SettingsFile.parse(raw)),
    contacts: await readJson(join(source.dataDir, CONTACTS_FILE), (raw) => contactsFileSchema.parse(raw)),
    seenRequesters: await readJson(join(source.dataDir, SEEN_FILE), (raw) => seenFileSchema.parse(raw)),
    audit: { head: await auditHead(source.dataDir), publicKey: (await readAuditTrust(source.store)).publicKey },
  };
  if (source.includeSecrets) doc.secrets = { natsAuth: (await source.store.read(NATS_SECRET_ID))?.value ?? null };
  return doc;
}
