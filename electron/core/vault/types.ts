// Vault types shared by its callers: key types, keypair and keyspace views, KDF parameters, events.
import type { KeyspaceSummary } from '../../../shared/ipc/schemas';

export { KEY_TYPES, type KeyType } from '../../../shared/domain';
/** What anyone may see about a keypair (never secret), and a keyspace's listing: the contract's views. */
export type { KeypairInfo, KeyspaceSummary } from '../../../shared/ipc/schemas';

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
