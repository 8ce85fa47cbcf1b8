// Known requesters (named keys) and pinned servers (certificate keys), and how a card shows them.
export { ContactBook } from './contact-book';
export { requesterName, withContact } from './contact-filters';
export { fingerprintOf } from './fingerprint';
export { checkRequester, contactView } from './requester-check';
export { SeenKeys } from './seen-keys';
export { requesterLines } from './terminal-lines';
