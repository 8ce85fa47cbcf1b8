import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, runScript, ScriptError, type ScriptHost, type ScriptLimits } from './index';

/** Runs a script expecting a ScriptError and returns it. */
async function failure(source: string, host: ScriptHost = {}, limits?: Partial<ScriptLimits>): Promise<ScriptError> {
  const err = await runScript(source, host, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ScriptError);
  return err as ScriptError;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('limits', () => {
  it('has the documented defaults (64 KiB source, 100,000 steps, 2 s)', () => {
    expect(DEFAULT_LIMITS).toMatchObject({ maxSourceBytes: 65_536, maxSteps: 100_000, maxWallMs: 2_000 });
  });

  it.each([
    ['while true {}'],
    ['loop { }'],
    ['let i = 0; loop { i += 1; }'],
    ['for i in range(0, 9223372036854775807) { }'],
    ['let i = 0; while i >= 0 { if i % 2 == 0 { i += 1; continue; } i += 1 }'],
  ])('stops %s with step_limit', async (source) => {
    const err = await failure(source);
    expect(err.code).toBe('step_limit');
    expect(err.message).toContain('100000 evaluation steps');
    expect(err.line).toBe(1);
  });

  it('honours a smaller step budget and reports the steps used', async () => {
    expect((await failure('let i = 0; loop { i += 1 }', {}, { maxSteps: 500 })).code).toBe('step_limit');
    const { steps } = await runScript('let i = 0; while i < 10 { i += 1 }', {}, { maxSteps: 500 });
    expect(steps).toBeGreaterThan(50);
    expect(steps).toBeLessThan(500);
  });

  it('rejects a 1 MB script as too_large before parsing it', async () => {
    const source = `let x = 1;\n${'// padding\n'.repeat(100_000)}`;
    const started = performance.now();
    const err = await failure(source);
    expect(err.code).toBe('too_large');
    expect(err.message).toContain('65536 bytes');
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('stops a steps-light loop of slow host calls with timeout', async () => {
    let calls = 0;
    const host: ScriptHost = { slow: { params: [], call: () => sleep(25).then(() => ++calls) } };
    const started = performance.now();
    const err = await failure('loop { slow(); }', host, { maxWallMs: 300 });
    const elapsed = performance.now() - started;
    expect(err.code).toBe('timeout');
    expect(err.message).toContain('300 ms');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_500);
    expect(calls).toBeLessThan(20);
  });

  it('does not wait for a host call that never returns', async () => {
    const host: ScriptHost = { hang: { params: [], call: () => new Promise(() => {}) } };
    const started = performance.now();
    expect((await failure('hang()', host, { maxWallMs: 150 })).code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('yields to the event loop during a long CPU-bound script, then times out', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const err = await failure('let i = 0; loop { i += 1 }', {}, { maxSteps: 1e9, maxWallMs: 250 });
      expect(err.code).toBe('timeout');
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(3);
  });

  it('stops a print flood with output_limit and keeps what fitted', async () => {
    let observed = 0;
    const err = await runScript('loop { print("flood!") }', {}, undefined, undefined, {
      onPrint: () => observed++,
    }).catch((e: ScriptError) => e);
    expect(err).toMatchObject({ code: 'output_limit' });
    expect(observed).toBe(Math.floor(65_536 / 6));
  });

  it('counts the final value toward the output limit', async () => {
    expect((await failure('print("12345"); "abcd"', {}, { maxOutputBytes: 8 })).code).toBe('output_limit');
    expect((await runScript('print("12345"); "abc"', {}, { maxOutputBytes: 8 })).value).toBe('abc');
    expect((await runScript('let a = []; for i in 0..5000 { a += i } a', {})).value).toHaveLength(28_890);
    expect((await failure('let a = []; for i in 0..12000 { a += 1000000 } a')).code).toBe('output_limit');
  });

  it('stops string doubling with too_large', async () => {
    const err = await failure('let s = "x"; loop { s += s }');
    expect(err.code).toBe('too_large');
    expect(err.message).toMatch(/string of \d+ characters exceeds the limit of 1048576/);
    expect((await failure('let s = "ab"; loop { s = s + s + s }', {}, { maxStringBytes: 1000 })).code).toBe(
      'too_large',
    );
  });

  it('bounds arrays and maps', async () => {
    expect((await failure('let a = [1]; loop { a += a }', {}, { maxArrayLength: 1000 })).code).toBe('too_large');
    expect(
      (await failure('let m = #{}; let i = 0; loop { m["k" + i] = i; i += 1 }', {}, { maxArrayLength: 100 })).code,
    ).toBe('too_large');
    const nested = await failure('let a = [1]; loop { a = [a, a] }');
    expect(['step_limit', 'runtime_error']).toContain(nested.code);
  });

  it('charges steps for keeping big strings, so memory stays proportional to steps', async () => {
    const source = 'let s = "x"; for i in 0..19 { s += s } let m = #{}; let i = 0; loop { m[s + i] = 1; i += 1; }';
    const err = await failure(source);
    expect(err.code).toBe('step_limit');
    const counted = await runScript(source.replace('loop {', 'while i < 10 {'), {});
    expect(counted.steps).toBeGreaterThan(10 * 2048);
  });

  it('refuses nonsense limits as a programming error', async () => {
    await expect(runScript('1', {}, { maxSteps: 0 })).rejects.toThrow(TypeError);
    await expect(runScript('1', {}, { maxWallMs: Number.NaN })).rejects.toThrow(TypeError);
  });
});
