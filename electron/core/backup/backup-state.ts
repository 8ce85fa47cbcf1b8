/**
 * When the last backup was made and what the keyspaces looked like then, so the wallet can remind
 * the user once keyspaces changed since (backup-state.json in the data dir; nothing secret).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../../shared/node/atomic-file';
import type { IndexData } from '../vault/index-file';

export const BACKUP_STATE_FILE = 'backup-state.json';

const stateSchema = z.strictObject({
  v: z.literal(1),
  lastBackupAt: z.number().int().nonnegative(),
  keyspacesDigest: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupState = z.infer<typeof stateSchema>;

/** A digest of what a backup holds of the keyspaces: any create, delete, rename, new keypair or password change moves it. */
export function keyspacesDigest(index: Pick<IndexData, 'keyspaces'>): string {
  const parts = [...index.keyspaces]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((k) => [k.id, k.name, k.generation, k.keypairs.map((p) => `${p.name}:${p.publicKey}`)]);
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

export async function readBackupState(dataDir: string): Promise<BackupState | null> {
  try {
    return stateSchema.parse(JSON.parse(await readFile(join(dataDir, BACKUP_STATE_FILE), 'utf8')));
  } catch {
    // missing or damaged: the wallet then simply reminds the user to back up
    return null;
  }
}

export async function saveBackupState(dataDir: string, index: Pick<IndexData, 'keyspaces'>, at: number): Promise<void> {
  const state: BackupState = { v: 1, lastBackupAt: at, keyspacesDigest: keyspacesDigest(index) };
  await writeFileAtomic(join(dataDir, BACKUP_STATE_FILE), `${JSON.stringify(state)}\n`, 0o600);
}
