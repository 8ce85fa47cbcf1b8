import { describe, expect, it } from 'vitest';
import { fakeWalletHost } from '../../../../test/helpers/script-host';
import { runScript, ScriptError, type ScriptHost } from './index';

/** Runs a script expecting a ScriptError and returns it. */
async function failure(source: string, host: ScriptHost, signal?: AbortSignal): Promise<ScriptError> {
  const err = await runScript(source, host, undefined, signal).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ScriptError);
  return err as ScriptError;
}

/** A host with one function returning `value`. */
function returning(value: unknown): ScriptHost {
  return { give: { params: [], call: () => value as never } };
}

describe('host functions', () => {
  it('checks argument types before calling and names the function and expected type', async () => {
    const { host, state } = fakeWalletHost();
    const err = await failure('create_key_space("s");\ncreate_keypair("k");\nselect_keypair("k");\nsign(42)', host);
    expect(err).toMatchObject({ code: 'type_error', line: 4, column: 1 });
    expect(err.message).toContain('sign: argument 1 must be string, got i64');
    expect(state.calls).not.toContain('sign');
    const second = await failure('create_key_space("t", true)', fakeWalletHost().host);
    expect(second.message).toContain('create_key_space: argument 2 must be string, got bool');
  });

  it('passes int and bool parameters as bigint and boolean', async () => {
    const seen: unknown[] = [];
    const host: ScriptHost = {
      take: {
        params: ['int', 'bool', 'any'],
        call: (...args) => {
          seen.push(...args);
          return null;
        },
      },
    };
    await runScript('take(7, false, [1])', host);
    expect(seen).toEqual([7n, false, [1n]]);
    expect((await failure('take(7.0, false, 1)', host)).message).toContain('take: argument 1 must be i64, got f64');
  });

  it('rejects unknown functions and wrong argument counts before anything runs', async () => {
    const { host, state } = fakeWalletHost();
    const unknown = await failure('create_key_space("s");\ncreate_keypair("k");\n  crate_keypair("typo")', host);
    expect(unknown).toMatchObject({ code: 'unknown_function', line: 3, column: 3 });
    expect(unknown.message).toContain("unknown function 'crate_keypair'");
    const arity = await failure('create_key_space("s"); create_key_space("a", "b", "c")', host);
    expect(arity.message).toContain('create_key_space expects 1 to 2 arguments, got 3');
    expect(state.calls).toEqual([]);
  });

  it('never reaches Object.prototype through a function name', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const err = await failure(`${name}()`, {});
      expect(err.code).toBe('unknown_function');
    }
  });

  it('turns host failures into host_error naming the function, at the call site', async () => {
    const { host } = fakeWalletHost();
    const err = await failure('create_key_space("s");\nselect_keypair("missing")', host);
    expect(err).toMatchObject({ code: 'host_error', line: 2, column: 1 });
    expect(err.message).toContain("select_keypair failed: no keypair named 'missing'");
    const custom: ScriptHost = {
      deny: {
        params: [],
        call: () => {
          throw new ScriptError('runtime_error', 'not allowed here');
        },
      },
    };
    expect(await failure('\n deny()', custom)).toMatchObject({ code: 'runtime_error', line: 2, column: 2 });
  });

  it('converts host results to script values', async () => {
    const cases: Array<[unknown, string]> = [
      [3, 'i64'],
      [2.5, 'f64'],
      [undefined, '()'],
      [7n, 'i64'],
      ['s', 'string'],
      [{ a: [1, { b: true }] }, 'map'],
      [new Map([['k', 1]]), 'map'],
    ];
    for (const [value, type] of cases) {
      expect((await runScript('type_of(give())', returning(value))).value).toBe(type);
    }
    expect((await runScript('give()', returning({ b: [1, 2.5], a: null }))).value).toBe('#{"a": (), "b": [1, 2.5]}');
    expect((await runScript('let m = give(); m.a += 1; m', returning({ a: [] }))).value).toBe('#{"a": [1]}');
  });

  it('refuses host results scripts cannot hold', async () => {
    for (const value of [new Uint8Array(2), () => 1, 2n ** 64n, Symbol('s'), new Date(0)]) {
      expect((await failure('give()', returning(value))).code).toBe('host_error');
    }
    expect((await failure('give()', returning('x'.repeat(2 * 1024 * 1024)))).code).toBe('too_large');
  });

  it('refuses a host that redefines a built-in, pointing to onPrint', async () => {
    const host: ScriptHost = { print: { params: ['any'], call: () => null } };
    await expect(runScript('1', host)).rejects.toThrow(/clashes with a script built-in.*onPrint/);
  });

  it('lets the caller observe prints as they happen', async () => {
    const seen: string[] = [];
    const result = await runScript('print("a"); debug("b"); print(1 + 1); "done"', {}, undefined, undefined, {
      onPrint: (text) => seen.push(text),
    });
    expect(seen).toEqual(['a', '"b"', '2']);
    expect(result.prints).toEqual(seen);
    const failing = runScript('print("a")', {}, undefined, undefined, {
      onPrint: () => {
        throw new Error('log full');
      },
    });
    await expect(failing).rejects.toMatchObject({ code: 'host_error' });
  });

  it('stops on an abort signal, before the run or during a host call', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await failure('1', {}, controller.signal)).code).toBe('aborted');
    const hanging: ScriptHost = { wait: { params: [], call: () => new Promise(() => {}) } };
    const live = new AbortController();
    setTimeout(() => live.abort(), 30);
    const started = performance.now();
    expect((await failure('wait()', hanging, live.signal)).code).toBe('aborted');
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
