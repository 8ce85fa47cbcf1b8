// Random interleavings of requests, decisions, grants, locks, replays and time against the real approval queue.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryAudit } from '../../electron/core/requests/audit-query';
import type { PolicyRule } from '../../electron/core/requests/policy-rule';
import type { Outcome, RequestInput, Submission } from '../../electron/core/requests/request';
import { WalletError } from '../../shared/errors';
import { at } from '../helpers/at';
import { GrantModel } from './grant-model';
import { type Action, action, decide, KEYSPACES, requestBuilder } from './interleavings-model';
import { verifySignature } from './memory-signer';
import { natsFront, type SentRequest } from './nats-front';
import { makeQueue, settleAsync } from './setup';

/** Typed at approval time for the script; it must reach that one outcome and nothing else. */
const SCRIPT_PASSWORD = 'pw-typed-for-one-run';

interface Tracked {
  id: string;
  /** Which request of its template this is: a repeat sends the same one again. */
  serial: number;
  input: RequestInput;
  /** The name policies and grants use for its requester. */
  label: string;
  outcome: Promise<Outcome>;
  /** The NATS reply, for requests that came through the handler. */
  reply?: Promise<{ error?: { code: string }; data: Uint8Array }>;
  approvedByCall: boolean;
  rejectedByCall: boolean;
  passwordGiven: boolean;
  /** Who approved it ('user' or 'policy:<grant>'), once seen. */
  approvedBy?: string;
}

async function run(actions: Action[]): Promise<void> {
  const fx = await makeQueue({ expiryMs: { sigsocket: 30_000 }, dedupeTtlMs: 24 * 3_600_000 });
  const gates: (() => void)[] = [];
  try {
    const pubs = [fx.pub, fx.signer.addKeypair('ks2')] as const;
    fx.signer.unlock('ks2');
    fx.signer.gate = () => new Promise<void>((resolve) => gates.push(resolve));
    const nats = natsFront(fx.queue, fx.clock, { ks: pubs[0], ks2: pubs[1] });
    const grants = new GrantModel();
    /** Every request the queue took in, oldest first; decisions pick among them. */
    const tracked: Tracked[] = [];
    /** The latest request of each template, which a repeat sends again. */
    const latest = new Map<number, Tracked>();
    const duplicates: Promise<Outcome>[] = [];
    const settled = new Map<string, Outcome>();
    /** Every rule the engine ever listed, as it was first listed. */
    const created = new Map<string, PolicyRule>();
    fx.queue.policies.on('changed', (rules: PolicyRule[]) => {
      for (const r of rules) if (!created.has(r.id)) created.set(r.id, r);
    });
    fx.queue.on('settled', (o: Outcome) => settled.set(o.id, o));
    const sent: SentRequest[] = [];
    let serial = 0;

    const build = requestBuilder(fx.clock, pubs, nats.requesters);

    for (const a of actions) {
      const now = fx.clock.now();
      if (a.kind === 'arrive') {
        // A repeat is the same source request again: it must get the original's id and outcome.
        const known = a.repeat ? latest.get(a.template) : undefined;
        const n = known?.serial ?? ++serial;
        const { input, wire } = build(a.template, n);
        let sub: Submission;
        let reply: Tracked['reply'];
        if (wire) {
          const request = wire();
          sent.push(request);
          const before = nats.submissions.length;
          reply = nats.send(request);
          expect(nats.submissions.length).toBe(before + 1);
          sub = at(nats.submissions, before);
        } else sub = fx.queue.submit(input);
        expect(sub.duplicate).toBe(known !== undefined);
        if (known) {
          expect(sub.id).toBe(known.id);
          duplicates.push(sub.outcome);
        } else {
          const label = input.source.requester ?? input.source.endpoint;
          const t: Tracked = { id: sub.id, serial: n, input, label, outcome: sub.outcome, reply, ...fresh() };
          tracked.push(t);
          latest.set(a.template, t);
        }
      } else if (a.kind === 'replay') {
        // A byte-exact resend of a signed request: refused before the queue sees it, whatever it was.
        const signed = sent.filter((s) => s.signed);
        if (signed.length === 0) continue;
        const before = nats.submissions.length;
        const reply = nats.send(at(signed, a.pick % signed.length));
        expect(nats.submissions.length).toBe(before);
        expect((await reply).error?.code).toBe('forbidden');
      } else if (a.kind === 'approve' || a.kind === 'doubleApprove' || a.kind === 'reject') {
        const t = tracked[a.spec % Math.max(1, tracked.length)];
        if (!t) continue;
        for (let k = 0; k < (a.kind === 'doubleApprove' ? 2 : 1); k++) {
          const waiting = fx.queue.get(t.id) !== undefined;
          // Call first, then record: `x ||= call()` would skip the second call of a double approve.
          if (a.kind === 'reject') t.rejectedByCall = decide(() => fx.queue.reject(t.id), waiting) || t.rejectedByCall;
          else t.approvedByCall = decide(() => fx.queue.approve(t.id), waiting) || t.approvedByCall;
        }
      } else if (a.kind === 'grant') {
        const t = tracked[a.spec % Math.max(1, tracked.length)];
        if (!t) continue;
        const view = fx.queue.get(t.id);
        const before = new Set(created.keys());
        let approved = false;
        try {
          approved = fx.queue.approve(t.id, { remember: a.grant });
        } catch (e) {
          expect(e).toBeInstanceOf(WalletError);
          const code = (e as WalletError).code;
          if (code === 'forbidden') {
            // A grant is bound to an identity that cannot be claimed: never to an unverified requester.
            expect(t.input.source.verified).toBe(false);
            expect(fx.queue.get(t.id)?.state).toBe('pending');
          } else {
            expect(code).toBe('not_found');
            expect(view).toBeUndefined();
          }
        }
        if (approved) {
          t.approvedByCall = true;
          // Read from the engine's own announcements: a one-use grant may be used up before approve() returns.
          const added = [...created.values()].filter((r) => !before.has(r.id));
          expect(added).toHaveLength(1);
          grants.granted(at(added, 0), t.input, t.label, a.grant, now);
        } else expect(created.size).toBe(before.size);
        if (view?.state === 'pending' && !t.input.source.verified) expect(approved).toBe(false);
      } else if (a.kind === 'approvePassword') {
        const t = tracked.findLast((r) => r.input.operation === 'script');
        if (!t) continue;
        const waiting = fx.queue.get(t.id);
        const approved = decide(() => fx.queue.approve(t.id, { password: SCRIPT_PASSWORD }), waiting !== undefined);
        t.approvedByCall = t.approvedByCall || approved;
        t.passwordGiven = t.passwordGiven || approved;
      } else if (a.kind === 'expire') fx.clock.advance(a.ms);
      else if (a.kind === 'lock') {
        const ks = at(KEYSPACES, a.keyspace);
        const wasUnlocked = fx.signer.isUnlocked(ks);
        fx.signer.lock(ks);
        if (wasUnlocked) grants.locked(ks);
      } else if (a.kind === 'unlock') fx.signer.unlock(at(KEYSPACES, a.keyspace));
      else if (a.kind === 'step' && gates.length > 0) {
        at(gates.splice(a.pick % gates.length, 1), 0)();
        await settleAsync(2);
      }

      // After every step: each new approval came from the user or from a live grant covering exactly it.
      for (const t of tracked) {
        if (t.approvedBy !== undefined) continue;
        const outcome = settled.get(t.id);
        const by =
          fx.queue.get(t.id)?.decidedBy ??
          (outcome && (outcome.status === 'signed' || outcome.status === 'approved') ? outcome.decidedBy : undefined);
        if (by === undefined) continue;
        t.approvedBy = by;
        if (by === 'user') expect(t.approvedByCall).toBe(true);
        else grants.decided(by.replace(/^policy:/, ''), t.input, t.label, now);
      }
      grants.agrees(fx.queue.listPolicies());
      const ids = fx.queue.snapshot().map((v) => v.id);
      expect(new Set(ids).size).toBe(ids.length);
      const known = new Set(tracked.map((t) => t.id));
      for (const id of ids) expect(known.has(id)).toBe(true);
    }

    // Wind down: let every signature finish, unlock everything, and let time run out for the rest.
    // Whatever is approved at this point must be signed: unlocking lets approved requests proceed.
    const approvedNow = new Set(
      fx.queue
        .snapshot()
        .filter((v) => v.state === 'approved')
        .map((v) => v.id),
    );
    for (const ks of KEYSPACES) fx.signer.unlock(ks);
    for (let round = 0; round < 20 && (gates.length > 0 || fx.queue.size > 0); round++) {
      while (gates.length > 0) gates.shift()!();
      await settleAsync(3);
      fx.clock.advance(61_000);
    }
    const all = tracked;
    const outcomes = await Promise.all(all.map((t) => t.outcome));
    expect(fx.queue.size).toBe(0);
    await fx.queue.close(); // waits for any signature still being made, so none escapes the checks below

    // Never more than one signature per request; a signature exists exactly when the outcome is 'signed'.
    for (const [k, t] of all.entries()) {
      const outcome = at(outcomes, k);
      const payload = t.input.payload as Uint8Array;
      const produced = fx.signer.produced.filter((p) => Buffer.from(p.message).equals(Buffer.from(payload)));
      expect(produced.length).toBeLessThanOrEqual(1);
      expect(produced.length === 1).toBe(outcome.status === 'signed');
      if (outcome.status === 'signed') {
        expect(verifySignature(outcome.signature, payload, t.input.target.keypair)).toBe(true);
        expect(t.approvedBy).toBeDefined();
      }
      if (approvedNow.has(t.id)) expect(outcome.status).toBe('signed');
      const done = t.input.operation === 'script' ? 'approved' : 'signed';
      if (t.rejectedByCall) expect(outcome.status).toBe('rejected');
      else if (t.approvedBy !== undefined) expect([done, 'expired']).toContain(outcome.status);
      else expect(outcome.status).toBe('expired');
      // The script's password reaches the one outcome the user typed it for, never a grant's release.
      const password = outcome.status === 'approved' ? outcome.password : undefined;
      expect(password).toBe(t.passwordGiven && t.approvedBy === 'user' ? SCRIPT_PASSWORD : undefined);
      const reply = t.reply ? await t.reply : undefined;
      if (reply && outcome.status === 'signed') {
        expect(JSON.parse(new TextDecoder().decode(reply.data)).signature).toBe(outcome.signatureHex);
      } else if (reply) expect(reply.error).toBeDefined();
    }
    expect(fx.signer.produced.length).toBe(outcomes.filter((o) => o.status === 'signed').length);
    // Duplicates and replays never carry the password, and no remote request ever unlocked a keyspace.
    for (const o of await Promise.all(duplicates)) expect(o.status === 'approved' && o.password).toBeFalsy();
    expect(nats.unlocks).toBe(0);

    // The log: one 'arrived' and exactly one 'settled' per request, matching its outcome; no password.
    const page = await queryAudit(fx.queue.audit, { limit: 100_000 });
    expect(page.skipped).toBe(0);
    expect(JSON.stringify(page.entries)).not.toContain(SCRIPT_PASSWORD);
    for (const [k, t] of all.entries()) {
      const mine = page.entries.filter((e) => e.id === t.id);
      expect(mine.filter((e) => e.event === 'arrived')).toHaveLength(1);
      const settledLines = mine.filter((e) => e.event === 'settled');
      expect(settledLines).toHaveLength(1);
      expect(at(settledLines, 0).state).toBe(at(outcomes, k).status);
    }
    expect(new Set(page.entries.map((e) => e.id)).size).toBe(all.length);
  } finally {
    // A failed check must not leave close() waiting on a gated signature.
    fx.signer.gate = undefined;
    for (const open of gates.splice(0)) open();
    await fx.cleanup();
  }
}

function fresh(): Pick<Tracked, 'approvedByCall' | 'rejectedByCall' | 'passwordGiven'> {
  return { approvedByCall: false, rejectedByCall: false, passwordGiven: false };
}

describe('approval queue under random interleavings', () => {
  it('signs only what an approval or a live grant covers, at most once, never for a replay, and settles everything', async () => {
    await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 40 }), run), { numRuns: 150 });
  }, 120_000);

  it('holds for a known nasty sequence: approve, lock mid-signature, reject, unlock, expire', async () => {
    await run([
      { kind: 'arrive', template: 0, repeat: false },
      { kind: 'approve', spec: 0 },
      { kind: 'lock', keyspace: 0 },
      { kind: 'step', pick: 0 },
      { kind: 'arrive', template: 0, repeat: true },
      { kind: 'doubleApprove', spec: 0 },
      { kind: 'unlock', keyspace: 0 },
      { kind: 'reject', spec: 0 },
      { kind: 'step', pick: 0 },
      { kind: 'expire', ms: 60_000 },
      { kind: 'arrive', template: 0, repeat: true },
    ]);
  });

  it('holds for grants used up, ended by a lock and by time, refused for the unverified, and replays', async () => {
    await run([
      // A grant (one use, until lock) from A's first request covers A's second, once.
      { kind: 'arrive', template: 2, repeat: false },
      { kind: 'grant', spec: 0, grant: { minutes: 1, uses: 1, untilLock: true } },
      { kind: 'arrive', template: 3, repeat: false },
      { kind: 'arrive', template: 2, repeat: false },
      { kind: 'replay', pick: 0 },
      { kind: 'replay', pick: 1 },
      // Another until-lock grant ends with the lock; the request after it waits for the user.
      { kind: 'arrive', template: 3, repeat: false },
      { kind: 'grant', spec: 3, grant: { minutes: 2, untilLock: true } },
      { kind: 'step', pick: 0 },
      { kind: 'lock', keyspace: 0 },
      { kind: 'arrive', template: 2, repeat: false },
      // No grant for the unverified requester; B's grant runs out of time.
      { kind: 'arrive', template: 5, repeat: false },
      { kind: 'grant', spec: 5, grant: { minutes: 1, untilLock: false } },
      { kind: 'arrive', template: 4, repeat: false },
      { kind: 'grant', spec: 6, grant: { minutes: 1, untilLock: false } },
      { kind: 'expire', ms: 61_000 },
      { kind: 'arrive', template: 4, repeat: false },
      { kind: 'unlock', keyspace: 0 },
      // The script's password reaches its one release; the repeat and the log never see it.
      { kind: 'arrive', template: 6, repeat: false },
      { kind: 'approvePassword' },
      { kind: 'arrive', template: 6, repeat: true },
      { kind: 'replay', pick: 2 },
    ]);
  });
});
