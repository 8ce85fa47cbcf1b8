// A real Vault on a temp data dir with the test scrypt cost, for tests of the vault and its callers.
import { createFileStore } from '../../electron/core/vault/file-store';
import type { SecretStore } from '../../electron/core/vault/store-types';
import { Vault, type VaultOptions } from '../../electron/core/vault/vault';
import { TEST_KDF } from './kdf';

/** A Vault over the file store in `dataDir` with test-cheap scrypt; options override. */
export async function openTestVault(
  dataDir: string,
  opts: Partial<VaultOptions> & { secretStore?: SecretStore } = {},
): Promise<Vault> {
  return Vault.open({ dataDir, secretStore: opts.secretStore ?? createFileStore(dataDir), kdf: TEST_KDF, ...opts });
}
