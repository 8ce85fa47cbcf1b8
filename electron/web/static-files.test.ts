import { describe, expect, it } from 'vitest';
import { resolveStaticFile } from './static-files';

describe('resolveStaticFile', () => {
  it('maps / to index.html and keeps paths inside the root', () => {
    expect(resolveStaticFile('/srv/r', '/')).toBe('/srv/r/index.html');
    expect(resolveStaticFile('/srv/r', '/assets/a.js')).toBe('/srv/r/assets/a.js');
  });
  it.each(['/../etc/passwd', '/..%2f..%2fetc%2fpasswd', '/assets/../../x', '/%2e%2e/x', '/a%00.html', '/%E0%A4%A'])(
    'refuses %s',
    (p) => {
      expect(resolveStaticFile('/srv/r', p)).toBeNull();
    },
  );
});
