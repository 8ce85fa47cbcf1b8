// Value semantics for script arrays and maps: fresh containers are stored as they are, others are copied.
import type { Position } from './errors';
import type { Meter } from './limits';
import { writeKey } from './places';
import { cloneValue, isContainer, type ScriptMap, type ScriptValue } from './values';

/**
 * Value semantics for arrays and maps, as in Rhai, without copying on every read: containers that were
 * just built are "fresh" and can be stored as they are; any other container is copied when stored,
 * and every copied element costs a step.
 */
export class Ownership {
  private readonly fresh = new WeakSet<object>();

  constructor(private readonly meter: Meter) {}

  markFresh<T extends ScriptValue[] | ScriptMap>(container: T): T {
    this.fresh.add(container);
    return container;
  }

  /** Returns a value safe to store: fresh containers are taken as they are, shared ones are copied (and charged). */
  own(value: ScriptValue, pos: Position): ScriptValue {
    if (!isContainer(value)) return value;
    if (this.fresh.delete(value)) return value;
    return cloneValue(value, (units) => this.meter.charge(units, pos), pos);
  }

  /** A copy for code outside the script (host calls), so it cannot reach into script state. */
  copy(value: ScriptValue, pos: Position): ScriptValue {
    return isContainer(value) ? cloneValue(value, (units) => this.meter.charge(units, pos), pos) : value;
  }

  /** Owns a value that goes into a container, charging for long strings. */
  ownElement(value: ScriptValue, pos: Position): ScriptValue {
    this.meter.chargeText(value, pos);
    return this.own(value, pos);
  }

  /** `array + array` and `map + map`: a new container; undefined for any other pair. */
  join(left: ScriptValue, right: ScriptValue, pos: Position): ScriptValue | undefined {
    if (Array.isArray(left) && Array.isArray(right)) {
      this.meter.checkLength(left.length + right.length, pos);
      this.meter.charge(left.length + right.length, pos);
      return this.markFresh([...left, ...right].map((item) => this.own(item, pos)));
    }
    if (left instanceof Map && right instanceof Map) {
      const merged: ScriptMap = new Map([...left, ...right].map(([key, item]) => [key, this.own(item, pos)]));
      this.meter.checkLength(merged.size, pos);
      this.meter.charge(merged.size, pos);
      return this.markFresh(merged);
    }
    return undefined;
  }

  /** `array += x` (appends x, or x's elements) and `map += map`, in place; false for any other pair. */
  appendInPlace(target: ScriptValue, value: ScriptValue, pos: Position): boolean {
    if (Array.isArray(target)) {
      const added = Array.isArray(value) ? (this.own(value, pos) as ScriptValue[]) : [this.own(value, pos)];
      this.meter.checkLength(target.length + added.length, pos);
      this.meter.charge(added.length, pos);
      for (const item of added) {
        this.meter.chargeText(item, pos);
        target.push(item);
      }
      return true;
    }
    if (target instanceof Map && value instanceof Map) {
      for (const [key, item] of value)
        writeKey(target, { kind: 'prop', value: key }, this.own(item, pos), this.meter, pos);
      return true;
    }
    return false;
  }
}
