/** The vault: password-protected keyspaces of keypairs, their secret stores and signing. */
export { DEFAULT_KEYCHAIN_SERVICE, resolveDataDir, resolveKeychainService } from './config';
export { ED25519_COIN_TYPE, ed25519Path, secp256k1Path } from './derivation';
export {
  createSecretStore,
  FILE_STORE_WARNING,
  type SecretStore,
  type SecretStoreInfo,
  type SecretStoreKind,
} from './secret-store';
export {
  DEFAULT_AUTO_LOCK_MS,
  DEFAULT_KDF,
  type KdfParams,
  type KeypairInfo,
  type KeyspaceSummary,
  type KeyType,
  type VaultEvents,
} from './types';
export { Vault, type VaultOptions } from './vault';
export { verifySignature } from './verify';
