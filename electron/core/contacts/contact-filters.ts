/** Contacts where other screens name requesters: policy and History rows by name, History filtered by contact. */
import { WalletError } from '../../../shared/errors';
import type { ContactBook } from './contact-book';

type Lookup = Pick<ContactBook, 'requester' | 'byName'>;

const KEY = /^0[23][0-9a-fA-F]{64}$/;

/** The contact's name for a requester label, when the label is a named key; null otherwise. */
export function requesterName(book: Lookup, requester: string): string | null {
  return KEY.test(requester) ? (book.requester(requester)?.name ?? null) : null;
}

/**
 * A query naming a contact becomes one on that contact's key (the requester label of its verified
 * requests). An unknown name is 'not_found'; a contact and a different requester together are 'bad_input'.
 */
export function withContact<Q extends { requester?: string; contact?: string }>(
  book: Lookup,
  query: Q,
): Omit<Q, 'contact'> {
  const { contact, ...rest } = query;
  if (contact === undefined) return rest;
  const found = book.byName(contact);
  if (!found) throw new WalletError('not_found', `no contact named "${contact}"`);
  if (rest.requester !== undefined && rest.requester.toLowerCase() !== found.key) {
    throw new WalletError('bad_input', 'filter by a contact or by a requester, not both');
  }
  return { ...rest, requester: found.key };
}
