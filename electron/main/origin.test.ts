import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, isTrustedUrl, originOf } from './origin';

describe('origin', () => {
  it('builds scheme://host for custom schemes, where URL.origin says "null"', () => {
    expect(new URL('app://wallet/x').origin).toBe('null');
    expect(originOf('app://wallet/index.html?x=1')).toBe('app://wallet');
    expect(originOf('http://localhost:5173/')).toBe('http://localhost:5173');
    expect(originOf('not a url')).toBeNull();
  });

  it('trusts only exact origins', () => {
    const allowed = [APP_ORIGIN];
    expect(isTrustedUrl('app://wallet/index.html', allowed)).toBe(true);
    for (const url of [
      'app://wallet.evil/',
      'app://evil/',
      'http://wallet/',
      'app://wallet:81/',
      '',
      null,
      undefined,
    ]) {
      expect(isTrustedUrl(url, allowed)).toBe(false);
    }
  });
});
