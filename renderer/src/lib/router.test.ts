import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from './router';

describe('hash routes', () => {
  it('round-trips a keyspace name with spaces and slashes', () => {
    const href = routeHref('keyspaces', 'My keys/2');
    expect(parseRoute(href)).toEqual({ screen: 'keyspaces', param: 'My keys/2' });
  });
  it('falls back to requests for anything unknown', () => {
    expect(parseRoute('')).toEqual({ screen: 'requests', param: null });
    expect(parseRoute('#/nope')).toEqual({ screen: 'requests', param: null });
    expect(parseRoute('#/keyspaces/%E0%A4%A')).toEqual({ screen: 'keyspaces', param: null });
  });
});
