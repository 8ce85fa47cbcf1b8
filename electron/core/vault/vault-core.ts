import { EventEmitter } from 'node:events';
import { WalletError } from '../../../shared/errors';
import { removeStaleTemps } from '../../../shared/node/atomic-file';
import { BACKOFF_FILE, UnlockBackoff } from './backoff';
import { checkBinding, openWithKey, parseEnvelope, sameKdf } from './envelope';
import { INDEX_FILE, type IndexData, type IndexKeyspace, loadIndex, saveIndex } from './index-file';
import { KeyspaceSession } from './keyspace-session';
import { mnemonicSeed } from './mnemonic';
import { decodePayload, type SecretPayload, wipePayload } from './payload';
import { indexKeypairsFor, type OpenedRecord, readRecord, requireStore } from './records';
import { type SecretStore, VersionConflict } from './store-types';
import type { KdfParams, KeyspaceSummary, VaultEvents } from './types';
import type { VaultInternals } from './vault-keypairs';

/** Runs async operations one at a time, so read-modify-write sequences never interleave. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * The Vault's state and persistence machinery: the cached index, the unlocked sessions, the
 * one-at-a-time queue, compare-and-swap writes and crash recovery. The public operations are in
 * vault.ts; this split keeps each file to one concern.
 */
export abstract class VaultCore extends EventEmitter<VaultEvents> {
  protected index: IndexData = { version: 1, keyspaces: [], pending: [] };
  protected readonly sessions = new Map<string, KeyspaceSession>();
  protected readonly serial = new SerialQueue();
  protected readonly backoff: UnlockBackoff;

  protected constructor(
    protected readonly dataDir: string,
    protected readonly store: SecretStore,
    protected readonly kdf: KdfParams,
    private autoLockMs: number,
    protected readonly clock: () => number,
    private readonly gcGraceMs: number,
  ) {
    super();
    this.backoff = new UnlockBackoff(dataDir, clock);
  }

  /** Changes the idle auto-lock for unlocked keyspaces and later unlocks; 0 or Infinity disables it. */
  setAutoLockMs(ms: number): void {
    this.autoLockMs = ms;
    for (const session of this.sessions.values()) session.setAutoLock(ms);
  }

  listKeyspaces(): KeyspaceSummary[] {
    return this.index.keyspaces.map((ks) => ({
      name: ks.name,
      locked: !this.sessions.has(ks.id),
      keypairs: ks.keypairs.map((k) => ({ ...k })),
    }));
  }

  protected internals(): VaultInternals {
    return {
      serial: this.serial,
      entry: (name: string) => this.entry(name),
      findEntry: (name: string) => this.index.keyspaces.find((ks) => ks.name === name),
      reload: () => this.reload(),
      session: (entry: IndexKeyspace) => this.session(entry),
      mutate: (entry: IndexKeyspace, s: KeyspaceSession, change: (p: SecretPayload) => SecretPayload) =>
        this.mutate(entry, s, change),
      repairIndex: (id: string) =>
        this.serial.run(async () => {
          await this.reload();
          const entry = this.index.keyspaces.find((ks) => ks.id === id);
          const session = this.sessions.get(id);
          if (entry && session && !session.isWiped) await this.syncIndex(entry, session);
        }),
    };
  }

  protected entry(name: string): IndexKeyspace {
    if (typeof name !== 'string') throw new WalletError('bad_input', 'keyspace name must be text');
    const entry = this.index.keyspaces.find((ks) => ks.name === name);
    if (!entry) throw new WalletError('not_found', `no keyspace named "${name}"`);
    return entry;
  }

  protected session(entry: IndexKeyspace): KeyspaceSession {
    const s = this.sessions.get(entry.id);
    if (!s || s.isWiped) throw new WalletError('locked', `keyspace "${entry.name}" is locked`);
    return s;
  }

  protected assertFreeName(name: string): void {
    if (this.index.keyspaces.some((ks) => ks.name === name)) {
      throw new WalletError('exists', `a keyspace named "${name}" already exists`);
    }
  }

  protected async startSession(entry: IndexKeyspace, opened: OpenedRecord, announce = true): Promise<KeyspaceSession> {
    const { key, kdf, payload, version, generation } = opened;
    let seed: Uint8Array;
    try {
      seed = await mnemonicSeed(new TextDecoder().decode(payload.mnemonic));
    } catch (e) {
      key.fill(0);
      wipePayload(payload);
      throw e;
    }
    const session = new KeyspaceSession(
      entry.id,
      entry.name,
      key,
      kdf,
      payload,
      seed,
      version,
      generation,
      this.autoLockMs,
      () => this.lockId(entry.id),
    );
    this.sessions.set(entry.id, session);
    if (announce) this.notify('unlocked', entry.name);
    return session;
  }

  protected lockId(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    session.wipe();
    this.notify('locked', session.name);
  }

  /**
   * Applies a change to the payload and writes it, as the keyspace's next generation, with
   * compare-and-swap. If another process wrote meanwhile, re-reads its payload (same key) and applies
   * the change to that instead. A format-1 blob becomes format 2 here, on its first write.
   */
  protected async mutate(
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
        await this.adoptStoredPayload(entry, session);
      }
    }
    throw new WalletError('retry_later', `keyspace "${entry.name}" keeps changing in another process; try again`);
  }

  /** Takes over what another process stored, if it is still under our key; otherwise locks. */
  protected async adoptStoredPayload(entry: IndexKeyspace, session: KeyspaceSession): Promise<void> {
    const what = `keyspace "${entry.name}"`;
    const record = await readRecord(this.store, entry);
    if (!record) {
      this.lockId(entry.id);
      throw new WalletError('not_found', `${what} was deleted by another process`);
    }
    const env = parseEnvelope(record.value, what);
    const generation = checkBinding(env, entry.id, Math.max(entry.generation, session.generation), what);
    if (!sameKdf(env.kdf, session.kdf)) {
      this.lockId(entry.id);
      throw new WalletError('locked', `${what} had its password changed elsewhere; unlock it again`);
    }
    let plain: Buffer;
    try {
      plain = openWithKey(env, session.currentKey());
    } catch {
      throw new WalletError('corrupt', `${what}: the stored secret no longer matches its key`);
    }
    const old = session.payload;
    session.commit(decodePayload(plain, what), record.version, generation);
    wipePayload(old);
  }

  /** Brings the index in line with the session: its keypair list, and the generation's trusted copy. */
  protected async syncIndex(entry: IndexKeyspace, session: KeyspaceSession): Promise<void> {
    const next = await indexKeypairsFor(entry, session);
    const newer = session.generation > entry.generation;
    if (!next && !newer) return;
    if (next) entry.keypairs = next;
    if (newer) entry.generation = session.generation;
    await this.persistIndex();
    if (next) this.notifyChanged();
  }

  /** Picks up other processes' index changes; locks sessions whose keyspace disappeared. */
  protected async reload(): Promise<void> {
    const fresh = await loadIndex(this.dataDir);
    const changed = JSON.stringify(fresh.keyspaces) !== JSON.stringify(this.index.keyspaces);
    this.index = fresh;
    for (const [id, session] of [...this.sessions]) {
      const entry = fresh.keyspaces.find((ks) => ks.id === id);
      if (!entry) this.lockId(id);
      else session.name = entry.name;
    }
    if (changed) this.notifyChanged();
  }

  /**
   * Writes the index. A generation never goes down: if another process raised one on disk since this
   * one last read the index, the higher value is kept, so a stale writer cannot reopen a rollback.
   */
  protected async persistIndex(): Promise<void> {
    const onDisk = await loadIndex(this.dataDir).catch(() => null);
    for (const ks of this.index.keyspaces) {
      const theirs = onDisk?.keyspaces.find((k) => k.id === ks.id);
      if (theirs && theirs.generation > ks.generation) ks.generation = theirs.generation;
    }
    await saveIndex(this.dataDir, this.index);
  }

  /** Finishes or undoes what a killed process left half done, and sweeps its leftovers. */
  protected async recover(): Promise<void> {
    const now = this.clock();
    const due = this.index.pending.filter(
      (p) => p.store === this.store.kind && (p.op === 'delete' || now - p.at >= this.gcGraceMs),
    );
    for (const p of due) {
      if (!this.index.keyspaces.some((ks) => ks.id === p.id)) await this.store.remove(p.id);
      this.index.pending = this.index.pending.filter((q) => q !== p);
    }
    if (due.length > 0) await this.persistIndex();
    try {
      await this.store.collectGarbage(this.gcGraceMs);
    } catch {
      // leftovers only cost space; the next open tries again
    }
    await removeStaleTemps(this.dataDir, this.gcGraceMs, INDEX_FILE);
    await removeStaleTemps(this.dataDir, this.gcGraceMs, BACKOFF_FILE);
  }

  protected notifyChanged(): void {
    this.notify('changed', this.listKeyspaces());
  }

  /** A throwing listener must not undo a committed operation or crash the process. */
  protected notify<K extends keyof VaultEvents>(event: K, ...args: VaultEvents[K]): void {
    try {
      (this.emit as (e: K, ...a: VaultEvents[K]) => boolean)(event, ...args);
    } catch {
      // listener errors are the listener's
    }
  }
}
