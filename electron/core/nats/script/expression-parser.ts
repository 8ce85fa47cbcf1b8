import type { BinaryOp, Block, Expr, IfExpr } from './ast';
import { type Position, parseError } from './errors';
import type { Token } from './lexer';
import { I64_MAX } from './values';

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

/** Rhai's binding powers; a higher number binds tighter. */
const PRECEDENCE: Record<string, number> = Object.fromEntries(
  (
    [
      [30, '||'],
      [60, '&&'],
      [90, '== !='],
      [130, '< <= > >='],
      [140, '.. ..='],
      [150, '+ -'],
      [180, '* / %'],
    ] as const
  ).flatMap(([power, ops]) => ops.split(' ').map((op) => [op, power])),
);
const UNSUPPORTED_OPERATORS = new Set('| & ^ ** << >> ?? ? ~ :: => -> ?. ?['.split(' '));

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

/**
 * Token navigation and the expression grammar (precedence climbing). Blocks and interpolations
 * hold statements, so the statement parser supplies them.
 */
export abstract class ExpressionParser {
  protected i = 0;

  constructor(
    protected readonly tokens: Token[],
    protected nesting: number,
  ) {}

  protected abstract block(): Block;
  protected abstract interpolation(tokens: Token[]): Block;

  protected get tok(): Token {
    return this.tokens[this.i];
  }

  protected next(): Token {
    const token = this.tokens[this.i];
    if (token.kind !== 'eof') this.i++;
    return token;
  }

  protected isPunct(value: string, token = this.tok): boolean {
    return token.kind === 'punct' && token.value === value;
  }

  protected isWord(value: string, token = this.tok): boolean {
    return token.kind === 'ident' && token.value === value;
  }

  protected expect(value: string, what = `'${value}'`): Token {
    if (!this.isPunct(value)) parseError(`expected ${what}, found ${describeToken(this.tok)}`, this.tok.pos);
    return this.next();
  }

  /** Counts one level of syntactic nesting for the duration of `fn`. */
  protected nested<T>(pos: Position, fn: () => T): T {
    if (++this.nesting > MAX_NESTING) parseError(`script is nested too deeply (more than ${MAX_NESTING} levels)`, pos);
    try {
      return fn();
    } finally {
      this.nesting--;
    }
  }

  protected identifier(what: string): string {
    const token = this.tok;
    if (token.kind !== 'ident' || KEYWORDS.has(token.value) || UNSUPPORTED.has(token.value)) {
      parseError(`expected ${what}, found ${describeToken(token)}`, token.pos);
    }
    this.next();
    return token.value;
  }

  protected ifExpr(): IfExpr {
    const pos = this.next().pos;
    return this.nested(pos, () => {
      const cond = this.expression();
      const then = this.block();
      if (!this.isWord('else')) return { kind: 'if', cond, then, pos };
      this.next();
      const otherwise = this.isWord('if') ? this.ifExpr() : this.block();
      return { kind: 'if', cond, then, otherwise, pos };
    });
  }

  // ## Expressions

  protected expression(minPrecedence = 0): Expr {
    let left = this.unary();
    for (;;) {
      const token = this.tok;
      if (token.kind === 'ident' && token.value === 'in') parseError("operator 'in' is not supported", token.pos);
      if (token.kind !== 'punct') return left;
      if (UNSUPPORTED_OPERATORS.has(token.value)) parseError(`operator '${token.value}' is not supported`, token.pos);
      const precedence = PRECEDENCE[token.value];
      if (precedence === undefined || precedence < minPrecedence) return left;
      this.next();
      const right = this.expression(precedence + 1);
      const op = token.value;
      const pos = token.pos;
      if (op === '&&' || op === '||') left = { kind: 'logical', op, left, right, pos };
      else if (op === '..' || op === '..=')
        left = { kind: 'range', start: left, end: right, inclusive: op === '..=', pos };
      else left = { kind: 'binary', op: op as BinaryOp, left, right, pos };
    }
  }

  protected unary(): Expr {
    const token = this.tok;
    if (token.kind === 'punct' && (token.value === '-' || token.value === '+' || token.value === '!')) {
      this.next();
      const op = token.value;
      return this.nested(token.pos, () => ({ kind: 'unary', op, operand: this.unary(), pos: token.pos }));
    }
    return this.postfix(this.primary());
  }

  protected postfix(target: Expr): Expr {
    for (;;) {
      const token = this.tok;
      if (this.isPunct('[')) {
        this.next();
        const index = this.nested(token.pos, () => this.expression());
        this.expect(']');
        target = { kind: 'index', target, index, pos: token.pos };
      } else if (this.isPunct('.')) {
        this.next();
        const nameToken = this.tok;
        if (nameToken.kind !== 'ident')
          parseError(`expected a property or method name, found ${describeToken(nameToken)}`, nameToken.pos);
        this.next();
        if (this.isPunct('(')) {
          const args = this.callArgs(nameToken.pos);
          target = { kind: 'call', name: nameToken.value, args: [target, ...args], method: true, pos: nameToken.pos };
        } else target = { kind: 'prop', target, name: nameToken.value, pos: token.pos };
      } else if (this.isPunct('?.') || this.isPunct('?[')) {
        parseError(`operator '${token.kind === 'punct' ? token.value : ''}' is not supported`, token.pos);
      } else return target;
    }
  }

  protected callArgs(pos: Position): Expr[] {
    this.expect('(');
    return this.nested(pos, () => this.list(')', () => this.expression()));
  }

  /** Comma-separated items up to `close`, trailing comma allowed. */
  protected list<T>(close: string, item: () => T): T[] {
    const items: T[] = [];
    while (!this.isPunct(close)) {
      items.push(item());
      if (!this.isPunct(',')) break;
      this.next();
    }
    this.expect(close);
    return items;
  }

  protected primary(): Expr {
    const token = this.tok;
    const pos = token.pos;
    switch (token.kind) {
      case 'int':
        if (token.value > I64_MAX) parseError(`integer literal ${token.value} does not fit in i64`, pos);
        this.next();
        return { kind: 'int', value: token.value, pos };
      case 'float':
      case 'string':
      case 'char':
        this.next();
        return { kind: token.kind, value: token.value, pos } as Expr;
      case 'template':
        this.next();
        return {
          kind: 'template',
          parts: token.parts.map((part) => (typeof part === 'string' ? part : this.interpolation(part))),
          pos,
        };
      case 'ident':
        return this.word(token.value, pos);
      case 'eof':
        return parseError(`expected an expression, found ${describeToken(token)}`, pos);
    }
    switch (token.value) {
      case '(':
        this.next();
        if (this.isPunct(')')) {
          this.next();
          return { kind: 'unit', pos };
        }
        return this.nested(pos, () => {
          const inner = this.expression();
          this.expect(')');
          return inner;
        });
      case '[':
        this.next();
        return this.nested(pos, () => ({ kind: 'array', items: this.list(']', () => this.expression()), pos }));
      case '#{':
        this.next();
        return this.nested(pos, () => this.mapLiteral(pos));
      case '{':
        return { kind: 'block', body: this.block(), pos };
      case '|':
      case '||':
        return parseError('closures are not supported in wallet scripts', pos);
    }
    return parseError(`expected an expression, found ${describeToken(token)}`, pos);
  }

  protected word(name: string, pos: Position): Expr {
    if (name === 'true' || name === 'false') {
      this.next();
      return { kind: 'bool', value: name === 'true', pos };
    }
    if (name === 'if') return this.ifExpr();
    if (UNSUPPORTED.has(name)) parseError(`'${name}' is not supported in wallet scripts`, pos);
    if (KEYWORDS.has(name)) parseError(`'${name}' cannot be used inside an expression`, pos);
    this.next();
    if (this.isPunct('::')) parseError('modules (::) are not supported in wallet scripts', this.tok.pos);
    if (this.isPunct('(')) return { kind: 'call', name, args: this.callArgs(pos), method: false, pos };
    return { kind: 'var', name, pos };
  }

  protected mapLiteral(pos: Position): Expr {
    const seen = new Set<string>();
    const entries = this.list('}', () => {
      const keyToken = this.next();
      if (keyToken.kind !== 'ident' && keyToken.kind !== 'string') {
        parseError(`expected a map key (a name or a string), found ${describeToken(keyToken)}`, keyToken.pos);
      }
      if (seen.has(keyToken.value)) parseError(`duplicate key '${keyToken.value}' in map literal`, keyToken.pos);
      seen.add(keyToken.value);
      this.expect(':');
      return { key: keyToken.value, value: this.expression() };
    });
    return { kind: 'map', entries, pos };
  }
}
