import { describe, expect, it } from 'vitest';
import { at } from '../../../../test/helpers/at';
import { ScriptError } from './errors';
import { tokenize } from './lexer';
import type { Token } from './token';

/** Tokens without positions, for comparing shapes. */
function shapes(source: string): unknown[] {
  return tokenize(source).map(({ pos: _pos, ...rest }) => rest);
}

describe('lexer', () => {
  it('reads numbers: decimal with underscores, radix prefixes, floats and exponents', () => {
    expect(shapes('1_000 0xff 0o17 0b1010 1.5 2e3 2.5E-2 7')).toEqual([
      { kind: 'int', value: 1000n },
      { kind: 'int', value: 255n },
      { kind: 'int', value: 15n },
      { kind: 'int', value: 10n },
      { kind: 'float', value: 1.5 },
      { kind: 'float', value: 2000 },
      { kind: 'float', value: 0.025 },
      { kind: 'int', value: 7n },
      { kind: 'eof' },
    ]);
  });

  it('keeps `1..5` and `1.foo` as an int followed by an operator', () => {
    expect(shapes('1..5 1.foo').map((t) => (t as { value?: unknown }).value)).toEqual([
      1n,
      '..',
      5n,
      1n,
      '.',
      'foo',
      undefined,
    ]);
  });

  it('prefers the longest operator', () => {
    const ops = tokenize('..= .. == = #{ += <= < && ||').flatMap((t) => (t.kind === 'punct' ? [t.value] : []));
    expect(ops).toEqual(['..=', '..', '==', '=', '#{', '+=', '<=', '<', '&&', '||']);
  });

  it('tracks lines and columns in code points, across comments and CRLF', () => {
    const tokens = tokenize('a /* x\n y */ b\r\n"😀" c // z\n  d');
    expect(tokens.map((t) => [t.pos.line, t.pos.column])).toEqual([
      [1, 1],
      [2, 7],
      [3, 1],
      [3, 5],
      [4, 3],
      [4, 4],
    ]);
  });

  it('nests block comments like Rhai', () => {
    expect(shapes('/* a /* b */ c */ x')).toEqual([{ kind: 'ident', value: 'x' }, { kind: 'eof' }]);
  });

  it('splits a backtick string into literal parts and interpolated token lists', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Rhai source, not a JS template
    const template = at(tokenize('`a${x + 1}b${ #{k: 1}.k }`'), 0) as Extract<Token, { kind: 'template' }>;
    expect(template.kind).toBe('template');
    expect(template.parts.filter((p) => typeof p === 'string')).toEqual(['a', 'b', '']);
    const inner = template.parts[1] as Token[];
    expect(inner.map((t) => t.kind)).toEqual(['ident', 'punct', 'int', 'eof']);
    expect(inner[3]).toMatchObject({ kind: 'eof', closesInterpolation: true });
  });

  it('reads char literals with escapes', () => {
    expect(shapes("'a' '\\n' '\\u{1F600}' '😀'").slice(0, 4)).toEqual([
      { kind: 'char', value: 'a' },
      { kind: 'char', value: '\n' },
      { kind: 'char', value: '😀' },
      { kind: 'char', value: '😀' },
    ]);
  });

  it('rejects lone surrogate escapes and over-long numbers with positions', () => {
    for (const [source, column] of [
      ['x "\\uD800"', 4],
      ['  0o8', 3],
      ['1e', 1],
    ] as const) {
      const err = (() => {
        try {
          tokenize(source);
        } catch (e) {
          return e;
        }
      })() as ScriptError;
      expect(err).toBeInstanceOf(ScriptError);
      expect([err.code, err.line, err.column]).toEqual(['parse_error', 1, column]);
    }
  });
});
