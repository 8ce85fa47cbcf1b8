// Known requesters (named keys) and pinned servers (certificate keys), and how a card shows them.
export {
  CONTACTS_FILE,
  type Contact,
  ContactBook,
  contactsFileSchema,
  RequesterKey,
  type ServerPin,
  SpkiHash,
  sameName,
} from './contact-book';
export { requesterName, withContact } from './contact-filters';
export { FINGERPRINT_WORDS, type Fingerprint, fingerprintOf, fingerprintWords, shortHex } from './fingerprint';
export { checkRequester, contactView, type FirstSeen } from './requester-check';
export { MAX_SEEN_KEYS, SEEN_FILE, SeenKeys } from './seen-keys';
export { requesterLines } from './terminal-lines';
