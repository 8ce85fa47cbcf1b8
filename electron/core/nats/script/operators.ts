// The script language's unary and binary operators, with Rhai's checked i64 arithmetic and comparisons.
import type { BinaryOp } from './ast';
import { type Position, ScriptError } from './errors';
import {
  compareCodePoints,
  I64_MAX,
  I64_MIN,
  isNumeric,
  ScriptChar,
  type ScriptValue,
  toText,
  typeName,
  valuesEqual,
} from './values';

/** Rejects an operator applied to types it does not support, naming both. */
function operandError(op: string, a: ScriptValue, b?: ScriptValue, pos?: Position): never {
  const types = b === undefined ? typeName(a) : `${typeName(a)} and ${typeName(b)}`;
  throw new ScriptError('type_error', `operator '${op}' cannot be applied to ${types}`, pos);
}

/** Keeps i64 results in range, as Rhai's checked arithmetic does. */
function checkedInt(value: bigint, op: string, a: bigint, b: bigint, pos: Position): bigint {
  if (value < I64_MIN || value > I64_MAX)
    throw new ScriptError('runtime_error', `integer overflow: ${a} ${op} ${b}`, pos);
  return value;
}

/** i64 arithmetic: checked for overflow, division truncating toward zero, errors on division by zero. */
function intArithmetic(op: BinaryOp, a: bigint, b: bigint, pos: Position): bigint {
  switch (op) {
    case '+':
      return checkedInt(a + b, op, a, b, pos);
    case '-':
      return checkedInt(a - b, op, a, b, pos);
    case '*':
      return checkedInt(a * b, op, a, b, pos);
    case '/':
    case '%':
      if (b === 0n) throw new ScriptError('runtime_error', 'division by zero', pos);
      if (a === I64_MIN && b === -1n) throw new ScriptError('runtime_error', `integer overflow: ${a} ${op} ${b}`, pos);
      return op === '/' ? a / b : a % b;
  }
  return operandError(op, a, b, pos);
}

/** f64 arithmetic, used when either side is a float (ints are widened, as in Rhai). */
function floatArithmetic(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    default:
      return a % b;
  }
}

/** Orders two values of the same kind; undefined when Rhai has no ordering for the pair. */
function order(a: ScriptValue, b: ScriptValue): number | undefined {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (isNumeric(a) && isNumeric(b)) {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : x === y ? 0 : undefined;
  }
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (a instanceof ScriptChar && b instanceof ScriptChar) return compareCodePoints(a.char, b.char);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return undefined;
}

/**
 * A binary operator on two values other than array/map concatenation (the interpreter owns those):
 * `+` joins text when either side is a string (or both are chars), numbers mix as in Rhai,
 * and comparing values of different types is false (except `!=`).
 */
export function binaryOp(op: BinaryOp, a: ScriptValue, b: ScriptValue, pos: Position, maxText: number): ScriptValue {
  switch (op) {
    case '==':
      return valuesEqual(a, b, pos);
    case '!=':
      return !valuesEqual(a, b, pos);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const cmp = order(a, b);
      if (cmp === undefined) return false;
      return op === '<' ? cmp < 0 : op === '<=' ? cmp <= 0 : op === '>' ? cmp > 0 : cmp >= 0;
    }
  }
  if (op === '+') {
    const textual = typeof a === 'string' || typeof b === 'string';
    if (textual || (a instanceof ScriptChar && b instanceof ScriptChar)) {
      return toText(a, maxText, pos) + toText(b, maxText, pos);
    }
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') return intArithmetic(op, a, b, pos);
  if (isNumeric(a) && isNumeric(b)) return floatArithmetic(op, Number(a), Number(b));
  return operandError(op, a, b, pos);
}

/** Unary `-`, `+` (numbers) and `!` (bools only: Rhai has no truthiness). */
export function unaryOp(op: '-' | '+' | '!', value: ScriptValue, pos: Position): ScriptValue {
  if (op === '!') {
    if (typeof value !== 'boolean') operandError(op, value, undefined, pos);
    return !value;
  }
  if (typeof value === 'bigint') {
    if (op === '+') return value;
    if (value === I64_MIN) throw new ScriptError('runtime_error', `integer overflow: -(${value})`, pos);
    return -value;
  }
  if (typeof value === 'number') return op === '-' ? -value : value;
  return operandError(op, value, undefined, pos);
}

/** Conditions of `if`, `while`, `&&`, `||` must be bool: Rhai has no truthiness. */
export function requireBool(value: ScriptValue, what: string, pos: Position): boolean {
  if (typeof value !== 'boolean') {
    throw new ScriptError('type_error', `${what} must be bool, got ${typeName(value)}`, pos);
  }
  return value;
}
