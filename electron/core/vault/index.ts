// The vault's entry point: password-protected keyspaces, their secret stores and signature checks.
// It lists only what callers outside the folder import; anything else is imported from its own file.
export { resolveDataDir } from './config';
export { createSecretStore, type SecretStore, type SecretStoreKind } from './secret-store';
export type { KdfParams, KeypairInfo } from './types';
export { Vault } from './vault';
export { verifySignature } from './verify';
