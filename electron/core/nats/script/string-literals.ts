// The lexer's string, backtick-template and character literals, with Rhai's escapes.
import { type Position, parseError } from './errors';
import type { SourceCursor } from './source-cursor';
import type { Token } from './token';

/** Interpolations inside interpolations are refused beyond this depth, keeping the lexer's recursion bounded. */
const MAX_TEMPLATE_DEPTH = 16;

/** A "..." string: Rhai's escapes (\n \t \r \\ \" \xHH \uHHHH \UHHHHHHHH), plus \u{H..}, "" and line continuation. */
export function readQuoted(cur: SourceCursor, start: Position): string {
  cur.advance();
  let out = '';
  for (;;) {
    if (cur.atEnd) parseError('unterminated string literal', start);
    const pos = cur.pos;
    const c = cur.advance();
    if (c === '"') {
      if (cur.peek() !== '"') return out;
      cur.advance();
      out += '"';
    } else if (c === '\n') {
      parseError('unterminated string literal (use \\n or a backtick string for line breaks)', start);
    } else if (c === '\\') {
      out += readEscape(cur, pos, '"', start);
    } else out += c;
  }
}

/** One escape sequence after a backslash; a backslash before a line break continues the string past the indentation. */
function readEscape(cur: SourceCursor, pos: Position, quote: string, start: Position): string {
  if (cur.atEnd) parseError('unterminated string literal', start);
  const c = cur.advance();
  const simple = new Map([
    ['n', '\n'],
    ['t', '\t'],
    ['r', '\r'],
    ['\\', '\\'],
    [quote, quote],
  ]);
  const escaped = simple.get(c);
  if (escaped !== undefined) return escaped;
  if (c === '\r' && cur.peek() === '\n') cur.advance();
  if (c === '\n' || c === '\r') {
    // Rhai skips indentation up to the column of the opening quote.
    while ((cur.peek() === ' ' || cur.peek() === '\t') && cur.pos.column <= start.column) cur.advance();
    return '';
  }
  let hex: string;
  if (c === 'u' && cur.peek() === '{') {
    cur.advance();
    const begin = cur.i;
    while (/[0-9a-fA-F]/.test(cur.peek()) && cur.i - begin < 6) cur.advance();
    hex = cur.src.slice(begin, cur.i);
    if (hex === '' || cur.peek() !== '}') parseError('malformed escape sequence: expected \\u{1 to 6 hex digits}', pos);
    cur.advance();
  } else if (c === 'x' || c === 'u' || c === 'U') {
    const len = { x: 2, u: 4, U: 8 }[c];
    hex = cur.src.slice(cur.i, cur.i + len);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) {
      parseError(`malformed escape sequence: \\${c} needs ${len} hex digits`, pos);
    }
    cur.skip(len);
  } else {
    return parseError(`unknown escape sequence '\\${c}'`, pos);
  }
  const code = Number.parseInt(hex, 16);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
    parseError(`escape sequence \\${c}${hex} is not a Unicode scalar value`, pos);
  }
  return String.fromCodePoint(code);
}

/**
 * A `...` string: verbatim and multi-line, with `${...}` interpolation (lexed by `lexInterpolation`),
 * a doubled backtick for a backtick and \${ for a literal ${.
 */
export function readBacktick(
  cur: SourceCursor,
  start: Position,
  templateDepth: number,
  lexInterpolation: (templateDepth: number, openedAt: Position) => Token[],
): Token {
  cur.advance();
  const parts: Array<string | Token[]> = [];
  let text = '';
  for (;;) {
    if (cur.atEnd) parseError('unterminated string literal', start);
    const c = cur.peek();
    if (c === '`') {
      cur.advance();
      if (cur.peek() !== '`') break;
      cur.advance();
      text += '`';
    } else if (c === '\\' && cur.peek(1) === '$' && cur.peek(2) === '{') {
      cur.skip(2);
      text += '$';
    } else if (c === '$' && cur.peek(1) === '{') {
      const openedAt = cur.pos;
      if (templateDepth >= MAX_TEMPLATE_DEPTH) parseError('string interpolation nested too deeply', openedAt);
      cur.skip(2);
      parts.push(text, lexInterpolation(templateDepth + 1, openedAt));
      text = '';
    } else {
      const ch = cur.advance();
      if (!(ch === '\r' && cur.peek() === '\n')) text += ch;
    }
  }
  if (parts.length === 0) return { kind: 'string', value: text, pos: start };
  parts.push(text);
  return { kind: 'template', parts, pos: start };
}

/** A 'c' character literal: exactly one character or escape. */
export function readChar(cur: SourceCursor, start: Position): string {
  cur.advance();
  const pos = cur.pos;
  if (cur.peek() === "'" || cur.peek() === '\n' || cur.atEnd)
    parseError('empty or unterminated character literal', start);
  let value = String.fromCodePoint(cur.src.codePointAt(cur.i) as number);
  if (value === '\\') {
    cur.advance();
    value = readEscape(cur, pos, "'", start);
    if (value === '') parseError('a character literal cannot contain a line continuation', pos);
  } else {
    cur.skip(value.length);
  }
  if (cur.peek() !== "'") parseError('character literal must hold exactly one character', start);
  cur.advance();
  return value;
}
