/**
 * An outside requester's client, written from the wire format in docs/nats.md and nothing of the
 * wallet's own code: it builds the version 2 signing bytes by hand and signs them with
 * @noble/secp256k1 (64-byte compact, low-S) over @noble/hashes' SHA-256.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import * as secp from '@noble/secp256k1';

// @noble/secp256k1 needs its hash functions given once for synchronous signing (RFC 6979 nonces).
secp.hashes.sha256 = sha256;
secp.hashes.hmacSha256 = (key, message) => hmac(sha256, key, message);

export interface Requester {
  secret: Uint8Array;
  publicKey: string;
  /** The headers for one request, signed now (or at `at`), with an optional Wallet-Request-Id. */
  sign(subject: string, payload: string, opts?: { at?: number; requestId?: string }): Record<string, string>;
}

export function makeRequester(): Requester {
  const secret = secp.utils.randomSecretKey();
  const publicKey = bytesToHex(secp.getPublicKey(secret, true));
  return {
    secret,
    publicKey,
    sign(subject, payload, opts = {}) {
      const timestamp = String(Math.floor(opts.at ?? Date.now()));
      const text = `wallet-request-v2\n${subject}\n${timestamp}\n${opts.requestId ?? ''}\n`;
      const bytes = new Uint8Array([...utf8ToBytes(text), ...utf8ToBytes(payload)]);
      const signature = secp.sign(sha256(bytes), secret, { prehash: false, lowS: true });
      return {
        'Wallet-Requester-Key': publicKey,
        'Wallet-Requester-Timestamp': timestamp,
        'Wallet-Requester-Signature': bytesToHex(signature),
        ...(opts.requestId !== undefined ? { 'Wallet-Request-Id': opts.requestId } : {}),
      };
    },
  };
}
