// The interleavings test's model of grants: what each "allow for N min" covers, until when, how many uses, and its lock.
import { expect } from 'vitest';
import type { PolicyRule } from '../../electron/core/requests/policy-rule';
import type { RequestInput } from '../../electron/core/requests/request';

/** A grant as the user gave it, and what the model knows of its life since. */
export interface ModelGrant {
  id: string;
  kind: string;
  endpoint: string;
  requester: string;
  keyspace: string;
  keypair: string;
  operation: string;
  expiresAt: number;
  uses?: number;
  untilLock: boolean;
  /** Set when its keyspace locked and the grant was "until lock". */
  ended: boolean;
  /** Requests it decided. */
  taken: number;
}

export class GrantModel {
  readonly grants = new Map<string, ModelGrant>();

  /** Records the rule a grant approval created, after checking it is pinned to that request exactly. */
  granted(rule: PolicyRule, input: RequestInput, label: string, opts: GrantOptions, now: number): void {
    expect(rule.grant).toBe(true);
    expect(rule.effect).toBe('allow');
    expect(rule.requireVerified).toBe(true);
    expect(rule.requester).toBe(label);
    expect(rule.source).toBe(input.source.kind);
    expect(rule.endpoint).toBe(input.source.endpoint);
    this.grants.set(rule.id, {
      id: rule.id,
      kind: input.source.kind,
      endpoint: input.source.endpoint,
      requester: label,
      keyspace: input.target.keyspace,
      keypair: input.target.keypair,
      operation: input.operation,
      expiresAt: now + opts.minutes * 60_000,
      ...(opts.uses !== undefined ? { uses: opts.uses } : {}),
      untilLock: opts.untilLock,
      ended: false,
      taken: 0,
    });
  }

  /** A lock ends the "until lock" grants of that keyspace. */
  locked(keyspace: string): void {
    for (const g of this.grants.values()) if (g.untilLock && g.keyspace === keyspace) g.ended = true;
  }

  /**
   * A request was approved by rule `id` at `now`: that rule must be a grant the user gave, live
   * (not expired, not ended by a lock, uses left), covering exactly this request. Takes one use.
   */
  decided(id: string, input: RequestInput, label: string, now: number): void {
    const g = this.grants.get(id);
    expect(g, `approved by ${id}, which is no grant the user gave`).toBeDefined();
    if (!g) return;
    expect(input.source.verified).toBe(true);
    expect([input.source.kind, input.source.endpoint, label]).toEqual([g.kind, g.endpoint, g.requester]);
    expect([input.target.keyspace, input.target.keypair, input.operation]).toEqual([
      g.keyspace,
      g.keypair,
      g.operation,
    ]);
    expect(now).toBeLessThan(g.expiresAt);
    expect(g.ended).toBe(false);
    g.taken++;
    if (g.uses !== undefined) expect(g.taken).toBeLessThanOrEqual(g.uses);
  }

  /** The engine's count of uses left agrees with the model for every grant still listed. */
  agrees(rules: PolicyRule[]): void {
    for (const rule of rules) {
      const g = this.grants.get(rule.id);
      expect(g).toBeDefined();
      if (g?.uses !== undefined) expect(rule.usesLeft).toBe(g.uses - g.taken);
      expect(g?.ended).toBe(false);
    }
  }
}

export interface GrantOptions {
  minutes: number;
  uses?: number;
  untilLock: boolean;
}
