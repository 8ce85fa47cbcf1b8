// Host functions the wallet lends to scripts: their declared parameters, arity and type checks, and the timed call.
import { type Position, ScriptError } from './errors';
import type { Meter } from './limits';
import {
  I64_MAX,
  I64_MIN,
  MAX_VALUE_DEPTH,
  ScriptChar,
  type ScriptMap,
  ScriptRange,
  type ScriptValue,
  typeName,
} from './values';

/** A parameter type a host function declares; checked before the call. */
export type ScriptParamType = 'string' | 'int' | 'bool' | 'any';

/** A wallet function the host lends to scripts. Ints arrive as bigint; return bigint for ints, number for floats. */
export interface ScriptHostFunction {
  params: ScriptParamType[];
  /** How many trailing params may be left out. */
  optional?: number;
  call: (...args: ScriptValue[]) => Promise<ScriptValue | undefined> | ScriptValue | undefined;
}

export type ScriptHost = Record<string, ScriptHostFunction>;

/** Copies the host's own entries into a Map, so names like "constructor" or "__proto__" never reach Object.prototype. */
export function hostTable(host: ScriptHost, reserved: ReadonlySet<string>): Map<string, ScriptHostFunction> {
  const table = new Map<string, ScriptHostFunction>();
  for (const [name, fn] of Object.entries(host)) {
    if (reserved.has(name)) {
      throw new TypeError(`host function '${name}' clashes with a script built-in (observe print output with onPrint)`);
    }
    if (!fn || typeof fn.call !== 'function' || !Array.isArray(fn.params)) {
      throw new TypeError(`host function '${name}' must have params and call`);
    }
    table.set(name, fn);
  }
  return table;
}

/** The accepted argument counts of a host function. */
export function hostArity(fn: ScriptHostFunction): { min: number; max: number } {
  return { min: fn.params.length - (fn.optional ?? 0), max: fn.params.length };
}

/** Rejects a wrong argument count, naming the function and what it takes. */
export function checkArity(name: string, count: number, min: number, max: number, pos: Position): void {
  if (count >= min && count <= max) return;
  const wanted = min === max ? `${min}` : `${min} to ${max}`;
  throw new ScriptError('type_error', `${name} expects ${wanted} argument${max === 1 ? '' : 's'}, got ${count}`, pos);
}

const PARAM_NAMES: Record<ScriptParamType, string> = { string: 'string', int: 'i64', bool: 'bool', any: 'any value' };
const JS_TYPES: Record<ScriptParamType, string> = { string: 'string', int: 'bigint', bool: 'boolean', any: '' };

/** Rejects arguments whose type differs from the declared parameter type. */
function checkArgs(name: string, fn: ScriptHostFunction, args: ScriptValue[], pos: Position): void {
  args.forEach((arg, i) => {
    // checkArity runs first, so there are never more arguments than declared params.
    const want = fn.params[i]!;
    const ok = want === 'any' || typeof arg === JS_TYPES[want];
    if (!ok) {
      throw new ScriptError(
        'type_error',
        `${name}: argument ${i + 1} must be ${PARAM_NAMES[want]}, got ${typeName(arg)}`,
        pos,
      );
    }
  });
}

/**
 * Calls a host function with checked arguments, racing it against the remaining wall time and the
 * abort signal; host failures become host_error naming the function.
 */
export async function callHost(
  name: string,
  fn: ScriptHostFunction,
  args: ScriptValue[],
  meter: Meter,
  pos: Position,
  fresh: (container: ScriptValue[] | ScriptMap) => void,
): Promise<ScriptValue> {
  checkArity(name, args.length, hostArity(fn).min, hostArity(fn).max, pos);
  checkArgs(name, fn, args, pos);
  await meter.checkClock(pos);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(meter.timeoutError(pos)), Math.max(0, meter.remainingMs()));
    onAbort = () => reject(new ScriptError('aborted', 'script was cancelled', pos));
    meter.signal?.addEventListener('abort', onAbort, { once: true });
  });
  let result: unknown;
  try {
    result = await Promise.race([Promise.resolve().then(() => fn.call(...args)), guard]);
  } catch (err) {
    if (err instanceof ScriptError) throw err.line === undefined ? new ScriptError(err.code, err.message, pos) : err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new ScriptError('host_error', `${name} failed: ${reason}`, pos, { cause: err });
  } finally {
    clearTimeout(timer);
    if (onAbort) meter.signal?.removeEventListener('abort', onAbort);
  }
  meter.checkAbort(pos);
  if (meter.remainingMs() < 0) throw meter.timeoutError(pos);
  return fromHost(name, result, meter, pos, fresh, 0);
}

/**
 * Converts what a host returned into a script value: undefined/null → (), safe-integer numbers → i64,
 * other numbers → f64, plain objects and Maps → maps (copied), arrays copied; anything else is a host_error.
 */
function fromHost(
  name: string,
  value: unknown,
  meter: Meter,
  pos: Position,
  fresh: (container: ScriptValue[] | ScriptMap) => void,
  depth: number,
): ScriptValue {
  const bad = (what: string): never => {
    throw new ScriptError('host_error', `${name} returned ${what}, which scripts cannot use`, pos);
  };
  if (depth > MAX_VALUE_DEPTH) bad('a value nested too deeply');
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'string':
      return meter.checkString(value, pos);
    case 'bigint':
      return value < I64_MIN || value > I64_MAX ? bad('an integer outside i64') : value;
    case 'number':
      return Number.isSafeInteger(value) ? BigInt(value) : value;
  }
  if (value instanceof ScriptChar || value instanceof ScriptRange) return value;
  if (Array.isArray(value)) {
    meter.checkLength(value.length, pos);
    meter.charge(value.length, pos);
    const out = value.map((item) => fromHost(name, item, meter, pos, fresh, depth + 1));
    fresh(out);
    return out;
  }
  const entries =
    value instanceof Map
      ? [...value.entries()]
      : Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null
        ? Object.entries(value as object)
        : bad(`an object of type ${(value as object).constructor?.name ?? 'unknown'}`);
  meter.checkLength(entries.length, pos);
  meter.charge(entries.length, pos);
  const map: ScriptMap = new Map();
  for (const [key, item] of entries) {
    if (typeof key !== 'string') bad('a map with a non-string key');
    map.set(key, fromHost(name, item, meter, pos, fresh, depth + 1));
  }
  fresh(map);
  return map;
}
