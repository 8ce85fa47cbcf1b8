// The OS keychain secret store: a pointer entry per record, large values in chunk generations, swapped atomically.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { WalletError } from '../../../shared/errors';
import type { KeyringBackend } from './keyring-backend';
import { checkRecordId, type SecretStore, type StoredRecord, VersionConflict } from './store-types';

/**
 * Keychain layout (docs/vault-format.md): one pointer entry `rec.<id>` names the live generation.
 * A value that fits holds inside the pointer itself (one set: atomic by nature, and each keychain
 * call costs ~10 ms). A larger value sits in chunk entries `rec.<id>.<gen>.<i>`: a write puts a
 * whole new generation under fresh names, then flips the pointer in one set, then deletes the old
 * generation. A reader follows the pointer, so it sees the old or the new value, never a mix, and
 * a writer killed at any step leaves at worst an unreferenced generation for collectGarbage.
 */

/**
 * Chunk size in characters: a keychain entry never holds more than 2000. Windows stores secrets as
 * UTF-16 and keyring-rs refuses more than 2560/2 = 1280 units, so chunks stay below that there.
 */
export const CHUNK_CHARS = process.platform === 'win32' ? 1200 : 2000;

const GEN = z.string().regex(/^[0-9a-z]+-[0-9a-f]{8}$/);
const pointerSchema = z.union([
  z.object({
    v: z.literal(1),
    gen: GEN,
    n: z.number().int().min(1).max(10_000),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  z.object({ v: z.literal(1), gen: GEN, value: z.string() }),
  z.object({ v: z.literal(1), deleted: z.literal(true) }),
]);
type Pointer = z.infer<typeof pointerSchema>;
type LivePointer = Extract<Pointer, { gen: string }>;

/** Chunks a live pointer references (none when the value is inline). */
function chunkCount(ptr: LivePointer): number {
  return 'n' in ptr ? ptr.n : 0;
}

const CHUNK_ACCOUNT = /^rec\.([a-z0-9][a-z0-9_-]{0,63})\.([0-9a-z]+-[0-9a-f]{8})\.(\d+)$/;
const POINTER_ACCOUNT = /^rec\.([a-z0-9][a-z0-9_-]{0,63})$/;

const pointerAccount = (id: string) => `rec.${id}`;
const chunkAccount = (id: string, gen: string, i: number) => `rec.${id}.${gen}.${i}`;

/** Generation names start with their creation time, so garbage collection can spare young ones. */
function newGeneration(now: number): string {
  return `${now.toString(36)}-${randomBytes(4).toString('hex')}`;
}

function generationAge(gen: string, now: number): number {
  const [time = ''] = gen.split('-');
  const born = Number.parseInt(time, 36);
  return Number.isFinite(born) ? now - born : 0;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Splits on code points so no chunk ends in half a surrogate pair. */
export function splitChunks(value: string, size = CHUNK_CHARS): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const ch of value) {
    if (current.length + ch.length > size) {
      chunks.push(current);
      current = '';
    }
    current += ch;
  }
  if (current || chunks.length === 0) chunks.push(current);
  return chunks;
}

function parsePointer(text: string): Pointer | 'damaged' {
  try {
    const parsed = pointerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'damaged';
  } catch {
    return 'damaged';
  }
}

export function createKeychainStore(
  backend: KeyringBackend,
  opts: { description: string; now?: () => number },
): SecretStore {
  const now = opts.now ?? Date.now;
  const damaged = (id: string, why: string) =>
    new WalletError('corrupt', `its keychain record ${id} is damaged (${why})`);

  async function readPointer(id: string): Promise<Pointer | 'damaged' | null> {
    const text = await backend.get(pointerAccount(id));
    return text === null ? null : parsePointer(text);
  }

  async function readOnce(id: string): Promise<StoredRecord | null | 'raced'> {
    const ptr = await readPointer(id);
    if (ptr === null) return null;
    if (ptr === 'damaged') throw damaged(id, 'unreadable pointer');
    if (!('gen' in ptr)) return null;
    if ('value' in ptr) return { value: ptr.value, version: ptr.gen };
    const parts: string[] = [];
    for (let i = 0; i < ptr.n; i++) {
      const part = await backend.get(chunkAccount(id, ptr.gen, i));
      if (part === null) return (await sameGeneration(id, ptr)) ? damagedThrow(id, 'missing chunk') : 'raced';
      parts.push(part);
    }
    const value = parts.join('');
    if (sha256(value) !== ptr.sha256) {
      return (await sameGeneration(id, ptr)) ? damagedThrow(id, 'chunks do not match their checksum') : 'raced';
    }
    return { value, version: ptr.gen };
  }

  function damagedThrow(id: string, why: string): never {
    throw damaged(id, why);
  }

  /** After a short read, tells a concurrent writer's pointer flip apart from real damage. */
  async function sameGeneration(id: string, ptr: LivePointer): Promise<boolean> {
    const again = await readPointer(id);
    return again !== null && again !== 'damaged' && 'gen' in again && again.gen === ptr.gen;
  }

  async function deleteQuietly(account: string): Promise<void> {
    // a leftover is collected later; a failed cleanup must not fail a committed write
    await backend.delete(account).catch(() => {});
  }

  return {
    kind: 'keychain',
    describe: () => ({ kind: 'keychain', description: opts.description, warning: null }),

    async read(id) {
      checkRecordId(id);
      for (let attempt = 0; attempt < 3; attempt++) {
        const result = await readOnce(id);
        if (result !== 'raced') return result;
      }
      throw new WalletError('retry_later', 'the keychain record keeps changing; try again');
    },

    async write(id, value, writeOpts) {
      checkRecordId(id);
      const cur = await readPointer(id);
      const live = cur !== null && cur !== 'damaged' && 'gen' in cur ? cur : null;
      if (writeOpts && writeOpts.expectedVersion !== undefined) {
        const curVersion = live ? live.gen : cur === 'damaged' ? 'damaged' : null;
        if (curVersion !== writeOpts.expectedVersion) throw new VersionConflict(id);
      }
      const gen = newGeneration(now());
      const inline = JSON.stringify({ v: 1, gen, value });
      if (inline.length <= CHUNK_CHARS) {
        await backend.set(pointerAccount(id), inline);
      } else {
        const chunks = splitChunks(value);
        for (const [i, chunk] of chunks.entries()) await backend.set(chunkAccount(id, gen, i), chunk);
        await backend.set(pointerAccount(id), JSON.stringify({ v: 1, gen, n: chunks.length, sha256: sha256(value) }));
      }
      if (live) for (let i = 0; i < chunkCount(live); i++) await deleteQuietly(chunkAccount(id, live.gen, i));
      return gen;
    },

    async remove(id) {
      checkRecordId(id);
      if ((await backend.get(pointerAccount(id))) === null) return;
      // the tombstone commits the delete in one step; the sweep below and GC finish it
      await backend.set(pointerAccount(id), JSON.stringify({ v: 1, deleted: true }));
      for (const { account } of await backend.list()) {
        const m = CHUNK_ACCOUNT.exec(account);
        if (m && m[1] === id) await deleteQuietly(account);
      }
      await backend.delete(pointerAccount(id));
    },

    async collectGarbage(graceMs) {
      const entries = await backend.list();
      const pointers = new Map<string, Pointer | 'damaged'>();
      for (const { account, value } of entries) {
        const m = POINTER_ACCOUNT.exec(account);
        if (m) pointers.set(m[1]!, parsePointer(value)); // the id group is mandatory in the pattern
      }
      const remaining = new Set<string>();
      const t = now();
      for (const { account } of entries) {
        const m = CHUNK_ACCOUNT.exec(account);
        if (!m) continue;
        // id and gen are mandatory groups of CHUNK_ACCOUNT.
        const id = m[1]!;
        const gen = m[2]!;
        const ptr = pointers.get(id);
        const isLive = ptr !== undefined && ptr !== 'damaged' && 'gen' in ptr && ptr.gen === gen;
        const tombstoned = ptr !== undefined && ptr !== 'damaged' && !('gen' in ptr);
        const keep = isLive || ptr === 'damaged' || (!tombstoned && generationAge(gen, t) < graceMs);
        if (keep) remaining.add(id);
        else await deleteQuietly(account);
      }
      for (const [id, ptr] of pointers) {
        if (ptr !== 'damaged' && !('gen' in ptr) && !remaining.has(id)) await deleteQuietly(pointerAccount(id));
      }
    },
  };
}
