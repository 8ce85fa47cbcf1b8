/**
 * One NATS request in, one reply out, whatever happens: the requester is checked first, then the
 * payload is read as a JSON operation or a script. Scripts are parsed and checked before anyone is
 * asked, run only after approval, and at most once per request id. Nothing thrown escapes as a crash.
 */
import { WalletError } from '../../../shared/errors';
import type { Outcome, RequestSource } from '../requests/request';
import { type HeaderLookup, REQUEST_ID_HEADER, UNVERIFIED, verifyRequester } from './identity';
import { type JsonOpName, outcomeError, parseJsonOp, runJsonOp } from './json-ops';
import type { LogLine, QueuePort, VaultPort } from './ports';
import { errorReply, jsonReply, type Reply, type ReplyFormat, textReply } from './replies';
import { calledFunctions, type Program, parseScript, runProgram, ScriptError, type ScriptLimits } from './script';
import { createScriptHost, WALLET_FUNCTIONS } from './script-host';

export interface HandlerOptions {
  vault: VaultPort;
  queue: QueuePort;
  /** The current keyspace each script run and JSON op starts with (`--keyspace`). */
  keyspace: string | null;
  sessionPassword: () => string | null;
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
      const identity = verifyRequester(req.subject, req.data, req.header, this.now());
      if (identity.verified) who = `${identity.key} (verified)`;
      const key = identity.verified ? identity.key : null;
      if (format === 'json') {
        const op = parseJsonOp(parseJson(req.data), req.endpoint);
        what = describeOp(op);
        const ctx = {
          vault: this.opts.vault,
          queue: this.opts.queue,
          source: sourceOf(req, key, op.id),
          defaultKeyspace: this.opts.keyspace,
          ensureUnlocked: (ks: string) => this.ensureUnlocked(ks),
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

  /** Unlocks with the session password when there is one; otherwise approval waits for the user to unlock. */
  async ensureUnlocked(keyspace: string): Promise<void> {
    if (this.opts.vault.isUnlocked(keyspace)) return;
    const password = this.opts.sessionPassword();
    if (password !== null) await this.opts.vault.unlock(keyspace, password);
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
    const keyspace = this.opts.keyspace ?? ANY;
    const submission = this.opts.queue.submit({
      source,
      target: { keyspace, keypair: ANY },
      operation: 'script',
      payload: new Uint8Array(data),
      script: { text, calls },
    });
    const known = this.runs.get(submission.id);
    if (known) return { reply: await known, calls };
    if (submission.duplicate) {
      throw new WalletError('exists', 'this request id already ran; its reply is no longer kept');
    }
    const run = this.runApproved(submission.id, submission.outcome, program, n);
    this.remember(submission.id, run);
    return { reply: await run, calls };
  }

  /** Waits for the decision; an approved script runs with a fresh host and its result goes to the audit log. */
  private async runApproved(id: string, outcome: Promise<Outcome>, program: Program, n: number): Promise<Reply> {
    const decided = await outcome;
    if (decided.status !== 'approved') return errorReply('script', outcomeError(decided));
    const actions: string[] = [];
    const host = createScriptHost({
      vault: this.opts.vault,
      keyspace: this.opts.keyspace,
      sessionPassword: this.opts.sessionPassword,
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
