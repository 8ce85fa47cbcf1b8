import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeConnectError, isAuthError, reconnectDelay } from './connection';

/** Builds an error shaped like the nats.js ones (they are told apart by name). */
function natsError(name: string, message: string, cause?: Error): Error {
  const e = new Error(message, cause ? { cause } : undefined);
  e.name = name;
  return e;
}

describe('connection helpers', () => {
  it('backoff stays within [d/2, d] of initial·2^n, capped at the maximum', () => {
    fc.assert(
      fc.property(fc.nat({ max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const d = Math.min(5_000, 100 * 2 ** Math.min(attempt, 30));
        const got = reconnectDelay(attempt, 100, 5_000, () => r);
        expect(got).toBeGreaterThanOrEqual(Math.floor(d / 2));
        expect(got).toBeLessThanOrEqual(d);
      }),
    );
  });

  it('tells an auth failure from a network failure, in words a user can act on', () => {
    const auth = natsError('AuthorizationError', 'Authorization Violation');
    expect(isAuthError(auth)).toBe(true);
    expect(describeConnectError(auth)).toBe('auth error: the server refused the credentials (Authorization Violation)');
    const expired = natsError('UserAuthenticationExpiredError', 'User Authentication Expired');
    expect(describeConnectError(expired)).toMatch(/credentials have expired/);
    const refused = natsError('ConnectionError', 'connection refused');
    expect(isAuthError(refused)).toBe(false);
    expect(describeConnectError(refused)).toBe('cannot reach the server: connection refused');
    const tls = natsError('ConnectionError', 'failed', new Error('unable to verify the first certificate'));
    expect(describeConnectError(tls)).toMatch(/^TLS error: failed: unable to verify/);
    expect(describeConnectError('weird')).toBe('connection failed');
  });
});
