// Keyspace operations: create, import, unlock, lock, rename, delete, change password, reveal mnemonic.
import { WalletError } from '../../../shared/errors';
import { deriveKey, newKdfHeader } from './envelope';
import type { KeyspaceRepository } from './keyspace-repository';
import { newMnemonic, parseMnemonic } from './mnemonic';
import { checkName, checkNewPassword, checkPassword } from './names';
import { type SecretPayload, wipePayload } from './payload';
import type { OpenedRecord, UnlockScope } from './records';
import type { KdfParams } from './types';

/** Wipes a decrypted record that only served to check a password. */
function discard(rec: OpenedRecord): void {
  rec.key.fill(0);
  wipePayload(rec.payload);
}

/**
 * The rules of keyspaces: names and passwords are checked before anything is stored, every
 * password is checked against the record (never against being unlocked), and new envelopes use
 * `kdf`. Each operation runs exclusively on a freshly reloaded index of `repo`.
 */
export class KeyspaceOperations {
  constructor(
    private readonly repo: KeyspaceRepository,
    /** Cost for new envelopes; decryption always uses the stored parameters. */
    private readonly kdf: KdfParams,
  ) {}

  async create(name: string, password: string, words: 12 | 24 = 24): Promise<{ mnemonic: string }> {
    checkName('keyspace', name);
    checkNewPassword(password);
    const mnemonic = newMnemonic(words);
    await this.repo.exclusive(() => this.add(name, mnemonic, password));
    return { mnemonic };
  }

  async import(name: string, mnemonic: string, password: string): Promise<void> {
    checkName('keyspace', name);
    const phrase = parseMnemonic(mnemonic);
    checkNewPassword(password);
    await this.repo.exclusive(() => this.add(name, phrase, password));
  }

  /**
   * Decrypts a keyspace into memory. The password is always checked, also when the keyspace is
   * already unlocked (then only its idle timer is reset): being open must never make any password
   * work. `remote` attempts are counted apart from the owner's (see UnlockScope).
   */
  async unlock(name: string, password: string, scope?: UnlockScope): Promise<void> {
    return this.repo.exclusive(async () => {
      await this.repo.reload();
      const entry = this.repo.entry(name);
      const rec = await this.repo.open(entry, checkPassword(password), scope);
      if (this.repo.isUnlocked(entry)) {
        discard(rec);
        return this.repo.session(entry).idle.touch();
      }
      await this.repo.startSession(entry, rec);
    });
  }

  lock(name: string): void {
    this.repo.lock(this.repo.entry(name).id);
  }

  async rename(oldName: string, newName: string): Promise<void> {
    checkName('keyspace', newName);
    return this.repo.exclusive(async () => {
      await this.repo.reload();
      await this.repo.rename(this.repo.entry(oldName), newName);
    });
  }

  /**
   * Deletes a keyspace after checking its password. A keyspace whose record is damaged or gone
   * cannot check a password; it can be deleted regardless, or the user could never get rid of it.
   */
  async delete(name: string, password: string): Promise<void> {
    return this.repo.exclusive(async () => {
      await this.repo.reload();
      const entry = this.repo.entry(name);
      try {
        discard(await this.repo.open(entry, checkPassword(password)));
      } catch (e) {
        if (!(e instanceof WalletError && e.code === 'corrupt')) throw e;
      }
      await this.repo.remove(entry);
    });
  }

  async changePassword(name: string, oldPassword: string, newPassword: string): Promise<void> {
    checkNewPassword(newPassword);
    return this.repo.exclusive(async () => {
      await this.repo.reload();
      const entry = this.repo.entry(name);
      const rec = await this.repo.open(entry, checkPassword(oldPassword));
      rec.key.fill(0);
      const kdf = newKdfHeader(this.kdf);
      let key: Buffer;
      try {
        key = await deriveKey(newPassword, kdf);
      } catch (e) {
        wipePayload(rec.payload);
        throw e;
      }
      await this.repo.rekey(entry, rec, key, kdf);
    });
  }

  async revealMnemonic(name: string, password: string): Promise<string> {
    return this.repo.exclusive(async () => {
      await this.repo.reload();
      const rec = await this.repo.open(this.repo.entry(name), checkPassword(password));
      const mnemonic = new TextDecoder().decode(rec.payload.mnemonic);
      discard(rec);
      return mnemonic;
    });
  }

  /** A new keyspace starts unlocked, with no keypairs, sealed under a key from its password. */
  private async add(name: string, mnemonic: string, password: string): Promise<void> {
    await this.repo.reload();
    // Checked before the scrypt run too, so a taken name fails at once rather than after it.
    if (this.repo.find(name)) throw new WalletError('exists', `a keyspace named "${name}" already exists`);
    const kdf = newKdfHeader(this.kdf);
    const key = await deriveKey(password, kdf);
    const payload: SecretPayload = { mnemonic: new TextEncoder().encode(mnemonic), keypairs: [] };
    await this.repo.add(name, key, kdf, payload);
  }
}
