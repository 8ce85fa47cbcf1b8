import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grammar, PRELUDE, typed } from '../../../../test/helpers/script-fuzz-grammars';
import { fakeWalletHost } from '../../../../test/helpers/script-host';
import { printProgram, withoutPositions } from './ast-printer';
import { type Program, parseScript, runProgram, type ScriptError, ScriptError as ScriptErrorClass } from './index';
import { tokenize } from './lexer';

const FAST_LIMITS = {
  maxSteps: 3_000,
  maxWallMs: 500,
  maxOutputBytes: 4_096,
  maxStringBytes: 4_096,
  maxArrayLength: 256,
};

/** Runs `fn`; anything thrown must be a well-formed ScriptError. Returns the error, if any. */
async function onlyScriptErrors(fn: () => unknown): Promise<ScriptError | undefined> {
  try {
    await fn();
    return undefined;
  } catch (err) {
    if (!(err instanceof ScriptErrorClass)) throw err;
    expect(typeof err.message).toBe('string');
    if (err.code === 'parse_error') {
      expect(err.line).toBeGreaterThanOrEqual(1);
      expect(err.column).toBeGreaterThanOrEqual(1);
    }
    return err;
  }
}

/** Parses printed source again and checks it is the same program. */
function expectRoundTrip(program: Program): void {
  const printed = printProgram(program);
  let reparsed: Program;
  try {
    reparsed = parseScript(printed, { maxSourceBytes: 1 << 20 });
  } catch (err) {
    // Full parenthesization can push a deep-but-legal program past the nesting cap; nothing else may fail.
    if (err instanceof ScriptErrorClass && /nested too deeply/.test(err.message)) return;
    throw new Error(`reprint failed to parse: ${(err as Error).message}\n${printed}`);
  }
  expect(withoutPositions(reparsed)).toEqual(withoutPositions(program));
}

const VOCABULARY = [
  'let',
  'const',
  'if',
  'else',
  'while',
  'loop',
  'for',
  'in',
  'break',
  'continue',
  'return',
  'throw',
  'true',
  'false',
  'fn',
  'x',
  'y',
  'a',
  'print',
  'len',
  'sign',
  'public_key',
  'range',
  'to_string',
  'keys',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '#{',
  ',',
  ';',
  ':',
  '.',
  '..',
  '..=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '=',
  '+=',
  '-=',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '&&',
  '||',
  '!',
  '0',
  '1',
  '-1',
  '9223372036854775807',
  '0xff',
  '1.5',
  '1e3',
  '"s"',
  '"\\n"',
  '"\\u{41}"',
  "'c'",
  '`t${',
  '`',
  '//',
  '/*',
  '*/',
  '"',
  '\\',
  '@',
  '\n',
  'x = x + x',
  '|',
];

describe('fuzzing the lexer and parser', () => {
  it('never fails on random text with anything but a positioned ScriptError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 100 })),
        async (text) => {
          await onlyScriptErrors(() => tokenize(text));
          await onlyScriptErrors(() => parseScript(text));
        },
      ),
      { numRuns: 1_500 },
    );
  });

  it('parses, reprints and runs token soups without crashing or hanging', async () => {
    const { host } = fakeWalletHost();
    let parsed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 40 }),
        fc.constantFrom(' ', '', '\n'),
        async (tokens, glue) => {
          const source = tokens.join(glue);
          let program: Program | undefined;
          await onlyScriptErrors(() => {
            program = parseScript(source);
          });
          if (!program) return;
          parsed++;
          expectRoundTrip(program);
          await onlyScriptErrors(() => runProgram(program as Program, host, FAST_LIMITS));
        },
      ),
      { numRuns: 1_000 },
    );
    expect(parsed).toBeGreaterThan(30);
  });
});

describe('fuzzing generated valid programs', () => {
  it('parses every generated program, reprints it to the same AST and evaluates it to a value or a ScriptError', async () => {
    const { host } = fakeWalletHost();
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(grammar.stmt, { minLength: 1, maxLength: 5 }), grammar.expr, async (stmts, last) => {
        const source = `${PRELUDE}\n${stmts.join('\n')}\n${last}`;
        let program: Program;
        try {
          program = parseScript(source, { maxSourceBytes: 1 << 20 });
        } catch (err) {
          throw new Error(`valid program did not parse: ${(err as Error).message}\n${source}`);
        }
        expectRoundTrip(program);
        const err = await onlyScriptErrors(() => runProgram(program, host, FAST_LIMITS));
        const key = err?.code ?? 'ok';
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      }),
      { numRuns: 400 },
    );
    // The generator is not degenerate: some programs succeed and many hit type errors (random mixes of types).
    // Thresholds are low on purpose: the mix is random, and a loaded machine can turn a few into timeouts.
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(0);
    expect(outcomes.get('type_error') ?? 0).toBeGreaterThan(50);
  });

  it('evaluates well-typed generated programs to a value (overflow aside), with the same result after reprinting', async () => {
    const { host } = fakeWalletHost();
    let succeeded = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(typed.stmt, { minLength: 1, maxLength: 6 }),
        fc.oneof(typed.int, typed.str, typed.bool),
        async (stmts, last) => {
          const source = `let i0 = 0; let s0 = "";\n${stmts.join('\n')}\n${last}`;
          const program = parseScript(source, { maxSourceBytes: 1 << 20 });
          const err = await onlyScriptErrors(async () => {
            const first = await runProgram(program, host, FAST_LIMITS);
            const again = await runProgram(
              parseScript(printProgram(program), { maxSourceBytes: 1 << 20 }),
              host,
              FAST_LIMITS,
            );
            expect(again).toEqual(first);
          });
          if (err === undefined) succeeded++;
          else expect(['runtime_error', 'step_limit', 'too_large', 'output_limit']).toContain(err.code);
        },
      ),
      { numRuns: 300 },
    );
    expect(succeeded).toBeGreaterThan(220);
  });
});
