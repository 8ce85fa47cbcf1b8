// Keyspace records in the secret store: reading, opening with a password or a session key, and index rebuilds.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { WalletError } from '../../../shared/errors';
import type { UnlockBackoff } from './backoff';
import { checkBinding, deriveKey, type KdfHeader, openWithKey, parseEnvelope, sameKdf } from './envelope';
import type { IndexKeypair, IndexKeyspace } from './index-file';
import type { KeyspaceSession } from './keyspace-session';
import { decodePayload, pathOf, type SecretPayload } from './payload';
import type { SecretStore } from './store-types';

export interface OpenedRecord {
  payload: SecretPayload;
  key: Buffer;
  kdf: KdfHeader;
  version: string;
  /** The blob's generation: at least the index's trusted copy (0 for a format-1 blob). */
  generation: number;
}

/** The store must be the one that holds this keyspace; otherwise say which one does. */
export function requireStore(store: SecretStore, entry: IndexKeyspace): void {
  if (entry.store !== store.kind) {
    const where = entry.store === 'file' ? 'the file store (--secret-store file)' : 'the OS keychain';
    throw new WalletError(
      'unavailable',
      `keyspace "${entry.name}" is kept in ${where}, not in ${store.describe().description}`,
    );
  }
}

/** Reads a keyspace's record; store-level damage is reported under the keyspace's name. */
export async function readRecord(store: SecretStore, entry: IndexKeyspace) {
  try {
    return await store.read(entry.id);
  } catch (e) {
    if (e instanceof WalletError && e.code === 'corrupt') {
      throw new WalletError('corrupt', `keyspace "${entry.name}": ${e.message}`);
    }
    throw e;
  }
}

/**
 * Who tries a password. A remote request's wrong passwords are counted apart from the owner's, so
 * anonymous requests can never lock the owner out; they are still slowed down on their own count.
 */
export type UnlockScope = 'owner' | 'remote';

/** The backoff counter an attempt is charged to. */
function backoffId(entry: IndexKeyspace, scope: UnlockScope): string {
  return scope === 'owner' ? entry.id : `remote:${entry.id}`;
}

/**
 * Reads and decrypts a keyspace record with a password, under the wrong-password backoff:
 * a waiting keyspace is refused untried; only a wrong password (not damage) counts as a failure.
 * A blob of another keyspace or older than the index's generation is 'corrupt' before any scrypt run.
 */
export async function openRecord(
  store: SecretStore,
  backoff: UnlockBackoff,
  entry: IndexKeyspace,
  password: string,
  scope: UnlockScope = 'owner',
): Promise<OpenedRecord> {
  requireStore(store, entry);
  const counted = backoffId(entry, scope);
  await backoff.check(entry.id);
  if (counted !== entry.id) await backoff.check(counted);
  const what = `keyspace "${entry.name}"`;
  const record = await readRecord(store, entry);
  if (!record) {
    throw new WalletError('corrupt', `${what}: its encrypted secret is missing from ${store.describe().description}`);
  }
  const env = parseEnvelope(record.value, what);
  const generation = checkBinding(env, entry.id, entry.generation, what);
  const key = await deriveKey(password, env.kdf);
  let plain: Buffer;
  try {
    plain = openWithKey(env, key);
  } catch (e) {
    key.fill(0);
    if (e instanceof WalletError && e.code === 'wrong_password') await backoff.failed(counted);
    throw e;
  }
  await backoff.succeeded(counted);
  try {
    return { payload: decodePayload(plain, what), key, kdf: env.kdf, version: record.version, generation };
  } catch (e) {
    key.fill(0);
    throw e;
  }
}

/**
 * What another process stored for an unlocked keyspace, opened with the session's own key (no
 * password, no scrypt run). When the keyspace was deleted or its password changed elsewhere, the
 * session can no longer be used: `lock` is called before the error is thrown.
 */
export async function readUnderSessionKey(
  store: SecretStore,
  entry: IndexKeyspace,
  session: KeyspaceSession,
  lock: () => void,
): Promise<{ payload: SecretPayload; version: string; generation: number }> {
  const what = `keyspace "${entry.name}"`;
  const record = await readRecord(store, entry);
  if (!record) {
    lock();
    throw new WalletError('not_found', `${what} was deleted by another process`);
  }
  const env = parseEnvelope(record.value, what);
  const generation = checkBinding(env, entry.id, Math.max(entry.generation, session.generation), what);
  if (!sameKdf(env.kdf, session.kdf)) {
    lock();
    throw new WalletError('locked', `${what} had its password changed elsewhere; unlock it again`);
  }
  let plain: Buffer;
  try {
    plain = openWithKey(env, session.currentKey());
  } catch {
    throw new WalletError('corrupt', `${what}: the stored secret no longer matches its key`);
  }
  return { payload: decodePayload(plain, what), version: record.version, generation };
}

/**
 * The index's keypair list rebuilt from the authoritative payload. A public key this session has
 * derived wins; else the index's own for the same name, type and path is kept (it is checked again
 * before any signature); else it is derived now, yielding between keys so unlock never stalls the loop.
 * Returns null when the index already matches.
 */
export async function indexKeypairsFor(entry: IndexKeyspace, session: KeyspaceSession): Promise<IndexKeypair[] | null> {
  const next: IndexKeypair[] = [];
  for (const kp of session.payload.keypairs) {
    const path = pathOf(kp);
    const known = entry.keypairs.find((k) => k.name === kp.name && k.type === kp.type && k.path === path);
    let publicKey = session.knownPublicKey(kp) ?? known?.publicKey;
    if (!publicKey) {
      publicKey = session.keyOf(kp).publicKey;
      await yieldToLoop();
    }
    next.push({ name: kp.name, type: kp.type, publicKey, path });
  }
  const same =
    next.length === entry.keypairs.length &&
    next.every((k, i) => {
      const o = entry.keypairs[i];
      return (
        o !== undefined && k.name === o.name && k.type === o.type && k.publicKey === o.publicKey && k.path === o.path
      );
    });
  return same ? null : next;
}
