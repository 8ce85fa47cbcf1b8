// Answers a server's sign requests: each request id goes to the handler once; replays (after a
// reconnect, or duplicates) are answered from the outcome memory, so nothing is ever signed twice.
// Proof-of-possession challenges never reach the handler: the first on each connection is signed
// without a prompt, and any other message carrying the proof prefix is refused.
import {
  encodePending,
  encodeSignRejected,
  encodeSignResponse,
  hasProofPrefix,
  isProofChallenge,
  messageDigestHex,
  type SignRequestFrame,
} from '../../../shared/sigsocket';
import type { ProofSigner, SigsocketDecision, SigsocketHandler } from './options';
import { OutcomeMemory, type RememberedOutcome } from './outcome-memory';

/** A request waiting for its decision, tied to the connection (generation) it arrived on. */
interface Waiter {
  frame: SignRequestFrame;
  generation: number;
}

export interface ResponderWiring {
  url: string;
  handler: SigsocketHandler;
  signProof: ProofSigner;
  rememberMs: number;
  /** The live connection's generation; replies only go to requests received on it. */
  generation: () => number;
  /** Sends on the live connection, or drops the frame when there is none. */
  send: (text: string) => void;
  /** The connection can serve: its proof went out, or the server sent a request without asking for one. */
  ready: () => void;
  log: (fields: Record<string, unknown>) => void;
}

export class RequestResponder {
  private readonly memory: OutcomeMemory;
  private readonly waiters = new Map<string, Waiter[]>();
  /** The connection whose challenge was answered: one proof per connection, and only one. */
  private provedGeneration = -1;

  constructor(private readonly w: ResponderWiring) {
    this.memory = new OutcomeMemory(w.rememberMs);
  }

  /** Routes a request through the memory: new ones go to the handler, known ones are answered from memory. */
  onRequest(frame: SignRequestFrame): void {
    if (hasProofPrefix(frame.message)) {
      this.onChallenge(frame);
      return;
    }
    this.w.ready();
    const digest = messageDigestHex(frame.message);
    const id = frame.requestId ?? `plain:${digest}`;
    const recall = this.memory.recall(id, digest);
    const waiter: Waiter = { frame, generation: this.w.generation() };
    switch (recall.state) {
      case 'conflict':
        this.w.log({ event: 'id_conflict', id });
        this.reply(waiter, { ok: false, reason: 'request id reused with a different message' });
        return;
      case 'settled':
        this.w.log({ event: 'replay_answered', id, ok: recall.outcome.ok });
        this.reply(waiter, recall.outcome);
        return;
      case 'in-flight':
        this.waiters.get(id)?.push(waiter);
        this.acknowledge(frame, id);
        return;
      case 'new':
        this.memory.begin(id, digest);
        this.waiters.set(id, [waiter]);
        this.acknowledge(frame, id);
        this.w.log({ event: 'request', id, bytes: frame.message.length });
        void this.decide(id, frame.message);
    }
  }

  /**
   * A well-formed challenge, the first on its connection, is signed at once; it is neither shown nor
   * remembered. Everything else with the prefix is refused, so the prefix never signs for a user.
   */
  private onChallenge(frame: SignRequestFrame): void {
    const waiter: Waiter = { frame, generation: this.w.generation() };
    if (!isProofChallenge(frame.message) || this.provedGeneration === waiter.generation) {
      this.w.log({ event: 'proof_refused', reason: 'not a first, well-formed challenge' });
      this.reply(waiter, { ok: false, reason: 'messages with the proof prefix are only signed as challenges' });
      return;
    }
    this.provedGeneration = waiter.generation;
    void (async () => {
      let outcome: RememberedOutcome;
      try {
        const signature = await this.w.signProof(frame.message);
        outcome = validSignature(signature)
          ? { ok: true, signature }
          : { ok: false, reason: 'wallet produced a malformed signature' };
      } catch (e) {
        outcome = { ok: false, reason: `cannot prove the key: ${(e as Error)?.message ?? 'unknown'}` };
      }
      this.w.log({ event: 'proof', ok: outcome.ok, ...(outcome.ok ? {} : { reason: outcome.reason }) });
      this.reply(waiter, outcome);
      if (outcome.ok && waiter.generation === this.w.generation()) this.w.ready();
    })();
  }

  /** Asks the handler once per request id, then answers every waiter on the live connection. */
  private async decide(id: string, message: Uint8Array): Promise<void> {
    let decision: SigsocketDecision;
    try {
      decision = await this.w.handler({ requestId: id, message, url: this.w.url });
    } catch (e) {
      this.w.log({ event: 'handler_error', id, reason: (e as Error)?.message ?? 'unknown' });
      decision = { ok: false, reason: 'wallet error' };
    }
    const outcome: RememberedOutcome = decision.ok
      ? validSignature(decision.signature)
        ? { ok: true, signature: decision.signature }
        : { ok: false, reason: 'wallet produced a malformed signature' }
      : { ok: false, reason: String(decision.reason) };
    this.memory.settle(id, outcome);
    this.w.log({ event: 'decided', id, ok: outcome.ok });
    const waiters = this.waiters.get(id) ?? [];
    this.waiters.delete(id);
    for (const waiter of waiters) this.reply(waiter, outcome);
  }

  /**
   * `pending` (our typed-JSON extension; the other dialects cannot say it) tells the server the request is
   * waiting for a decision. It goes out on the next turn of the event loop, and only if the request is
   * still undecided: an instant decision (an auto-approve policy) needs no acknowledgement and saves a frame.
   */
  private acknowledge(frame: SignRequestFrame, id: string): void {
    if (frame.shape !== 'json' || frame.requestId === null) return;
    const requestId = frame.requestId;
    const generation = this.w.generation();
    setImmediate(() => {
      if (this.waiters.has(id) && generation === this.w.generation()) this.w.send(encodePending(requestId));
    });
  }

  /** Answers in the request's own shape, only on the connection it arrived on (the server replays otherwise). */
  private reply(waiter: Waiter, outcome: RememberedOutcome): void {
    if (waiter.generation !== this.w.generation()) return;
    const { frame } = waiter;
    if (outcome.ok) {
      this.w.send(encodeSignResponse(frame.shape, { ...frame, signature: outcome.signature }));
    } else if (frame.shape === 'json' && frame.requestId !== null) {
      this.w.send(encodeSignRejected(frame.requestId, outcome.reason));
    }
  }
}

/** The handler must return exactly a 64-byte compact signature. */
function validSignature(sig: unknown): sig is Uint8Array {
  return sig instanceof Uint8Array && sig.length === 64;
}
