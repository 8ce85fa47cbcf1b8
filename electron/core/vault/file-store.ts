// The opt-in file secret store: one owner-only file per record in the data dir.
import { createHash } from 'node:crypto';
import { mkdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { WalletError } from '../../../shared/errors';
import { removeStaleTemps, writeFileAtomic } from '../../../shared/node/atomic-file';
import { checkRecordId, FILE_STORE_WARNING, type SecretStore, VersionConflict } from './store-types';

export const SECRETS_DIR = 'secrets';

function versionOf(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 32);
}

/**
 * The opt-in file store: the same encrypted envelopes, one file per keyspace under
 * <dataDir>/secrets (directory 0700, files 0600), each replaced atomically.
 */
export function createFileStore(dataDir: string): SecretStore {
  const dir = join(dataDir, SECRETS_DIR);
  const fileOf = (id: string) => {
    checkRecordId(id);
    return join(dir, `${id}.secret`);
  };

  async function readText(id: string): Promise<string | null> {
    try {
      return await readFile(fileOf(id), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new WalletError('unavailable', `cannot read ${fileOf(id)}: ${(e as Error).message}`);
    }
  }

  return {
    kind: 'file',
    describe: () => ({
      kind: 'file',
      description: `files in ${dir} (opt-in file store)`,
      warning: FILE_STORE_WARNING,
    }),

    async read(id) {
      const value = await readText(id);
      return value === null ? null : { value, version: versionOf(value) };
    },

    async write(id, value, opts) {
      if (opts && opts.expectedVersion !== undefined) {
        const cur = await readText(id);
        if ((cur === null ? null : versionOf(cur)) !== opts.expectedVersion) throw new VersionConflict(id);
      }
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(fileOf(id), value, 0o600);
      return versionOf(value);
    },

    async remove(id) {
      await unlink(fileOf(id)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw new WalletError('unavailable', `cannot delete ${fileOf(id)}: ${e.message}`);
      });
    },

    async collectGarbage(graceMs) {
      await removeStaleTemps(dir, graceMs);
    },
  };
}
