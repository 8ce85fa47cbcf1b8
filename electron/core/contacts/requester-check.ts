/**
 * What a request's card says about who asks, from the contacts: a verified key is 'known' (by the
 * name the user gave it), 'new' on its first request, or 'seen' (unnamed, asked before), each with its
 * fingerprint; a request that claims a contact's name without that contact's key is an 'impostor'.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import type { ContactView, RequesterCheck } from '../../../shared/ipc/schemas';
import type { RequestSource } from '../requests';
import type { Contact, ContactBook } from './contact-book';
import { fingerprintOf } from './fingerprint';
import type { SeenKeys } from './seen-keys';

export function contactView(c: Contact): ContactView {
  return { key: c.key, name: c.name, fingerprint: fingerprintOf(hexToBytes(c.key)), addedAt: c.addedAt };
}

/** When keys were first seen, and when this request arrived: a key is new only on requests from its first arrival on. */
export interface FirstSeen {
  seen: Pick<SeenKeys, 'firstSeenAt'>;
  requestAt: number;
}

/** Only NATS verifies requester keys; other sources get no contact line (null). Without `first`, every unnamed key is new. */
export function checkRequester(
  book: Pick<ContactBook, 'requester' | 'byName'>,
  source: RequestSource,
  first?: FirstSeen,
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
      firstSeenAt: first?.seen.firstSeenAt(known.key) ?? null,
    };
  }
  const impersonates = claimed ? { name: claimed.name, fingerprint: contactView(claimed).fingerprint } : null;
  if (key === null) {
    // An unsigned request is only worth a line when it borrows a contact's name.
    return impersonates
      ? { status: 'impostor', key: null, fingerprint: null, name: null, claimedName, impersonates, firstSeenAt: null }
      : null;
  }
  const firstSeenAt = first?.seen.firstSeenAt(key) ?? null;
  // Seen before only when an earlier request brought the key; its first request stays "new" while it waits.
  const seenBefore = first !== undefined && firstSeenAt !== null && firstSeenAt < first.requestAt;
  return {
    status: impersonates ? 'impostor' : seenBefore ? 'seen' : 'new',
    key,
    fingerprint: fingerprintOf(hexToBytes(key)),
    name: null,
    claimedName,
    impersonates,
    firstSeenAt,
  };
}
