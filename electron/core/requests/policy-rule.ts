// A policy rule: its schema, what it may cover, and whether it matches a request.
import { z } from 'zod';
import {
  KEY_MANAGEMENT_KINDS,
  type KeyManagementKind,
  OPERATIONS,
  POLICY_EFFECTS,
  type PolicyEffect,
  SOURCE_KINDS,
} from '../../../shared/domain';
import { sha256Hex } from './preview';
import type { QueuedRequest } from './request';

/**
 * What a rule can be about: the queue's operations, plus `read_public`, reading keypair names and
 * public keys without approval (JSON list_keypairs, public_key, verify by keypair name).
 */
export const POLICY_OPERATIONS = [...OPERATIONS, 'read_public'] as const;
export type PolicyOperation = (typeof POLICY_OPERATIONS)[number];

/** The fields that say which requests a rule covers; '*' matches anything. */
const scopeShape = {
  effect: z.enum(POLICY_EFFECTS),
  source: z.enum([...SOURCE_KINDS, '*'] as const).default('*'),
  endpoint: z.string().min(1).max(512).default('*'),
  /** Matched against the requester label: the requester if given, else the endpoint. */
  requester: z.string().min(1).max(256).default('*'),
  /** When true the requester name must have been verified by the source, not merely claimed. */
  requireVerified: z.boolean().default(false),
  keyspace: z.string().min(1).max(128).default('*'),
  keypair: z.string().min(1).max(256).default('*'),
  operation: z.enum([...POLICY_OPERATIONS, '*'] as const).default('*'),
  /** Key management kinds covered. An allow rule must list them: key management is never allowed by wildcard. */
  keyManagement: z.array(z.enum(KEY_MANAGEMENT_KINDS)).min(1).optional(),
  /** Covers only the script whose text has this SHA-256 (lower-case hex). */
  scriptSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /**
   * Covers scripts and key management only from verified requesters (other operations unaffected).
   * Policy-file allow rules get it unless they say `"requireVerified": false` themselves.
   */
  verifiedForScripts: z.boolean().default(false),
  /** Made by "allow for a while" at approval time; a grant never covers key management. */
  grant: z.boolean().default(false),
  label: z.string().max(256).optional(),
};

/** Allow rules for key management must name the kinds they allow, explicitly. */
function keyManagementNamed(rule: { effect: PolicyEffect; operation: string; keyManagement?: unknown[] }): boolean {
  return !(rule.effect === 'allow' && rule.operation === 'key_management' && !rule.keyManagement);
}
const keyManagementMessage = { message: 'an allow rule for key_management must list keyManagement kinds explicitly' };

/** What a caller (GUI, IPC, policy file) supplies to create a rule; time-boxing is relative to now. */
export const policyRuleInputSchema = z
  .strictObject({
    ...scopeShape,
    /** Lifetime in minutes; none means until revoked. */
    minutes: z.number().positive().max(525_600).optional(),
    /** Ends when the rule's keyspace (or any keyspace, for '*') locks. Never persisted. */
    untilLock: z.boolean().default(false),
    /** Usage cap: the rule disappears after this many matches. 1 means "once". */
    uses: z.number().int().positive().max(1_000_000).optional(),
  })
  .refine(keyManagementNamed, keyManagementMessage);
export type PolicyRuleInput = z.input<typeof policyRuleInputSchema>;

/** A stored rule, as listed to the user and written to policies.json. */
export const policyRuleSchema = z
  .strictObject({
    ...scopeShape,
    id: z.string().min(1).max(64),
    createdAt: z.number(),
    expiresAt: z.number().optional(),
    untilLock: z.boolean().default(false),
    usesLeft: z.number().int().positive().optional(),
  })
  .refine(keyManagementNamed, keyManagementMessage);
export type PolicyRule = z.output<typeof policyRuleSchema>;

/** The parts of a request a rule is matched against. */
export type PolicySubject = Pick<QueuedRequest, 'source' | 'requester' | 'target' | 'keyManagement'> &
  Partial<Pick<QueuedRequest, 'script'>> & { operation: PolicyOperation };

/** Operations that can make keys or run code: `verifiedForScripts` guards these. */
const SCRIPT_LIKE = new Set<string>(['script', 'key_management']);

/** The keyspaces a request can touch: a script's whole reach, else its one target keyspace. */
export function keyspacesOf(req: PolicySubject): readonly string[] {
  return req.script ? req.script.keyspaces : [req.target.keyspace];
}

const digests = new WeakMap<object, string>();
/** SHA-256 of a script's text, computed once per request. */
export function scriptDigest(script: { text: string }): string {
  let digest = digests.get(script);
  if (digest === undefined) {
    digest = sha256Hex(new TextEncoder().encode(script.text));
    digests.set(script, digest);
  }
  return digest;
}

/**
 * Whether a rule's keyspace covers the request's keyspaces. Allow needs every keyspace the request
 * can touch to be the rule's; deny and ask apply as soon as one of them is.
 */
function keyspaceCovered(rule: PolicyRule, req: PolicySubject): boolean {
  if (rule.keyspace === '*') return true;
  const keyspaces = keyspacesOf(req);
  return rule.effect === 'allow' ? keyspaces.every((k) => k === rule.keyspace) : keyspaces.includes(rule.keyspace);
}

/** Whether a rule covers a request. Allow never covers key management unless it names the kind. */
export function ruleMatches(rule: PolicyRule, req: PolicySubject): boolean {
  if (rule.source !== '*' && rule.source !== req.source.kind) return false;
  if (rule.endpoint !== '*' && rule.endpoint !== req.source.endpoint) return false;
  if (rule.requester !== '*' && rule.requester !== req.requester) return false;
  if (rule.requireVerified && !req.source.verified) return false;
  if (rule.verifiedForScripts && !req.source.verified && SCRIPT_LIKE.has(req.operation)) return false;
  if (!keyspaceCovered(rule, req)) return false;
  if (rule.keypair !== '*' && rule.keypair !== req.target.keypair) return false;
  if (rule.operation !== '*' && rule.operation !== req.operation) return false;
  if (rule.scriptSha256 !== undefined && (!req.script || scriptDigest(req.script) !== rule.scriptSha256)) return false;
  if (req.operation === 'key_management') {
    const named =
      rule.operation === 'key_management' && rule.keyManagement?.includes(req.keyManagement as KeyManagementKind);
    if (rule.effect === 'allow' && !named) return false;
    if (rule.keyManagement && !named) return false;
  }
  return true;
}

/** How narrowly a rule is scoped; among matching allow rules the narrowest one is used up first. */
export function specificity(rule: PolicyRule): number {
  const fields = [rule.source, rule.endpoint, rule.requester, rule.keyspace, rule.keypair, rule.operation];
  return (
    fields.filter((f) => f !== '*').length + (rule.requireVerified ? 1 : 0) + (rule.scriptSha256 !== undefined ? 1 : 0)
  );
}

/** A rule is live until its time runs out; used-up rules are removed when their last use is taken. */
export function ruleLive(rule: PolicyRule, now: number): boolean {
  return rule.expiresAt === undefined || now < rule.expiresAt;
}
