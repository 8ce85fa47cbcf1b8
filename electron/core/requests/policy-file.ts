// Policy files for `crypto-cli --approve policy FILE`: the strict schema, loading, and contacts named by rules.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { WalletError } from '../../../shared/errors';
import { issueWithPath } from '../../../shared/zod-issue';
import { policyRuleInputSchema } from './policy-rule';

/**
 * The file behind `crypto-cli --approve policy FILE` (documented in docs/policy-file.md).
 * Strict: an unknown key is an error, so a typo can never silently widen a rule.
 */
export const policyFileSchema = z.strictObject({
  version: z.literal(1),
  /** What requests no rule covers get: refused at once (default), or asked on the terminal. */
  default: z.enum(['deny', 'ask']).default('deny'),
  rules: z.array(policyRuleInputSchema).max(1000),
});
/** A parsed policy file, with the warnings the CLI prints at start. */
export type PolicyFile = z.output<typeof policyFileSchema> & { warnings: string[] };

/** Operations whose `allow` rules apply only to verified requesters unless a rule says otherwise. */
const VERIFIED_BY_DEFAULT = new Set(['script', 'key_management', '*']);

/** A contact's requester key by name (the contacts in the data dir), for rules that say `"contact"`. */
export type ContactKeyOf = (name: string) => string | undefined;

/** Reads and validates a policy file; every problem is a WalletError naming the file and the field. */
export async function loadPolicyFile(path: string, contactKeyOf?: ContactKeyOf): Promise<PolicyFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new WalletError(code === 'ENOENT' ? 'not_found' : 'bad_input', `policy file ${path}: cannot read (${code})`);
  }
  return parsePolicyFile(text, path, contactKeyOf);
}

/** Parses policy file text; `path` only names the file in errors. */
export function parsePolicyFile(text: string, path = 'policy file', contactKeyOf?: ContactKeyOf): PolicyFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new WalletError('bad_input', `policy file ${path}: not valid JSON`);
  }
  raw = resolveContacts(raw, path, contactKeyOf);
  const parsed = policyFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new WalletError('bad_input', `policy file ${path}: ${issueWithPath(parsed.error)}`);
  }
  return { ...parsed.data, ...requireVerifiedByDefault(parsed.data, raw as { rules: unknown[] }, path) };
}

/**
 * An `allow` rule that covers scripts or key management (operation script, key_management or '*')
 * matches only verified requesters unless it says `"requireVerified": false` itself; saying so is
 * allowed, and warned about by rule number, because anyone on the network can claim any name.
 */
function requireVerifiedByDefault(
  file: z.output<typeof policyFileSchema>,
  raw: { rules: unknown[] },
  path: string,
): Pick<PolicyFile, 'rules' | 'warnings'> {
  const warnings: string[] = [];
  const rules = file.rules.map((rule, i) => {
    if (rule.effect !== 'allow' || !VERIFIED_BY_DEFAULT.has(rule.operation)) return rule;
    const given = (raw.rules[i] as { requireVerified?: unknown }).requireVerified;
    if (given === undefined) return { ...rule, verifiedForScripts: true };
    if (given === false) {
      const name = rule.label ? ` ("${rule.label}")` : '';
      warnings.push(
        `policy file ${path}: rules.${i}${name} allows ${rule.operation === '*' ? 'scripts and key management' : rule.operation} for unverified requesters ("requireVerified": false): anyone who can reach the wallet can claim that requester`,
      );
    }
    return rule;
  });
  return { rules, warnings };
}

/**
 * `"contact": "NAME"` in a rule stands for that contact's key, verified: it becomes `requester: KEY`
 * and `requireVerified: true`. An unknown name, a contact next to a requester, or a contact with
 * `"requireVerified": false` is an error: a name alone must never widen a rule.
 */
function resolveContacts(raw: unknown, path: string, contactKeyOf?: ContactKeyOf): unknown {
  const rules = (raw as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) return raw;
  const resolved = rules.map((rule, i) => {
    if (rule === null || typeof rule !== 'object' || !('contact' in rule)) return rule;
    const { contact, ...rest } = rule as Record<string, unknown>;
    const fail = (why: string) => new WalletError('bad_input', `policy file ${path}: rules.${i}.contact: ${why}`);
    if (typeof contact !== 'string') throw fail('expected a contact name');
    if ('requester' in rest) throw fail('give "contact" or "requester", not both');
    if (rest.requireVerified === false)
      throw fail('a contact is a verified key; "requireVerified": false contradicts it');
    const key = contactKeyOf?.(contact);
    if (key === undefined) throw fail(`no contact named "${contact}" (crypto-cli contacts list)`);
    return { ...rest, requester: key, requireVerified: true, label: rest.label ?? `contact ${contact}` };
  });
  return { ...(raw as object), rules: resolved };
}
