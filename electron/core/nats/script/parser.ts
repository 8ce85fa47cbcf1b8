// Statements, blocks and loops of the script language, and the entry points from source text to a Program.
import { checkAstDepth } from './analysis';
import type { AssignOp, Block, Expr, PlaceExpr, Program, Stmt } from './ast';
import { parseError } from './errors';
import { type BlockParser, ExpressionParser } from './expression-parser';
import { tokenize } from './lexer';
import type { Token } from './token';
import { describeToken, TokenStream, UNSUPPORTED } from './token-stream';

export { MAX_NESTING } from './token-stream';

const ASSIGN_OPS = new Set<string>(['=', '+=', '-=', '*=', '/=', '%=']);

/** Parses tokens into a Program; throws ScriptError('parse_error') carrying line and column. */
export function parseTokens(tokens: Token[]): Program {
  const program: Program = { kind: 'program', statements: new Parser(tokens, 0).statements('eof') };
  checkAstDepth(program);
  return program;
}

/** Parses source text into a Program (size limits are the caller's job). */
export function parseSource(source: string): Program {
  return parseTokens(tokenize(source));
}

/** Statements, blocks and loops; expressions go to an expression parser over the same token stream. */
class Parser implements BlockParser {
  private readonly ts: TokenStream;
  private readonly exprs: ExpressionParser;
  /** Loops open around the current statement: `break` and `continue` need one. */
  private loops = 0;

  constructor(tokens: Token[], nesting: number) {
    this.ts = new TokenStream(tokens, nesting);
    this.exprs = new ExpressionParser(this.ts, this);
  }

  // ## Statements

  /** Statements until `end`; Rhai's rule: `;` separates them unless a statement ends with a block. */
  statements(end: 'eof' | '}'): Stmt[] {
    const out: Stmt[] = [];
    const atEnd = () =>
      end === 'eof' ? this.ts.tok.kind === 'eof' : this.ts.isPunct('}') || this.ts.tok.kind === 'eof';
    while (!atEnd()) {
      if (this.ts.isPunct(';')) {
        this.ts.next();
        continue;
      }
      const [stmt, selfTerminated] = this.statement();
      out.push(stmt);
      if (atEnd()) break;
      if (this.ts.isPunct(';')) this.ts.next();
      else if (!selfTerminated)
        parseError(`expected ';' after this statement, found ${describeToken(this.ts.tok)}`, this.ts.tok.pos);
    }
    return out;
  }

  private statement(): [Stmt, boolean] {
    const token = this.ts.tok;
    const pos = token.pos;
    const word = token.kind === 'ident' ? token.value : '';
    if (UNSUPPORTED.has(word)) parseError(`'${word}' is not supported in wallet scripts`, pos);
    if (word === 'let' || word === 'const') {
      this.ts.next();
      const name = this.ts.identifier('a variable name');
      let init: Expr | undefined;
      if (this.ts.isPunct('=')) {
        this.ts.next();
        init = this.exprs.expression();
      } else if (word === 'const') parseError(`expected '=' after const ${name}`, this.ts.tok.pos);
      return [{ kind: 'let', name, constant: word === 'const', init, pos }, false];
    }
    if (word === 'if') return [{ kind: 'expr', expr: this.exprs.ifExpr(), pos }, true];
    if (word === 'while' || word === 'loop') {
      this.ts.next();
      const cond = word === 'while' ? this.exprs.expression() : undefined;
      return [{ kind: 'while', cond, body: this.loopBody(), pos }, true];
    }
    if (word === 'for') return [this.forStatement(), true];
    if (word === 'break' || word === 'continue') {
      if (this.loops === 0) parseError(`'${word}' outside a loop`, pos);
      this.ts.next();
      return [{ kind: word, pos }, false];
    }
    if (word === 'return' || word === 'throw') {
      this.ts.next();
      const bare = this.ts.isPunct(';') || this.ts.isPunct('}') || this.ts.tok.kind === 'eof';
      return [{ kind: word, value: bare ? undefined : this.exprs.expression(), pos }, false];
    }
    if (this.ts.isPunct('{')) return [{ kind: 'expr', expr: { kind: 'block', body: this.block(), pos }, pos }, true];
    const expr = this.exprs.expression();
    if (this.ts.tok.kind === 'punct' && ASSIGN_OPS.has(this.ts.tok.value)) {
      const op = this.ts.next() as Extract<Token, { kind: 'punct' }>;
      if (!isPlace(expr)) parseError('only a variable, an index or a property can be assigned to', op.pos);
      return [
        { kind: 'assign', target: expr, op: op.value as AssignOp, value: this.exprs.expression(), pos: op.pos },
        false,
      ];
    }
    return [{ kind: 'expr', expr, pos }, false];
  }

  private forStatement(): Stmt {
    const pos = this.ts.next().pos;
    let name: string;
    let counter: string | undefined;
    if (this.ts.isPunct('(')) {
      this.ts.next();
      name = this.ts.identifier('a loop variable');
      this.ts.expect(',');
      counter = this.ts.identifier('a counter variable');
      this.ts.expect(')');
    } else name = this.ts.identifier('a loop variable');
    if (!this.ts.isWord('in')) parseError(`expected 'in', found ${describeToken(this.ts.tok)}`, this.ts.tok.pos);
    this.ts.next();
    const iterable = this.exprs.expression();
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

  block(): Block {
    const pos = this.ts.expect('{', "'{'").pos;
    return this.ts.nested(pos, () => {
      const statements = this.statements('}');
      this.ts.expect('}', "'}'");
      return { kind: 'body', statements, pos };
    });
  }

  /** `${...}` holds statements, like a block, and is parsed from its own token list. */
  interpolation(tokens: Token[]): Block {
    const pos = (tokens[0] as Token).pos;
    return this.ts.nested(pos, () => ({
      kind: 'body',
      statements: new Parser(tokens, this.ts.nesting).statements('eof'),
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
