// Indexing into script values: reading and writing array positions, map keys and string characters, and iteration.
import { type Position, ScriptError } from './errors';
import type { Meter } from './limits';
import { ScriptChar, type ScriptMap, ScriptRange, type ScriptValue, typeName } from './values';

/** A resolved accessor: an array position or a map key. */
export type Key = { kind: 'index'; value: ScriptValue } | { kind: 'prop'; value: string };

/** Maps a Rhai index (negative counts from the end) to a position, refusing out-of-range ones. */
function position(index: ScriptValue, length: number, what: string, pos: Position): number {
  if (typeof index !== 'bigint')
    throw new ScriptError('type_error', `${what} index must be i64, got ${typeName(index)}`, pos);
  const resolved = index < 0n ? BigInt(length) + index : index;
  if (resolved < 0n || resolved >= BigInt(length)) {
    throw new ScriptError('runtime_error', `${what} index ${index} out of bounds for length ${length}`, pos);
  }
  return Number(resolved);
}

/** Requires a string key for maps (Rhai maps are keyed by strings only). */
function mapKey(key: ScriptValue, pos: Position): string {
  if (typeof key === 'string') return key;
  if (key instanceof ScriptChar) return key.char;
  throw new ScriptError('type_error', `map key must be string, got ${typeName(key)}`, pos);
}

/** The character at a Rhai string index, counted in code points without materializing the string as an array. */
function charAt(text: string, index: ScriptValue, pos: Position): ScriptChar {
  let length = 0;
  for (const _ of text) length++;
  const wanted = position(index, length, 'string', pos);
  let i = 0;
  let found = '';
  for (const ch of text) {
    if (i++ === wanted) {
      found = ch;
      break;
    }
  }
  return new ScriptChar(found);
}

/** Reads `target[key]` or `target.key`: arrays and strings by position, maps by key (missing keys give `()`). */
export function readKey(target: ScriptValue, key: Key, pos: Position, meter: Meter): ScriptValue {
  if (target instanceof Map) {
    const name = key.kind === 'prop' ? key.value : mapKey(key.value, pos);
    return target.has(name) ? (target.get(name) as ScriptValue) : null;
  }
  if (key.kind === 'prop') {
    throw new ScriptError(
      'type_error',
      `cannot read property '${key.value}' of ${typeName(target)} (only maps have properties)`,
      pos,
    );
  }
  // position() only returns an index inside the array.
  if (Array.isArray(target)) return target[position(key.value, target.length, 'array', pos)]!;
  if (typeof target === 'string') {
    meter.chargeText(target, pos);
    return charAt(target, key.value, pos);
  }
  throw new ScriptError('type_error', `cannot index into ${typeName(target)}`, pos);
}

/** Writes `target[key] = value` in place; the value must already be owned by the caller. */
export function writeKey(target: ScriptValue, key: Key, value: ScriptValue, meter: Meter, pos: Position): void {
  if (target instanceof Map) {
    const name = key.kind === 'prop' ? key.value : mapKey(key.value, pos);
    if (!target.has(name)) {
      meter.checkLength(target.size + 1, pos);
      meter.chargeText(name, pos);
    }
    meter.chargeText(value, pos);
    (target as ScriptMap).set(name, value);
    return;
  }
  if (key.kind === 'prop') {
    throw new ScriptError(
      'type_error',
      `cannot set property '${key.value}' on ${typeName(target)} (only maps have properties)`,
      pos,
    );
  }
  if (Array.isArray(target)) {
    meter.chargeText(value, pos);
    target[position(key.value, target.length, 'array', pos)] = value;
    return;
  }
  throw new ScriptError('type_error', `cannot assign into ${typeName(target)} by index`, pos);
}

/** What `for` can walk: ranges (lazily), arrays (a charged snapshot) and strings (by character). */
export function* iterationItems(value: ScriptValue, meter: Meter, pos: Position): Generator<ScriptValue> {
  if (value instanceof ScriptRange) {
    const { start, end, step, inclusive } = value;
    const more = (i: bigint) => (step > 0n ? (inclusive ? i <= end : i < end) : inclusive ? i >= end : i > end);
    for (let i = start; more(i); i += step) yield i;
  } else if (Array.isArray(value)) {
    meter.charge(value.length, pos);
    yield* value.slice();
  } else if (typeof value === 'string') {
    for (const ch of value) yield new ScriptChar(ch);
  } else {
    const hint = value instanceof Map ? ' (use keys(m) or values(m))' : '';
    throw new ScriptError('type_error', `cannot iterate over ${typeName(value)}${hint}`, pos);
  }
}
