// The unlocked keyspaces held in memory: one KeyspaceSession per keyspace id, each with its idle auto-lock.
import { WalletError } from '../../../shared/errors';
import type { IndexKeyspace } from './index-file';
import { KeyspaceSession } from './keyspace-session';
import { mnemonicSeed } from './mnemonic';
import { wipePayload } from './payload';
import type { OpenedRecord } from './records';
import type { VaultNotify } from './types';

/**
 * Owns every KeyspaceSession. A session leaves the table before it is wiped, so whoever finds one
 * here finds it live; every lock (by call, lockAll or idle timeout) is announced as 'locked'.
 */
export class UnlockedSessions {
  private readonly byId = new Map<string, KeyspaceSession>();

  constructor(
    private autoLockMs: number,
    private readonly notify: VaultNotify,
  ) {}

  get(id: string): KeyspaceSession | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The session of an unlocked keyspace; 'locked' when it has none. */
  live(entry: IndexKeyspace): KeyspaceSession {
    const s = this.byId.get(entry.id);
    if (!s || s.isWiped) throw new WalletError('locked', `keyspace "${entry.name}" is locked`);
    return s;
  }

  /**
   * Opens a session from a decrypted record; the session now owns its key and payload. If the seed
   * cannot be made, both are wiped here, since nobody else holds them any more.
   */
  async start(entry: IndexKeyspace, opened: OpenedRecord, announce = true): Promise<KeyspaceSession> {
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
      () => this.lock(entry.id),
    );
    this.byId.set(entry.id, session);
    if (announce) this.notify('unlocked', entry.name);
    return session;
  }

  /** Wipes a session nobody was told about (a create that failed), without announcing a lock. */
  discard(id: string): void {
    const session = this.byId.get(id);
    this.byId.delete(id);
    session?.wipe();
  }

  lock(id: string): void {
    const session = this.byId.get(id);
    if (!session) return;
    this.byId.delete(id);
    session.wipe();
    this.notify('locked', session.name);
  }

  lockAll(): void {
    for (const id of [...this.byId.keys()]) this.lock(id);
  }

  /** Keeps a session's name in line with its index entry (its 'locked' event names it). */
  rename(id: string, name: string): void {
    const session = this.byId.get(id);
    if (session) session.name = name;
  }

  /** Changes the idle auto-lock for unlocked keyspaces and later unlocks; 0 or Infinity disables it. */
  setAutoLockMs(ms: number): void {
    this.autoLockMs = ms;
    for (const session of this.byId.values()) session.setAutoLock(ms);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }
}
