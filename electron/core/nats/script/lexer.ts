// Splits script source text into tokens, with every malformed input named at its line and column.
import { type Position, parseError } from './errors';
import { SourceCursor } from './source-cursor';
import { readBacktick, readChar, readQuoted } from './string-literals';
import type { Token } from './token';

/** Longest first, so "..=" wins over ".." and "." (unsupported operators are lexed to be named in errors). */
const PUNCTUATION = (
  '..= **= <<= >>= #{ .. == != <= >= && || += -= *= /= %= &= |= ^= ** << >> :: => -> ?. ?[ ?? ' +
  '( ) [ ] { } , ; : . + - * / % = < > ! & | ^ ? ~'
).split(' ');

const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdentStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentChar = (c: string) => isIdentStart(c) || isDigit(c);
/** Rhai skips any Unicode whitespace between tokens. */
const isSpace = (c: string) => (c <= ' ' && /^\s$/.test(c)) || (c > '~' && /^\s$/u.test(c));

/** Splits source text into tokens; every malformed input becomes a parse_error with its line and column. */
export function tokenize(source: string): Token[] {
  return new Lexer(source).run();
}

/** The token rules over a cursor that keeps the place (and line and column) in the source. */
class Lexer {
  private readonly cur: SourceCursor;

  constructor(source: string) {
    this.cur = new SourceCursor(source);
  }

  run(): Token[] {
    return this.lexTokens(0, null);
  }

  /** Lexes until end of input, or, inside `${`, until its matching `}` (which becomes the list's eof). */
  private readonly lexTokens = (templateDepth: number, openedAt: Position | null): Token[] => {
    const tokens: Token[] = [];
    let braces = 0;
    for (;;) {
      this.skipSpaceAndComments();
      const pos = this.cur.pos;
      if (this.cur.atEnd) {
        if (openedAt) parseError('unterminated string interpolation', openedAt);
        tokens.push({ kind: 'eof', pos });
        return tokens;
      }
      const c = this.cur.peek();
      if (openedAt && c === '}' && braces === 0) {
        this.cur.advance();
        tokens.push({ kind: 'eof', pos, closesInterpolation: true });
        return tokens;
      }
      if (isDigit(c)) tokens.push(this.number());
      else if (isIdentStart(c)) tokens.push({ kind: 'ident', value: this.identifier(), pos });
      else if (c === '"') tokens.push({ kind: 'string', value: readQuoted(this.cur, pos), pos });
      else if (c === '`') tokens.push(readBacktick(this.cur, pos, templateDepth, this.lexTokens));
      else if (c === "'") tokens.push({ kind: 'char', value: readChar(this.cur, pos), pos });
      else {
        const punct = PUNCTUATION.find((p) => this.cur.src.startsWith(p, this.cur.i));
        if (!punct)
          parseError(`unexpected character ${describeChar(this.cur.src.codePointAt(this.cur.i) as number)}`, pos);
        this.cur.skip(punct.length);
        if (punct === '{' || punct === '#{') braces++;
        if (punct === '}') braces--;
        tokens.push({ kind: 'punct', value: punct, pos });
      }
    }
  };

  /** Skips whitespace, line comments and nested block comments (Rhai nests them). */
  private skipSpaceAndComments(): void {
    for (;;) {
      const c = this.cur.peek();
      if (c !== '' && isSpace(c)) this.cur.advance();
      else if (c === '/' && this.cur.peek(1) === '/') {
        while (!this.cur.atEnd && this.cur.peek() !== '\n') this.cur.advance();
      } else if (c === '/' && this.cur.peek(1) === '*') {
        const start = this.cur.pos;
        let depth = 0;
        do {
          if (this.cur.atEnd) parseError('unterminated block comment', start);
          if (this.cur.peek() === '/' && this.cur.peek(1) === '*') {
            depth++;
            this.cur.advance();
          } else if (this.cur.peek() === '*' && this.cur.peek(1) === '/') {
            depth--;
            this.cur.advance();
          }
          this.cur.advance();
        } while (depth > 0);
      } else return;
    }
  }

  private identifier(): string {
    const start = this.cur.i;
    while (isIdentChar(this.cur.peek())) this.cur.advance();
    return this.cur.src.slice(start, this.cur.i);
  }

  /** Decimal, 0x/0o/0b integers (as u64 bit patterns, like Rhai) and floats with fraction and/or exponent. */
  private number(): Token {
    const pos = this.cur.pos;
    const start = this.cur.i;
    const radix = this.cur.peek() === '0' ? { x: 16, o: 8, b: 2 }[this.cur.peek(1)] : undefined;
    if (radix) {
      this.cur.skip(2);
      const digitsStart = this.cur.i;
      while (/[0-9a-zA-Z_]/.test(this.cur.peek())) this.cur.advance();
      const digits = this.cur.src.slice(digitsStart, this.cur.i).replaceAll('_', '');
      const valid = { 16: /^[0-9a-fA-F]+$/, 8: /^[0-7]+$/, 2: /^[01]+$/ }[radix];
      if (!valid?.test(digits)) parseError(`invalid number literal '${this.cur.src.slice(start, this.cur.i)}'`, pos);
      const prefix = { 16: '0x', 8: '0o', 2: '0b' }[radix];
      const value = BigInt(prefix + digits);
      if (value >= 2n ** 64n)
        parseError(`integer literal '${this.cur.src.slice(start, this.cur.i)}' does not fit in 64 bits`, pos);
      return { kind: 'int', value: BigInt.asIntN(64, value), pos };
    }
    this.digits();
    let isFloat = false;
    if (this.cur.peek() === '.' && isDigit(this.cur.peek(1))) {
      isFloat = true;
      this.cur.advance();
      this.digits();
    }
    const e = this.cur.peek();
    if (
      (e === 'e' || e === 'E') &&
      (isDigit(this.cur.peek(1)) || (/[+-]/.test(this.cur.peek(1)) && isDigit(this.cur.peek(2))))
    ) {
      isFloat = true;
      this.cur.advance();
      if (!isDigit(this.cur.peek())) this.cur.advance();
      this.digits();
    }
    if (isIdentChar(this.cur.peek())) {
      while (isIdentChar(this.cur.peek())) this.cur.advance();
      parseError(`invalid number literal '${this.cur.src.slice(start, this.cur.i)}'`, pos);
    }
    const text = this.cur.src.slice(start, this.cur.i).replaceAll('_', '');
    return isFloat ? { kind: 'float', value: Number(text), pos } : { kind: 'int', value: BigInt(text), pos };
  }

  private digits(): void {
    while (isDigit(this.cur.peek()) || this.cur.peek() === '_') this.cur.advance();
  }
}

/** Names a character for an error message, escaping invisible ones. */
function describeChar(code: number): string {
  const ch = String.fromCodePoint(code);
  return code < 0x20 || (code >= 0x7f && code < 0xa0) || /^\s$/u.test(ch)
    ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
    : `'${ch}'`;
}
