/** The contact book on a real data dir: names persist, one name belongs to one key, damaged files are set aside. */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as secp from '@noble/secp256k1';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDir } from '../../../test/helpers/tmp';
import { CONTACTS_FILE, ContactBook } from './contact-book';
import { checkRequester } from './requester-check';

const key = () => Buffer.from(secp.getPublicKey(secp.utils.randomSecretKey(), true)).toString('hex');
let data: Awaited<ReturnType<typeof makeDataDir>>;
afterEach(async () => data?.cleanup());

describe('contact book', () => {
  it('names, renames and forgets keys, and reads them back from disk', async () => {
    data = await makeDataDir('contacts-');
    const alice = key();
    const book = await ContactBook.open(data.dir);
    await book.name(alice.toUpperCase(), 'Alice');
    expect(book.requester(alice)?.name).toBe('Alice');
    await book.name(alice, 'Alice Ops');
    const reopened = await ContactBook.open(data.dir);
    expect(reopened.list().map((c) => [c.key, c.name])).toEqual([[alice, 'Alice Ops']]);
    expect(await reopened.forget(alice)).toBe(true);
    expect(await reopened.forget(alice)).toBe(false);
    expect((await ContactBook.open(data.dir)).list()).toEqual([]);
  });

  it('one name names one key, whatever its letter case; bad keys and names are refused', async () => {
    data = await makeDataDir('contacts-');
    const book = await ContactBook.open(data.dir);
    await book.name(key(), 'Billing');
    await expect(book.name(key(), 'billing')).rejects.toMatchObject({ code: 'exists' });
    await expect(book.name('02abcd', 'Short')).rejects.toMatchObject({ code: 'bad_input' });
    await expect(book.name(key(), 'bad\u0000name')).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('a damaged or hand-edited file is moved aside with a warning, never half-loaded', async () => {
    data = await makeDataDir('contacts-');
    const file = join(data.dir, CONTACTS_FILE);
    const good = { key: key(), name: 'Good', addedAt: 1 };
    for (const text of [
      '{not json',
      JSON.stringify({ version: 1, requesters: [good, { ...good, name: 'x\ny' }], servers: [] }),
    ]) {
      await writeFile(file, text);
      const warnings: string[] = [];
      const book = await ContactBook.open(data.dir, (m) => warnings.push(m));
      expect(book.list()).toEqual([]);
      expect(warnings[0]).toMatch(/contacts file unreadable .* moved to /);
    }
    expect((await readdir(data.dir)).filter((f) => f.startsWith(`${CONTACTS_FILE}.corrupt-`))).toHaveLength(2);
  });

  it('pins are kept per server address', async () => {
    data = await makeDataDir('contacts-');
    const book = await ContactBook.open(data.dir);
    await book.setPin('sig.example:443', 'ab'.repeat(32));
    expect((await ContactBook.open(data.dir)).pin('sig.example:443')?.spki).toBe('ab'.repeat(32));
    await expect(book.setPin('sig.example:443', 'nothex')).rejects.toThrow();
    expect(JSON.parse(await readFile(join(data.dir, CONTACTS_FILE), 'utf8')).servers).toHaveLength(1);
  });
});

describe('requester check', () => {
  it('new, known, and an impostor signed or not; other sources get no line', async () => {
    data = await makeDataDir('contacts-');
    const book = await ContactBook.open(data.dir);
    const alice = key();
    const mallory = key();
    await book.name(alice, 'Alice');
    const nats = (requester: string | undefined, verified: boolean, claimedName?: string) => ({
      kind: 'nats' as const,
      endpoint: 'crypto.scripts',
      requester,
      verified,
      ...(claimedName ? { claimedName } : {}),
    });
    expect(checkRequester(book, nats(alice, true))).toMatchObject({
      status: 'known',
      name: 'Alice',
      impersonates: null,
    });
    const fresh = checkRequester(book, nats(mallory, true, 'Mallory'));
    expect(fresh).toMatchObject({ status: 'new', key: mallory, name: null, claimedName: 'Mallory' });
    expect(fresh?.fingerprint?.words).toHaveLength(6);
    const impostor = checkRequester(book, nats(mallory, true, 'alice'));
    expect(impostor).toMatchObject({ status: 'impostor', key: mallory, impersonates: { name: 'Alice' } });
    expect(impostor?.impersonates?.fingerprint).toEqual(checkRequester(book, nats(alice, true))?.fingerprint);
    expect(checkRequester(book, nats('unverified', false, 'Alice'))).toMatchObject({ status: 'impostor', key: null });
    expect(checkRequester(book, nats('unverified', false))).toBeNull();
    // The right key with another claimed name is still the contact: only the key counts.
    expect(checkRequester(book, nats(alice, true, 'Bob'))).toMatchObject({ status: 'known', name: 'Alice' });
    expect(
      checkRequester(book, { kind: 'sigsocket', endpoint: 'wss://x', requester: 'Alice', verified: false }),
    ).toBeNull();
  });
});
