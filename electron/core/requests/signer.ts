/**
 * What the queue needs from the vault. The Vault satisfies this structurally (it is an EventEmitter
 * emitting 'locked' / 'unlocked' with the keyspace name), so the queue never imports the vault.
 */
export interface Signer {
  isUnlocked(keyspace: string): boolean;
  /** Throws WalletError 'locked' when the keyspace is locked, 'not_found' for an unknown keypair. */
  sign(keyspace: string, keypairNameOrPublicKeyHex: string, message: Uint8Array): Promise<Uint8Array>;
  /**
   * The canonical public keys (lower-case compressed hex) that a keypair name or key spelling stands
   * for, in one keyspace or every keyspace ('*'). Optional: without it, names stay as written.
   */
  resolveKeys?(keyspace: string, nameOrPublicKeyHex: string): string[];
  on(event: 'locked' | 'unlocked', listener: (keyspace: string) => void): unknown;
  off(event: 'locked' | 'unlocked', listener: (keyspace: string) => void): unknown;
}
