import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPAQUE_32_WARNING } from '../../../shared/ipc/schemas';
import { derivePreview, INVISIBLE_CHARS_WARNING, PREVIEW_MAX_CHARS, reindentJson } from './preview';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('derivePreview', () => {
  it('shows printable UTF-8 as text, with size and sha256 of the whole payload', () => {
    const payload = utf8('Log in to example.com\nnonce: ✓ 42');
    const p = derivePreview(payload);
    expect(p).toMatchObject({
      kind: 'text',
      text: 'Log in to example.com\nnonce: ✓ 42',
      truncated: false,
      warnings: [],
    });
    expect(p.size).toBe(payload.length);
    expect(p.sha256).toBe(createHash('sha256').update(payload).digest('hex'));
  });

  it('pretty-prints JSON objects without changing a single value (big numbers, duplicate keys, escapes)', () => {
    const src = '{"to":"bob","amount":12345678901234567890,"amount":1,"memo":"a,b:{c}\\"]","list":[1,[],{}]}';
    const p = derivePreview(utf8(src));
    expect(p.kind).toBe('json');
    expect(p.text).toBe(
      [
        '{',
        '  "to": "bob",',
        '  "amount": 12345678901234567890,',
        '  "amount": 1,',
        '  "memo": "a,b:{c}\\"]",',
        '  "list": [',
        '    1,',
        '    [],',
        '    {}',
        '  ]',
        '}',
      ].join('\n'),
    );
  });

  it('re-indented JSON always parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const src = JSON.stringify(value);
        const out = reindentJson(src, Number.POSITIVE_INFINITY);
        expect(JSON.parse(out.text)).toEqual(JSON.parse(src));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves bare JSON scalars and broken JSON as text', () => {
    expect(derivePreview(utf8('42')).kind).toBe('text');
    expect(derivePreview(utf8('{"a":')).kind).toBe('text');
  });

  it('falls back to hex for binary and control characters, and warns on opaque 32-byte payloads', () => {
    expect(derivePreview(new Uint8Array([0xff, 0xfe, 0x00]))).toMatchObject({ kind: 'hex', text: 'fffe00' });
    expect(derivePreview(utf8('hello\u001b[2Jworld')).kind).toBe('hex');
    const hash = createHash('sha256').update('x').digest();
    const p = derivePreview(hash);
    expect(p.kind).toBe('hex');
    expect(p.warnings).toEqual([OPAQUE_32_WARNING]);
    expect(derivePreview(utf8('a'.repeat(32))).warnings).toEqual([]);
    expect(derivePreview(new Uint8Array(31).fill(1)).warnings).toEqual([]);
  });

  it('warns about invisible and direction-changing characters', () => {
    expect(derivePreview(utf8('pay alice\u202Eecila')).warnings).toEqual([INVISIBLE_CHARS_WARNING]);
  });

  it('cuts long displays but keeps size and hash of everything', () => {
    const big = new Uint8Array(100_000).fill(0x61);
    const p = derivePreview(big);
    expect(p.text.length).toBe(PREVIEW_MAX_CHARS);
    expect(p).toMatchObject({ truncated: true, size: 100_000 });
    const bin = derivePreview(new Uint8Array(100_000));
    expect(bin).toMatchObject({ kind: 'hex', truncated: true });
    expect(bin.text.length).toBe(PREVIEW_MAX_CHARS);
    const json = derivePreview(utf8(JSON.stringify({ list: Array.from({ length: 5000 }, (_, i) => i) })));
    expect(json).toMatchObject({ kind: 'json', truncated: true });
    expect(json.text.length).toBeLessThanOrEqual(PREVIEW_MAX_CHARS);
  });
});
