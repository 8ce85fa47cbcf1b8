// The values a script holds (i64, f64, string, char, range, array, map, unit), their equality and printing.
import { type Position, ScriptError } from './errors';

/** A Rhai `char`: one Unicode scalar value, kept apart from one-character strings as Rhai does. */
export class ScriptChar {
  constructor(readonly char: string) {
    Object.freeze(this);
  }
}

/** A lazy integer range (`a..b`, `a..=b`, `range(a, b[, step])`), so huge ranges cost nothing until iterated. */
export class ScriptRange {
  constructor(
    readonly start: bigint,
    readonly end: bigint,
    readonly inclusive: boolean,
    readonly step: bigint = 1n,
  ) {
    Object.freeze(this);
  }
}

/** Every value a script can hold. `null` is Rhai's unit `()`; integers are i64 as bigint; floats are numbers. */
export type ScriptValue =
  | null
  | boolean
  | bigint
  | number
  | string
  | ScriptChar
  | ScriptRange
  | ScriptValue[]
  | ScriptMap;

/** Object maps are real Maps, so keys such as "__proto__" are plain data. */
export type ScriptMap = Map<string, ScriptValue>;

export const I64_MIN = -(2n ** 63n);
export const I64_MAX = 2n ** 63n - 1n;

/** Values nested deeper than this are refused, so cloning, printing and comparing never overflow the JS stack. */
export const MAX_VALUE_DEPTH = 256;

// ## Type names

/** Rhai's `type_of` name for a value. */
export function typeName(value: ScriptValue): string {
  if (value === null) return '()';
  switch (typeof value) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'i64';
    case 'number':
      return 'f64';
    case 'string':
      return 'string';
  }
  if (value instanceof ScriptChar) return 'char';
  if (value instanceof ScriptRange) return value.inclusive ? 'range=' : 'range';
  if (Array.isArray(value)) return 'array';
  return 'map';
}

/** True for the two container kinds, which have value semantics and must be copied when shared. */
export function isContainer(value: ScriptValue): value is ScriptValue[] | ScriptMap {
  return Array.isArray(value) || value instanceof Map;
}

/** Refuses values nested beyond MAX_VALUE_DEPTH. */
function checkDepth(depth: number, pos?: Position): void {
  if (depth > MAX_VALUE_DEPTH)
    throw new ScriptError('runtime_error', `value nested deeper than ${MAX_VALUE_DEPTH} levels`, pos);
}

// ## Copying and comparing

/** Deep-copies containers (leaves are immutable), charging one unit per element copied. */
export function cloneValue(
  value: ScriptValue,
  charge: (units: number) => void,
  pos?: Position,
  depth = 0,
): ScriptValue {
  checkDepth(depth, pos);
  if (Array.isArray(value)) {
    charge(value.length);
    return value.map((item) => cloneValue(item, charge, pos, depth + 1));
  }
  if (value instanceof Map) {
    charge(value.size);
    const copy: ScriptMap = new Map();
    for (const [key, item] of value) copy.set(key, cloneValue(item, charge, pos, depth + 1));
    return copy;
  }
  return value;
}

/** Rhai `==`: numbers compare by value across i64/f64, containers element-wise, other mixed types are unequal. */
export function valuesEqual(a: ScriptValue, b: ScriptValue, pos?: Position, depth = 0): boolean {
  checkDepth(depth, pos);
  if (isNumeric(a) && isNumeric(b)) return typeof a === typeof b ? a === b : Number(a) === Number(b);
  if (a instanceof ScriptChar && b instanceof ScriptChar) return a.char === b.char;
  if (a instanceof ScriptRange && b instanceof ScriptRange) {
    return a.start === b.start && a.end === b.end && a.inclusive === b.inclusive && a.step === b.step;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    // Equal lengths put every b[i] in range.
    return a.length === b.length && a.every((item, i) => valuesEqual(item, b[i]!, pos, depth + 1));
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [key, item] of a) {
      if (!b.has(key) || !valuesEqual(item, b.get(key) as ScriptValue, pos, depth + 1)) return false;
    }
    return true;
  }
  return a === b;
}

/** True for i64 and f64 values. */
export function isNumeric(value: ScriptValue): value is bigint | number {
  return typeof value === 'bigint' || typeof value === 'number';
}

// ## Text

/** Stops formatting once the text would pass `limit` characters, so printing a huge value cannot exhaust memory. */
class TextBudget {
  private parts: string[] = [];
  private length = 0;
  constructor(
    private readonly limit: number,
    private readonly pos?: Position,
  ) {}
  push(text: string): void {
    this.length += text.length;
    if (this.length > this.limit) {
      throw new ScriptError('too_large', `text of this value exceeds the limit of ${this.limit} characters`, this.pos);
    }
    this.parts.push(text);
  }
  toString(): string {
    return this.parts.join('');
  }
}

/** The text `print` and `to_string` give, as Rhai does: strings as-is, unit as "", containers in debug form. */
export function toText(value: ScriptValue, limit = Number.MAX_SAFE_INTEGER, pos?: Position): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (typeof value === 'number') return floatDisplay(value);
  if (value instanceof ScriptChar) return value.char;
  const out = new TextBudget(limit, pos);
  writeDebug(value, out, 0, pos);
  return out.toString();
}

/** The text `debug` and `to_debug` give: strings quoted and escaped, unit as "()". */
export function toDebug(value: ScriptValue, limit = Number.MAX_SAFE_INTEGER, pos?: Position): string {
  const out = new TextBudget(limit, pos);
  writeDebug(value, out, 0, pos);
  return out.toString();
}

/** Writes Rhai's debug form; chars print bare inside containers because Rhai's `to_debug` for char does. */
function writeDebug(value: ScriptValue, out: TextBudget, depth: number, pos?: Position): void {
  checkDepth(depth, pos);
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item, i) => {
      if (i > 0) out.push(', ');
      writeDebug(item, out, depth + 1, pos);
    });
    out.push(']');
  } else if (value instanceof Map) {
    writeMap(value, out, depth, pos);
  } else {
    out.push(scalarDebug(value));
  }
}

/** Debug text of a non-container value. */
function scalarDebug(value: Exclude<ScriptValue, ScriptValue[] | ScriptMap>): string {
  if (value === null) return '()';
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'number') return floatDebug(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof ScriptChar) return value.char;
  const range = `${value.start}..${value.inclusive ? '=' : ''}${value.end}`;
  return value.step === 1n ? range : `StepRange(${range}, step=${value.step})`;
}

/** Writes a map with its keys in Rhai's (sorted) order. */
function writeMap(value: ScriptMap, out: TextBudget, depth: number, pos?: Position): void {
  out.push('#{');
  let first = true;
  for (const [key, item] of [...value].sort(([a], [b]) => compareCodePoints(a, b))) {
    if (!first) out.push(', ');
    first = false;
    out.push(`${quoteString(key)}: `);
    writeDebug(item, out, depth + 1, pos);
  }
  out.push('}');
}

/** Orders strings by Unicode code point (Rust's order, which Rhai uses), not by UTF-16 unit as JS `<` does. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Surrogates encode code points above U+FFFF, so they must rank above U+E000..U+FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** Quotes a string the way Rust's `{:?}` does for the common cases. */
function quoteString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\0') out += '\\0';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return `${out}"`;
}

// ## Floats

const MAX_NATURAL_FLOAT = Math.fround(10_000_000_000_000);
const MIN_NATURAL_FLOAT = Math.fround(0.000_000_000_000_1);

/** Rhai's float Display: natural notation with ".0" for whole numbers, exponent form outside 1e-13..1e13. */
export function floatDisplay(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  const abs = Math.abs(x);
  if (abs === 0) return '0.0';
  if (abs > MAX_NATURAL_FLOAT || abs < MIN_NATURAL_FLOAT) return rustExponent(x);
  const plain = plainDecimal(x);
  return Number.isInteger(x) ? `${plain}.0` : plain;
}

/** Rust's float Debug: natural notation for 1e-4 <= |x| < 1e16, exponent form otherwise. */
export function floatDebug(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  const abs = Math.abs(x);
  if (abs === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  if (abs < 1e-4 || abs >= 1e16) return rustExponent(x);
  const plain = plainDecimal(x);
  return Number.isInteger(x) ? `${plain}.0` : plain;
}

/** Rust's `{:e}`: shortest digits, no "+" in the exponent; infinities as "inf". */
function rustExponent(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return x.toExponential().replace('e+', 'e');
}

/** Shortest round-trip digits in positional notation (JS switches to exponents below 1e-6; Rust never does). */
function plainDecimal(x: number): string {
  const text = String(x);
  if (!text.includes('e')) return text;
  // toExponential always writes one "e" between the mantissa and the exponent.
  const [mantissa = '', exp = '0'] = x.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const exponent = Number(exp);
  const body =
    exponent < 0
      ? `0.${'0'.repeat(-exponent - 1)}${digits}`
      : digits.length > exponent + 1
        ? `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`
        : digits + '0'.repeat(exponent + 1 - digits.length);
  return negative ? `-${body}` : body;
}
