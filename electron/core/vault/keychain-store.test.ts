// Tests of the keychain secret store.
import { describe, expect, it } from 'vitest';
import { CHUNK_CHARS, createKeychainStore, splitChunks } from './keychain-store';
import type { KeyringBackend } from './keyring-backend';
import { VersionConflict } from './store-types';

/** An in-memory keychain; `crashAfter` makes the n-th mutation and everything after it fail, like kill -9. */
function memoryKeyring(entries = new Map<string, string>()) {
  let mutations = 0;
  let crashAfter = Number.POSITIVE_INFINITY;
  const mutate = (fn: () => void) => {
    if (mutations >= crashAfter) return Promise.reject(new Error('killed'));
    mutations++;
    fn();
    return Promise.resolve();
  };
  const backend: KeyringBackend = {
    description: 'memory',
    get: async (a) => entries.get(a) ?? null,
    set: (a, v) => mutate(() => entries.set(a, v)),
    delete: (a) => mutate(() => entries.delete(a)),
    list: async () => [...entries].map(([account, value]) => ({ account, value })),
  };
  return {
    backend,
    entries,
    crashAfter(n: number) {
      mutations = 0;
      crashAfter = n;
    },
    mutations: () => mutations,
  };
}

const ID = '0123456789abcdef';
const big = (tag: string, n = CHUNK_CHARS * 3 + 17) => `${tag}:${'x'.repeat(n)}`;

describe('keychain store', () => {
  it('splits values into chunks of at most the chunk size and reads them back whole', async () => {
    const kr = memoryKeyring();
    const store = createKeychainStore(kr.backend, { description: 'memory' });
    const value = big('v1');
    const version = await store.write(ID, value);
    expect(await store.read(ID)).toEqual({ value, version });
    const chunks = [...kr.entries].filter(([a]) => a.startsWith(`rec.${ID}.`));
    expect(chunks).toHaveLength(4);
    for (const [, v] of chunks) expect(v.length).toBeLessThanOrEqual(CHUNK_CHARS);
    expect(CHUNK_CHARS).toBeLessThanOrEqual(2000);
  });

  it('never splits a surrogate pair', () => {
    const parts = splitChunks('a😀😀b', 2);
    expect(parts.join('')).toBe('a😀😀b');
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const p of parts) expect(loneSurrogate.test(p)).toBe(false);
  });

  it('keeps a small value inside the pointer entry: one keychain change per write', async () => {
    const kr = memoryKeyring();
    const store = createKeychainStore(kr.backend, { description: 'memory' });
    kr.crashAfter(Number.POSITIVE_INFINITY);
    const version = await store.write(ID, 'small');
    expect(kr.mutations()).toBe(1);
    expect([...kr.entries.keys()]).toEqual([`rec.${ID}`]);
    expect(await store.read(ID)).toEqual({ value: 'small', version });
  });

  it('leaves exactly one generation after a rewrite', async () => {
    const kr = memoryKeyring();
    const store = createKeychainStore(kr.backend, { description: 'memory' });
    await store.write(ID, big('old'));
    const v2 = await store.write(ID, big('new', CHUNK_CHARS + 10));
    expect((await store.read(ID))?.value).toBe(big('new', CHUNK_CHARS + 10));
    const accounts = [...kr.entries.keys()];
    expect(accounts.sort()).toEqual([`rec.${ID}`, `rec.${ID}.${v2}.0`, `rec.${ID}.${v2}.1`]);
  });

  it('compare-and-swap: a stale version is refused, a fresh one accepted', async () => {
    const kr = memoryKeyring();
    const store = createKeychainStore(kr.backend, { description: 'memory' });
    await expect(store.write(ID, 'a', { expectedVersion: 'nope' })).rejects.toBeInstanceOf(VersionConflict);
    const v1 = await store.write(ID, 'a', { expectedVersion: null });
    await expect(store.write(ID, 'b', { expectedVersion: null })).rejects.toBeInstanceOf(VersionConflict);
    const v2 = await store.write(ID, 'b', { expectedVersion: v1 });
    await expect(store.write(ID, 'c', { expectedVersion: v1 })).rejects.toBeInstanceOf(VersionConflict);
    expect((await store.read(ID))?.version).toBe(v2);
  });

  it.each([
    ['chunked', 'chunked', big('old'), big('new', CHUNK_CHARS * 2 + 5), 3 + 1 + 4],
    ['inline', 'chunked', 'small old', big('new'), 4 + 1],
    ['chunked', 'inline', big('old'), 'small new', 1 + 4],
    ['inline', 'inline', 'small old', 'small new', 1],
  ])(
    'a writer killed after any step (%s -> %s) leaves the old or the new value; GC then leaves one generation',
    async (_a, _b, oldValue, newValue, steps) => {
      // killed before the pointer flip: the old value; from the flip on: the new one
      const flip = (newValue.length > CHUNK_CHARS ? Math.ceil(newValue.length / CHUNK_CHARS) : 0) + 1;
      let sawOld = 0;
      for (let k = 0; k <= steps; k++) {
        const kr = memoryKeyring();
        await createKeychainStore(kr.backend, { description: 'm' }).write(ID, oldValue);
        kr.crashAfter(k);
        const writer = createKeychainStore(kr.backend, { description: 'm' });
        const finished = await writer.write(ID, newValue).then(
          () => true,
          () => false,
        );
        // committed once the pointer flipped; cleaning up the old generation may fail without failing the write
        expect(finished).toBe(k >= flip);
        kr.crashAfter(Number.POSITIVE_INFINITY);
        let t = Date.now();
        const reader = createKeychainStore(kr.backend, { description: 'm', now: () => t });
        const seen = (await reader.read(ID))?.value;
        expect([oldValue, newValue]).toContain(seen);
        if (seen === oldValue) sawOld++;
        // a young leftover is spared (a writer might still be at work), an old one is collected
        await reader.collectGarbage(60_000);
        expect((await reader.read(ID))?.value).toBe(seen);
        t += 61_000;
        await reader.collectGarbage(60_000);
        const chunkGens = new Set([...kr.entries.keys()].filter((a) => a !== `rec.${ID}`).map((a) => a.split('.')[2]));
        expect(chunkGens.size).toBe((seen ?? '').length > CHUNK_CHARS ? 1 : 0);
        expect((await reader.read(ID))?.value).toBe(seen);
      }
      expect(sawOld).toBe(flip);
    },
  );

  it('remove commits with a tombstone: killed after any step, the record reads as gone and GC finishes', async () => {
    for (let k = 1; k <= 6; k++) {
      const kr = memoryKeyring();
      await createKeychainStore(kr.backend, { description: 'm' }).write(ID, big('v'));
      kr.crashAfter(k);
      await createKeychainStore(kr.backend, { description: 'm' })
        .remove(ID)
        .catch(() => {});
      kr.crashAfter(Number.POSITIVE_INFINITY);
      const reader = createKeychainStore(kr.backend, { description: 'm' });
      expect(await reader.read(ID)).toBeNull();
      await reader.collectGarbage(60_000);
      expect([...kr.entries.keys()]).toEqual([]);
    }
  });

  it('calls a missing chunk, a checksum mismatch or a bad pointer "corrupt"', async () => {
    const kr = memoryKeyring();
    const store = createKeychainStore(kr.backend, { description: 'm' });
    const version = await store.write(ID, big('v'));
    const chunk1 = `rec.${ID}.${version}.1`;
    const saved = kr.entries.get(chunk1)!;

    kr.entries.set(chunk1, `${saved.slice(0, -1)}!`);
    await expect(store.read(ID)).rejects.toMatchObject({ code: 'corrupt', message: /checksum/ });
    kr.entries.delete(chunk1);
    await expect(store.read(ID)).rejects.toMatchObject({ code: 'corrupt', message: /missing chunk/ });
    kr.entries.set(chunk1, saved);
    expect((await store.read(ID))?.value).toBe(big('v'));
    kr.entries.set(`rec.${ID}`, '{"v":1,"gen":');
    await expect(store.read(ID)).rejects.toMatchObject({ code: 'corrupt', message: /pointer/ });
    // GC never deletes what a damaged pointer might still reference
    await store.collectGarbage(0);
    expect(kr.entries.has(chunk1)).toBe(true);
  });

  it('a reader racing a writer retries instead of reporting damage', async () => {
    const kr = memoryKeyring();
    const store = createKeychainStore(kr.backend, { description: 'm' });
    await store.write(ID, big('one'));
    // the writer flips the pointer and deletes the old chunks right after the reader fetched the pointer
    const realGet = kr.backend.get;
    let raced = false;
    kr.backend.get = async (a) => {
      const v = await realGet(a);
      if (!raced && a === `rec.${ID}`) {
        raced = true;
        await createKeychainStore({ ...kr.backend, get: realGet }, { description: 'm' }).write(ID, big('two'));
      }
      return v;
    };
    expect((await store.read(ID))?.value).toBe(big('two'));
  });

  it('collects nothing of other records and keeps them readable', async () => {
    const kr = memoryKeyring();
    const store = createKeychainStore(kr.backend, { description: 'm' });
    await store.write('aaaaaaaaaaaaaaaa', 'A');
    await store.write('nats-token', 'B');
    kr.entries.set('unrelated', 'keep me');
    await store.collectGarbage(0);
    expect((await store.read('aaaaaaaaaaaaaaaa'))?.value).toBe('A');
    expect((await store.read('nats-token'))?.value).toBe('B');
    expect(kr.entries.get('unrelated')).toBe('keep me');
  });

  it('rejects ids that could collide with the account layout', async () => {
    const store = createKeychainStore(memoryKeyring().backend, { description: 'm' });
    await expect(store.read('a.b')).rejects.toMatchObject({ code: 'bad_input' });
    await expect(store.write('', 'x')).rejects.toMatchObject({ code: 'bad_input' });
  });
});
