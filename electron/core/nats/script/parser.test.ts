import { describe, expect, it } from 'vitest';
import { at } from '../../../../test/helpers/at';
import { loadScript, loadScriptVectors } from '../../../../test/helpers/script-vectors';
import { MAX_AST_DEPTH } from './analysis';
import type { Expr, Program } from './ast';
import { calledFunctions, parseScript, ScriptError } from './index';
import { MAX_NESTING } from './parser';

interface SyntaxCase {
  source: string;
  line: number;
  column: number;
  message: string;
}
const syntaxErrors = loadScriptVectors<{ cases: SyntaxCase[] }>('syntax-errors.json').cases;

/** Parses expecting a ScriptError and returns it. */
function parseFailure(source: string): ScriptError {
  try {
    parseScript(source);
  } catch (err) {
    expect(err).toBeInstanceOf(ScriptError);
    return err as ScriptError;
  }
  throw new Error(`expected a parse error for ${JSON.stringify(source)}`);
}

/** The first statement's expression. */
function firstExpr(program: Program): Expr {
  const stmt = at(program.statements, 0);
  if (stmt.kind !== 'expr') throw new Error(`expected an expression statement, got ${stmt.kind}`);
  return stmt.expr;
}

/** Renders an expression with full parentheses, to check precedence and associativity. */
function shape(expr: Expr): string {
  switch (expr.kind) {
    case 'binary':
    case 'logical':
      return `(${shape(expr.left)} ${expr.op} ${shape(expr.right)})`;
    case 'range':
      return `(${shape(expr.start)} ${expr.inclusive ? '..=' : '..'} ${shape(expr.end)})`;
    case 'unary':
      return `(${expr.op}${shape(expr.operand)})`;
    case 'int':
      return String(expr.value);
    case 'var':
      return expr.name;
    case 'call':
      return `${expr.name}(${expr.args.map(shape).join(', ')})`;
    case 'index':
      return `${shape(expr.target)}[${shape(expr.index)}]`;
    case 'prop':
      return `${shape(expr.target)}.${expr.name}`;
    default:
      return expr.kind;
  }
}

describe('syntax error vectors', () => {
  it.each(syntaxErrors)('$source', ({ source, line, column, message }) => {
    const err = parseFailure(source);
    expect({ code: err.code, line: err.line, column: err.column }).toEqual({ code: 'parse_error', line, column });
    expect(err.message).toContain(message);
  });
});

describe('parser', () => {
  it.each([
    ['1 + 2 * 3 - 4', '((1 + (2 * 3)) - 4)'],
    ['a || b && c == d', '(a || (b && (c == d)))'],
    ['a < b == c > d', '((a < b) == (c > d))'],
    ['0..n + 1', '(0 .. (n + 1))'],
    ['-a * b', '((-a) * b)'],
    ['!a.b[c](1)', 'unsupported'],
    ['-x.len()', '(-len(x))'],
    ['a.b[0].c', 'a.b[0].c'],
    ['10 - 3 - 2', '((10 - 3) - 2)'],
  ])('parses %s as %s', (source, expected) => {
    if (expected === 'unsupported') {
      expect(parseFailure(source).message).toContain("expected ';'");
      return;
    }
    expect(shape(firstExpr(parseScript(source)))).toBe(expected);
  });

  it('treats a statement-level if as self-terminated and keeps else-if chains', () => {
    const program = parseScript('if a { 1 } else if b { 2 } else { 3 } -1');
    expect(program.statements).toHaveLength(2);
    const chain = firstExpr(program);
    expect(chain.kind === 'if' && chain.otherwise?.kind).toBe('if');
    expect(shape(firstExpr({ kind: 'program', statements: [at(program.statements, 1)] }))).toBe('(-1)');
  });

  it('parses assignments to variables, indexes and properties with compound operators', () => {
    const program = parseScript('x = 1; a[0] += 2; m.k.j -= 3; m["q"] *= 4');
    expect(program.statements.map((s) => (s.kind === 'assign' ? `${s.target.kind}${s.op}` : s.kind))).toEqual([
      'var=',
      'index+=',
      'prop-=',
      'index*=',
    ]);
  });

  it('parses the reference example verbatim', () => {
    const program = parseScript(loadScript('remote-example.rhai'));
    expect(program.statements).toHaveLength(1);
    expect(calledFunctions(program)).toEqual(['create_key_space', 'create_keypair', 'select_keypair', 'sign']);
  });

  it(`refuses syntactic nesting past ${MAX_NESTING} levels with a clear error, not a stack overflow`, () => {
    expect(() => parseScript(`${'('.repeat(MAX_NESTING - 1)}1${')'.repeat(MAX_NESTING - 1)}`)).not.toThrow();
    for (const source of [
      `${'('.repeat(20_000)}1${')'.repeat(20_000)}`,
      `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
      `${'!'.repeat(30_000)}true`,
      `${'{'.repeat(20_000)}${'}'.repeat(20_000)}`,
      `${'if a { 1 } else '.repeat(3_000)}{ 2 }`,
      `\`${'${`'.repeat(500)}`,
    ]) {
      const err = parseFailure(source);
      expect(err.message).toMatch(/nested too deeply/);
      expect(err.line).toBe(1);
    }
  });

  it(`refuses operator chains deeper than ${MAX_AST_DEPTH} AST levels`, () => {
    expect(() =>
      parseScript(
        Array(MAX_AST_DEPTH - 2)
          .fill('1')
          .join(' + '),
      ),
    ).not.toThrow();
    const err = parseFailure(Array(10_000).fill('1').join(' + '));
    expect(err.message).toContain(`more than ${MAX_AST_DEPTH} levels`);
    expect(() => parseFailure(`let a = [1]; a${'[0]'.repeat(10_000)}`)).not.toThrow();
  });

  it('refuses a source over the size limit before parsing it', () => {
    const err = (() => {
      try {
        parseScript(`"${'x'.repeat(1024 * 1024)}"`);
      } catch (e) {
        return e as ScriptError;
      }
    })();
    expect(err?.code).toBe('too_large');
    expect(() => parseScript('"ü"'.repeat(30_000))).toThrow(/exceeds the limit of 65536 bytes/);
    expect(() => parseScript('1', { maxSourceBytes: 1 })).not.toThrow();
  });
});

describe('calledFunctions', () => {
  const program = parseScript(
    'let k = public_key(); if verify("m", sign("m")) { print(k.len()); foo() } list_keypairs(); sign("again")',
  );

  it('lists every non-built-in call, method calls included, sorted and unique', () => {
    expect(calledFunctions(program)).toEqual(['foo', 'list_keypairs', 'public_key', 'sign', 'verify']);
  });

  it('narrows to the given host names', () => {
    expect(calledFunctions(program, ['sign', 'verify', 'print', 'create_keypair'])).toEqual([
      'print',
      'sign',
      'verify',
    ]);
  });

  it('finds calls inside interpolations and map literals', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Rhai source, not a JS template
    expect(calledFunctions(parseScript('`${sign("a")}`; #{k: public_key()}'))).toEqual(['public_key', 'sign']);
  });
});
