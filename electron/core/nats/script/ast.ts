// The script language's syntax tree: expressions, statements and the program, each with its source position.
import type { Position } from './errors';

/** Binary operators that evaluate both sides (`&&` and `||` are `logical`, since they short-circuit). */
export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=';

/** `=` or a compound assignment; `x op= y` behaves as `x = x op y` (arrays append in place on `+=`). */
export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=';

export type Expr =
  | { kind: 'int'; value: bigint; pos: Position }
  | { kind: 'float'; value: number; pos: Position }
  | { kind: 'string'; value: string; pos: Position }
  | { kind: 'char'; value: string; pos: Position }
  | { kind: 'bool'; value: boolean; pos: Position }
  | { kind: 'unit'; pos: Position }
  /** Backtick string: literal pieces and interpolated blocks, joined with to_string. */
  | { kind: 'template'; parts: Array<string | Block>; pos: Position }
  | { kind: 'var'; name: string; pos: Position }
  | { kind: 'array'; items: Expr[]; pos: Position }
  | { kind: 'map'; entries: Array<{ key: string; value: Expr }>; pos: Position }
  | { kind: 'index'; target: Expr; index: Expr; pos: Position }
  | { kind: 'prop'; target: Expr; name: string; pos: Position }
  /** `f(a, b)`, or `a.f(b)` with `method` set and the receiver as args[0]. */
  | { kind: 'call'; name: string; args: Expr[]; method: boolean; pos: Position }
  | { kind: 'unary'; op: '-' | '+' | '!'; operand: Expr; pos: Position }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; pos: Position }
  | { kind: 'logical'; op: '&&' | '||'; left: Expr; right: Expr; pos: Position }
  | { kind: 'range'; start: Expr; end: Expr; inclusive: boolean; pos: Position }
  | IfExpr
  | { kind: 'block'; body: Block; pos: Position };

export interface IfExpr {
  kind: 'if';
  cond: Expr;
  then: Block;
  /** A trailing `else { }`, or the next `else if`. */
  otherwise?: Block | IfExpr;
  pos: Position;
}

export interface Block {
  kind: 'body';
  statements: Stmt[];
  pos: Position;
}

/** Assignable places: a variable, optionally followed by indexes and properties. */
export type PlaceExpr = Extract<Expr, { kind: 'var' | 'index' | 'prop' }>;

export type Stmt =
  | { kind: 'let'; name: string; constant: boolean; init?: Expr; pos: Position }
  | { kind: 'assign'; target: PlaceExpr; op: AssignOp; value: Expr; pos: Position }
  | { kind: 'expr'; expr: Expr; pos: Position }
  /** `while cond { }`, or `loop { }` when cond is absent. */
  | { kind: 'while'; cond?: Expr; body: Block; pos: Position }
  /** `for x in iterable { }` or `for (x, i) in iterable { }`. */
  | { kind: 'for'; name: string; counter?: string; iterable: Expr; body: Block; pos: Position }
  | { kind: 'break'; pos: Position }
  | { kind: 'continue'; pos: Position }
  | { kind: 'return'; value?: Expr; pos: Position }
  | { kind: 'throw'; value?: Expr; pos: Position };

/** A parsed script: its top-level statements, evaluated like a block. */
export interface Program {
  kind: 'program';
  statements: Stmt[];
}

export type Node = Program | Block | Stmt | Expr;
