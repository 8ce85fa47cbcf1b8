import { checkAstDepth } from './analysis';
import type { AssignOp, Block, Expr, PlaceExpr, Program, Stmt } from './ast';
import { parseError } from './errors';
import { describeToken, ExpressionParser, UNSUPPORTED } from './expression-parser';
import { type Token, tokenize } from './lexer';

export { MAX_NESTING } from './expression-parser';

const ASSIGN_OPS = new Set<string>(['=', '+=', '-=', '*=', '/=', '%=']);

/** Parses tokens into a Program; throws ScriptError('parse_error') carrying line and column. */
export function parseTokens(tokens: Token[]): Program {
  const program: Program = { kind: 'program', statements: new Parser(tokens, 0, 0).statements('eof') };
  checkAstDepth(program);
  return program;
}

/** Parses source text into a Program (size limits are the caller's job). */
export function parseSource(source: string): Program {
  return parseTokens(tokenize(source));
}

/** Statements, blocks and loops on top of the expression grammar. */
class Parser extends ExpressionParser {
  constructor(
    tokens: Token[],
    nesting: number,
    private loops: number,
  ) {
    super(tokens, nesting);
  }

  // ## Statements

  /** Statements until `end`; Rhai's rule: `;` separates them unless a statement ends with a block. */
  statements(end: 'eof' | '}'): Stmt[] {
    const out: Stmt[] = [];
    const atEnd = () => (end === 'eof' ? this.tok.kind === 'eof' : this.isPunct('}') || this.tok.kind === 'eof');
    while (!atEnd()) {
      if (this.isPunct(';')) {
        this.next();
        continue;
      }
      const [stmt, selfTerminated] = this.statement();
      out.push(stmt);
      if (atEnd()) break;
      if (this.isPunct(';')) this.next();
      else if (!selfTerminated)
        parseError(`expected ';' after this statement, found ${describeToken(this.tok)}`, this.tok.pos);
    }
    return out;
  }

  private statement(): [Stmt, boolean] {
    const token = this.tok;
    const pos = token.pos;
    const word = token.kind === 'ident' ? token.value : '';
    if (UNSUPPORTED.has(word)) parseError(`'${word}' is not supported in wallet scripts`, pos);
    if (word === 'let' || word === 'const') {
      this.next();
      const name = this.identifier('a variable name');
      let init: Expr | undefined;
      if (this.isPunct('=')) {
        this.next();
        init = this.expression();
      } else if (word === 'const') parseError(`expected '=' after const ${name}`, this.tok.pos);
      return [{ kind: 'let', name, constant: word === 'const', init, pos }, false];
    }
    if (word === 'if') return [{ kind: 'expr', expr: this.ifExpr(), pos }, true];
    if (word === 'while' || word === 'loop') {
      this.next();
      const cond = word === 'while' ? this.expression() : undefined;
      return [{ kind: 'while', cond, body: this.loopBody(), pos }, true];
    }
    if (word === 'for') return [this.forStatement(), true];
    if (word === 'break' || word === 'continue') {
      if (this.loops === 0) parseError(`'${word}' outside a loop`, pos);
      this.next();
      return [{ kind: word, pos }, false];
    }
    if (word === 'return' || word === 'throw') {
      this.next();
      const bare = this.isPunct(';') || this.isPunct('}') || this.tok.kind === 'eof';
      return [{ kind: word, value: bare ? undefined : this.expression(), pos }, false];
    }
    if (this.isPunct('{')) return [{ kind: 'expr', expr: { kind: 'block', body: this.block(), pos }, pos }, true];
    const expr = this.expression();
    if (this.tok.kind === 'punct' && ASSIGN_OPS.has(this.tok.value)) {
      const op = this.next() as Extract<Token, { kind: 'punct' }>;
      if (!isPlace(expr)) parseError('only a variable, an index or a property can be assigned to', op.pos);
      return [{ kind: 'assign', target: expr, op: op.value as AssignOp, value: this.expression(), pos: op.pos }, false];
    }
    return [{ kind: 'expr', expr, pos }, false];
  }

  private forStatement(): Stmt {
    const pos = this.next().pos;
    let name: string;
    let counter: string | undefined;
    if (this.isPunct('(')) {
      this.next();
      name = this.identifier('a loop variable');
      this.expect(',');
      counter = this.identifier('a counter variable');
      this.expect(')');
    } else name = this.identifier('a loop variable');
    if (!this.isWord('in')) parseError(`expected 'in', found ${describeToken(this.tok)}`, this.tok.pos);
    this.next();
    const iterable = this.expression();
    return { kind: 'for', name, counter, iterable, body: this.loopBody(), pos };
  }

  private loopBody(): Block {
    this.loops++;
    try {
      return this.block();
    } finally {
      this.loops--;
    }
  }

  protected block(): Block {
    const pos = this.expect('{', "'{'").pos;
    return this.nested(pos, () => {
      const statements = this.statements('}');
      this.expect('}', "'}'");
      return { kind: 'body', statements, pos };
    });
  }

  /** `${...}` holds statements, like a block, and is parsed from its own token list. */
  protected interpolation(tokens: Token[]): Block {
    const pos = tokens[0].pos;
    return this.nested(pos, () => ({
      kind: 'body',
      statements: new Parser(tokens, this.nesting, 0).statements('eof'),
      pos,
    }));
  }
}

/** True for expressions that name a storage place: `x`, `x[i]`, `x.k` and chains of them rooted at a variable. */
function isPlace(expr: Expr): expr is PlaceExpr {
  let node = expr;
  while (node.kind === 'index' || node.kind === 'prop') node = node.target;
  return node.kind === 'var';
}
