// The policy engine: allow, deny and ask rules over requester, keypair and operation, and remembered decisions.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import { WalletError } from '../../../shared/errors';
import { issueMessage } from '../../../shared/zod-issue';
import { type Clock, systemClock } from './clock';
import { grantTerms, keyManagementOf } from './grants';
import {
  keyspacesOf,
  type PolicyRule,
  type PolicyRuleInput,
  type PolicySubject,
  policyRuleInputSchema,
  ruleLive,
  ruleMatches,
  scriptDigest,
  specificity,
} from './policy-rule';
import { PolicyStore } from './policy-store';

/** Turns a keypair name or key spelling into canonical public keys (see Signer.resolveKeys). */
export type KeyResolver = (keyspace: string, nameOrPublicKeyHex: string) => string[];

/** What happens to a request no rule covers: ask the user, refuse (CLI policy files), or approve (CLI auto). */
export type PolicyFallback = 'ask' | 'deny' | 'auto';

export interface PolicyDecision {
  effect: 'allow' | 'deny' | 'ask';
  /** 'policy:<rule id>', 'policy:default' or 'auto'; absent for ask. */
  by?: string;
  reason?: string;
}

/** "Remember this decision" from an approve/reject click: a rule pinned to that exact requester and key. */
export const rememberSchema = z.strictObject({
  minutes: z.number().positive().max(525_600).optional(),
  untilLock: z.boolean().optional(),
  uses: z.number().int().positive().max(1_000_000).optional(),
  /** For a script: cover any script from this requester, not only this exact text. */
  anyScript: z.boolean().optional(),
});
export type RememberOptions = z.input<typeof rememberSchema>;

/**
 * Requester × keypair × operation → allow | deny | ask. Precedence: deny, then ask, then allow
 * (the narrowest allow rule is used first), then the fallback. Emits 'changed' with the rule list.
 */
export class PolicyEngine extends EventEmitter {
  private rules: PolicyRule[] = [];
  /** Rules that live only in memory: until-lock grants and rules from a CLI policy file. */
  private readonly transient = new Set<string>();
  private fallback: PolicyFallback = 'ask';

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly store?: PolicyStore,
    private readonly warn: (message: string) => void = () => {},
    private readonly resolveKeys?: KeyResolver,
  ) {
    super();
  }

  /** Loads persisted rules from `file` (parsed with zod; a corrupt file is moved aside, never fatal). */
  static async open(
    file: string,
    clock: Clock = systemClock,
    warn?: (m: string) => void,
    resolveKeys?: KeyResolver,
  ): Promise<PolicyEngine> {
    const store = new PolicyStore(file);
    const engine = new PolicyEngine(clock, store, warn, resolveKeys);
    const loaded = await store.load(clock.now());
    if (loaded.warning) warn?.(loaded.warning);
    engine.rules = loaded.rules.filter((r) => !r.untilLock).flatMap((r) => engine.withResolvedKey(r) ?? []);
    engine.pruneExpired();
    return engine;
  }

  /** Live rules, oldest first. */
  list(): PolicyRule[] {
    this.pruneExpired();
    return this.rules.map((r) => ({ ...r }));
  }

  /** Adds a rule; `persist: false` keeps it in memory only (until-lock rules are never persisted). */
  add(input: PolicyRuleInput, options: { persist?: boolean } = {}): PolicyRule {
    const parsed = policyRuleInputSchema.safeParse(input);
    if (!parsed.success) throw new WalletError('bad_input', `invalid policy: ${issueMessage(parsed.error)}`);
    const { minutes, uses, ...scope } = parsed.data;
    const now = this.clock.now();
    const rule: PolicyRule = {
      ...scope,
      keypair: this.keyOf(scope.keyspace, scope.keypair),
      id: randomUUID(),
      createdAt: now,
      ...(minutes !== undefined ? { expiresAt: now + minutes * 60_000 } : {}),
      ...(uses !== undefined ? { usesLeft: uses } : {}),
    };
    this.rules.push(rule);
    if (options.persist === false || rule.untilLock) this.transient.add(rule.id);
    this.changed(rule);
    return { ...rule };
  }

  /** Removes a rule by id; 'not_found' if there is none. */
  revoke(id: string): void {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    if (this.rules.length === before) throw new WalletError('not_found', 'no such policy');
    this.transient.delete(id);
    this.changed();
  }

  /** Sets what unmatched requests get; the CLI's --approve modes use this. */
  setFallback(fallback: PolicyFallback): void {
    this.fallback = fallback;
  }

  getFallback(): PolicyFallback {
    return this.fallback;
  }

  /** Decides a request; an allow consumes one use of the rule it came from. */
  evaluate(req: PolicySubject): PolicyDecision {
    const { decision, uses } = this.verdict(req);
    for (const r of uses) this.use(r);
    return decision;
  }

  /** Whether an allow rule (not the fallback) would approve this request now; uses nothing up. */
  allowsByRule(req: PolicySubject): boolean {
    return this.verdict(req).uses.size > 0;
  }

  /** The decision and the rules an allow would use up (none unless a rule allows). */
  private verdict(req: PolicySubject): { decision: PolicyDecision; uses: Set<PolicyRule> } {
    this.pruneExpired();
    const none = new Set<PolicyRule>();
    const matching = this.rules.filter((r) => ruleMatches(r, req));
    const deny = matching.find((r) => r.effect === 'deny');
    if (deny)
      return { decision: { effect: 'deny', by: `policy:${deny.id}`, reason: 'denied by a policy' }, uses: none };
    if (matching.some((r) => r.effect === 'ask')) return { decision: { effect: 'ask' }, uses: none };
    const managesKeys = req.operation === 'script' && keyManagementOf(req).length > 0;
    const allows = matching.filter((r) => r.effect === 'allow' && !(managesKeys && r.grant));
    const named = managesKeys ? this.keyManagementRules(req) : [];
    if (allows.length > 0 && named !== null) {
      const rule = allows.reduce((best, r) => (specificity(r) > specificity(best) ? r : best));
      return { decision: { effect: 'allow', by: `policy:${rule.id}` }, uses: new Set([rule, ...named]) };
    }
    return { decision: this.fallbackDecision(req, managesKeys), uses: none };
  }

  private fallbackDecision(req: PolicySubject, managesKeys: boolean): PolicyDecision {
    if (this.fallback === 'deny') return { effect: 'deny', by: 'policy:default', reason: 'no policy rule allows this' };
    if (this.fallback === 'auto') {
      if (req.operation === 'key_management' || managesKeys) {
        return {
          effect: 'deny',
          by: 'auto',
          reason: 'key management needs a policy that names it; auto does not cover it',
        };
      }
      return { effect: 'allow', by: 'auto' };
    }
    return { effect: 'ask' };
  }

  /**
   * Turns an approve/reject click with "remember" into a rule pinned to that source, requester, key
   * and operation (and, for a script, its exact text unless `anyScript`). An allow is refused with
   * 'forbidden' where grantTerms offers none: an unverified requester, or key management.
   */
  remember(req: PolicySubject, effect: 'allow' | 'deny', remember: RememberOptions): PolicyRule {
    const opts = rememberSchema.parse(remember);
    if (effect === 'allow') {
      const terms = grantTerms(req);
      if (!terms.offered) throw new WalletError('forbidden', terms.note);
    }
    const scriptSha256 = req.script && !opts.anyScript ? scriptDigest(req.script) : undefined;
    const reach = keyspacesOf(req);
    if (req.script && opts.anyScript && reach.length !== 1) {
      throw new WalletError('bad_input', '"any script" is offered only for a script that stays in one keyspace');
    }
    // A pinned script's text fixes which keyspaces it reaches; a rule for one keyspace covers one.
    const keyspace = reach.length === 1 ? reach[0] : '*';
    return this.add({
      grant: effect === 'allow',
      ...(scriptSha256 ? { scriptSha256 } : {}),
      effect,
      source: req.source.kind,
      endpoint: req.source.endpoint,
      requester: req.requester,
      requireVerified: req.source.verified,
      keyspace: req.script ? keyspace : req.target.keyspace,
      ...(req.target.keypair ? { keypair: req.target.keypair } : {}),
      operation: req.operation,
      ...(req.keyManagement ? { keyManagement: [req.keyManagement] } : {}),
      untilLock: opts.untilLock ?? false,
      ...(opts.minutes !== undefined ? { minutes: opts.minutes } : {}),
      ...(opts.uses !== undefined ? { uses: opts.uses } : {}),
      label: `remembered ${effect} for ${req.requester}`,
    });
  }

  /** A keyspace locked: grants given "until lock" for it (or for any keyspace) end now. */
  onLocked(keyspace: string): void {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => !(r.untilLock && (r.keyspace === keyspace || r.keyspace === '*')));
    if (this.rules.length !== before) this.changed();
  }

  /** Removes transient rules (e.g. a CLI policy file being detached). */
  removeTransient(ids: Iterable<string>): void {
    const drop = new Set(ids);
    this.rules = this.rules.filter((r) => !drop.has(r.id));
    for (const id of drop) this.transient.delete(id);
    this.changed();
  }

  /** Resolves once the persisted file reflects every change so far. */
  async flush(): Promise<void> {
    await this.store?.flush();
  }

  // ## Helpers

  /**
   * A rule's keypair as its canonical public key: a name is resolved now, against the keypairs that
   * exist now; a name that matches none (or, for keyspace '*', several) is a 'bad_input' error.
   */
  private keyOf(keyspace: string, keypair: string): string {
    if (keypair === '*' || !this.resolveKeys) return keypair;
    const [key, ...others] = this.resolveKeys(keyspace, keypair);
    const where = keyspace === '*' ? 'any keyspace' : `keyspace "${keyspace}"`;
    if (key === undefined) throw new WalletError('bad_input', `invalid policy: no keypair "${keypair}" in ${where}`);
    if (others.length > 0) {
      throw new WalletError('bad_input', `invalid policy: keypair "${keypair}" is in several keyspaces; name one`);
    }
    return key;
  }

  /** A persisted rule with its key resolved; one whose keypair is gone is dropped with a warning. */
  private withResolvedKey(rule: PolicyRule): PolicyRule | null {
    try {
      return { ...rule, keypair: this.keyOf(rule.keyspace, rule.keypair) };
    } catch (e) {
      this.warn(`dropped a saved policy: ${(e as Error).message}`);
      return null;
    }
  }

  /**
   * For a script that manages keys: one allow rule (not a grant) per kind it performs, each naming
   * that kind for this requester and these keyspaces; null when some kind is not named.
   */
  private keyManagementRules(req: PolicySubject): PolicyRule[] | null {
    const found: PolicyRule[] = [];
    for (const kind of keyManagementOf(req)) {
      const subject: PolicySubject = { ...req, operation: 'key_management', keyManagement: kind };
      const rule = this.rules.find((r) => r.effect === 'allow' && !r.grant && ruleMatches(r, subject));
      if (!rule) return null;
      found.push(rule);
    }
    return found;
  }

  /** Takes one use; a rule whose last use is taken is gone. */
  private use(rule: PolicyRule): void {
    if (rule.usesLeft === undefined) return;
    rule.usesLeft -= 1;
    if (rule.usesLeft <= 0) this.rules = this.rules.filter((r) => r !== rule);
    this.changed(rule);
    if (rule.usesLeft <= 0) this.transient.delete(rule.id);
  }

  /** Drops rules whose time is up, persisting the removal. */
  private pruneExpired(): void {
    const now = this.clock.now();
    if (this.rules.every((r) => ruleLive(r, now))) return;
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => ruleLive(r, now));
    if (this.rules.length !== before) this.changed();
  }

  /** Persists the non-transient rules (coalesced; skipped when only a transient rule moved) and tells listeners. */
  private changed(touched?: PolicyRule): void {
    if (!touched || !this.transient.has(touched.id)) {
      const persisted = this.rules.filter((r) => !this.transient.has(r.id));
      this.store?.save(persisted).catch((e: NodeJS.ErrnoException) => this.warn(`saving policies failed (${e.code})`));
    }
    this.emit(
      'changed',
      this.rules.map((r) => ({ ...r })),
    );
  }
}
