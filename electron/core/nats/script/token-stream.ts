// A cursor over one token list, shared by the statement and expression parsers, with their common nesting budget.
import { type Position, parseError } from './errors';
import type { Token } from './token';

/** Syntactic nesting (blocks, brackets, unary chains) beyond this is refused before the parser's own stack is at risk. */
export const MAX_NESTING = 100;

export const KEYWORDS = new Set(
  'let const if else while loop for in break continue return throw true false'.split(' '),
);
/** Rhai keywords outside the subset: named in the error instead of a confusing "unexpected token". */
export const UNSUPPORTED = new Set(
  'fn switch do until import export as private try catch this global Fn static shared sync spawn await async yield'.split(
    ' ',
  ),
);

/** Names a token for error messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return token.closesInterpolation ? "'}' (end of interpolation)" : 'end of script';
    case 'string':
    case 'template':
      return 'a string';
    case 'char':
      return 'a character literal';
    case 'int':
    case 'float':
      return `number ${token.value}`;
    default:
      return `'${token.value}'`;
  }
}

/** Where the parsers are in the token list, and how deeply the syntax they are inside nests. */
export class TokenStream {
  private i = 0;

  constructor(
    private readonly tokens: Token[],
    /** Levels of syntactic nesting already open around this list (an interpolation starts inside its string). */
    public nesting: number,
  ) {}

  // The lexer ends every token list with an eof token, and next() never moves past it.
  get tok(): Token {
    return this.tokens[this.i]!;
  }

  next(): Token {
    const token = this.tok;
    if (token.kind !== 'eof') this.i++;
    return token;
  }

  isPunct(value: string, token = this.tok): boolean {
    return token.kind === 'punct' && token.value === value;
  }

  isWord(value: string, token = this.tok): boolean {
    return token.kind === 'ident' && token.value === value;
  }

  expect(value: string, what = `'${value}'`): Token {
    if (!this.isPunct(value)) parseError(`expected ${what}, found ${describeToken(this.tok)}`, this.tok.pos);
    return this.next();
  }

  /** Counts one level of syntactic nesting for the duration of `fn`. */
  nested<T>(pos: Position, fn: () => T): T {
    if (++this.nesting > MAX_NESTING) parseError(`script is nested too deeply (more than ${MAX_NESTING} levels)`, pos);
    try {
      return fn();
    } finally {
      this.nesting--;
    }
  }

  identifier(what: string): string {
    const token = this.tok;
    if (token.kind !== 'ident' || KEYWORDS.has(token.value) || UNSUPPORTED.has(token.value)) {
      parseError(`expected ${what}, found ${describeToken(token)}`, token.pos);
    }
    this.next();
    return token.value;
  }
}
