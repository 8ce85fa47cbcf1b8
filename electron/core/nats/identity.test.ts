import { bytesToHex } from '@noble/hashes/utils.js';
import * as secp from '@noble/secp256k1';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WalletError } from '../../../shared/errors';
import { at } from '../../../test/helpers/at';
import { signSecp256k1 } from '../vault/signing';
import {
  MAX_CLOCK_SKEW_MS,
  REQUESTER_KEY_HEADER,
  REQUESTER_SIGNATURE_HEADER,
  REQUESTER_TIMESTAMP_HEADER,
  requesterSigningBytes,
  signRequest,
  verifyRequester,
} from './identity';

const NOW = 1_750_000_000_000;
const lookup = (h: Record<string, string>) => (name: string) => h[name];
const bytes = (s: string) => new TextEncoder().encode(s);

/** The error a refused request throws: always 'forbidden', with its reason. */
function refusal(fn: () => unknown): WalletError {
  try {
    fn();
  } catch (e) {
    if (e instanceof WalletError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('requester signatures', () => {
  const key = secp.utils.randomSecretKey();

  it('a request signed with signRequest verifies, for any subject, payload and skew within the window', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9_.-]{1,40}$/),
        fc.uint8Array({ maxLength: 200 }),
        fc.integer({ min: -MAX_CLOCK_SKEW_MS, max: MAX_CLOCK_SKEW_MS }),
        (subject, payload, skew) => {
          const headers = signRequest(subject, payload, key, NOW + skew);
          const id = verifyRequester(subject, payload, lookup(headers), NOW);
          expect(id).toMatchObject({ verified: true, key: Buffer.from(secp.getPublicKey(key, true)).toString('hex') });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('changing the subject, the payload or the timestamp breaks the signature', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.nat({ max: 99 }), (payload, offset) => {
        const headers = signRequest('crypto.scripts', payload, key, NOW);
        const flipped = payload.slice();
        const i = offset % flipped.length;
        flipped[i] = at(flipped, i) ^ 1;
        expect(refusal(() => verifyRequester('crypto.scripts', flipped, lookup(headers), NOW)).message).toMatch(
          /bad requester signature/,
        );
        expect(refusal(() => verifyRequester('crypto.scriptz', payload, lookup(headers), NOW)).code).toBe('forbidden');
        const later = { ...headers, [REQUESTER_TIMESTAMP_HEADER]: String(NOW + 1) };
        expect(refusal(() => verifyRequester('crypto.scripts', payload, lookup(later), NOW)).message).toMatch(
          /bad requester/,
        );
      }),
      { numRuns: 40 },
    );
  });

  it('no headers at all is an unverified request, not an error', () => {
    expect(verifyRequester('s', bytes('x'), () => undefined, NOW)).toEqual({ verified: false, key: null });
  });

  it('refuses stale and future timestamps, just past the 60 s window either way', () => {
    const old = signRequest('s', 'x', key, NOW - MAX_CLOCK_SKEW_MS - 1000);
    expect(refusal(() => verifyRequester('s', bytes('x'), lookup(old), NOW)).message).toMatch(
      /stale request: .* 61 s old/,
    );
    const ahead = signRequest('s', 'x', key, NOW + MAX_CLOCK_SKEW_MS + 1000);
    expect(refusal(() => verifyRequester('s', bytes('x'), lookup(ahead), NOW)).message).toMatch(/in the future/);
  });

  it('reads a timestamp in seconds as seconds', () => {
    const seconds = String(Math.floor(NOW / 1000) - 30);
    const signature = signSecp256k1(key, requesterSigningBytes('s', seconds, '', bytes('x')));
    const headers = {
      [REQUESTER_KEY_HEADER]: bytesToHex(secp.getPublicKey(key, true)),
      [REQUESTER_TIMESTAMP_HEADER]: seconds,
      [REQUESTER_SIGNATURE_HEADER]: bytesToHex(signature),
    };
    expect(verifyRequester('s', bytes('x'), lookup(headers), NOW).verified).toBe(true);
    expect(refusal(() => verifyRequester('s', bytes('x'), lookup(headers), NOW + 60_000)).message).toMatch(/stale/);
  });

  it.each([
    ['a missing timestamp', { [REQUESTER_TIMESTAMP_HEADER]: undefined }, /needs all of/],
    ['a non-numeric timestamp', { [REQUESTER_TIMESTAMP_HEADER]: '2025-01-01' }, /Unix time/],
    ['an x-only key', { [REQUESTER_KEY_HEADER]: '11'.repeat(32) }, /compressed secp256k1/],
    ['a non-hex signature', { [REQUESTER_SIGNATURE_HEADER]: 'zz'.repeat(64) }, /hex signature/],
    ['a truncated signature', { [REQUESTER_SIGNATURE_HEADER]: 'ab'.repeat(10) }, /bad requester signature/],
  ])('refuses %s', (_label, change, message) => {
    const headers: Record<string, string | undefined> = { ...signRequest('s', 'x', key, NOW), ...change };
    const e = refusal(() => verifyRequester('s', bytes('x'), (n) => headers[n], NOW));
    expect(e.code).toBe('forbidden');
    expect(e.message).toMatch(message);
  });
});
