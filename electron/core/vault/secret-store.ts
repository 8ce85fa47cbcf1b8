// createSecretStore: picks the keychain or the file store from the options.
import { resolveKeychainService } from './config';
import { createFileStore } from './file-store';
import { createKeychainStore } from './keychain-store';
import { napiKeyringBackend } from './keyring-backend';
import type { SecretStore, SecretStoreKind } from './store-types';

export {
  FILE_STORE_WARNING,
  type SecretStore,
  type SecretStoreInfo,
  type SecretStoreKind,
  type StoredRecord,
  VersionConflict,
} from './store-types';

/**
 * Opens the chosen store. The keychain store checks that an OS keychain answers and otherwise
 * fails with 'no_keychain' naming what to install; it never silently falls back to the file store.
 */
export async function createSecretStore(opts: {
  kind: SecretStoreKind;
  service?: string;
  dataDir: string;
}): Promise<SecretStore> {
  if (opts.kind === 'file') return createFileStore(opts.dataDir);
  const service = resolveKeychainService(opts.service);
  const backend = napiKeyringBackend(service);
  await backend.probe();
  return createKeychainStore(backend, { description: backend.description });
}
