import { describe, expect, it } from 'vitest';
import { requestExpiryFromEnv } from './open';

describe('requestExpiryFromEnv', () => {
  it('is undefined unless set, and a whole number of ms otherwise', () => {
    expect(requestExpiryFromEnv({})).toBeUndefined();
    expect(requestExpiryFromEnv({ WALLET_REQUEST_EXPIRY_MS: '' })).toBeUndefined();
    expect(requestExpiryFromEnv({ WALLET_REQUEST_EXPIRY_MS: '5000' })).toBe(5000);
  });
  it.each(['abc', '999', '1.5e3x', '-5000', '2500.5'])('refuses %s with a clear error', (raw) => {
    expect(() => requestExpiryFromEnv({ WALLET_REQUEST_EXPIRY_MS: raw })).toThrow(/WALLET_REQUEST_EXPIRY_MS must be/);
  });
});
