/**
 * The wallet's script language: a small, sandboxed subset of Rhai for `crypto-cli listen` and the NATS listener.
 *
 * - Statements: let/const, assignment (= += -= *= /= %=, into variables, indexes and map properties),
 *   if/else-if/else as expressions, blocks (value = last statement, as in Rhai), while, loop,
 *   for x in range(a, b[, step]) | a..b | a..=b | array | string, for (x, i) in ..., break, continue,
 *   return, throw.
 * - Values: i64 (checked), f64, string, char, bool, (), array, map (#{..}), range.
 * - Built-ins: see BUILTIN_NAMES; everything else must come from the host, checked before the run.
 * - Limits: see ScriptLimits; each breach is a ScriptError with its own code.
 */
import { callSites, checkCalls } from './analysis';
import type { Program } from './ast';
import { BUILTIN_NAMES } from './builtins';
import { ScriptError } from './errors';
import { hostTable, type ScriptHost } from './host';
import { Interpreter } from './interpreter';
import { Meter, resolveLimits, type ScriptLimits } from './limits';
import { parseSource } from './parser';
import { toText } from './values';

export { type FirstArgument, firstArguments } from './analysis';
export type { Program } from './ast';
export { BUILTIN_NAMES } from './builtins';
export { type Position, ScriptError, type ScriptErrorCode } from './errors';
export type { ScriptHost, ScriptHostFunction, ScriptParamType } from './host';
export { DEFAULT_LIMITS, type ScriptLimits } from './limits';
export {
  ScriptChar,
  type ScriptMap,
  ScriptRange,
  type ScriptValue,
  toDebug as valueToDebug,
  toText as valueToText,
  typeName,
} from './values';

/** Options beyond the limits: a way to watch print output as it happens (for the wallet log). */
export interface RunOptions {
  onPrint?: (text: string) => void;
}

export interface ScriptResult {
  /** The final value as Rhai prints it; unit gives "". */
  value: string;
  /** Each print/debug call's text, in order. */
  prints: string[];
  /** Evaluation steps used, for audit and tuning. */
  steps: number;
}

/** Refuses sources over maxSourceBytes (UTF-8) before any parsing work. */
function checkSize(source: string, maxSourceBytes: number): void {
  if (typeof source !== 'string') throw new ScriptError('parse_error', 'script must be text');
  // Every UTF-16 unit is at least one UTF-8 byte, so an over-long string is refused without encoding it.
  const exact = source.length <= maxSourceBytes;
  const bytes = exact ? Buffer.byteLength(source, 'utf8') : source.length;
  if (bytes > maxSourceBytes) {
    const size = exact ? `${bytes}` : `at least ${bytes}`;
    throw new ScriptError('too_large', `script of ${size} bytes exceeds the limit of ${maxSourceBytes} bytes`);
  }
}

/** Parses a script; throws ScriptError('too_large') or ScriptError('parse_error') with line and column. */
export function parseScript(source: string, limits?: Partial<ScriptLimits>): Program {
  checkSize(source, resolveLimits(limits).maxSourceBytes);
  return parseSource(source);
}

/**
 * The functions a script calls, found statically (sorted, unique), for the approval prompt.
 * With `hostNames`, only those names; without, every name that is not a built-in (typos included).
 */
export function calledFunctions(program: Program, hostNames?: Iterable<string>): string[] {
  const wanted = hostNames ? new Set(hostNames) : undefined;
  const names = new Set(callSites(program).map((call) => call.name));
  return [...names].filter((name) => (wanted ? wanted.has(name) : !BUILTIN_NAMES.has(name))).sort();
}

/** Runs an already parsed (and, typically, already approved) program. */
export async function runProgram(
  program: Program,
  host: ScriptHost,
  limits?: Partial<ScriptLimits>,
  signal?: AbortSignal,
  options: RunOptions = {},
): Promise<ScriptResult> {
  const resolved = resolveLimits(limits);
  const meter = new Meter(resolved, signal);
  meter.checkAbort();
  const table = hostTable(host, BUILTIN_NAMES);
  checkCalls(program, table);
  const prints: string[] = [];
  const interpreter = new Interpreter(table, meter, (text, pos) => {
    meter.addOutput(text, 'print output', pos);
    prints.push(text);
    try {
      options.onPrint?.(text);
    } catch (err) {
      throw new ScriptError(
        'host_error',
        `print observer failed: ${err instanceof Error ? err.message : String(err)}`,
        pos,
      );
    }
  });
  const result = await interpreter.run(program);
  let value: string;
  try {
    value = toText(result, resolved.maxOutputBytes);
  } catch (err) {
    if (err instanceof ScriptError && err.code === 'too_large') {
      throw new ScriptError(
        'output_limit',
        `the final value exceeds the output limit of ${resolved.maxOutputBytes} bytes`,
      );
    }
    throw err;
  }
  meter.addOutput(value, 'the final value');
  return { value, prints, steps: meter.steps };
}

/** Parses and runs a script: the final value as text plus everything it printed. */
export async function runScript(
  source: string,
  host: ScriptHost,
  limits?: Partial<ScriptLimits>,
  signal?: AbortSignal,
  options?: RunOptions,
): Promise<ScriptResult> {
  const program = parseScript(source, limits);
  return runProgram(program, host, limits, signal, options);
}
