// Contract schemas for contacts: a key's fingerprint, a named requester key, and who a requester is.
import { z } from 'zod';
import { Millis } from './primitives';

/** A key as a person compares it: its first and last bytes, and six words from its hash. */
export const Fingerprint = z.object({
  /** e.g. "02a1b2c3…e4f5a6b7". */
  short: z.string(),
  words: z.array(z.string()),
});
export type Fingerprint = z.infer<typeof Fingerprint>;
/** A requester key the user named. */
export const ContactView = z.object({ key: z.string(), name: z.string(), fingerprint: Fingerprint, addedAt: Millis });
export type ContactView = z.infer<typeof ContactView>;
/**
 * Who a NATS requester is to this wallet: a verified key on its first request ('new'), an unnamed key
 * that asked before ('seen'), a named key ('known'), or a request claiming a known name with a key
 * that is not that contact's ('impostor').
 */
export const RequesterCheck = z.object({
  status: z.enum(['new', 'seen', 'known', 'impostor']),
  /** The verified key (null for an unsigned request claiming a known name). */
  key: z.string().nullable(),
  fingerprint: Fingerprint.nullable(),
  /** The contact's name, for a known key. */
  name: z.string().nullable(),
  /** The name the request claims for itself (Wallet-Requester-Name): a claim, never proof. */
  claimedName: z.string().nullable(),
  /** For 'impostor': the real contact of that name, to compare fingerprints. */
  impersonates: z.object({ name: z.string(), fingerprint: Fingerprint }).nullable(),
  /** When the wallet first saw this key ask (null: never recorded, or an unsigned request). */
  firstSeenAt: Millis.nullable(),
});
export type RequesterCheck = z.infer<typeof RequesterCheck>;
