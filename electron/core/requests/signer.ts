/**
 * What the queue needs from the vault. The Vault satisfies this structurally (it is an EventEmitter
 * emitting 'locked' / 'unlocked' with the keyspace name), so the queue never imports the vault.
 */
export interface Signer {
  isUnlocked(keyspace: string): boolean;
  /** Throws WalletError 'locked' when the keyspace is locked, 'not_found' for an unknown keypair. */
  sign(keyspace: string, keypairNameOrPublicKeyHex: string, message: Uint8Array): Promise<Uint8Array>;
  on(event: 'locked' | 'unlocked', listener: (keyspace: string) => void): unknown;
  off(event: 'locked' | 'unlocked', listener: (keyspace: string) => void): unknown;
}
