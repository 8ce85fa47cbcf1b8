// The token type the lexer produces and the parsers read.
import type { Position } from './errors';

/** One lexical token; `template` holds the literal pieces and the token lists of each `${...}`. */
export type Token =
  | { kind: 'int'; value: bigint; pos: Position }
  | { kind: 'float'; value: number; pos: Position }
  | { kind: 'string'; value: string; pos: Position }
  | { kind: 'char'; value: string; pos: Position }
  | { kind: 'template'; parts: Array<string | Token[]>; pos: Position }
  | { kind: 'ident'; value: string; pos: Position }
  | { kind: 'punct'; value: string; pos: Position }
  /** End of input, or the `}` closing an interpolation (`closesInterpolation`). */
  | { kind: 'eof'; pos: Position; closesInterpolation?: boolean };
