/** A running wallet's contact book follows contacts.json as `crypto-cli contacts` changes it; invalid files lose nothing. */
import { once } from 'node:events';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as secp from '@noble/secp256k1';
import { afterEach, describe, expect, it } from 'vitest';
import { at } from '../../../test/helpers/at';
import { makeDataDir } from '../../../test/helpers/tmp';
import { CONTACTS_FILE, ContactBook } from './contact-book';

const key = () => Buffer.from(secp.getPublicKey(secp.utils.randomSecretKey(), true)).toString('hex');
let data: Awaited<ReturnType<typeof makeDataDir>>;
let stop = () => {};
afterEach(async () => {
  stop();
  await data?.cleanup();
});

describe('contact book following its file', () => {
  it('takes names and forgets written by another book (the CLI), and emits changed', async () => {
    data = await makeDataDir('contacts-follow-');
    const running = await ContactBook.open(data.dir);
    const warnings: string[] = [];
    stop = running.follow((m) => warnings.push(m), 20);
    const alice = key();
    const changed = once(running, 'changed');
    await (await ContactBook.open(data.dir)).name(alice, 'Alice');
    await changed;
    expect(running.requester(alice)?.name).toBe('Alice');
    const forgotten = once(running, 'changed');
    await (await ContactBook.open(data.dir)).forget(alice);
    await forgotten;
    expect(running.list()).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('its own writes are not read back as news, so a burst of changes keeps the newest state', async () => {
    data = await makeDataDir('contacts-follow-');
    const book = await ContactBook.open(data.dir);
    const keys = [key(), key(), key()];
    const writes = keys.map((k, i) => book.name(k, `R${i}`));
    expect(await book.reload()).toBe(false);
    await Promise.all(writes);
    expect(await book.reload()).toBe(false);
    expect(book.list().map((c) => c.name)).toEqual(['R0', 'R1', 'R2']);
  });

  it('an invalid file is reported and ignored; the next change moves it aside, nothing is lost', async () => {
    data = await makeDataDir('contacts-follow-');
    const file = join(data.dir, CONTACTS_FILE);
    const book = await ContactBook.open(data.dir);
    const alice = key();
    await book.name(alice, 'Alice');
    const handEdited = (await readFile(file, 'utf8')).replace('"Alice"', '"Al\\u0000ice"');
    await writeFile(file, handEdited);
    const warnings: string[] = [];
    expect(await book.reload((m) => warnings.push(m))).toBe(false);
    expect(warnings).toEqual([
      expect.stringMatching(/contacts\.json changed but is invalid \(requesters\.0\.name: .*keeping the 1 contacts/),
    ]);
    // Reported once, not on every check.
    expect(await book.reload((m) => warnings.push(m))).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(book.fileProblem).toBe(warnings[0]);
    expect(book.requester(alice)?.name).toBe('Alice');

    const bob = key();
    await book.name(bob, 'Bob');
    expect(book.fileProblem).toBeNull();
    const aside = (await readdir(data.dir)).filter((f) => f.startsWith(`${CONTACTS_FILE}.invalid-`));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(data.dir, at(aside, 0)), 'utf8')).toBe(handEdited);
    expect((await ContactBook.open(data.dir)).list().map((c) => c.name)).toEqual(['Alice', 'Bob']);
  });

  it('a deleted file takes nothing away; the next change writes it again', async () => {
    data = await makeDataDir('contacts-follow-');
    const book = await ContactBook.open(data.dir);
    await book.name(key(), 'Alice');
    await rm(join(data.dir, CONTACTS_FILE));
    expect(await book.reload()).toBe(false);
    expect(book.list()).toHaveLength(1);
    await book.name(key(), 'Bob');
    expect((await ContactBook.open(data.dir)).list()).toHaveLength(2);
  });
});
