import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { WalletError } from '../../../shared/errors';
import { checkKdfParams, deriveKey, newKdfHeader, seal } from './envelope';
import { type IndexKeyspace, loadIndex } from './index-file';
import { newMnemonic, parseMnemonic } from './mnemonic';
import { checkName, checkNewPassword, checkPassword } from './names';
import { encodePayload, type SecretPayload, wipePayload } from './payload';
import { canonicalPublicKey } from './public-key';
import { openRecord, requireStore, type UnlockScope } from './records';
import { type SecretStore, type SecretStoreInfo, VersionConflict } from './store-types';
import { DEFAULT_AUTO_LOCK_MS, DEFAULT_KDF, type KdfParams, type KeypairInfo, type KeyType } from './types';
import { VaultCore } from './vault-core';
import { VaultKeypairs } from './vault-keypairs';

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
export class Vault extends VaultCore {
  private readonly keypairOps = new VaultKeypairs(this.internals());

  static async open(opts: VaultOptions): Promise<Vault> {
    if (typeof opts?.dataDir !== 'string' || !opts.dataDir) throw new WalletError('bad_input', 'no data dir');
    const kdf = checkKdfParams({ ...DEFAULT_KDF, ...opts.kdf });
    await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
    const vault = new Vault(
      opts.dataDir,
      opts.secretStore,
      kdf,
      opts.autoLockMs ?? DEFAULT_AUTO_LOCK_MS,
      opts.clock ?? Date.now,
      opts.gcGraceMs ?? DEFAULT_GC_GRACE_MS,
    );
    vault.index = await loadIndex(opts.dataDir);
    await vault.recover();
    return vault;
  }

  // ## State (works while locked; listKeyspaces is in vault-core.ts)

  isUnlocked(name: string): boolean {
    const entry = this.index.keyspaces.find((ks) => ks.name === name);
    return entry !== undefined && this.sessions.has(entry.id);
  }

  /** Where secrets live, for the GUI to show honestly (the file store carries its warning). */
  describeSecretStore(): SecretStoreInfo {
    return this.store.describe();
  }

  /** Re-reads the index written by other processes; emits 'changed' if it differs. */
  refresh(): Promise<void> {
    return this.serial.run(() => this.reload());
  }

  // ## Keyspaces

  async createKeyspace(name: string, password: string, opts?: { words?: 12 | 24 }): Promise<{ mnemonic: string }> {
    checkName('keyspace', name);
    checkNewPassword(password);
    const mnemonic = newMnemonic(opts?.words ?? 24);
    return this.serial.run(async () => {
      await this.addKeyspace(name, mnemonic, password);
      return { mnemonic };
    });
  }

  async importKeyspace(name: string, mnemonic: string, password: string): Promise<void> {
    checkName('keyspace', name);
    const phrase = parseMnemonic(mnemonic);
    checkNewPassword(password);
    await this.serial.run(() => this.addKeyspace(name, phrase, password));
  }

  /**
   * Decrypts a keyspace into memory. The password is always checked, also when the keyspace is
   * already unlocked (then only its idle timer is reset): being open must never make any password
   * work. `remote` attempts are counted apart from the owner's (see UnlockScope).
   */
  async unlock(name: string, password: string, opts: { scope?: UnlockScope } = {}): Promise<void> {
    return this.serial.run(async () => {
      await this.reload();
      const entry = this.entry(name);
      const rec = await openRecord(this.store, this.backoff, entry, checkPassword(password), opts.scope);
      const open = this.sessions.get(entry.id);
      if (open) {
        rec.key.fill(0);
        wipePayload(rec.payload);
        return open.idle.touch();
      }
      const session = await this.startSession(entry, rec);
      await this.syncIndex(entry, session);
    });
  }

  lock(name: string): void {
    this.lockId(this.entry(name).id);
  }

  lockAll(): void {
    for (const id of [...this.sessions.keys()]) this.lockId(id);
  }

  async renameKeyspace(oldName: string, newName: string): Promise<void> {
    checkName('keyspace', newName);
    return this.serial.run(async () => {
      await this.reload();
      const entry = this.entry(oldName);
      if (oldName === newName) return;
      this.assertFreeName(newName);
      entry.name = newName;
      const session = this.sessions.get(entry.id);
      if (session) session.name = newName;
      await this.persistIndex();
      this.notifyChanged();
    });
  }

  /**
   * Deletes a keyspace after checking its password. A keyspace whose record is damaged or gone
   * cannot check a password; it can be deleted regardless, or the user could never get rid of it.
   */
  async deleteKeyspace(name: string, password: string): Promise<void> {
    return this.serial.run(async () => {
      await this.reload();
      const entry = this.entry(name);
      requireStore(this.store, entry);
      try {
        const rec = await openRecord(this.store, this.backoff, entry, checkPassword(password));
        rec.key.fill(0);
        wipePayload(rec.payload);
      } catch (e) {
        if (!(e instanceof WalletError && e.code === 'corrupt')) throw e;
      }
      this.lockId(entry.id);
      this.index.keyspaces = this.index.keyspaces.filter((ks) => ks.id !== entry.id);
      this.index.pending.push({ id: entry.id, op: 'delete', store: entry.store, at: this.clock() });
      await this.persistIndex();
      this.notifyChanged();
      await this.store.remove(entry.id);
      this.index.pending = this.index.pending.filter((p) => p.id !== entry.id);
      await this.persistIndex();
      await this.backoff.forget(entry.id);
    });
  }

  async changePassword(name: string, oldPassword: string, newPassword: string): Promise<void> {
    checkNewPassword(newPassword);
    return this.serial.run(async () => {
      await this.reload();
      const entry = this.entry(name);
      const rec = await openRecord(this.store, this.backoff, entry, checkPassword(oldPassword));
      rec.key.fill(0);
      const kdf = newKdfHeader(this.kdf);
      const key = await deriveKey(newPassword, kdf);
      const plain = encodePayload(rec.payload);
      const generation = rec.generation + 1;
      let version: string;
      try {
        const sealed = seal(key, kdf, plain, { keyspace: entry.id, generation });
        version = await this.store.write(entry.id, sealed, { expectedVersion: rec.version });
      } catch (e) {
        key.fill(0);
        wipePayload(rec.payload);
        if (e instanceof VersionConflict)
          throw new WalletError('retry_later', 'the keyspace changed meanwhile; try again');
        throw e;
      } finally {
        plain.fill(0);
      }
      const session = this.sessions.get(entry.id);
      if (session && !session.isWiped) {
        session.rekey(key, kdf, rec.payload, version, generation);
      } else {
        key.fill(0);
        wipePayload(rec.payload);
      }
      // The blob under the old password is now an older generation: restoring it is refused.
      entry.generation = generation;
      await this.persistIndex();
    });
  }

  async revealMnemonic(name: string, password: string): Promise<string> {
    return this.serial.run(async () => {
      await this.reload();
      const rec = await openRecord(this.store, this.backoff, this.entry(name), checkPassword(password));
      rec.key.fill(0);
      const mnemonic = new TextDecoder().decode(rec.payload.mnemonic);
      wipePayload(rec.payload);
      return mnemonic;
    });
  }

  /** Locks everything and stops every timer; the object must not be used afterwards. */
  close(): void {
    this.lockAll();
  }

  // ## Keypairs (see vault-keypairs.ts)

  async createKeypair(keyspace: string, name: string, opts?: { type?: KeyType }): Promise<KeypairInfo> {
    return this.keypairOps.create(keyspace, name, opts?.type ?? 'secp256k1');
  }
  async importKeypair(keyspace: string, name: string, privateKeyHex: string): Promise<KeypairInfo> {
    return this.keypairOps.import(keyspace, name, privateKeyHex);
  }
  async renameKeypair(keyspace: string, oldName: string, newName: string): Promise<void> {
    return this.keypairOps.rename(keyspace, oldName, newName);
  }
  async removeKeypair(keyspace: string, name: string): Promise<void> {
    return this.keypairOps.remove(keyspace, name);
  }
  listKeypairs(keyspace: string): KeypairInfo[] {
    return this.keypairOps.list(keyspace);
  }
  findKeypair(keyspace: string, nameOrPublicKeyHex: string): KeypairInfo | undefined {
    return this.keypairOps.find(keyspace, canonicalPublicKey(nameOrPublicKeyHex) ?? nameOrPublicKeyHex);
  }
  /**
   * The canonical public keys a keypair name or key spelling stands for: a key spelling is its own
   * key, a name is looked up in one keyspace or every keyspace ('*'); empty when no name matches.
   * Works while locked (the index holds the public keys).
   */
  resolveKeys(keyspace: string, nameOrPublicKeyHex: string): string[] {
    const key = canonicalPublicKey(nameOrPublicKeyHex);
    if (key !== null) return [key];
    const names = keyspace === '*' ? this.listKeyspaces().map((k) => k.name) : [keyspace];
    const keys = names.map((ks) => this.findKeypair(ks, nameOrPublicKeyHex)?.publicKey);
    return [...new Set(keys.filter((k): k is string => k !== undefined))];
  }
  /** ECDSA over SHA-256 (RFC 6979, low-S, 64-byte r||s) or Ed25519; rejects 'locked' when locked. */
  sign(keyspace: string, nameOrPublicKeyHex: string, message: Uint8Array): Promise<Uint8Array> {
    return this.keypairOps.sign(keyspace, nameOrPublicKeyHex, message);
  }

  /** Writes the secret first, then the index: a crash in between leaves a record the intent log removes. */
  private async addKeyspace(name: string, mnemonic: string, password: string): Promise<void> {
    await this.reload();
    this.assertFreeName(name);
    const id = randomBytes(8).toString('hex');
    const kdf = newKdfHeader(this.kdf);
    const key = await deriveKey(password, kdf);
    const payload: SecretPayload = { mnemonic: new TextEncoder().encode(mnemonic), keypairs: [] };
    const entry: IndexKeyspace = { id, name, store: this.store.kind, generation: 0, keypairs: [] };
    const session = await this.startSession(entry, { key, kdf, payload, version: '', generation: 0 }, false);
    try {
      this.index.pending.push({ id, op: 'create', store: this.store.kind, at: this.clock() });
      await this.persistIndex();
      const sealed = session.seal(payload);
      session.commit(payload, await this.store.write(id, sealed.value, { expectedVersion: null }), sealed.generation);
      entry.generation = sealed.generation;
      this.index.pending = this.index.pending.filter((p) => p.id !== id);
      this.index.keyspaces.push(entry);
      await this.persistIndex();
    } catch (e) {
      this.sessions.delete(id);
      session.wipe();
      await this.undoCreate(id);
      throw e;
    }
    this.notifyChanged();
    this.notify('unlocked', name);
  }

  /** Best effort after a failed create: remove what may have been written; else recovery does it later. */
  private async undoCreate(id: string): Promise<void> {
    try {
      if (this.index.keyspaces.some((ks) => ks.id === id)) return;
      await this.store.remove(id);
      this.index.pending = this.index.pending.filter((p) => p.id !== id);
      await this.persistIndex();
    } catch {
      // the intent stays in the index; Vault.open finishes the cleanup
    }
  }
}
