import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDir } from '../../../test/helpers/tmp';
import { ManualClock } from '../../../test/requests/manual-clock';
import { PolicyEngine } from './policies';
import type { PolicySubject } from './policy-rule';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function engineOnDisk(
  clock = new ManualClock(),
): Promise<{ engine: PolicyEngine; file: string; clock: ManualClock }> {
  const { dir, cleanup } = await makeDataDir('policies-');
  cleanups.push(cleanup);
  const file = join(dir, 'policies.json');
  return { engine: await PolicyEngine.open(file, clock), file, clock };
}

function subject(overrides: Partial<PolicySubject> = {}): PolicySubject {
  return {
    source: { kind: 'sigsocket', endpoint: 'wss://sig.example', requester: 'app', verified: true },
    requester: 'app',
    target: { keyspace: 'ks', keypair: '02aa' },
    operation: 'sign',
    ...overrides,
  };
}

describe('PolicyEngine', () => {
  it('asks by default', async () => {
    const { engine } = await engineOnDisk();
    expect(engine.evaluate(subject())).toEqual({ effect: 'ask' });
  });

  it('allowsByRule answers for allow rules only (never the fallback) and uses nothing up', async () => {
    const { engine } = await engineOnDisk();
    engine.setFallback('auto');
    expect(engine.allowsByRule(subject())).toBe(false);
    const rule = engine.add({ effect: 'allow', requester: 'app', operation: 'sign', uses: 1 });
    expect(engine.allowsByRule(subject())).toBe(true);
    expect(engine.allowsByRule(subject())).toBe(true);
    expect(engine.list().find((r) => r.id === rule.id)?.usesLeft).toBe(1);
    engine.add({ effect: 'deny', requester: 'app', operation: 'sign' });
    expect(engine.allowsByRule(subject())).toBe(false);
  });

  it('a time-boxed grant allows until its minutes are up, then asks again', async () => {
    const { engine, clock } = await engineOnDisk();
    const rule = engine.add({ effect: 'allow', requester: 'app', minutes: 10 });
    expect(engine.evaluate(subject())).toEqual({ effect: 'allow', by: `policy:${rule.id}` });
    clock.advance(10 * 60_000 - 1);
    expect(engine.evaluate(subject()).effect).toBe('allow');
    clock.advance(1);
    expect(engine.evaluate(subject())).toEqual({ effect: 'ask' });
    expect(engine.list()).toEqual([]);
  });

  it('a usage cap stops after N uses ("once" is uses: 1)', async () => {
    const { engine } = await engineOnDisk();
    engine.add({ effect: 'allow', requester: 'app', uses: 3 });
    const effects = Array.from({ length: 5 }, () => engine.evaluate(subject()).effect);
    expect(effects).toEqual(['allow', 'allow', 'allow', 'ask', 'ask']);
    engine.add({ effect: 'allow', requester: 'app', uses: 1 });
    expect([engine.evaluate(subject()).effect, engine.evaluate(subject()).effect]).toEqual(['allow', 'ask']);
  });

  it('remembered rejections reject, and deny beats allow', async () => {
    const { engine } = await engineOnDisk();
    engine.add({ effect: 'allow', requester: '*' });
    const deny = engine.remember(subject(), 'deny', {});
    expect(engine.evaluate(subject())).toMatchObject({ effect: 'deny', by: `policy:${deny.id}` });
    expect(engine.evaluate(subject({ requester: 'someone-else' })).effect).toBe('allow');
  });

  it('key management asks by default, even under wildcard allows, until a rule names the kind', async () => {
    const { engine } = await engineOnDisk();
    const km = subject({ operation: 'key_management', keyManagement: 'reveal_mnemonic' });
    engine.add({ effect: 'allow' });
    engine.add({ effect: 'allow', operation: '*', requester: 'app' });
    expect(engine.evaluate(km)).toEqual({ effect: 'ask' });
    expect(() => engine.add({ effect: 'allow', operation: 'key_management' })).toThrow(/list keyManagement/);
    engine.add({ effect: 'allow', operation: 'key_management', keyManagement: ['create_keypair'] });
    expect(engine.evaluate(km)).toEqual({ effect: 'ask' });
    engine.add({ effect: 'allow', operation: 'key_management', keyManagement: ['reveal_mnemonic'] });
    expect(engine.evaluate(km).effect).toBe('allow');
  });

  it('auto approves signatures but never key management; deny fallback refuses', async () => {
    const { engine } = await engineOnDisk();
    engine.setFallback('auto');
    expect(engine.evaluate(subject())).toEqual({ effect: 'allow', by: 'auto' });
    expect(engine.evaluate(subject({ operation: 'key_management', keyManagement: 'create_keyspace' })).effect).toBe(
      'deny',
    );
    engine.setFallback('deny');
    expect(engine.evaluate(subject())).toMatchObject({ effect: 'deny', by: 'policy:default' });
  });

  it('an explicit ask rule overrides a broader allow', async () => {
    const { engine } = await engineOnDisk();
    engine.add({ effect: 'allow' });
    engine.add({ effect: 'ask', keypair: '02aa' });
    expect(engine.evaluate(subject()).effect).toBe('ask');
    expect(engine.evaluate(subject({ target: { keyspace: 'ks', keypair: '02bb' } })).effect).toBe('allow');
  });

  it('requireVerified rules ignore an unverified claim of the same name', async () => {
    const { engine } = await engineOnDisk();
    engine.remember(subject(), 'allow', {});
    const claim = subject({
      source: { kind: 'sigsocket', endpoint: 'wss://sig.example', requester: 'app', verified: false },
    });
    expect(engine.evaluate(claim).effect).toBe('ask');
  });

  it('until-lock grants end when their keyspace locks and are never written to disk', async () => {
    const { engine, file } = await engineOnDisk();
    engine.remember(subject(), 'allow', { untilLock: true });
    const kept = engine.add({ effect: 'deny', requester: 'mallory' });
    await engine.flush();
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk.rules.map((r: { id: string }) => r.id)).toEqual([kept.id]);
    engine.onLocked('other');
    expect(engine.evaluate(subject()).effect).toBe('allow');
    engine.onLocked('ks');
    expect(engine.evaluate(subject()).effect).toBe('ask');
  });

  it('persists rules atomically and loads them back; revoke removes them', async () => {
    const { engine, file, clock } = await engineOnDisk();
    const a = engine.add({ effect: 'allow', requester: 'app', uses: 2, minutes: 60 });
    const b = engine.add({ effect: 'deny', requester: 'mallory' });
    engine.evaluate(subject());
    await engine.flush();
    expect((await readdir(join(file, '..'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const reloaded = await PolicyEngine.open(file, clock);
    expect(reloaded.list()).toEqual(engine.list());
    expect(reloaded.list().find((r) => r.id === a.id)!.usesLeft).toBe(1);
    reloaded.revoke(b.id);
    expect(() => reloaded.revoke(b.id)).toThrow(/no such policy/);
    await reloaded.flush();
    expect((await PolicyEngine.open(file, clock)).list().map((r) => r.id)).toEqual([a.id]);
  });

  it('a corrupt policies file is moved aside with a warning; the engine starts from ask', async () => {
    const { file } = await engineOnDisk();
    let round = 1;
    for (const bad of ['{not json', JSON.stringify({ version: 1, rules: [{ effect: 'allow', sneaky: true }] })]) {
      await writeFile(file, bad);
      const warnings: string[] = [];
      const engine = await PolicyEngine.open(file, new ManualClock(), (m) => warnings.push(m));
      expect(engine.list()).toEqual([]);
      expect(warnings[0]).toMatch(/moved to .*corrupt/);
      const aside = (await readdir(join(file, '..'))).filter((f) => f.includes('.corrupt-'));
      expect(aside.length).toBe(round++);
      expect(await readFile(join(file, '..', aside.at(-1)!), 'utf8')).not.toBe('');
    }
  });

  it('rejects malformed rules with bad_input', async () => {
    const { engine } = await engineOnDisk();
    expect(() => engine.add({ effect: 'sometimes' } as never)).toThrow(/invalid policy/);
    expect(() => engine.add({ effect: 'allow', minutes: -5 })).toThrow(/invalid policy/);
  });
});
