// Prints a script's AST back to canonical source, for the parser's round-trip tests.
import type { Block, Expr, Node, Program, Stmt } from './ast';

/**
 * Renders an AST back to canonical source: every compound expression parenthesized, every
 * statement ended with `;`. Parsing the output gives the same AST (positions aside), which
 * the round-trip fuzz tests rely on.
 */
export function printProgram(program: Program): string {
  return program.statements.map(printStmt).join('\n');
}

/** Escapes a string body for a "..." literal (or a '...' one), leaving other characters raw. */
function escapeText(text: string, quote: '"' | "'"): string {
  let out = '';
  for (const ch of text) {
    if (ch === '\\' || ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return out;
}

/** Backtick text: a backtick doubles, `${` is escaped; nothing else can be (the form is verbatim). */
function escapeTemplate(text: string): string {
  return text.replaceAll('`', '``').replaceAll('${', '\\${');
}

function printBlock(block: Block): string {
  return `{ ${block.statements.map(printStmt).join(' ')} }`;
}

/** Float literals keep a '.' or exponent so they lex back as floats; infinity is an overflowing literal. */
function printFloat(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '1e999';
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

export function printExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'int':
      // Negative literals only come from hex bit patterns; unary minus would change the AST.
      return expr.value < 0n ? `0x${BigInt.asUintN(64, expr.value).toString(16)}` : String(expr.value);
    case 'float':
      return printFloat(expr.value);
    case 'string':
      return `"${escapeText(expr.value, '"')}"`;
    case 'char':
      return `'${escapeText(expr.value, "'")}'`;
    case 'bool':
      return String(expr.value);
    case 'unit':
      return '()';
    case 'template':
      return `\`${expr.parts.map((part) => (typeof part === 'string' ? escapeTemplate(part) : `\${${part.statements.map(printStmt).join(' ')}}`)).join('')}\``;
    case 'var':
      return expr.name;
    case 'array':
      return `[${expr.items.map(printExpr).join(', ')}]`;
    case 'map':
      return `#{${expr.entries.map(({ key, value }) => `"${escapeText(key, '"')}": ${printExpr(value)}`).join(', ')}}`;
    case 'index':
      return `(${printExpr(expr.target)})[${printExpr(expr.index)}]`;
    case 'prop':
      return `(${printExpr(expr.target)}).${expr.name}`;
    case 'call': {
      const args = expr.args.map(printExpr);
      return expr.method
        ? `(${args[0]}).${expr.name}(${args.slice(1).join(', ')})`
        : `${expr.name}(${args.join(', ')})`;
    }
    case 'unary':
      return `(${expr.op}(${printExpr(expr.operand)}))`;
    case 'binary':
    case 'logical':
      return `(${printExpr(expr.left)} ${expr.op} ${printExpr(expr.right)})`;
    case 'range':
      return `(${printExpr(expr.start)} ${expr.inclusive ? '..=' : '..'} ${printExpr(expr.end)})`;
    case 'if': {
      const otherwise = expr.otherwise
        ? ` else ${expr.otherwise.kind === 'if' ? printExpr(expr.otherwise) : printBlock(expr.otherwise)}`
        : '';
      return `if (${printExpr(expr.cond)}) ${printBlock(expr.then)}${otherwise}`;
    }
    case 'block':
      return printBlock(expr.body);
  }
}

/** Place expressions print without the extra parentheses, which would still parse but read worse. */
function printPlace(expr: Expr): string {
  if (expr.kind === 'index') return `${printPlace(expr.target)}[${printExpr(expr.index)}]`;
  if (expr.kind === 'prop') return `${printPlace(expr.target)}.${expr.name}`;
  return printExpr(expr);
}

export function printStmt(stmt: Stmt): string {
  switch (stmt.kind) {
    case 'let':
      return `${stmt.constant ? 'const' : 'let'} ${stmt.name}${stmt.init ? ` = ${printExpr(stmt.init)}` : ''};`;
    case 'assign':
      return `${printPlace(stmt.target)} ${stmt.op} ${printExpr(stmt.value)};`;
    case 'expr':
      return stmt.expr.kind === 'if' || stmt.expr.kind === 'block'
        ? `${printExpr(stmt.expr)};`
        : `(${printExpr(stmt.expr)});`;
    case 'while':
      return `${stmt.cond ? `while (${printExpr(stmt.cond)})` : 'loop'} ${printBlock(stmt.body)};`;
    case 'for': {
      const names = stmt.counter ? `(${stmt.name}, ${stmt.counter})` : stmt.name;
      return `for ${names} in (${printExpr(stmt.iterable)}) ${printBlock(stmt.body)};`;
    }
    case 'break':
    case 'continue':
      return `${stmt.kind};`;
    case 'return':
    case 'throw':
      return stmt.value ? `${stmt.kind} (${printExpr(stmt.value)});` : `${stmt.kind};`;
  }
}

/** An AST with positions removed, for comparing two parses of the same program. */
export function withoutPositions(node: Node | Node[] | unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPositions);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== 'pos')
      .map(([key, value]) => [key, withoutPositions(value)]),
  );
}
