// The keyspace repository: the one seam through which vault operations read, write, open and lock keyspaces.
import type { KdfHeader } from './envelope';
import type { IndexKeyspace } from './index-file';
import type { KeyspaceSession } from './keyspace-session';
import type { SecretPayload } from './payload';
import type { OpenedRecord, UnlockScope } from './records';
import type { SecretStoreInfo } from './store-types';
import type { KeyspaceSummary } from './types';

/**
 * What keyspace and keypair operations may do with stored and unlocked keyspaces. The operations
 * hold the rules (names, passwords, key types); the repository holds the persistence protocol
 * (index file, compare-and-swap writes, crash-safe intent log) and the unlocked sessions.
 * Read-modify-write sequences run inside `exclusive` and start with `reload`, so they see what
 * other processes wrote.
 */
export interface KeyspaceRepository {
  /** Runs `fn` once every earlier exclusive call has settled. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Picks up other processes' index changes; locks sessions whose keyspace disappeared. */
  reload(): Promise<void>;

  // ## The index: names and public keys, readable while locked
  summaries(): KeyspaceSummary[];
  /** The keyspace of that name: 'not_found' when there is none, 'bad_input' for a non-text name. */
  entry(name: string): IndexKeyspace;
  find(name: string): IndexKeyspace | undefined;
  /** Renames in the index only (the secret does not carry the name); 'exists' when taken. */
  rename(entry: IndexKeyspace, newName: string): Promise<void>;
  /** Queues a rebuild of a keyspace's index entry from its unlocked session. */
  repairIndex(id: string): Promise<void>;

  // ## Records in the secret store
  describeStore(): SecretStoreInfo;
  /** Reads and decrypts a record with a password, under the wrong-password backoff of `scope`. */
  open(entry: IndexKeyspace, password: string, scope?: UnlockScope): Promise<OpenedRecord>;
  /** Stores a new keyspace under `key` and leaves it unlocked; 'exists' when the name is taken. */
  add(name: string, key: Buffer, kdf: KdfHeader, payload: SecretPayload): Promise<void>;
  /** Deletes a keyspace: index first, then its record, then its backoff count. */
  remove(entry: IndexKeyspace): Promise<void>;
  /** Stores what `rec` read under a new key, as the next generation; takes ownership of `key` and `rec`. */
  rekey(entry: IndexKeyspace, rec: OpenedRecord, key: Buffer, kdf: KdfHeader): Promise<void>;
  /** Applies `change` to an unlocked keyspace's payload and stores it, retrying on another writer. */
  update(entry: IndexKeyspace, session: KeyspaceSession, change: (p: SecretPayload) => SecretPayload): Promise<void>;

  // ## Unlocked sessions
  /** The session of an unlocked keyspace; 'locked' when it has none. */
  session(entry: IndexKeyspace): KeyspaceSession;
  isUnlocked(entry: IndexKeyspace): boolean;
  /** Opens a session from a decrypted record (it takes ownership) and brings the index in line. */
  startSession(entry: IndexKeyspace, rec: OpenedRecord): Promise<void>;
  lock(id: string): void;
  lockAll(): void;
  setAutoLockMs(ms: number): void;
}
