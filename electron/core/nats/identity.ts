/**
 * Requester identity on NATS. A requester may sign its request with a secp256k1 key; the wallet then
 * knows who asks (shown in the prompt, usable by policies). Unsigned requests are "unverified"; stale
 * or forged signatures are refused before anything else happens. The signature (version 2) covers
 * the subject, the timestamp, the request id and the payload.
 */
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import * as secp from '@noble/secp256k1';
import { WalletError } from '../../../shared/errors';
import { signSecp256k1 } from '../vault/signing';
import { verifySignature } from '../vault/verify';

export const REQUESTER_KEY_HEADER = 'Wallet-Requester-Key';
export const REQUESTER_TIMESTAMP_HEADER = 'Wallet-Requester-Timestamp';
export const REQUESTER_SIGNATURE_HEADER = 'Wallet-Requester-Signature';
/** Optional caller-chosen id: a retry with the same id gets the first answer, never a second signature. */
export const REQUEST_ID_HEADER = 'Wallet-Request-Id';

/** How far a requester's clock may be from ours, either way. */
export const MAX_CLOCK_SKEW_MS = 60_000;
/** The label unsigned requests carry in prompts, policies and the audit log. */
export const UNVERIFIED = 'unverified';

/**
 * A verified requester carries `signed`: the key and the exact bytes it signed, which the replay
 * guard remembers for as long as the timestamp stays fresh.
 */
export type RequesterIdentity =
  | { verified: true; key: string; signed: { bytes: Uint8Array; timestampMs: number } }
  | { verified: false; key: null };

/** Reads one header case-insensitively; a header given twice is ambiguous and refused. */
export type HeaderLookup = (name: string) => string | undefined;

const COMPRESSED_KEY = /^0[23][0-9a-fA-F]{64}$/;
const TIMESTAMP = /^[0-9]{1,16}$/;
const SIGNATURE = /^([0-9a-fA-F]{2}){8,80}$/;

/** Names the signature format, so a signature made for anything else can never verify as a request. */
export const REQUEST_SIGNATURE_DOMAIN = 'wallet-request-v2';

/**
 * The bytes a requester signs (as ECDSA over their SHA-256):
 * `"wallet-request-v2\n" + subject + "\n" + timestamp + "\n" + requestId + "\n" + payload`,
 * with `requestId` the exact text of the Wallet-Request-Id header, or empty.
 */
export function requesterSigningBytes(
  subject: string,
  timestamp: string,
  requestId: string,
  payload: Uint8Array,
): Uint8Array {
  const head = `${REQUEST_SIGNATURE_DOMAIN}\n${subject}\n${timestamp}\n${requestId}\n`;
  return concatBytes(new TextEncoder().encode(head), payload);
}

/**
 * Signs a request for `subject` the way the wallet verifies it; returns the headers to send: the
 * three requester headers, plus Wallet-Request-Id when `requestId` is given (it is signed too).
 * `privateKey` is a 32-byte secp256k1 secret; the signature is 64-byte compact, low-S, hex.
 */
export function signRequest(
  subject: string,
  payload: Uint8Array | string,
  privateKey: Uint8Array,
  now: number = Date.now(),
  requestId?: string,
): Record<string, string> {
  const body = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  const timestamp = String(Math.floor(now));
  const signature = signSecp256k1(privateKey, requesterSigningBytes(subject, timestamp, requestId ?? '', body));
  return {
    [REQUESTER_KEY_HEADER]: bytesToHex(secp.getPublicKey(privateKey, true)),
    [REQUESTER_TIMESTAMP_HEADER]: timestamp,
    [REQUESTER_SIGNATURE_HEADER]: bytesToHex(signature),
    ...(requestId !== undefined ? { [REQUEST_ID_HEADER]: requestId } : {}),
  };
}

/**
 * Checks the requester headers of one request. No headers: unverified. All three and valid: verified.
 * Anything else (some missing, stale, malformed, not verifying) throws 'forbidden' with the reason.
 */
export function verifyRequester(
  subject: string,
  payload: Uint8Array,
  header: HeaderLookup,
  now: number = Date.now(),
): RequesterIdentity {
  const key = header(REQUESTER_KEY_HEADER);
  const timestamp = header(REQUESTER_TIMESTAMP_HEADER);
  const signature = header(REQUESTER_SIGNATURE_HEADER);
  if (key === undefined && timestamp === undefined && signature === undefined) return { verified: false, key: null };
  if (key === undefined || timestamp === undefined || signature === undefined) {
    throw forbidden(
      `a signed request needs all of ${REQUESTER_KEY_HEADER}, ${REQUESTER_TIMESTAMP_HEADER} and ${REQUESTER_SIGNATURE_HEADER}`,
    );
  }
  if (!COMPRESSED_KEY.test(key))
    throw forbidden(`${REQUESTER_KEY_HEADER} must be a compressed secp256k1 public key in hex`);
  if (!TIMESTAMP.test(timestamp)) throw forbidden(`${REQUESTER_TIMESTAMP_HEADER} must be Unix time in milliseconds`);
  const skew = timestampMs(timestamp) - now;
  if (Math.abs(skew) > MAX_CLOCK_SKEW_MS) {
    const seconds = Math.round(Math.abs(skew) / 1000);
    const side = skew < 0 ? 'old' : 'in the future';
    throw forbidden(
      `stale request: the requester timestamp is ${seconds} s ${side} (limit ${MAX_CLOCK_SKEW_MS / 1000} s)`,
    );
  }
  if (!SIGNATURE.test(signature)) throw forbidden(`${REQUESTER_SIGNATURE_HEADER} must be a hex signature`);
  const message = requesterSigningBytes(subject, timestamp, header(REQUEST_ID_HEADER) ?? '', payload);
  if (!verifySignature(key, message, hexToBytes(signature))) {
    throw forbidden(
      'bad requester signature: it does not verify for this key, subject, timestamp, request id and payload (format wallet-request-v2)',
    );
  }
  return { verified: true, key: key.toLowerCase(), signed: { bytes: message, timestampMs: timestampMs(timestamp) } };
}

// ## Helpers

/** Milliseconds since the epoch; values below 10^11 are taken as seconds, which some clients send. */
function timestampMs(timestamp: string): number {
  const n = Number(timestamp);
  return n < 1e11 ? n * 1000 : n;
}

function forbidden(message: string): WalletError {
  return new WalletError('forbidden', message);
}
