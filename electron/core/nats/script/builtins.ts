// The built-in functions every script has (print, len, range, keys, contains, conversions), host-independent.
import { type Position, ScriptError } from './errors';
import type { Meter } from './limits';
import {
  I64_MAX,
  I64_MIN,
  ScriptChar,
  type ScriptMap,
  ScriptRange,
  type ScriptValue,
  toDebug,
  toText,
  typeName,
  valuesEqual,
} from './values';

/** What a built-in may touch: the meter, the output channel, and fresh-container marking. Nothing else. */
export interface BuiltinContext {
  meter: Meter;
  pos: Position;
  print(text: string): void;
  fresh<T extends ScriptValue[] | ScriptMap>(container: T): T;
}

interface Builtin {
  min: number;
  max: number;
  call(args: ScriptValue[], ctx: BuiltinContext): ScriptValue;
}

/** Rejects an argument of the wrong type, naming the function and what it expects. */
function argError(fn: string, index: number, expected: string, got: ScriptValue, pos: Position): never {
  throw new ScriptError('type_error', `${fn}: argument ${index + 1} must be ${expected}, got ${typeName(got)}`, pos);
}

/** Reads an i64 argument. */
function intArg(fn: string, value: ScriptValue, index: number, pos: Position): bigint {
  if (typeof value !== 'bigint') argError(fn, index, 'i64', value, pos);
  return value;
}

// The interpreter checks every call's argument count against min and max before it calls a built-in,
// so a built-in of fixed arity always finds its arguments.

/** A built-in of exactly one argument. */
function unary(call: (x: ScriptValue, ctx: BuiltinContext) => ScriptValue): Builtin {
  return { min: 1, max: 1, call: ([x], ctx) => call(x!, ctx) };
}

/** A built-in of exactly two arguments. */
function binary(call: (x: ScriptValue, y: ScriptValue, ctx: BuiltinContext) => ScriptValue): Builtin {
  return { min: 2, max: 2, call: ([x, y], ctx) => call(x!, y!, ctx) };
}

/** Rhai's `len`: characters of a string (code points), elements of an array, entries of a map. */
function lengthOf(fn: string, value: ScriptValue, ctx: BuiltinContext): number {
  const pos = ctx.pos;
  if (typeof value === 'string') {
    ctx.meter.chargeText(value, pos);
    let count = 0;
    for (const _ of value) count++;
    return count;
  }
  if (Array.isArray(value)) return value.length;
  if (value instanceof Map) return value.size;
  return argError(fn, 0, 'string, array or map', value, pos);
}

/** Reads a map argument. */
function mapArg(fn: string, value: ScriptValue, pos: Position): ScriptMap {
  if (!(value instanceof Map)) argError(fn, 0, 'map', value, pos);
  return value;
}

/**
 * The harmless built-ins every script has. They see only their arguments and the context above.
 * Host functions cannot replace them.
 */
export const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  [
    'print',
    {
      min: 0,
      max: 1,
      call: ([x = null], ctx) => {
        ctx.print(toText(x, ctx.meter.limits.maxStringBytes, ctx.pos));
        return null;
      },
    },
  ],
  [
    'debug',
    {
      min: 0,
      max: 1,
      call: ([x = null], ctx) => {
        ctx.print(toDebug(x, ctx.meter.limits.maxStringBytes, ctx.pos));
        return null;
      },
    },
  ],
  ['to_string', unary((x, ctx) => toText(x, ctx.meter.limits.maxStringBytes, ctx.pos))],
  ['to_debug', unary((x, ctx) => toDebug(x, ctx.meter.limits.maxStringBytes, ctx.pos))],
  ['type_of', unary((x) => typeName(x))],
  ['len', unary((x, ctx) => BigInt(lengthOf('len', x, ctx)))],
  ['is_empty', unary((x, ctx) => lengthOf('is_empty', x, ctx) === 0)],
  [
    'range',
    {
      min: 2,
      max: 3,
      call: ([from, to, by], ctx) => {
        const step = by === undefined ? 1n : intArg('range', by, 2, ctx.pos);
        if (step === 0n) throw new ScriptError('runtime_error', 'range: step cannot be zero', ctx.pos);
        // min is 2: from and to are always there.
        return new ScriptRange(intArg('range', from!, 0, ctx.pos), intArg('range', to!, 1, ctx.pos), false, step);
      },
    },
  ],
  [
    'keys',
    unary((m, ctx) => {
      const map = mapArg('keys', m, ctx.pos);
      ctx.meter.charge(map.size, ctx.pos);
      return ctx.fresh([...map.keys()]);
    }),
  ],
  [
    'values',
    unary((m, ctx) => {
      const map = mapArg('values', m, ctx.pos);
      ctx.meter.charge(map.size, ctx.pos);
      return ctx.fresh([...map.values()]);
    }),
  ],
  [
    'contains',
    binary((container, item, ctx) => {
      if (Array.isArray(container)) {
        ctx.meter.charge(container.length, ctx.pos);
        return container.some((element) => valuesEqual(element, item, ctx.pos));
      }
      if (container instanceof Map) {
        if (typeof item !== 'string') argError('contains', 1, 'string (a map key)', item, ctx.pos);
        return container.has(item);
      }
      if (typeof container === 'string') {
        ctx.meter.chargeText(container, ctx.pos);
        if (item instanceof ScriptChar) return container.includes(item.char);
        if (typeof item !== 'string') argError('contains', 1, 'string or char', item, ctx.pos);
        return container.includes(item);
      }
      return argError('contains', 0, 'array, map or string', container, ctx.pos);
    }),
  ],
  [
    'to_int',
    unary((x, ctx) => {
      if (typeof x === 'bigint') return x;
      if (typeof x !== 'number') return argError('to_int', 0, 'i64 or f64', x, ctx.pos);
      const truncated = Number.isFinite(x) ? BigInt(Math.trunc(x)) : undefined;
      if (truncated === undefined || truncated < I64_MIN || truncated > I64_MAX) {
        throw new ScriptError('runtime_error', `to_int: ${x} does not fit in i64`, ctx.pos);
      }
      return truncated;
    }),
  ],
  [
    'to_float',
    unary((x, ctx) =>
      typeof x === 'bigint' || typeof x === 'number' ? Number(x) : argError('to_float', 0, 'i64 or f64', x, ctx.pos),
    ),
  ],
  [
    'parse_int',
    unary((x, ctx) => {
      if (typeof x !== 'string') return argError('parse_int', 0, 'string', x, ctx.pos);
      const text = x.trim();
      const value = /^[+-]?[0-9]+$/.test(text) ? BigInt(text) : undefined;
      if (value === undefined || value < I64_MIN || value > I64_MAX) {
        throw new ScriptError('runtime_error', `parse_int: '${text.slice(0, 40)}' is not an i64`, ctx.pos);
      }
      return value;
    }),
  ],
]);

/** The built-in names, for listing which functions a script calls beyond them. */
export const BUILTIN_NAMES: ReadonlySet<string> = new Set(BUILTINS.keys());
