// Expressions of the script language: precedence climbing over the shared token stream.
import type { BinaryOp, Block, Expr, IfExpr } from './ast';
import { type Position, parseError } from './errors';
import type { Token } from './token';
import { describeToken, KEYWORDS, type TokenStream, UNSUPPORTED } from './token-stream';
import { I64_MAX } from './values';

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

/** What expressions need from the statement grammar: blocks and `${...}` hold statements. */
export interface BlockParser {
  block(): Block;
  /** Parses the token list of one interpolation, nested inside the current one. */
  interpolation(tokens: Token[]): Block;
}

/** The expression grammar (precedence climbing) over a token stream shared with the statement parser. */
export class ExpressionParser {
  constructor(
    private readonly ts: TokenStream,
    private readonly blocks: BlockParser,
  ) {}

  ifExpr(): IfExpr {
    const pos = this.ts.next().pos;
    return this.ts.nested(pos, () => {
      const cond = this.expression();
      const then = this.blocks.block();
      if (!this.ts.isWord('else')) return { kind: 'if', cond, then, pos };
      this.ts.next();
      const otherwise = this.ts.isWord('if') ? this.ifExpr() : this.blocks.block();
      return { kind: 'if', cond, then, otherwise, pos };
    });
  }

  // ## Expressions

  expression(minPrecedence = 0): Expr {
    let left = this.unary();
    for (;;) {
      const token = this.ts.tok;
      if (token.kind === 'ident' && token.value === 'in') parseError("operator 'in' is not supported", token.pos);
      if (token.kind !== 'punct') return left;
      if (UNSUPPORTED_OPERATORS.has(token.value)) parseError(`operator '${token.value}' is not supported`, token.pos);
      const precedence = PRECEDENCE[token.value];
      if (precedence === undefined || precedence < minPrecedence) return left;
      this.ts.next();
      const right = this.expression(precedence + 1);
      const op = token.value;
      const pos = token.pos;
      if (op === '&&' || op === '||') left = { kind: 'logical', op, left, right, pos };
      else if (op === '..' || op === '..=')
        left = { kind: 'range', start: left, end: right, inclusive: op === '..=', pos };
      else left = { kind: 'binary', op: op as BinaryOp, left, right, pos };
    }
  }

  private unary(): Expr {
    const token = this.ts.tok;
    if (token.kind === 'punct' && (token.value === '-' || token.value === '+' || token.value === '!')) {
      this.ts.next();
      const op = token.value;
      return this.ts.nested(token.pos, () => ({ kind: 'unary', op, operand: this.unary(), pos: token.pos }));
    }
    return this.postfix(this.primary());
  }

  private postfix(target: Expr): Expr {
    for (;;) {
      const token = this.ts.tok;
      if (this.ts.isPunct('[')) {
        this.ts.next();
        const index = this.ts.nested(token.pos, () => this.expression());
        this.ts.expect(']');
        target = { kind: 'index', target, index, pos: token.pos };
      } else if (this.ts.isPunct('.')) {
        this.ts.next();
        const nameToken = this.ts.tok;
        if (nameToken.kind !== 'ident')
          parseError(`expected a property or method name, found ${describeToken(nameToken)}`, nameToken.pos);
        this.ts.next();
        if (this.ts.isPunct('(')) {
          const args = this.callArgs(nameToken.pos);
          target = { kind: 'call', name: nameToken.value, args: [target, ...args], method: true, pos: nameToken.pos };
        } else target = { kind: 'prop', target, name: nameToken.value, pos: token.pos };
      } else if (this.ts.isPunct('?.') || this.ts.isPunct('?[')) {
        parseError(`operator '${token.kind === 'punct' ? token.value : ''}' is not supported`, token.pos);
      } else return target;
    }
  }

  private callArgs(pos: Position): Expr[] {
    this.ts.expect('(');
    return this.ts.nested(pos, () => this.list(')', () => this.expression()));
  }

  /** Comma-separated items up to `close`, trailing comma allowed. */
  private list<T>(close: string, item: () => T): T[] {
    const items: T[] = [];
    while (!this.ts.isPunct(close)) {
      items.push(item());
      if (!this.ts.isPunct(',')) break;
      this.ts.next();
    }
    this.ts.expect(close);
    return items;
  }

  private primary(): Expr {
    const token = this.ts.tok;
    const pos = token.pos;
    switch (token.kind) {
      case 'int':
        if (token.value > I64_MAX) parseError(`integer literal ${token.value} does not fit in i64`, pos);
        this.ts.next();
        return { kind: 'int', value: token.value, pos };
      case 'float':
      case 'string':
      case 'char':
        this.ts.next();
        return { kind: token.kind, value: token.value, pos } as Expr;
      case 'template':
        this.ts.next();
        return {
          kind: 'template',
          parts: token.parts.map((part) => (typeof part === 'string' ? part : this.blocks.interpolation(part))),
          pos,
        };
      case 'ident':
        return this.word(token.value, pos);
      case 'eof':
        return parseError(`expected an expression, found ${describeToken(token)}`, pos);
    }
    switch (token.value) {
      case '(':
        this.ts.next();
        if (this.ts.isPunct(')')) {
          this.ts.next();
          return { kind: 'unit', pos };
        }
        return this.ts.nested(pos, () => {
          const inner = this.expression();
          this.ts.expect(')');
          return inner;
        });
      case '[':
        this.ts.next();
        return this.ts.nested(pos, () => ({ kind: 'array', items: this.list(']', () => this.expression()), pos }));
      case '#{':
        this.ts.next();
        return this.ts.nested(pos, () => this.mapLiteral(pos));
      case '{':
        return { kind: 'block', body: this.blocks.block(), pos };
      case '|':
      case '||':
        return parseError('closures are not supported in wallet scripts', pos);
    }
    return parseError(`expected an expression, found ${describeToken(token)}`, pos);
  }

  private word(name: string, pos: Position): Expr {
    if (name === 'true' || name === 'false') {
      this.ts.next();
      return { kind: 'bool', value: name === 'true', pos };
    }
    if (name === 'if') return this.ifExpr();
    if (UNSUPPORTED.has(name)) parseError(`'${name}' is not supported in wallet scripts`, pos);
    if (KEYWORDS.has(name)) parseError(`'${name}' cannot be used inside an expression`, pos);
    this.ts.next();
    if (this.ts.isPunct('::')) parseError('modules (::) are not supported in wallet scripts', this.ts.tok.pos);
    if (this.ts.isPunct('(')) return { kind: 'call', name, args: this.callArgs(pos), method: false, pos };
    return { kind: 'var', name, pos };
  }

  private mapLiteral(pos: Position): Expr {
    const seen = new Set<string>();
    const entries = this.list('}', () => {
      const keyToken = this.ts.next();
      if (keyToken.kind !== 'ident' && keyToken.kind !== 'string') {
        parseError(`expected a map key (a name or a string), found ${describeToken(keyToken)}`, keyToken.pos);
      }
      if (seen.has(keyToken.value)) parseError(`duplicate key '${keyToken.value}' in map literal`, keyToken.pos);
      seen.add(keyToken.value);
      this.ts.expect(':');
      return { key: keyToken.value, value: this.expression() };
    });
    return { kind: 'map', entries, pos };
  }
}
