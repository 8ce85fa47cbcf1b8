/** The seen-keys list on a real data dir: first contact is new once, survives a restart, damaged files are set aside. */

import { EventEmitter } from 'node:events';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as secp from '@noble/secp256k1';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDir } from '../../../test/helpers/tmp';
import type { RequestSource } from '../requests';
import { ContactBook } from './contact-book';
import { checkRequester } from './requester-check';
import { MAX_SEEN_KEYS, SEEN_FILE, SeenKeys } from './seen-keys';

const key = () => Buffer.from(secp.getPublicKey(secp.utils.randomSecretKey(), true)).toString('hex');
const nats = (requester: string, claimedName?: string): RequestSource => ({
  kind: 'nats',
  endpoint: 'crypto.scripts',
  requester,
  verified: true,
  ...(claimedName ? { claimedName } : {}),
});
let data: Awaited<ReturnType<typeof makeDataDir>>;
afterEach(async () => data?.cleanup());

describe('seen requester keys', () => {
  it('a key is new on its first request only, also after a restart; naming it makes it known', async () => {
    data = await makeDataDir('seen-');
    const alice = key();
    const book = await ContactBook.open(data.dir);
    const seen = await SeenKeys.open(data.dir);
    const check = (at: number) => checkRequester(book, nats(alice, 'Alice'), { seen, requestAt: at });
    expect(check(1000)).toMatchObject({ status: 'new', firstSeenAt: null });
    seen.note(alice, 1000);
    // The first request stays "new" while it waits; one from the same millisecond is part of that first contact.
    expect(check(1000)).toMatchObject({ status: 'new', firstSeenAt: 1000 });
    expect(check(2000)).toMatchObject({ status: 'seen', firstSeenAt: 1000, name: null, claimedName: 'Alice' });
    expect(seen.note(alice, 3000)).toBe(1000);
    await seen.flush();

    const reopened = await SeenKeys.open(data.dir);
    expect(reopened.firstSeenAt(alice.toUpperCase())).toBe(1000);
    expect(checkRequester(book, nats(alice), { seen: reopened, requestAt: 5000 })).toMatchObject({ status: 'seen' });
    expect(checkRequester(book, nats(key()), { seen: reopened, requestAt: 5000 })).toMatchObject({ status: 'new' });
    await book.name(alice, 'Alice');
    expect(checkRequester(book, nats(alice), { seen: reopened, requestAt: 5000 })).toMatchObject({
      status: 'known',
      name: 'Alice',
      firstSeenAt: 1000,
    });
  });

  it('an impostor stays an impostor whether its key was seen before or not', async () => {
    data = await makeDataDir('seen-');
    const book = await ContactBook.open(data.dir);
    await book.name(key(), 'Billing');
    const seen = await SeenKeys.open(data.dir);
    const mallory = key();
    seen.note(mallory, 1);
    expect(checkRequester(book, nats(mallory, 'billing'), { seen, requestAt: 10 })).toMatchObject({
      status: 'impostor',
      impersonates: { name: 'Billing' },
    });
    // Written before the data dir is removed: a write racing the cleanup would fail the cleanup.
    await seen.flush();
  });

  it('records verified NATS requesters the queue takes in, nothing else', async () => {
    data = await makeDataDir('seen-');
    const seen = await SeenKeys.open(data.dir);
    const queue = new EventEmitter();
    const stop = seen.track(queue as never);
    const [signed, unsigned, viaSigsocket] = [key(), key(), key()];
    const added = (source: RequestSource, createdAt: number) =>
      queue.emit('changed', { type: 'added', id: String(createdAt), view: { source, createdAt } });
    added(nats(signed), 7);
    added({ ...nats(unsigned), verified: false }, 8);
    added({ kind: 'sigsocket', endpoint: 'wss://x', requester: viaSigsocket, verified: true }, 9);
    added(nats('not a key'), 10);
    stop();
    added(nats(key()), 11);
    await seen.flush();
    const file = JSON.parse(await readFile(join(data.dir, SEEN_FILE), 'utf8'));
    expect(file).toEqual({ version: 1, keys: [{ key: signed, firstSeenAt: 7 }] });
  });

  it('keeps at most its limit, dropping the longest-known first, also when loading', async () => {
    data = await makeDataDir('seen-');
    const seen = await SeenKeys.open(data.dir, undefined, 3);
    const keys = [key(), key(), key(), key(), key()];
    for (const [i, k] of keys.entries()) seen.note(k, i);
    expect(keys.map((k) => seen.firstSeenAt(k))).toEqual([undefined, undefined, 2, 3, 4]);
    await seen.flush();
    expect(JSON.parse(await readFile(seen.file, 'utf8')).keys).toHaveLength(3);
    const smaller = await SeenKeys.open(data.dir, undefined, 2);
    expect(keys.map((k) => smaller.firstSeenAt(k))).toEqual([undefined, undefined, undefined, 3, 4]);
    expect(MAX_SEEN_KEYS).toBe(10_000);
  });

  it('a damaged or hand-edited file is moved aside with a warning, never half-loaded', async () => {
    data = await makeDataDir('seen-');
    const file = join(data.dir, SEEN_FILE);
    for (const bad of [
      '{"version":1,"keys":[{"key":"02zz","firstSeenAt":1}]}',
      '{"version":1,"keys":[],"extra":true}',
      'not json',
    ]) {
      await writeFile(file, bad);
      const warnings: string[] = [];
      const seen = await SeenKeys.open(data.dir, (m) => warnings.push(m));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/seen-requesters file unreadable .*moved to/);
      expect(seen.firstSeenAt('02zz')).toBeUndefined();
    }
    expect((await readdir(data.dir)).filter((f) => f.includes('.corrupt-'))).toHaveLength(3);
  });
});
