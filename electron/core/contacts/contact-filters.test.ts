import * as secp from '@noble/secp256k1';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDir } from '../../../test/helpers/tmp';
import { ContactBook } from './contact-book';
import { requesterName, withContact } from './contact-filters';

const key = () => Buffer.from(secp.getPublicKey(secp.utils.randomSecretKey(), true)).toString('hex');
let data: Awaited<ReturnType<typeof makeDataDir>>;
afterEach(async () => data?.cleanup());

describe('contact filters', () => {
  it('name requester keys, and turn a contact filter into its key', async () => {
    data = await makeDataDir('contact-filters-');
    const book = await ContactBook.open(data.dir);
    const alice = key();
    await book.name(alice, 'Alice');
    expect(requesterName(book, alice.toUpperCase())).toBe('Alice');
    expect(requesterName(book, key())).toBeNull();
    expect(requesterName(book, 'unverified')).toBeNull();
    expect(withContact(book, { contact: 'alice', limit: 5 })).toEqual({ requester: alice, limit: 5 });
    expect(withContact(book, { requester: 'x' })).toEqual({ requester: 'x' });
    expect(() => withContact(book, { contact: 'Bob' })).toThrow(/no contact named "Bob"/);
    expect(() => withContact(book, { contact: 'Alice', requester: key() })).toThrow(/not both/);
  });
});
