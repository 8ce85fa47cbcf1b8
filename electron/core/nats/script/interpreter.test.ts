import { describe, expect, it } from 'vitest';
import { loadScriptVectors } from '../../../../test/helpers/script-vectors';
import { runScript, ScriptError } from './index';

interface EvalCase {
  name: string;
  source: string;
  value: string;
  prints?: string[];
}
interface ErrorCase {
  source: string;
  code: string;
  line: number;
  column: number;
  message: string;
}

const evaluate = loadScriptVectors<{ cases: EvalCase[] }>('evaluate.json').cases;
const runtimeErrors = loadScriptVectors<{ cases: ErrorCase[] }>('runtime-errors.json').cases;

/** Runs a script expecting a ScriptError and returns it. */
async function failure(source: string): Promise<ScriptError> {
  const err = await runScript(source, {}).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ScriptError);
  return err as ScriptError;
}

describe('evaluation vectors', () => {
  it.each(evaluate)('$name', async ({ source, value, prints }) => {
    const result = await runScript(source, {});
    expect(result.value).toBe(value);
    expect(result.prints).toEqual(prints ?? []);
  });
});

describe('runtime error vectors', () => {
  it.each(runtimeErrors)('$source', async ({ source, code, line, column, message }) => {
    const err = await failure(source);
    expect({ code: err.code, line: err.line, column: err.column }).toEqual({ code, line, column });
    expect(err.message).toContain(message);
    expect(err.message).toContain(`(line ${line}, column ${column})`);
  });
});

describe('value semantics', () => {
  it('copies a container read from a variable when it is stored elsewhere', async () => {
    const { value } = await runScript('let m = #{list: [1]}; let l = m.list; l += 2; m.list += 3; [m, l]', {});
    expect(value).toBe('[#{"list": [1, 3]}, [1, 2]]');
  });

  it('copies an array returned from a block before a variable dies', async () => {
    const { value } = await runScript('let a = [1]; let b = if true { a } else { [] }; b[0] = 2; [a, b]', {});
    expect(value).toBe('[[1], [2]]');
  });

  it('does not let a loop variable alias the array being walked', async () => {
    const { value } = await runScript('let a = [[1], [2]]; for x in a { x[0] = 0; } a', {});
    expect(value).toBe('[[1], [2]]');
  });

  it('keeps host arguments from mutating script state', async () => {
    let seen: unknown;
    const host = {
      mutate: {
        params: ['any' as const],
        call: (arr: unknown) => {
          seen = arr;
          (arr as unknown[]).push(99n);
          return null;
        },
      },
    };
    const { value } = await runScript('let a = [1]; mutate(a); a', host);
    expect(seen).toEqual([1n, 99n]);
    expect(value).toBe('[1]');
  });

  it('refuses values nested deeper than the value depth limit instead of overflowing the stack', async () => {
    const err = await failure('let a = [0]; for i in range(0, 300) { a[0] = a; } 1');
    expect(err.code).toBe('runtime_error');
    expect(err.message).toContain('nested deeper than 256');
  });
});

describe('control flow', () => {
  it('evaluates a nested if/else to the inner value', async () => {
    const source = 'if true {\n  if false { "no" } else {\n    let v = "yes";\n    v\n  }\n} else { "outer" }';
    expect((await runScript(source, {})).value).toBe('yes');
  });

  it('stops at return inside nested loops and skips what follows', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Rhai source, not a JS template
    const source = 'for i in 0..10 { for j in 0..10 { if i * j == 12 { return `${i},${j}`; } } } print("never"); 0';
    const result = await runScript(source, {});
    expect(result).toMatchObject({ value: '2,6', prints: [] });
  });

  it('break leaves only the innermost loop', async () => {
    const source = 'let n = 0; for i in 0..3 { for j in 0..3 { if j == 1 { break } n += 1; } } n';
    expect((await runScript(source, {})).value).toBe('3');
  });
});
