// Vault types shared by its callers: key types, keypair and keyspace views, KDF parameters, events.
/** The two key types a keyspace holds. */
export type KeyType = 'secp256k1' | 'ed25519';

export const KEY_TYPES: readonly KeyType[] = ['secp256k1', 'ed25519'];

/** What anyone may see about a keypair, locked or not: never secret. */
export interface KeypairInfo {
  name: string;
  type: KeyType;
  /** Hex: 33-byte compressed secp256k1, or 32-byte ed25519. */
  publicKey: string;
  /** Derivation path, or null for an imported key. */
  path: string | null;
}

export interface KeyspaceSummary {
  name: string;
  locked: boolean;
  keypairs: KeypairInfo[];
}

/** scrypt cost parameters; the stored ones always decide decryption. */
export interface KdfParams {
  N: number;
  r: number;
  p: number;
}

/** What the CLI and the app always use for new envelopes; only tests pass a lower cost. */
export const DEFAULT_KDF: KdfParams = { N: 2 ** 17, r: 8, p: 1 };

/** Idle time after which an unlocked keyspace locks itself. */
export const DEFAULT_AUTO_LOCK_MS = 15 * 60 * 1000;

/** Events a Vault emits; each carries what a listener needs without asking again. */
export interface VaultEvents {
  /** Keyspaces or keypairs were added, removed, renamed or repaired. */
  changed: [summaries: KeyspaceSummary[]];
  locked: [keyspace: string];
  unlocked: [keyspace: string];
}

/** Hands a vault event to whoever listens; it must not throw into the operation that caused it. */
export type VaultNotify = <K extends keyof VaultEvents>(event: K, ...args: VaultEvents[K]) => void;
