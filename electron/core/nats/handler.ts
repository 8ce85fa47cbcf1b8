/**
 * One NATS request in, one reply out, whatever happens: the requester is checked first, then the
 * payload is read as a JSON operation or a script. Scripts are parsed and checked before anyone is
 * asked, run only after approval (confined to the keyspaces the approval showed), and at most once
 * per request id. Nothing is unlocked before approval. Nothing thrown escapes as a crash.
 */
import { WalletError } from '../../../shared/errors';
import { type Outcome, type RequestSource, requesterLabel } from '../requests/request';
import { checkNesting, checkSize, MAX_JSON_DEPTH, MAX_SCRIPT_DEPTH } from './bounded-input';
import { type HeaderLookup, REQUEST_ID_HEADER, UNVERIFIED, verifyRequester } from './identity';
import { type JsonOpName, outcomeError, parseJsonOp, runJsonOp } from './json-ops';
import type { LogLine, QueuePort, VaultPort } from './ports';
import { ReplayGuard } from './replay-guard';
import { errorReply, jsonReply, type Reply, type ReplyFormat, textReply } from './replies';
import { claimedNameOf } from './requester-name';
import {
  calledFunctions,
  DEFAULT_LIMITS,
  type Program,
  parseScript,
  runProgram,
  ScriptError,
  type ScriptLimits,
} from './script';
import { createScriptHost, WALLET_FUNCTIONS } from './script-host';
import { scriptReach } from './script-reach';

export interface HandlerOptions {
  vault: VaultPort;
  queue: QueuePort;
  /** The current keyspace each script run and JSON op starts with (`--keyspace`). */
  keyspace: string | null;
  /**
   * The listener's own password (`--password-file`) for a run approved by `decidedBy` that can reach
   * `keyspaces`; null when there is none or it may not be used for that run (after a lock).
   */
  password: (decidedBy: string, keyspaces: ReadonlySet<string>) => string | null;
  log: LogLine;
  limits?: Partial<ScriptLimits>;
  now?: () => number;
}

export interface IncomingRequest {
  subject: string;
  data: Uint8Array;
  header: HeaderLookup;
  /** Set for the micro-service endpoints: the payload is that JSON op, "op" may be left out. */
  endpoint?: JsonOpName;
}

/** Script replies kept by queue request id, so a replayed request id gets the first run's reply. */
const MAX_REMEMBERED_RUNS = 2_000;
/** What an approval prompt's target shows for a script: it may touch any keyspace it is allowed to. */
export const ANY = '*';

export class RequestHandler {
  private readonly runs = new Map<string, Promise<Reply>>();
  private readonly replays = new ReplayGuard();
  private seq = 0;

  constructor(private readonly opts: HandlerOptions) {}

  /** Answers one request; never throws. */
  async handle(req: IncomingRequest): Promise<Reply> {
    const started = performance.now();
    const n = ++this.seq;
    const format: ReplyFormat = req.endpoint || looksLikeJson(req.data) ? 'json' : 'script';
    let who = UNVERIFIED;
    let what = format === 'json' ? 'json' : 'script';
    let reply: Reply;
    try {
      if (format === 'json') checkSize(req.data);
      else checkScriptSize(req.data, this.scriptLimits().maxSourceBytes);
      checkNesting(req.data, format === 'json' ? MAX_JSON_DEPTH : MAX_SCRIPT_DEPTH, `the ${format} payload`);
      const now = this.now();
      const identity = verifyRequester(req.subject, req.data, req.header, now);
      if (identity.verified) {
        who = `${identity.key} (verified)`;
        this.replays.admit(identity.key, identity.signed, now);
      }
      const key = identity.verified ? identity.key : null;
      if (format === 'json') {
        const op = parseJsonOp(parseJson(req.data), req.endpoint);
        what = describeOp(op);
        const source = sourceOf(req, key, op.id);
        const ctx = {
          vault: this.opts.vault,
          queue: this.opts.queue,
          source,
          defaultKeyspace: this.opts.keyspace,
          checkPublicRead: (keyspace: string, keypair: string) => this.checkPublicRead(source, keyspace, keypair),
        };
        reply = jsonReply(await runJsonOp(op, ctx));
      } else {
        const { reply: r, calls } = await this.script(req.data, sourceOf(req, key), n);
        what = `script calling ${calls.join(', ') || 'no wallet functions'}`;
        reply = r;
      }
    } catch (e) {
      reply = errorReply(format, e);
    }
    const ms = Math.round(performance.now() - started);
    const result = reply.error ? `error ${reply.error.code}: ${reply.error.message}` : 'ok';
    this.log(`#${n} ${req.subject} from ${who}: ${what} -> ${result} (${ms} ms)`);
    return reply;
  }

  /**
   * Keypair names and public keys tell an outsider what to aim at: a verified requester reads them,
   * an unverified one only where a policy rule allows `read_public`.
   */
  private checkPublicRead(source: RequestSource, keyspace: string, keypair: string): void {
    if (source.verified) return;
    const subject = { source, requester: requesterLabel(source), target: { keyspace, keypair } };
    const decision = this.opts.queue.policies.evaluate({ ...subject, operation: 'read_public' });
    if (decision.effect !== 'allow') {
      throw new WalletError(
        'forbidden',
        'keypair names and public keys are shown to verified (signed) requesters, or where a policy allows read_public',
      );
    }
  }

  // ## Scripts

  /** Parse, check, ask, run once, record. Errors before approval never reach the user's prompt. */
  private async script(data: Uint8Array, source: RequestSource, n: number): Promise<{ reply: Reply; calls: string[] }> {
    const text = decodeUtf8(data);
    const program = parseScript(text, this.opts.limits);
    const calls = calledFunctions(program);
    const unknown = calls.filter((c) => !(WALLET_FUNCTIONS as readonly string[]).includes(c));
    if (unknown.length > 0) {
      throw new ScriptError(
        'unknown_function',
        `unknown function${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')}; the wallet offers ${WALLET_FUNCTIONS.join(', ')} and print`,
      );
    }
    const reach = scriptReach(program, this.opts.keyspace, calls);
    const submission = this.opts.queue.submit({
      source,
      target: { keyspace: this.opts.keyspace ?? reach.keyspaces[0] ?? ANY, keypair: ANY },
      operation: 'script',
      payload: new Uint8Array(data),
      script: { text, calls, ...reach },
    });
    const known = this.runs.get(submission.id);
    if (known) return { reply: await known, calls };
    if (submission.duplicate) {
      throw new WalletError('exists', 'this request id already ran; its reply is no longer kept');
    }
    const run = this.runApproved(submission.id, submission.outcome, program, new Set(reach.keyspaces), n);
    this.remember(submission.id, run);
    return { reply: await run, calls };
  }

  /**
   * Waits for the decision; an approved script runs with a fresh host, confined to `keyspaces`, and its
   * result goes to the audit log. A password typed at approval time lives only as long as this run.
   */
  private async runApproved(
    id: string,
    outcome: Promise<Outcome>,
    program: Program,
    keyspaces: ReadonlySet<string>,
    n: number,
  ): Promise<Reply> {
    const decided = await outcome;
    if (decided.status !== 'approved') return errorReply('script', outcomeError(decided));
    const actions: string[] = [];
    const host = createScriptHost({
      vault: this.opts.vault,
      keyspace: this.opts.keyspace,
      keyspaces,
      password: decided.password ?? this.opts.password(decided.decidedBy, keyspaces),
      onAction: (a) => {
        actions.push(a);
        this.log(`#${n}   ${a}`);
      },
      onNote: (note) => this.log(`#${n}   ${note}`),
    });
    const prints: string[] = [];
    const onPrint = (text: string) => {
      prints.push(text);
      this.log(`#${n}   print: ${text}`);
    };
    try {
      const result = await runProgram(program, host, this.opts.limits, undefined, { onPrint });
      this.record(id, true, actions, prints);
      return textReply(result.value);
    } catch (e) {
      this.record(id, false, actions, prints, e instanceof Error ? e.message : 'internal error');
      return errorReply('script', e);
    }
  }

  /** One audit 'result' per script: what it did (keys made, messages signed) and what it printed. */
  private record(id: string, ok: boolean, actions: string[], prints: string[], error?: string): void {
    const parts = [
      ...(error ? [`error: ${error}`] : []),
      ...actions.map((a) => `action: ${a}`),
      ...prints.map((p) => `print: ${p}`),
    ];
    try {
      this.opts.queue.recordResult(id, { ok, ...(parts.length > 0 ? { detail: parts.join('\n') } : {}) });
    } catch (e) {
      this.log(`audit: could not record the result of ${id}: ${e instanceof Error ? e.message : 'unknown error'}`);
    }
  }

  private remember(id: string, run: Promise<Reply>): void {
    this.runs.set(id, run);
    while (this.runs.size > MAX_REMEMBERED_RUNS) this.runs.delete(this.runs.keys().next().value as string);
  }

  private scriptLimits(): ScriptLimits {
    return { ...DEFAULT_LIMITS, ...this.opts.limits };
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  private log(line: string): void {
    try {
      this.opts.log(logSafe(line));
    } catch {
      // a failing log sink must not turn a served request into a failed one
    }
  }
}

// ## Helpers

/** A payload that opens with `{"` or `{}` is meant as JSON; a Rhai block opens with a statement instead. */
export function looksLikeJson(data: Uint8Array): boolean {
  let i = 0;
  while (i < data.length && (data[i] === 0x20 || data[i] === 0x0a || data[i] === 0x0d || data[i] === 0x09)) i++;
  if (data[i] !== 0x7b) return false;
  i++;
  while (i < data.length && (data[i] === 0x20 || data[i] === 0x0a || data[i] === 0x0d || data[i] === 0x09)) i++;
  return data[i] === 0x22 || data[i] === 0x7d;
}

/** A script's bytes over the source limit are refused before they are even decoded. */
function checkScriptSize(data: Uint8Array, maxSourceBytes: number): void {
  if (data.length > maxSourceBytes) {
    throw new ScriptError('too_large', `script of ${data.length} bytes exceeds the limit of ${maxSourceBytes} bytes`);
  }
}

function parseJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(decodeUtf8(data));
  } catch (e) {
    if (e instanceof WalletError) throw e;
    throw new WalletError('bad_input', `invalid JSON: ${(e as Error).message}`);
  }
}

function decodeUtf8(data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new WalletError('bad_input', 'the payload is not valid UTF-8');
  }
}

/** Verified requesters are named by key; a caller's request id is scoped to its key so ids never collide across requesters. */
function sourceOf(req: IncomingRequest, key: string | null, opId?: string): RequestSource {
  const id = req.header(REQUEST_ID_HEADER) ?? opId;
  if (id !== undefined && !/^[\x21-\x7e]{1,128}$/.test(id)) {
    throw new WalletError('bad_input', `${REQUEST_ID_HEADER} must be 1-128 printable ASCII characters without spaces`);
  }
  const scoped = id === undefined ? undefined : `${key ?? UNVERIFIED}/${id}`.slice(0, 256);
  return {
    kind: 'nats',
    endpoint: req.subject,
    requester: key ?? UNVERIFIED,
    verified: key !== null,
    ...claimedNameOf(req.header),
    ...(scoped ? { sourceRequestId: scoped } : {}),
  };
}

function describeOp(op: { op: string; keyspace?: string; keypair?: string }): string {
  return [op.op, op.keyspace, op.keypair].filter(Boolean).join(' ');
}

/** Log lines are one line of printable text, whatever a requester put in its names. */
function logSafe(line: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?').replace(/\n/g, ' | ');
}
