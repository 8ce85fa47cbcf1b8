// StoredKeyspaces: the KeyspaceRepository over the index file in the data dir and a SecretStore.
import { randomBytes } from 'node:crypto';
import { WalletError } from '../../../shared/errors';
import { UnlockBackoff } from './backoff';
import { type KdfHeader, seal } from './envelope';
import { emptyIndex, type IndexData, type IndexKeyspace, loadIndex, saveIndexKeepingGenerations } from './index-file';
import type { KeyspaceRepository } from './keyspace-repository';
import type { KeyspaceSession } from './keyspace-session';
import { encodePayload, type SecretPayload, wipePayload } from './payload';
import {
  indexKeypairsFor,
  type OpenedRecord,
  openRecord,
  readUnderSessionKey,
  requireStore,
  type UnlockScope,
} from './records';
import { settleIntents, sweepLeftovers } from './recovery';
import { SerialQueue } from './serial-queue';
import { type SecretStore, type SecretStoreInfo, VersionConflict } from './store-types';
import type { KeyspaceSummary, VaultNotify } from './types';
import { UnlockedSessions } from './unlocked-sessions';

export interface StoredKeyspacesOptions {
  dataDir: string;
  store: SecretStore;
  autoLockMs: number;
  clock: () => number;
  /** Age after which another process's half-done create or write counts as abandoned. */
  gcGraceMs: number;
  /** Receives 'changed', 'locked' and 'unlocked'; must not throw. */
  notify: VaultNotify;
}

/**
 * The index in memory mirrors the index file as of the last reload or write. The secret is always
 * written before the index points at it, and an intent log in the index covers the gap, so a crash
 * at any point leaves nothing that `load` cannot finish or undo.
 */
export class StoredKeyspaces implements KeyspaceRepository {
  private index: IndexData = emptyIndex();
  private readonly serial = new SerialQueue();
  private readonly sessions: UnlockedSessions;
  private readonly backoff: UnlockBackoff;
  private readonly dataDir: string;
  private readonly store: SecretStore;
  private readonly clock: () => number;
  private readonly gcGraceMs: number;
  private readonly notify: VaultNotify;

  constructor(opts: StoredKeyspacesOptions) {
    this.dataDir = opts.dataDir;
    this.store = opts.store;
    this.clock = opts.clock;
    this.gcGraceMs = opts.gcGraceMs;
    this.notify = opts.notify;
    this.sessions = new UnlockedSessions(opts.autoLockMs, opts.notify);
    this.backoff = new UnlockBackoff(opts.dataDir, opts.clock);
  }

  /** Reads the index and finishes or undoes what a killed process left half done; once, before use. */
  async load(): Promise<void> {
    this.index = await loadIndex(this.dataDir);
    if (await settleIntents(this.index, this.store, this.clock(), this.gcGraceMs)) await this.persistIndex();
    await sweepLeftovers(this.store, this.dataDir, this.gcGraceMs);
  }

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.serial.run(fn);
  }

  async reload(): Promise<void> {
    const fresh = await loadIndex(this.dataDir);
    const changed = JSON.stringify(fresh.keyspaces) !== JSON.stringify(this.index.keyspaces);
    this.index = fresh;
    for (const id of this.sessions.ids()) {
      const entry = fresh.keyspaces.find((ks) => ks.id === id);
      if (!entry) this.sessions.lock(id);
      else this.sessions.rename(id, entry.name);
    }
    if (changed) this.announceChanged();
  }

  // ## The index

  summaries(): KeyspaceSummary[] {
    return this.index.keyspaces.map((ks) => ({
      name: ks.name,
      locked: !this.sessions.has(ks.id),
      keypairs: ks.keypairs.map((k) => ({ ...k })),
    }));
  }

  entry(name: string): IndexKeyspace {
    if (typeof name !== 'string') throw new WalletError('bad_input', 'keyspace name must be text');
    const entry = this.find(name);
    if (!entry) throw new WalletError('not_found', `no keyspace named "${name}"`);
    return entry;
  }

  find(name: string): IndexKeyspace | undefined {
    return this.index.keyspaces.find((ks) => ks.name === name);
  }

  async rename(entry: IndexKeyspace, newName: string): Promise<void> {
    if (entry.name === newName) return;
    this.assertFreeName(newName);
    entry.name = newName;
    this.sessions.rename(entry.id, newName);
    await this.persistIndex();
    this.announceChanged();
  }

  repairIndex(id: string): Promise<void> {
    return this.serial.run(async () => {
      await this.reload();
      const entry = this.index.keyspaces.find((ks) => ks.id === id);
      const session = this.sessions.get(id);
      if (entry && session && !session.isWiped) await this.syncIndex(entry, session);
    });
  }

  // ## Records

  describeStore(): SecretStoreInfo {
    return this.store.describe();
  }

  open(entry: IndexKeyspace, password: string, scope?: UnlockScope): Promise<OpenedRecord> {
    return openRecord(this.store, this.backoff, entry, password, scope);
  }

  /** Writes the secret first, then the index: a crash in between leaves a record the intent log removes. */
  async add(name: string, key: Buffer, kdf: KdfHeader, payload: SecretPayload): Promise<void> {
    this.assertFreeName(name);
    const id = randomBytes(8).toString('hex');
    const entry: IndexKeyspace = { id, name, store: this.store.kind, generation: 0, keypairs: [] };
    const session = await this.sessions.start(entry, { key, kdf, payload, version: '', generation: 0 }, false);
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
      this.sessions.discard(id);
      await this.undoCreate(id);
      throw e;
    }
    this.announceChanged();
    this.notify('unlocked', name);
  }

  /** The index stops listing it first, under a 'delete' intent, so a crash before the record goes finishes it. */
  async remove(entry: IndexKeyspace): Promise<void> {
    requireStore(this.store, entry);
    this.sessions.lock(entry.id);
    this.index.keyspaces = this.index.keyspaces.filter((ks) => ks.id !== entry.id);
    this.index.pending.push({ id: entry.id, op: 'delete', store: entry.store, at: this.clock() });
    await this.persistIndex();
    this.announceChanged();
    await this.store.remove(entry.id);
    this.index.pending = this.index.pending.filter((p) => p.id !== entry.id);
    await this.persistIndex();
    await this.backoff.forget(entry.id);
  }

  /**
   * Compare-and-swap against the version `rec` read: a write by another process meanwhile makes this
   * 'retry_later' rather than losing that write. The blob under the old key becomes an older
   * generation, so restoring it is refused.
   */
  async rekey(entry: IndexKeyspace, rec: OpenedRecord, key: Buffer, kdf: KdfHeader): Promise<void> {
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
    entry.generation = generation;
    await this.persistIndex();
  }

  /**
   * Writes the changed payload as the keyspace's next generation, with compare-and-swap. If another
   * process wrote meanwhile, re-reads its payload (same key) and applies the change to that instead.
   * A format-1 blob becomes format 2 here, on its first write.
   */
  async update(
    entry: IndexKeyspace,
    session: KeyspaceSession,
    change: (p: SecretPayload) => SecretPayload,
  ): Promise<void> {
    requireStore(this.store, entry);
    for (let attempt = 0; attempt < 3; attempt++) {
      const next = change(session.payload);
      try {
        const sealed = session.seal(next);
        const version = await this.store.write(entry.id, sealed.value, { expectedVersion: session.version });
        session.commit(next, version, sealed.generation);
        await this.syncIndex(entry, session);
        return;
      } catch (e) {
        if (!(e instanceof VersionConflict)) throw e;
        const stored = await readUnderSessionKey(this.store, entry, session, () => this.sessions.lock(entry.id));
        const old = session.payload;
        session.commit(stored.payload, stored.version, stored.generation);
        wipePayload(old);
      }
    }
    throw new WalletError('retry_later', `keyspace "${entry.name}" keeps changing in another process; try again`);
  }

  // ## Sessions

  session(entry: IndexKeyspace): KeyspaceSession {
    return this.sessions.live(entry);
  }

  isUnlocked(entry: IndexKeyspace): boolean {
    return this.sessions.has(entry.id);
  }

  async startSession(entry: IndexKeyspace, rec: OpenedRecord): Promise<void> {
    const session = await this.sessions.start(entry, rec);
    await this.syncIndex(entry, session);
  }

  lock(id: string): void {
    this.sessions.lock(id);
  }

  lockAll(): void {
    this.sessions.lockAll();
  }

  setAutoLockMs(ms: number): void {
    this.sessions.setAutoLockMs(ms);
  }

  // ## Helpers

  private assertFreeName(name: string): void {
    if (this.find(name)) throw new WalletError('exists', `a keyspace named "${name}" already exists`);
  }

  /** Brings the index in line with the session: its keypair list, and the generation's trusted copy. */
  private async syncIndex(entry: IndexKeyspace, session: KeyspaceSession): Promise<void> {
    const next = await indexKeypairsFor(entry, session);
    const newer = session.generation > entry.generation;
    if (!next && !newer) return;
    if (next) entry.keypairs = next;
    if (newer) entry.generation = session.generation;
    await this.persistIndex();
    if (next) this.announceChanged();
  }

  private persistIndex(): Promise<void> {
    return saveIndexKeepingGenerations(this.dataDir, this.index);
  }

  /** Best effort after a failed create: remove what may have been written; else `load` does it later. */
  private async undoCreate(id: string): Promise<void> {
    try {
      if (this.index.keyspaces.some((ks) => ks.id === id)) return;
      await this.store.remove(id);
      this.index.pending = this.index.pending.filter((p) => p.id !== id);
      await this.persistIndex();
    } catch {
      // the intent stays in the index; the next load finishes the cleanup
    }
  }

  private announceChanged(): void {
    this.notify('changed', this.summaries());
  }
}
