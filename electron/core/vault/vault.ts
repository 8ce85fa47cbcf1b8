// Vault: the facade callers use; it composes the keyspace repository with keyspace and keypair operations.
import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { WalletError } from '../../../shared/errors';
import { checkKdfParams } from './envelope';
import { KeypairOperations } from './keypair-ops';
import { KeyspaceOperations } from './keyspace-ops';
import type { UnlockScope } from './records';
import type { SecretStore, SecretStoreInfo } from './store-types';
import { StoredKeyspaces } from './stored-keyspaces';
import {
  DEFAULT_AUTO_LOCK_MS,
  DEFAULT_KDF,
  type KdfParams,
  type KeypairInfo,
  type KeyspaceSummary,
  type KeyType,
  type VaultEvents,
} from './types';

export interface VaultOptions {
  dataDir: string;
  secretStore: SecretStore;
  /** Cost for new envelopes (tests lower it); decryption always uses the stored parameters. */
  kdf?: Partial<KdfParams>;
  /** Idle time before an unlocked keyspace locks itself; 0 or Infinity disables. Default 15 min. */
  autoLockMs?: number;
  /** Wall clock for the wrong-password backoff (tests move it). */
  clock?: () => number;
  /** Age after which leftovers of interrupted writes by any process are cleaned up. Default 60 s. */
  gcGraceMs?: number;
}

const DEFAULT_GC_GRACE_MS = 60_000;

/**
 * Password-protected keyspaces of keypairs. Secrets live encrypted in the secret store and,
 * once unlocked, only in this object; the index file in the data dir lets everyone list names
 * and public keys while locked. Emits 'changed', 'locked' and 'unlocked'.
 */
export class Vault extends EventEmitter<VaultEvents> {
  private readonly repo: StoredKeyspaces;
  private readonly keyspaces: KeyspaceOperations;
  private readonly keypairs: KeypairOperations;

  private constructor(opts: VaultOptions, kdf: KdfParams) {
    super();
    this.repo = new StoredKeyspaces({
      dataDir: opts.dataDir,
      store: opts.secretStore,
      autoLockMs: opts.autoLockMs ?? DEFAULT_AUTO_LOCK_MS,
      clock: opts.clock ?? Date.now,
      gcGraceMs: opts.gcGraceMs ?? DEFAULT_GC_GRACE_MS,
      notify: (event, ...args) => this.notify(event, ...args),
    });
    this.keyspaces = new KeyspaceOperations(this.repo, kdf);
    this.keypairs = new KeypairOperations(this.repo);
  }

  static async open(opts: VaultOptions): Promise<Vault> {
    if (typeof opts?.dataDir !== 'string' || !opts.dataDir) throw new WalletError('bad_input', 'no data dir');
    const kdf = checkKdfParams({ ...DEFAULT_KDF, ...opts.kdf });
    await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
    const vault = new Vault(opts, kdf);
    await vault.repo.load();
    return vault;
  }

  // ## State (works while locked)

  listKeyspaces(): KeyspaceSummary[] {
    return this.repo.summaries();
  }
  /** Whether a keyspace of this name exists, without copying every keyspace's summary (a per-request check). */
  hasKeyspace(name: string): boolean {
    return this.repo.find(name) !== undefined;
  }
  isUnlocked(name: string): boolean {
    const entry = this.repo.find(name);
    return entry !== undefined && this.repo.isUnlocked(entry);
  }
  /** Where secrets live, for the GUI to show honestly (the file store carries its warning). */
  describeSecretStore(): SecretStoreInfo {
    return this.repo.describeStore();
  }
  /** Re-reads the index written by other processes; emits 'changed' if it differs. */
  refresh(): Promise<void> {
    return this.repo.exclusive(() => this.repo.reload());
  }
  /** Changes the idle auto-lock for unlocked keyspaces and later unlocks; 0 or Infinity disables it. */
  setAutoLockMs(ms: number): void {
    this.repo.setAutoLockMs(ms);
  }

  // ## Keyspaces (see keyspace-ops.ts)

  createKeyspace(name: string, password: string, opts?: { words?: 12 | 24 }): Promise<{ mnemonic: string }> {
    return this.keyspaces.create(name, password, opts?.words);
  }
  importKeyspace(name: string, mnemonic: string, password: string): Promise<void> {
    return this.keyspaces.import(name, mnemonic, password);
  }
  /** Checks the password even when already unlocked; `remote` attempts have their own backoff count. */
  unlock(name: string, password: string, opts: { scope?: UnlockScope } = {}): Promise<void> {
    return this.keyspaces.unlock(name, password, opts.scope);
  }
  lock(name: string): void {
    this.keyspaces.lock(name);
  }
  lockAll(): void {
    this.repo.lockAll();
  }
  renameKeyspace(oldName: string, newName: string): Promise<void> {
    return this.keyspaces.rename(oldName, newName);
  }
  deleteKeyspace(name: string, password: string): Promise<void> {
    return this.keyspaces.delete(name, password);
  }
  changePassword(name: string, oldPassword: string, newPassword: string): Promise<void> {
    return this.keyspaces.changePassword(name, oldPassword, newPassword);
  }
  revealMnemonic(name: string, password: string): Promise<string> {
    return this.keyspaces.revealMnemonic(name, password);
  }
  /** Locks everything and stops every timer; the object must not be used afterwards. */
  close(): void {
    this.repo.lockAll();
  }

  // ## Keypairs (see keypair-ops.ts)

  createKeypair(keyspace: string, name: string, opts?: { type?: KeyType }): Promise<KeypairInfo> {
    return this.keypairs.create(keyspace, name, opts?.type ?? 'secp256k1');
  }
  importKeypair(keyspace: string, name: string, privateKeyHex: string): Promise<KeypairInfo> {
    return this.keypairs.import(keyspace, name, privateKeyHex);
  }
  renameKeypair(keyspace: string, oldName: string, newName: string): Promise<void> {
    return this.keypairs.rename(keyspace, oldName, newName);
  }
  removeKeypair(keyspace: string, name: string): Promise<void> {
    return this.keypairs.remove(keyspace, name);
  }
  listKeypairs(keyspace: string): KeypairInfo[] {
    return this.keypairs.list(keyspace);
  }
  findKeypair(keyspace: string, nameOrPublicKeyHex: string): KeypairInfo | undefined {
    return this.keypairs.find(keyspace, nameOrPublicKeyHex);
  }
  /** The canonical public keys a keypair name ('*': in any keyspace) or key spelling stands for. */
  resolveKeys(keyspace: string, nameOrPublicKeyHex: string): string[] {
    return this.keypairs.resolveKeys(keyspace, nameOrPublicKeyHex);
  }
  /** ECDSA over SHA-256 (RFC 6979, low-S, 64-byte r||s) or Ed25519; rejects 'locked' when locked. */
  sign(keyspace: string, nameOrPublicKeyHex: string, message: Uint8Array): Promise<Uint8Array> {
    return this.keypairs.sign(keyspace, nameOrPublicKeyHex, message);
  }

  /** A throwing listener must not undo a committed operation or crash the process. */
  private notify<K extends keyof VaultEvents>(event: K, ...args: VaultEvents[K]): void {
    try {
      (this.emit as (e: K, ...a: VaultEvents[K]) => boolean)(event, ...args);
    } catch {
      // listener errors are the listener's
    }
  }
}
