// The script interpreter: evaluates a parsed program statement by statement, metered and with value semantics.
import type { AssignOp, BinaryOp, Block, Expr, PlaceExpr, Program, Stmt } from './ast';
import { BUILTINS, type BuiltinContext } from './builtins';
import { type Position, ScriptError } from './errors';
import { callHost, checkArity, type ScriptHostFunction } from './host';
import type { Meter } from './limits';
import { binaryOp, requireBool, unaryOp } from './operators';
import { Ownership } from './ownership';
import { iterationItems, type Key, readKey, writeKey } from './places';
import { isContainer, ScriptChar, type ScriptMap, ScriptRange, type ScriptValue, toText, typeName } from './values';

interface Slot {
  name: string;
  value: ScriptValue;
  constant: boolean;
}

/** Control flow travels as exceptions; these never escape the interpreter. */
class BreakSignal {}
class ContinueSignal {}
class ReturnSignal {
  constructor(readonly value: ScriptValue) {}
}
const BREAK = new BreakSignal();
const CONTINUE = new ContinueSignal();

/** Evaluates a Program against host functions; containers have value semantics, as in Rhai. */
export class Interpreter {
  private readonly scope: Slot[] = [];
  private readonly owner: Ownership;

  constructor(
    private readonly host: Map<string, ScriptHostFunction>,
    private readonly meter: Meter,
    private readonly print: (text: string, pos: Position) => void,
  ) {
    this.owner = new Ownership(meter);
  }

  async run(program: Program): Promise<ScriptValue> {
    try {
      return await this.statements(program.statements);
    } catch (err) {
      if (err instanceof ReturnSignal) return err.value;
      throw err;
    }
  }

  // ## Statements

  /** Runs statements in a new scope; the value is the last statement's, as in Rhai. */
  private async statements(list: Stmt[]): Promise<ScriptValue> {
    const mark = this.scope.length;
    try {
      let value: ScriptValue = null;
      for (const stmt of list) value = await this.statement(stmt);
      return value;
    } finally {
      this.scope.length = mark;
    }
  }

  private block(block: Block): Promise<ScriptValue> {
    return this.statements(block.statements);
  }

  private async statement(stmt: Stmt): Promise<ScriptValue> {
    const pause = this.meter.tick(stmt.pos);
    if (pause) await pause;
    switch (stmt.kind) {
      case 'expr':
        return this.expression(stmt.expr);
      case 'let': {
        const value = stmt.init ? this.owner.own(await this.expression(stmt.init), stmt.pos) : null;
        this.scope.push({ name: stmt.name, value, constant: stmt.constant });
        return null;
      }
      case 'assign':
        await this.assign(stmt.target, stmt.op, stmt.value, stmt.pos);
        return null;
      case 'while':
        for (;;) {
          const pause = this.meter.tick(stmt.pos);
          if (pause) await pause;
          if (stmt.cond && !requireBool(await this.expression(stmt.cond), 'while condition', stmt.cond.pos)) break;
          if (await this.loopBody(stmt.body)) break;
        }
        return null;
      case 'for':
        await this.forLoop(stmt);
        return null;
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'return':
        throw new ReturnSignal(stmt.value ? await this.expression(stmt.value) : null);
      case 'throw': {
        const value = stmt.value ? await this.expression(stmt.value) : null;
        const text = toText(value, this.meter.limits.maxStringBytes, stmt.pos).slice(0, 1000);
        throw new ScriptError('runtime_error', `script threw: ${text}`, stmt.pos);
      }
    }
  }

  /** Runs one loop iteration; true means `break`. */
  private async loopBody(body: Block): Promise<boolean> {
    try {
      await this.block(body);
      return false;
    } catch (err) {
      if (err === BREAK) return true;
      if (err === CONTINUE) return false;
      throw err;
    }
  }

  private async forLoop(stmt: Extract<Stmt, { kind: 'for' }>): Promise<void> {
    const iterable = await this.expression(stmt.iterable);
    const items = iterationItems(iterable, this.meter, stmt.iterable.pos);
    let counter = 0n;
    for (const item of items) {
      const pause = this.meter.tick(stmt.pos);
      if (pause) await pause;
      const mark = this.scope.length;
      this.scope.push({ name: stmt.name, value: this.owner.own(item, stmt.pos), constant: false });
      if (stmt.counter) this.scope.push({ name: stmt.counter, value: counter++, constant: false });
      try {
        if (await this.loopBody(stmt.body)) break;
      } finally {
        this.scope.length = mark;
      }
    }
  }

  // ## Assignment

  private findSlot(name: string, pos: Position): Slot {
    const slot = this.scope.findLast((s) => s.name === name);
    if (slot) return slot;
    throw new ScriptError('runtime_error', `variable '${name}' is not defined`, pos);
  }

  /** Assigns to a variable or into a container held by one; the right side is evaluated first. */
  private async assign(target: PlaceExpr, op: AssignOp, valueExpr: Expr, pos: Position): Promise<void> {
    const value = await this.expression(valueExpr);
    const path: Array<Extract<Expr, { kind: 'index' | 'prop' }>> = [];
    let root: Expr = target;
    while (root.kind === 'index' || root.kind === 'prop') {
      path.unshift(root);
      root = root.target;
    }
    const slot = this.findSlot((root as Extract<Expr, { kind: 'var' }>).name, root.pos);
    if (slot.constant) throw new ScriptError('runtime_error', `cannot assign to constant '${slot.name}'`, pos);
    const keys: Array<{ key: Key; pos: Position }> = [];
    for (const step of path) {
      const key: Key =
        step.kind === 'prop'
          ? { kind: 'prop', value: step.name }
          : { kind: 'index', value: await this.expression(step.index) };
      keys.push({ key, pos: step.pos });
    }
    const last = keys.pop();
    if (last === undefined) {
      slot.value = this.combine(slot.value, op, value, pos);
      return;
    }
    let container = slot.value;
    for (const step of keys) container = readKey(container, step.key, step.pos, this.meter);
    const current = op === '=' ? null : readKey(container, last.key, pos, this.meter);
    writeKey(container, last.key, this.combine(current, op, value, pos), this.meter, pos);
  }

  /** The new value for `place op= value`: `=` stores, `+=` on arrays/maps appends in place, others recompute. */
  private combine(current: ScriptValue, op: AssignOp, value: ScriptValue, pos: Position): ScriptValue {
    if (op === '=') return this.owner.own(value, pos);
    if (op === '+=' && this.owner.appendInPlace(current, value, pos)) return current;
    return this.owner.own(this.binary(op.slice(0, -1) as '+', current, value, pos), pos);
  }

  // ## Expressions

  private async expression(expr: Expr): Promise<ScriptValue> {
    const pause = this.meter.tick(expr.pos);
    if (pause) await pause;
    switch (expr.kind) {
      case 'int':
      case 'float':
      case 'string':
      case 'bool':
        return expr.value;
      case 'char':
        return new ScriptChar(expr.value);
      case 'unit':
        return null;
      case 'template': {
        let text = '';
        for (const part of expr.parts) {
          text +=
            typeof part === 'string'
              ? part
              : toText(await this.block(part), this.meter.limits.maxStringBytes, part.pos);
          this.meter.checkString(text, expr.pos);
        }
        return text;
      }
      case 'var':
        return this.findSlot(expr.name, expr.pos).value;
      case 'array': {
        this.meter.checkLength(expr.items.length, expr.pos);
        const items: ScriptValue[] = [];
        for (const item of expr.items) items.push(this.owner.ownElement(await this.expression(item), item.pos));
        return this.owner.markFresh(items);
      }
      case 'map': {
        const map: ScriptMap = new Map();
        for (const { key, value } of expr.entries) {
          this.meter.chargeText(key, expr.pos);
          map.set(key, this.owner.ownElement(await this.expression(value), value.pos));
        }
        this.meter.checkLength(map.size, expr.pos);
        return this.owner.markFresh(map);
      }
      case 'index': {
        const target = await this.expression(expr.target);
        return readKey(target, { kind: 'index', value: await this.expression(expr.index) }, expr.pos, this.meter);
      }
      case 'prop':
        return readKey(await this.expression(expr.target), { kind: 'prop', value: expr.name }, expr.pos, this.meter);
      case 'call':
        return this.call(expr);
      case 'unary':
        return unaryOp(expr.op, await this.expression(expr.operand), expr.pos);
      case 'binary': {
        const left = await this.expression(expr.left);
        return this.binary(expr.op, left, await this.expression(expr.right), expr.pos);
      }
      case 'logical': {
        const left = requireBool(await this.expression(expr.left), `left side of '${expr.op}'`, expr.left.pos);
        if (expr.op === '&&' ? !left : left) return left;
        return requireBool(await this.expression(expr.right), `right side of '${expr.op}'`, expr.right.pos);
      }
      case 'range': {
        const start = await this.expression(expr.start);
        const end = await this.expression(expr.end);
        if (typeof start !== 'bigint' || typeof end !== 'bigint') {
          throw new ScriptError(
            'type_error',
            `range bounds must be i64, got ${typeName(start)} and ${typeName(end)}`,
            expr.pos,
          );
        }
        return new ScriptRange(start, end, expr.inclusive);
      }
      case 'if': {
        if (requireBool(await this.expression(expr.cond), 'if condition', expr.cond.pos)) return this.block(expr.then);
        if (!expr.otherwise) return null;
        return expr.otherwise.kind === 'if' ? this.expression(expr.otherwise) : this.block(expr.otherwise);
      }
      case 'block':
        return this.block(expr.body);
    }
  }

  /** Binary operators; array and map `+` build new containers through the owner, where copying is charged. */
  private binary(op: BinaryOp, left: ScriptValue, right: ScriptValue, pos: Position): ScriptValue {
    const joined = op === '+' ? this.owner.join(left, right, pos) : undefined;
    if (joined !== undefined) return joined;
    if (typeof left === 'string' && typeof right === 'string' && op !== '+') {
      this.meter.chargeText(left.length < right.length ? left : right, pos);
    } else if (isContainer(left) && isContainer(right)) {
      this.meter.charge(Array.isArray(left) ? left.length : left.size, pos);
    }
    const result = binaryOp(op, left, right, pos, this.meter.limits.maxStringBytes);
    return typeof result === 'string' ? this.meter.checkString(result, pos) : result;
  }

  private async call(expr: Extract<Expr, { kind: 'call' }>): Promise<ScriptValue> {
    const args: ScriptValue[] = [];
    for (const arg of expr.args) args.push(await this.expression(arg));
    const builtin = BUILTINS.get(expr.name);
    if (builtin) {
      checkArity(expr.name, args.length, builtin.min, builtin.max, expr.pos);
      const result = builtin.call(args, this.builtinContext(expr.pos));
      return typeof result === 'string' ? this.meter.checkString(result, expr.pos) : result;
    }
    const fn = this.host.get(expr.name);
    if (!fn) throw new ScriptError('unknown_function', `unknown function '${expr.name}'`, expr.pos);
    const hostArgs = args.map((arg) => this.owner.copy(arg, expr.pos));
    return callHost(expr.name, fn, hostArgs, this.meter, expr.pos, (container) => this.owner.markFresh(container));
  }

  private builtinContext(pos: Position): BuiltinContext {
    return {
      meter: this.meter,
      pos,
      print: (text) => this.print(text, pos),
      fresh: (container) => this.owner.markFresh(container),
    };
  }
}
