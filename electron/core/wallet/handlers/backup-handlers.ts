/**
 * Contract handlers for Settings → Backup. The core writes every backup file itself, into the data
 * dir's backups folder, and answers with its path: the renderer never sees the backup's bytes, and a
 * compromised renderer cannot make the core write anywhere else. A restore takes the file the user
 * picked (still age-encrypted) and what opens it, and restores keyspaces only.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../../shared/node/atomic-file';
import {
  ageDecrypt,
  ageEncrypt,
  collectBackup,
  keyspacesDigest,
  parseBackup,
  parseIdentityFile,
  readBackupState,
  restoreBackup,
  saveBackupState,
} from '../../backup';
import type { RequestQueue } from '../../requests';
import { createSecretStore, type SecretStore, type Vault } from '../../vault';
import { loadIndex } from '../../vault/index-file';
import type { Handlers } from '../dispatch';

type BackupChannels = Extract<keyof Handlers, `backup:${string}`>;

export interface BackupHandlerDeps {
  dataDir: string;
  secrets: SecretStore;
  vault: Pick<Vault, 'refresh' | 'lockAll'>;
  queue: Pick<RequestQueue, 'audit'>;
  version: string;
}

export const BACKUPS_FOLDER = 'backups';

export function backupHandlers(deps: BackupHandlerDeps): Pick<Handlers, BackupChannels> {
  const folder = join(deps.dataDir, BACKUPS_FOLDER);
  return {
    'backup:status': async () => {
      const [state, index] = await Promise.all([readBackupState(deps.dataDir), loadIndex(deps.dataDir)]);
      const changedSince = state ? state.keyspacesDigest !== keyspacesDigest(index) : index.keyspaces.length > 0;
      return { lastBackupAt: state?.lastBackupAt ?? null, changedSince, folder };
    },
    'backup:create': async ({ passphrase, recipients, includeSecrets }) => {
      // The backup records the audit log's head: sign it first, so that head is a checkpoint.
      await deps.queue.audit.checkpointAndFlush();
      const doc = await collectBackup({
        dataDir: deps.dataDir,
        store: deps.secrets,
        openStore: (kind) => createSecretStore({ kind, dataDir: deps.dataDir }),
        appVersion: deps.version,
        includeSecrets,
      });
      const keys = passphrase !== undefined ? { passphrase } : { recipients: recipients ?? [] };
      const sealed = await ageEncrypt(new TextEncoder().encode(JSON.stringify(doc)), keys);
      const createdAt = Date.parse(doc.createdAt);
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const path = join(folder, `signing-wallet-${doc.createdAt.replace(/[:.]/g, '-')}.age`);
      await writeFileAtomic(path, sealed, 0o600);
      await saveBackupState(deps.dataDir, await loadIndex(deps.dataDir), createdAt);
      return { path, createdAt, keyspaces: doc.keyspaces.length };
    },
    'backup:restore': async ({ file, passphrase, identity, replace }) => {
      const unlock =
        identity !== undefined ? { identities: parseIdentityFile(identity) } : { passphrase: passphrase ?? '' };
      const doc = parseBackup(await ageDecrypt(Buffer.from(file, 'base64'), unlock));
      // A replaced keyspace must not stay open under its old key.
      if (replace) deps.vault.lockAll();
      const report = await restoreBackup(doc, {
        dataDir: deps.dataDir,
        store: deps.secrets,
        replace,
        keyspacesOnly: true,
      });
      await deps.vault.refresh();
      return { restored: report.restored, replaced: report.replaced };
    },
  };
}
