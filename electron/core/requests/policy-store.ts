// The request policy file: loaded strictly, moved aside when unreadable, saved atomically.
import { randomBytes } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../../../shared/node/atomic-file';
import { issueMessage } from '../../../shared/zod-issue';
import { type PolicyRule, policyRuleSchema } from './policy-rule';

export const policyFileSchema = z.strictObject({ version: z.literal(1), rules: z.array(policyRuleSchema) });

export interface LoadedPolicies {
  rules: PolicyRule[];
  /** Set when the file was unreadable: it was moved aside, and the engine starts from Ask for everything. */
  warning?: string;
}

/**
 * The persisted policies (policies.json in the data dir). Saves coalesce: while one write runs,
 * later changes collapse into a single follow-up write of the newest state.
 */
export class PolicyStore {
  private latest: PolicyRule[] | null = null;
  private running: Promise<void> | null = null;

  constructor(readonly file: string) {}

  /** Reads and validates the file; a missing file means no rules, a corrupt one is kept aside as *.corrupt-<time>. */
  async load(now = Date.now()): Promise<LoadedPolicies> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { rules: [] };
      throw e;
    }
    let problem: string;
    try {
      const parsed = policyFileSchema.safeParse(JSON.parse(text));
      if (parsed.success) return { rules: parsed.data.rules };
      problem = issueMessage(parsed.error);
    } catch {
      problem = 'not JSON';
    }
    const aside = `${this.file}.corrupt-${now}-${randomBytes(3).toString('hex')}`;
    await rename(this.file, aside);
    return { rules: [], warning: `policies file unreadable (${problem}); moved to ${aside}, every request will ask` };
  }

  /** Schedules a write of these rules; resolves once they (or a newer set) are on disk. */
  save(rules: PolicyRule[]): Promise<void> {
    this.latest = rules;
    if (!this.running) this.running = this.run();
    return this.running;
  }

  /** Resolves when no write is pending. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    try {
      while (this.latest) {
        const rules = this.latest;
        this.latest = null;
        await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, rules }, null, 2)}\n`);
      }
    } finally {
      this.running = null;
    }
  }
}
