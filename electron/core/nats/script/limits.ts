// Resource limits of one script run, and the Meter that counts its steps, wall time and output against them.
import { type Position, ScriptError } from './errors';

/** Resource limits for one script run; each is answered with its own ScriptError code. */
export interface ScriptLimits {
  /** Source size in UTF-8 bytes (too_large). */
  maxSourceBytes: number;
  /** Evaluation steps: one per statement and expression evaluated, plus one per element copied (step_limit). */
  maxSteps: number;
  /** Wall time, host calls included (timeout). */
  maxWallMs: number;
  /** UTF-8 bytes of all print/debug output plus the final value's text (output_limit). */
  maxOutputBytes: number;
  /** Longest string a script may build, in UTF-16 code units (too_large). */
  maxStringBytes?: number;
  /** Most elements in one array or entries in one map (too_large). */
  maxArrayLength?: number;
}

export const DEFAULT_LIMITS: Readonly<Required<ScriptLimits>> = Object.freeze({
  maxSourceBytes: 64 * 1024,
  maxSteps: 100_000,
  maxWallMs: 2_000,
  maxOutputBytes: 64 * 1024,
  maxStringBytes: 1024 * 1024,
  maxArrayLength: 65_536,
});

/** Fills in defaults and rejects limits that are not positive numbers (a programming error, not a script error). */
export function resolveLimits(limits: Partial<ScriptLimits> = {}): Required<ScriptLimits> {
  const resolved = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof ScriptLimits>) {
    const value = limits[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0)) throw new TypeError(`script limit ${key} must be a positive number`);
    resolved[key] = value;
  }
  return resolved;
}

/** Long strings cost one extra step per this many code units when stored or scanned, bounding memory and CPU. */
const STRING_UNITS_PER_STEP = 256;
/** The clock and abort signal are read every this many steps: cheap, yet far below any wall limit. */
const CLOCK_EVERY_STEPS = 256;
/** A long CPU-bound script yields to the event loop this often, so the listener keeps serving. */
const YIELD_EVERY_MS = 20;

/** Counts steps, watches the clock and abort signal, and accounts output, for one run. */
export class Meter {
  steps = 0;
  outputBytes = 0;
  private readonly deadline: number;
  private lastYield: number;
  private nextClockCheck = CLOCK_EVERY_STEPS;

  constructor(
    readonly limits: Required<ScriptLimits>,
    readonly signal?: AbortSignal,
  ) {
    const now = performance.now();
    this.deadline = now + limits.maxWallMs;
    this.lastYield = now;
  }

  /** One evaluation step; returns a promise only when it is time to yield to the event loop. */
  tick(pos: Position): Promise<void> | undefined {
    this.steps++;
    if (this.steps > this.limits.maxSteps) this.stepLimit(pos);
    if (this.steps >= this.nextClockCheck) {
      this.nextClockCheck = this.steps + CLOCK_EVERY_STEPS;
      return this.checkClock(pos);
    }
    return undefined;
  }

  /** Extra steps for work proportional to data size (copies, concatenations). */
  charge(units: number, pos?: Position): void {
    this.steps += units;
    if (this.steps > this.limits.maxSteps) this.stepLimit(pos);
  }

  /** Charges for storing a string in a container or scanning it, so memory and time stay proportional to steps. */
  chargeText(value: unknown, pos?: Position): void {
    if (typeof value === 'string' && value.length >= STRING_UNITS_PER_STEP) {
      this.charge(Math.floor(value.length / STRING_UNITS_PER_STEP), pos);
    }
  }

  private stepLimit(pos?: Position): never {
    throw new ScriptError('step_limit', `script exceeded the limit of ${this.limits.maxSteps} evaluation steps`, pos);
  }

  /** Throws on abort or when past the deadline; yields to the event loop now and then. */
  checkClock(pos?: Position): Promise<void> | undefined {
    this.checkAbort(pos);
    const now = performance.now();
    if (now > this.deadline) throw this.timeoutError(pos);
    if (now - this.lastYield < YIELD_EVERY_MS) return undefined;
    this.lastYield = now;
    return new Promise((resolve) => setImmediate(resolve));
  }

  checkAbort(pos?: Position): void {
    if (this.signal?.aborted) throw new ScriptError('aborted', 'script was cancelled', pos);
  }

  timeoutError(pos?: Position): ScriptError {
    return new ScriptError('timeout', `script exceeded the time limit of ${this.limits.maxWallMs} ms`, pos);
  }

  remainingMs(): number {
    return this.deadline - performance.now();
  }

  /** Refuses strings longer than maxStringBytes. */
  checkString(value: string, pos?: Position): string {
    if (value.length > this.limits.maxStringBytes) {
      throw new ScriptError(
        'too_large',
        `string of ${value.length} characters exceeds the limit of ${this.limits.maxStringBytes}`,
        pos,
      );
    }
    return value;
  }

  /** Refuses arrays and maps past maxArrayLength. */
  checkLength(length: number, pos?: Position): void {
    if (length > this.limits.maxArrayLength) {
      throw new ScriptError(
        'too_large',
        `array or map of ${length} elements exceeds the limit of ${this.limits.maxArrayLength}`,
        pos,
      );
    }
  }

  /** Accounts output text (prints and the final value) against maxOutputBytes. */
  addOutput(text: string, what: string, pos?: Position): void {
    this.outputBytes += Buffer.byteLength(text, 'utf8');
    if (this.outputBytes > this.limits.maxOutputBytes) {
      throw new ScriptError(
        'output_limit',
        `${what} exceeds the output limit of ${this.limits.maxOutputBytes} bytes`,
        pos,
      );
    }
  }
}
