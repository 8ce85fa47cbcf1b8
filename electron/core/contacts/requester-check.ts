/**
 * What a request's card says about who asks, from the contacts: a verified key is 'known' (by the
 * name the user gave it) or 'new' (with its fingerprint); a request that claims a contact's name
 * without that contact's key is an 'impostor', signed or not.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import type { ContactView, RequesterCheck } from '../../../shared/ipc/schemas';
import type { RequestSource } from '../requests';
import type { Contact, ContactBook } from './contact-book';
import { fingerprintOf } from './fingerprint';

export function contactView(c: Contact): ContactView {
  return { key: c.key, name: c.name, fingerprint: fingerprintOf(hexToBytes(c.key)), addedAt: c.addedAt };
}

/** Only NATS verifies requester keys; other sources get no contact line (null). */
export function checkRequester(
  book: Pick<ContactBook, 'requester' | 'byName'>,
  source: RequestSource,
): RequesterCheck | null {
  if (source.kind !== 'nats') return null;
  const claimedName = source.claimedName ?? null;
  const claimed = claimedName === null ? undefined : book.byName(claimedName);
  const key = source.verified && source.requester ? source.requester.toLowerCase() : null;
  const known = key === null ? undefined : book.requester(key);
  if (known) {
    return {
      status: 'known',
      key,
      fingerprint: fingerprintOf(hexToBytes(known.key)),
      name: known.name,
      claimedName,
      impersonates: null,
    };
  }
  const impersonates = claimed ? { name: claimed.name, fingerprint: contactView(claimed).fingerprint } : null;
  if (key === null) {
    // An unsigned request is only worth a line when it borrows a contact's name.
    return impersonates
      ? { status: 'impostor', key: null, fingerprint: null, name: null, claimedName, impersonates }
      : null;
  }
  return {
    status: impersonates ? 'impostor' : 'new',
    key,
    fingerprint: fingerprintOf(hexToBytes(key)),
    name: null,
    claimedName,
    impersonates,
  };
}
