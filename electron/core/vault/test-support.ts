import { createFileStore } from './file-store';
import type { SecretStore } from './store-types';
import { Vault, type VaultOptions } from './vault';

/** Cheap scrypt for tests only; the app and CLI always use DEFAULT_KDF (N=2^17). */
export const TEST_KDF = { N: 2 ** 14, r: 8, p: 1 };

/** A Vault over the file store in `dataDir` with test-cheap scrypt; options override. */
export async function openTestVault(
  dataDir: string,
  opts: Partial<VaultOptions> & { secretStore?: SecretStore } = {},
): Promise<Vault> {
  return Vault.open({ dataDir, secretStore: opts.secretStore ?? createFileStore(dataDir), kdf: TEST_KDF, ...opts });
}
