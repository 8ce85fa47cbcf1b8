import { afterEach, describe, expect, it } from 'vitest';
import { WalletError } from '../../../shared/errors';
import { at } from '../../../test/helpers/at';
import { verifySignature } from '../../../test/requests/memory-signer';
import { makeQueue, type QueueFixture, settleAsync, signInput } from '../../../test/requests/setup';
import { queryAudit } from './audit-query';
import type { QueueChange } from './queue';

let fx: QueueFixture;
afterEach(async () => {
  await fx?.cleanup();
});

/** Asserts fn throws a WalletError with this code. */
function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WalletError);
    expect((e as WalletError).code).toBe(code);
    return;
  }
  throw new Error(`expected WalletError ${code}`);
}

describe('RequestQueue: the basic lifecycle', () => {
  it('signs an approved request once, with a signature that verifies against the target key', async () => {
    fx = await makeQueue();
    const input = signInput(fx.pub);
    const sub = fx.queue.submit(input);
    expect(fx.queue.snapshot().map((v) => v.id)).toEqual([sub.id]);
    expect(fx.queue.approve(sub.id)).toBe(true);
    expect(fx.queue.approve(sub.id)).toBe(false); // double click while signing
    const outcome = await sub.outcome;
    expect(outcome.status).toBe('signed');
    if (outcome.status !== 'signed') return;
    expect(verifySignature(outcome.signature, input.payload as Uint8Array, fx.pub)).toBe(true);
    expect(outcome.decidedBy).toBe('user');
    expect(fx.signer.produced).toHaveLength(1);
    expect(fx.queue.snapshot()).toEqual([]);
    expectCode(() => fx.queue.approve(sub.id), 'not_found');
  });

  it('rejects with the reason, and never calls the signer', async () => {
    fx = await makeQueue();
    const sub = fx.queue.submit(signInput(fx.pub));
    expect(fx.queue.reject(sub.id, { reason: 'not mine' })).toBe(true);
    expect(await sub.outcome).toMatchObject({
      status: 'rejected',
      code: 'rejected',
      reason: 'not mine',
      decidedBy: 'user',
    });
    expect(fx.signer.calls).toBe(0);
  });

  it('expires at the source kind default (SigSocket 60 s) and clears its timer', async () => {
    fx = await makeQueue();
    const sub = fx.queue.submit(signInput(fx.pub));
    expect(fx.queue.get(sub.id)!.expiresAt - fx.queue.get(sub.id)!.createdAt).toBe(60_000);
    fx.clock.advance(59_999);
    expect(fx.queue.size).toBe(1);
    fx.clock.advance(1);
    expect(await sub.outcome).toMatchObject({ status: 'expired', code: 'expired' });
    expect(fx.clock.pendingTimers).toBe(0);
  });

  it('lets a requester shorten its expiry but not lengthen it past the configured limit', async () => {
    fx = await makeQueue({ expiryMs: { nats: 5_000 } });
    const nats = { kind: 'nats' as const, endpoint: 'wallet.sign', verified: false };
    const short = fx.queue.submit(signInput(fx.pub, { source: nats, expiresInMs: 1_000 }));
    const long = fx.queue.submit(signInput(fx.pub, { source: nats, expiresInMs: 3_600_000 }));
    expect(fx.queue.get(short.id)!.expiresAt - fx.clock.now()).toBe(1_000);
    expect(fx.queue.get(long.id)!.expiresAt - fx.clock.now()).toBe(5_000);
  });

  it('signs the bytes it previewed even if the submitter mutates its buffer afterwards', async () => {
    fx = await makeQueue();
    const payload = new TextEncoder().encode('pay 1 coin');
    const sub = fx.queue.submit(signInput(fx.pub, { payload }));
    payload.set(new TextEncoder().encode('pay 9'));
    fx.queue.approve(sub.id);
    const outcome = await sub.outcome;
    if (outcome.status !== 'signed') throw new Error(outcome.status);
    expect(verifySignature(outcome.signature, new TextEncoder().encode('pay 1 coin'), fx.pub)).toBe(true);
  });

  it('answers malformed input with bad_input naming the field', async () => {
    fx = await makeQueue();
    const bad = [
      { ...signInput(fx.pub), payload: 'not bytes' },
      { ...signInput(fx.pub), operation: 'key_management' },
      { ...signInput(fx.pub), operation: 'script' },
      { ...signInput(fx.pub), target: { keyspace: 'ks', keypair: '' } },
      { ...signInput(fx.pub), extra: 1 },
      null,
    ];
    for (const input of bad) expectCode(() => fx.queue.submit(input as never), 'bad_input');
    expectCode(() => fx.queue.submit(signInput(fx.pub, { payload: new Uint8Array(2 * 1024 * 1024) })), 'bad_input');
    expectCode(() => fx.queue.approve(42 as never), 'not_found');
    expectCode(() => fx.queue.approve('x', { remember: { minutes: -1 } }), 'bad_input');
  });
});

describe('RequestQueue: exactly once', () => {
  it('a duplicate arrival returns the same outcome promise, before and after settling', async () => {
    fx = await makeQueue();
    const input = signInput(fx.pub);
    const first = fx.queue.submit(input);
    const again = fx.queue.submit({ ...input, payload: new Uint8Array(input.payload as Uint8Array) });
    expect(again).toMatchObject({ id: first.id, duplicate: true });
    expect(again.outcome).toBe(first.outcome);
    expect(fx.queue.size).toBe(1);
    fx.queue.approve(first.id);
    await first.outcome;
    const replay = fx.queue.submit(input);
    expect(replay.outcome).toBe(first.outcome);
    expect(fx.signer.produced).toHaveLength(1);
  });

  it('refuses a reused source request id carrying a different payload', async () => {
    fx = await makeQueue();
    const input = signInput(fx.pub);
    fx.queue.submit(input);
    expectCode(() => fx.queue.submit({ ...input, payload: new TextEncoder().encode('other') }), 'bad_input');
    expect(fx.queue.size).toBe(1);
  });

  it('a signer failure fails only that request; the next one still signs', async () => {
    fx = await makeQueue();
    const other = fx.signer.addKeypair('ks');
    fx.signer.failFor = { keypair: other, error: new Error('disk on fire: secret detail') };
    const broken = fx.queue.submit(signInput(other));
    const fine = fx.queue.submit(signInput(fx.pub));
    fx.queue.approve(broken.id);
    fx.queue.approve(fine.id);
    expect(await broken.outcome).toMatchObject({ status: 'failed', code: 'internal', reason: 'internal error' });
    expect((await fine.outcome).status).toBe('signed');
  });

  it('an unknown keypair fails with not_found', async () => {
    fx = await makeQueue();
    const sub = fx.queue.submit(signInput('02'.padEnd(66, '0')));
    fx.queue.approve(sub.id);
    expect(await sub.outcome).toMatchObject({ status: 'failed', code: 'not_found' });
  });
});

describe('RequestQueue: locked keyspaces', () => {
  it('arriving while locked stays pending with unlockNeeded; approved ones sign on unlock', async () => {
    fx = await makeQueue();
    fx.signer.lock('ks');
    const sub = fx.queue.submit(signInput(fx.pub));
    expect(fx.queue.get(sub.id)).toMatchObject({ state: 'pending', unlockNeeded: true });
    fx.queue.approve(sub.id);
    await settleAsync();
    expect(fx.queue.get(sub.id)).toMatchObject({ state: 'approved', unlockNeeded: true });
    expect(fx.signer.calls).toBe(0);
    fx.signer.unlock('ks');
    expect((await sub.outcome).status).toBe('signed');
  });

  it('locking marks waiting requests, and a lock that lands mid-signature sends it back to wait', async () => {
    fx = await makeQueue();
    let open!: () => void;
    fx.signer.gate = () => new Promise<void>((r) => (open = r));
    const sub = fx.queue.submit(signInput(fx.pub));
    fx.queue.approve(sub.id);
    await settleAsync();
    fx.signer.lock('ks');
    open();
    await settleAsync();
    expect(fx.queue.get(sub.id)).toMatchObject({ state: 'approved', unlockNeeded: true });
    fx.signer.gate = undefined;
    fx.signer.unlock('ks');
    expect((await sub.outcome).status).toBe('signed');
    expect(fx.signer.produced).toHaveLength(1);
  });

  it('a request a policy sends straight to signing holds no expiry timer; one a lock sends back to wait expires on time', async () => {
    fx = await makeQueue();
    fx.queue.addPolicy({ effect: 'allow', requester: 'app', operation: 'sign' });
    let open!: () => void;
    fx.signer.gate = () => new Promise<void>((r) => (open = r));
    const sub = fx.queue.submit(signInput(fx.pub));
    expect(fx.clock.pendingTimers).toBe(0); // being signed: nothing to expire
    await settleAsync();
    fx.signer.lock('ks');
    open();
    await settleAsync();
    expect(fx.queue.get(sub.id)).toMatchObject({ state: 'approved', unlockNeeded: true });
    expect(fx.clock.pendingTimers).toBe(1); // waiting for an unlock now, so it can expire
    fx.clock.advance(60_000);
    expect(await sub.outcome).toMatchObject({ status: 'expired', code: 'expired' });
    expect(fx.signer.produced).toHaveLength(0);
  });
});

describe('RequestQueue: operations that are not signatures', () => {
  it('a script approval resolves as approved without signing, and its result is logged once', async () => {
    fx = await makeQueue();
    const script = { text: 'sign_message("hello")', calls: ['sign_message'], keyspaces: ['ks'], keyManagement: [] };
    const sub = fx.queue.submit({
      ...signInput(fx.pub, { operation: 'script', script }),
      source: { kind: 'nats', endpoint: 'wallet.run', verified: false },
    });
    expect(fx.queue.get(sub.id)!.script).toEqual(script);
    fx.queue.approve(sub.id);
    expect(await sub.outcome).toMatchObject({ status: 'approved', decidedBy: 'user' });
    expect(fx.signer.calls).toBe(0);
    fx.queue.recordResult(sub.id, { ok: true, detail: 'x'.repeat(5000) });
    expectCode(() => fx.queue.recordResult(sub.id, { ok: false }), 'not_found');
    const page = await queryAudit(fx.queue.audit, { id: sub.id, event: 'result' });
    expect(page.entries).toHaveLength(1);
    const [entry] = page.entries;
    expect(entry?.result?.detail?.length).toBe(1000);
    expect(entry?.request.script?.calls).toEqual(['sign_message']);
  });

  it('a script password reaches only its own outcome: a duplicate, before or after approval, never gets it', async () => {
    fx = await makeQueue();
    const script = { text: 'sign_message("hi")', calls: ['sign_message'], keyspaces: ['ks'], keyManagement: [] };
    const input = {
      ...signInput(fx.pub, { operation: 'script', script }),
      source: { kind: 'nats', endpoint: 'wallet.run', verified: false, sourceRequestId: 'same-id' },
    } as const;
    const sub = fx.queue.submit(input);
    const early = fx.queue.submit(input);
    expect(early).toMatchObject({ id: sub.id, duplicate: true });
    fx.queue.approve(sub.id, { password: 'typed once' });
    expect(await sub.outcome).toMatchObject({ status: 'approved', password: 'typed once' });
    const late = fx.queue.submit(input);
    for (const o of [await early.outcome, await late.outcome]) {
      expect(o.status).toBe('approved');
      expect(o.status === 'approved' && o.password).toBeUndefined();
    }
  });

  it('key management asks even when a wildcard allow rule exists', async () => {
    fx = await makeQueue();
    fx.queue.addPolicy({ effect: 'allow', requester: '*' });
    const km = fx.queue.submit(
      signInput('', { operation: 'key_management', keyManagement: 'create_keypair', payload: new Uint8Array() }),
    );
    expect(fx.queue.get(km.id)!.state).toBe('pending');
    fx.queue.approve(km.id);
    expect(await km.outcome).toMatchObject({ status: 'approved' });
  });
});

describe('RequestQueue: admission limits and views', () => {
  it('answers queue_full at once beyond maxPending, and accepts again after one settles', async () => {
    fx = await makeQueue({ maxPending: 3 });
    const subs = [1, 2, 3].map(() => fx.queue.submit(signInput(fx.pub)));
    expectCode(() => fx.queue.submit(signInput(fx.pub)), 'queue_full');
    fx.queue.reject(at(subs, 0).id);
    expect(fx.queue.submit(signInput(fx.pub)).duplicate).toBe(false);
  });

  it('snapshot is newest first, serialisable, and carries the preview instead of payload bytes', async () => {
    fx = await makeQueue();
    const a = fx.queue.submit(
      signInput(fx.pub, { payload: new TextEncoder().encode('{"amount":12345678901234567890}') }),
    );
    fx.clock.advance(10);
    const b = fx.queue.submit(signInput(fx.pub, { payload: new Uint8Array(32).fill(7) }));
    const snap = fx.queue.snapshot();
    expect(snap.map((v) => v.id)).toEqual([b.id, a.id]);
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(JSON.stringify(snap)).not.toContain('"payload"');
    const [newest, oldest] = [at(snap, 0), at(snap, 1)];
    expect(oldest.preview.kind).toBe('json');
    expect(oldest.preview.text).toContain('12345678901234567890');
    expect(newest.preview.warnings[0]).toMatch(/32-byte/);
  });

  it('emits added / updated / removed changes and a settled event per request', async () => {
    fx = await makeQueue();
    const changes: QueueChange[] = [];
    const settled: string[] = [];
    fx.queue.on('changed', (c: QueueChange) => changes.push(c));
    fx.queue.on('settled', (o: { status: string }) => settled.push(o.status));
    fx.queue.on('changed', () => {
      throw new Error('a broken GUI listener');
    });
    const sub = fx.queue.submit(signInput(fx.pub));
    fx.queue.approve(sub.id);
    await sub.outcome;
    expect(changes.map((c) => c.type)).toEqual(['added', 'updated', 'removed']);
    expect(settled).toEqual(['signed']);
    expect(fx.warnings.length).toBeGreaterThan(0);
  });

  it('batch approve and reject act on the named requests of one requester only', async () => {
    fx = await makeQueue();
    const app = [1, 2].map(() => fx.queue.submit(signInput(fx.pub)));
    const other = fx.queue.submit(
      signInput(fx.pub, {
        source: { kind: 'sigsocket', endpoint: 'wss://sig.example', requester: 'other', verified: true },
      }),
    );
    const ids = app.map((s) => s.id);
    expect(fx.queue.approveBatch('app', ids).sort()).toEqual([...ids].sort());
    for (const s of app) expect((await s.outcome).status).toBe('signed');
    expect(fx.queue.get(other.id)!.state).toBe('pending');
    expect(fx.queue.rejectBatch('other', [other.id])).toEqual([other.id]);
    expect((await other.outcome).status).toBe('rejected');
  });

  it('a batch never reaches a request it does not name, nor one from another requester', async () => {
    fx = await makeQueue();
    const shown = [1, 2].map(() => fx.queue.submit(signInput(fx.pub)));
    // Arrives from the same requester after the dialog listed the first two.
    const late = fx.queue.submit(signInput(fx.pub));
    const other = fx.queue.submit(
      signInput(fx.pub, {
        source: { kind: 'sigsocket', endpoint: 'wss://sig.example', requester: 'other', verified: true },
      }),
    );
    expectCode(() => fx.queue.approveBatch('app', [at(shown, 0).id, other.id]), 'bad_input');
    expectCode(() => fx.queue.rejectBatch('app', [other.id]), 'bad_input');
    expect(fx.queue.get(at(shown, 0).id)!.state).toBe('pending');
    expect(
      fx.queue.approveBatch(
        'app',
        shown.map((s) => s.id),
      ),
    ).toHaveLength(2);
    for (const s of shown) expect((await s.outcome).status).toBe('signed');
    expect(fx.queue.get(late.id)!.state).toBe('pending');
    expect(fx.queue.get(other.id)!.state).toBe('pending');
    // Settled names are skipped, not errors: the dialog may be older than an expiry.
    expect(fx.queue.rejectBatch('app', [...shown.map((s) => s.id), late.id])).toEqual([late.id]);
    expect((await late.outcome).status).toBe('rejected');
  });

  it('"allow for N minutes" on approve lets the same requester through, then asks again', async () => {
    fx = await makeQueue();
    const first = fx.queue.submit(signInput(fx.pub));
    const waiting = fx.queue.submit(signInput(fx.pub));
    fx.queue.approve(first.id, { remember: { minutes: 10 } });
    expect((await waiting.outcome).status).toBe('signed');
    const later = fx.queue.submit(signInput(fx.pub));
    expect((await later.outcome).status).toBe('signed');
    fx.clock.advance(10 * 60_000);
    const after = fx.queue.submit(signInput(fx.pub));
    expect(fx.queue.get(after.id)!.state).toBe('pending');
  });

  it('close() settles waiting requests as expired and refuses new ones', async () => {
    fx = await makeQueue();
    const sub = fx.queue.submit(signInput(fx.pub));
    await fx.queue.close();
    expect(await sub.outcome).toMatchObject({ status: 'expired', reason: 'the wallet is shutting down' });
    expectCode(() => fx.queue.submit(signInput(fx.pub)), 'unavailable');
    expect(fx.signer.listenerCount('locked')).toBe(0);
  });
});

describe('RequestQueue: a misbehaving signer', () => {
  it('a signer that claims locked while reporting unlocked fails the request instead of spinning', async () => {
    fx = await makeQueue();
    const sub = fx.queue.submit(signInput(fx.pub));
    fx.signer.failFor = { keypair: fx.pub, error: new WalletError('locked', 'locked, says the signer') };
    fx.queue.approve(sub.id);
    expect(await sub.outcome).toMatchObject({ status: 'failed', code: 'locked' });
    expect(fx.signer.calls).toBe(6);
  });
});
