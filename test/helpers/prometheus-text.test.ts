/** The test reader must refuse what a Prometheus scraper refuses, or the tests that use it prove nothing. */
import { describe, expect, it } from 'vitest';
import { parsePrometheusText, seriesValue } from './prometheus-text';

const good = [
  '# HELP up whether it is up',
  '# TYPE up gauge',
  'up{job="a \\"quoted\\" name",path="C:\\\\x"} 1',
  '# TYPE lat histogram',
  'lat_bucket{le="0.5"} 1',
  'lat_bucket{le="+Inf"} 2',
  'lat_sum 1.25e0',
  'lat_count 2',
  '',
].join('\n');

describe('prometheus text reader', () => {
  it('reads families, escaped labels and histogram parts', () => {
    const m = parsePrometheusText(good);
    expect(seriesValue(m, 'up', { job: 'a "quoted" name', path: 'C:\\x' })).toBe(1);
    expect(seriesValue(m, 'lat_bucket', { le: '+Inf' })).toBe(2);
    expect(seriesValue(m, 'lat_sum')).toBe(1.25);
    expect(m.get('lat')?.type).toBe('histogram');
  });

  it.each([
    ['an undeclared family', '# TYPE a counter\nb 1\n'],
    ['a missing final newline', '# TYPE a counter\na 1'],
    ['a duplicate series', '# TYPE a counter\na{x="1"} 1\na{x="1"} 2\n'],
    ['an unquoted label', '# TYPE a counter\na{x=1} 1\n'],
    ['a bad escape', '# TYPE a counter\na{x="\\q"} 1\n'],
    ['a non-number', '# TYPE a counter\na one\n'],
    ['a bucket of a counter', '# TYPE a counter\na_bucket{le="1"} 1\n'],
    ['an unknown type', '# TYPE a thing\n'],
  ])('refuses %s', (_what, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
