// What instances of one cluster say to each other over NATS: a sign request for the instance holding
// a wallet, its liveness beats and final outcome, and the status scatter-gather. JSON, parsed with zod
// and bounded before parsing, like everything else that arrives from a network.
import { z } from 'zod';
import { fromBase64, toBase64 } from '../../shared/sigsocket';
import type { SignOutcome } from '../hub';

/** Subjects, all under one prefix so several clusters can share a NATS system. */
export function subjects(prefix: string) {
  return {
    /** Served (queue group) by the instance holding the key's proven wallet. */
    sign: (key: string) => `${prefix}.sign.${key}`,
    /** Every instance answers with its counts. */
    status: `${prefix}.status`,
  };
}

/** A frame on the sign subject: deliver a request, or just ask whether the wallet is here. */
const AskSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('sign'), message: z.string().min(1) }),
  z.object({ op: z.literal('here') }),
]);
export type Ask = { op: 'sign'; message: Uint8Array } | { op: 'here' };

/** A frame on the asker's inbox: beats while the wallet decides, then the outcome. */
const ReplySchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('beat') }),
  z.object({ t: z.literal('here'), instance: z.string().max(64) }),
  z.object({ t: z.literal('signed'), message: z.string(), signature: z.string() }),
  z.object({ t: z.literal('failed'), status: z.number().int().min(400).max(599), error: z.string().max(600) }),
]);
export type Reply = z.infer<typeof ReplySchema>;

const StatusReplySchema = z.object({
  id: z.string().max(64),
  connections: z.number().int().min(0),
  pending: z.number().int().min(0),
});
export type StatusReply = z.infer<typeof StatusReplySchema>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** JSON of at most `max` bytes checked against `schema`, or null: never throws on hostile input. */
function parse<T>(schema: z.ZodType<T>, data: Uint8Array, max: number): T | null {
  if (data.length === 0 || data.length > max) return null;
  try {
    const r = schema.safeParse(JSON.parse(decoder.decode(data)));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export function encode(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** A sign-subject frame; messages are base64 and bounded by the frame limit. */
export function decodeAsk(data: Uint8Array, maxFrameBytes: number): Ask | null {
  const ask = parse(AskSchema, data, maxFrameBytes + 1024);
  if (ask === null || ask.op === 'here') return ask;
  const message = fromBase64(ask.message);
  return message === null || message.length === 0 ? null : { op: 'sign', message };
}

export function encodeAsk(ask: Ask): Uint8Array {
  return ask.op === 'here' ? encode(ask) : encode({ op: 'sign', message: toBase64(ask.message) });
}

export function decodeReply(data: Uint8Array, maxFrameBytes: number): Reply | null {
  return parse(ReplySchema, data, maxFrameBytes + 1024);
}

/** The final reply for an outcome. */
export function outcomeReply(outcome: SignOutcome): Reply {
  return outcome.ok
    ? { t: 'signed', message: toBase64(outcome.message), signature: toBase64(outcome.signature) }
    : { t: 'failed', status: outcome.status, error: outcome.error.slice(0, 600) };
}

export function decodeStatusReply(data: Uint8Array): StatusReply | null {
  return parse(StatusReplySchema, data, 512);
}
