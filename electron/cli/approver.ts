// The terminal approver for crypto-cli listen/connect: prompts on a TTY, auto-approves, or applies a policy file.
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ApproveMode } from '../../shared/domain';
import { WalletError } from '../../shared/errors';
import type { QueueChange, RequestQueue, RequestSnapshot } from '../core/requests';
import { grantTerms } from '../core/requests/grants';
import { type ContactKeyOf, loadPolicyFile } from '../core/requests/policy-file';

export interface CliApproverOptions {
  /** Where answers are read from (the TTY); defaults to process.stdin. */
  input?: Readable;
  /** Where prompts go; defaults to process.stdout. */
  output?: Writable;
  /** Where the auto-mode warning goes; defaults to process.stderr. */
  errorOutput?: Writable;
  /** Required for mode 'policy'. */
  policyFile?: string;
  /** Resolves `"contact"` in policy-file rules to the contact's key. */
  contactKeyOf?: ContactKeyOf;
  /** Minutes an "a" answer allows the same requester, key and operation for. */
  allowMinutes?: number;
  /** Who asks, as the contacts see it (new, seen, known, impostor): shown under the request's first line. */
  requesterLines?: (view: RequestSnapshot) => string[];
}

export interface CliApprover {
  mode: ApproveMode;
  /** Stops prompting and undoes the mode (fallback back to ask, file rules removed). */
  detach(): void;
  /** Resolves when no prompt is open or queued (for tests and orderly shutdown). */
  idle(): Promise<void>;
}

export const AUTO_WARNING = [
  '',
  '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
  '!!  WARNING: --approve auto. Every sign and script request will be approved  !!',
  '!!  WITHOUT ASKING, from any requester. Use it only on a test keyspace.      !!',
  '!!  Key management still needs a policy that names it; deny rules still apply.!!',
  '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
  '',
].join('\n');

/**
 * The CLI's approval modes, on the same queue and policy engine as the GUI:
 * 'ask' prompts on the terminal, 'auto' approves everything but key management (loudly),
 * 'policy' loads a rule file and refuses whatever it does not cover (or asks, where the file says ask).
 */
export async function attachCliApprover(
  queue: RequestQueue,
  mode: ApproveMode,
  options: CliApproverOptions = {},
): Promise<CliApprover> {
  const output = options.output ?? process.stdout;
  let prompter: TerminalPrompter | null = null;
  const fileRules: string[] = [];
  if (mode === 'auto') {
    (options.errorOutput ?? process.stderr).write(`${AUTO_WARNING}\n`);
    queue.policies.setFallback('auto');
  } else if (mode === 'policy') {
    if (!options.policyFile) throw new WalletError('bad_input', '--approve policy needs a FILE');
    const file = await loadPolicyFile(options.policyFile, options.contactKeyOf);
    for (const warning of file.warnings) (options.errorOutput ?? process.stderr).write(`warning: ${warning}\n`);
    for (const rule of file.rules) fileRules.push(queue.policies.add(rule, { persist: false }).id);
    queue.policies.setFallback(file.default);
    const asks = file.default === 'ask' || file.rules.some((r) => r.effect === 'ask');
    if (asks) prompter = new TerminalPrompter(queue, options, output);
  } else if (mode === 'ask') {
    prompter = new TerminalPrompter(queue, options, output);
  } else {
    throw new WalletError('bad_input', `unknown approve mode: ${String(mode)}`);
  }
  queue.applyPolicies();
  return {
    mode,
    detach() {
      prompter?.stop();
      queue.policies.setFallback('ask');
      if (fileRules.length > 0) queue.policies.removeTransient(fileRules);
    },
    idle: () => prompter?.idle() ?? Promise.resolve(),
  };
}

/** Asks about one pending request at a time, oldest first, reading one answer line per prompt. */
class TerminalPrompter {
  private readonly waiting: string[] = [];
  private readonly lines: string[] = [];
  private lineWaiter: ((line: string | null) => void) | null = null;
  private inputClosed = false;
  private running: Promise<void> | null = null;
  private readonly rl: Interface;
  private readonly onChange = (change: QueueChange) => {
    if (change.type === 'added' && change.view.state === 'pending') this.enqueue(change.id);
  };

  constructor(
    private readonly queue: RequestQueue,
    private readonly options: CliApproverOptions,
    private readonly output: Writable,
  ) {
    this.rl = createInterface({ input: options.input ?? process.stdin, terminal: false });
    this.rl.on('line', (line) => this.deliver(line));
    this.rl.on('close', () => {
      this.inputClosed = true;
      this.deliver(null);
    });
    queue.on('changed', this.onChange);
    for (const view of queue.snapshot().reverse()) if (view.state === 'pending') this.enqueue(view.id);
  }

  stop(): void {
    this.queue.off('changed', this.onChange);
    this.waiting.length = 0;
    this.rl.close();
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private enqueue(id: string): void {
    this.waiting.push(id);
    if (!this.running) this.running = this.loop().finally(() => (this.running = null));
  }

  private async loop(): Promise<void> {
    while (this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      const view = this.queue.get(id);
      if (view?.state !== 'pending') continue;
      const grant = grantTerms(view);
      const choices = grant.offered ? `[y]es / [N]o / [a]llow this for ${this.minutes()} min` : '[y]es / [N]o';
      const who = this.options.requesterLines?.(view) ?? [];
      this.output.write(`${describeRequest(view, Date.now(), who)}\n  ${grant.note}\nApprove? ${choices}: `);
      const answer = await this.nextLine();
      if (answer === null) {
        this.output.write('\ninput closed: remaining requests will expire unanswered\n');
        this.waiting.length = 0;
        return;
      }
      this.answer(id, answer.trim().toLowerCase());
    }
  }

  private answer(id: string, answer: string): void {
    try {
      const view = this.queue.get(id);
      if (!view) this.output.write('that request already ended (expired or withdrawn)\n');
      else if (answer === 'y' || answer === 'yes') this.queue.approve(id);
      else if (answer === 'a' || answer === 'always') {
        if (grantTerms(view).offered) this.queue.approve(id, { remember: { minutes: this.minutes() } });
        else {
          // Asked again rather than guessed: "a" must never turn into an approval the user did not pick.
          this.output.write('no grant is offered for this request: answer y or n\n');
          this.waiting.unshift(id);
        }
      } else this.queue.reject(id, { reason: 'rejected at the terminal' });
    } catch (e) {
      this.output.write(`could not apply the answer: ${e instanceof WalletError ? e.message : 'internal error'}\n`);
    }
  }

  private minutes(): number {
    return this.options.allowMinutes ?? 10;
  }

  private deliver(line: string | null): void {
    if (this.lineWaiter) {
      const waiter = this.lineWaiter;
      this.lineWaiter = null;
      waiter(line);
    } else if (line !== null) this.lines.push(line);
  }

  private nextLine(): Promise<string | null> {
    if (this.lines.length > 0) return Promise.resolve(this.lines.shift()!);
    if (this.inputClosed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.lineWaiter = resolve;
    });
  }
}

/** Preview lines shown at the prompt; the rest is summarised by size and hash. */
const PROMPT_PREVIEW_LINES = 20;

/** The prompt text for a request; every string from the requester (`who` included) is made terminal-safe first. */
export function describeRequest(view: RequestSnapshot, now: number, who: string[] = []): string {
  const s = terminalSafe;
  const from = `${s(view.requester)} (${view.source.verified ? 'verified' : 'UNVERIFIED'})`;
  const op = view.keyManagement ? `key management: ${view.keyManagement}` : view.operation;
  const p = view.preview;
  const lines = [
    '',
    `Request ${view.id} from ${from} via ${view.source.kind} ${s(view.source.endpoint)}`,
    ...who.map(s),
    `  operation: ${op}   keyspace: ${s(view.target.keyspace)}   keypair: ${s(view.target.keypair) || '-'}`,
    `  payload: ${p.size} bytes, sha256 ${p.sha256}, shown as ${p.kind}${p.truncated ? ' (cut)' : ''}`,
    ...p.warnings.map((w) => `  WARNING: ${w}`),
    ...(view.script
      ? [
          `  script calls: ${view.script.calls.map(s).join(', ') || 'none'}`,
          `  keyspaces it can touch: ${view.script.keyspaces.map(s).join(', ') || 'none'}`,
          ...(view.script.keyManagement.length > 0
            ? [`  KEY MANAGEMENT: this script performs ${view.script.keyManagement.join(', ')}`]
            : []),
        ]
      : []),
    ...(view.unlockNeeded ? ['  keyspace is locked: approving will sign once it is unlocked'] : []),
  ];
  const body = p.text.split('\n');
  for (const line of body.slice(0, PROMPT_PREVIEW_LINES)) lines.push(`  | ${s(line)}`);
  if (body.length > PROMPT_PREVIEW_LINES) lines.push(`  | … ${body.length - PROMPT_PREVIEW_LINES} more lines`);
  lines.push(`  expires in ${Math.max(0, Math.round((view.expiresAt - now) / 1000))} s`);
  return lines.join('\n');
}

/** Escapes control characters (ANSI escapes included) so a requester cannot rewrite the terminal. */
function terminalSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    out += c < 32 || (c >= 0x7f && c <= 0x9f) ? `\\x${c.toString(16).padStart(2, '0')}` : ch;
  }
  return out;
}
