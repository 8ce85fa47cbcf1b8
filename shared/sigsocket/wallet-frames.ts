// The wallet's side of every dialect: what it sends (introduction, responses, our extensions) and
// how it reads the server's sign requests. Decoders never throw: they return Decoded<T>.
import { fromBase64, toBase64 } from './encoding';
import {
  type Decoded,
  type Dialect,
  describeIssues,
  fail,
  IdSignRequestSchema,
  MAX_REASON_CHARS,
  parseJsonObject,
  TypedSignRequestSchema,
} from './protocol';

/** A sign request as the wallet sees it; `shape` is the wire form it came in, and replies use the same. */
export interface SignRequestFrame {
  shape: Dialect;
  /** The server's id; null in the plain dialect, which carries none. */
  requestId: string | null;
  message: Uint8Array;
}

/** The first frame: the compressed hex key, bare or inside a typed introduction. */
export function encodeIntroduction(dialect: Dialect, publicKeyHex: string): string {
  if (dialect === 'json') return JSON.stringify({ type: 'introduction', public_key: publicKeyHex });
  return publicKeyHex;
}

/** Decodes a message field: strict base64 and not empty (an empty plain frame would be ambiguous). */
function decodeMessage(text: string): Uint8Array | null {
  const bytes = fromBase64(text);
  return bytes === null || bytes.length === 0 ? null : bytes;
}

/**
 * Reads a server frame in the connection's dialect. Typed JSON accepts only typed frames. The two
 * plain-hex dialects accept either request shape, since the same introduction serves both and a
 * server may be configured for either (`--plain-requests`).
 */
export function decodeServerFrame(dialect: Dialect, text: string): Decoded<SignRequestFrame> {
  if (dialect === 'json') return decodeTypedRequest(text);
  if (text.startsWith('{')) return decodeIdRequest(text);
  const message = decodeMessage(text);
  if (message === null) return fail('plain sign request is not non-empty base64');
  return { ok: true, value: { shape: 'plain', requestId: null, message } };
}

/** Typed JSON: only `sign_request` is meant for the wallet; other types are reported, not fatal. */
function decodeTypedRequest(text: string): Decoded<SignRequestFrame> {
  const obj = parseJsonObject(text);
  if (obj === null) return fail('typed frame is not a JSON object');
  if (obj.type !== 'sign_request') {
    return fail(typeof obj.type === 'string' ? 'unsupported typed frame type' : 'typed frame without a type');
  }
  const parsed = TypedSignRequestSchema.safeParse(obj);
  if (!parsed.success) return fail(describeIssues(parsed.error));
  const message = decodeMessage(parsed.data.message);
  if (message === null) return fail('sign_request message is not non-empty base64');
  return { ok: true, value: { shape: 'json', requestId: parsed.data.request_id, message } };
}

/** Id-JSON: `{"id","message"}`. */
function decodeIdRequest(text: string): Decoded<SignRequestFrame> {
  const obj = parseJsonObject(text);
  if (obj === null) return fail('id-json frame is not a JSON object');
  const parsed = IdSignRequestSchema.safeParse(obj);
  if (!parsed.success) return fail(describeIssues(parsed.error));
  const message = decodeMessage(parsed.data.message);
  if (message === null) return fail('id-json message is not non-empty base64');
  return { ok: true, value: { shape: 'id-json', requestId: parsed.data.id, message } };
}

/** The signed answer, in the shape the request came in. */
export function encodeSignResponse(
  shape: Dialect,
  r: { requestId: string | null; message: Uint8Array; signature: Uint8Array },
): string {
  const message = toBase64(r.message);
  const signature = toBase64(r.signature);
  if (shape === 'plain') return `${message}.${signature}`;
  if (r.requestId === null) throw new Error(`a ${shape} response needs a request id`);
  if (shape === 'id-json') return JSON.stringify({ id: r.requestId, message, signature });
  return JSON.stringify({ type: 'sign_response', request_id: r.requestId, message, signature });
}

/** Our typed-JSON extension: tells the server to fail the request now instead of waiting out its timeout. */
export function encodeSignRejected(requestId: string, reason: string): string {
  return JSON.stringify({ type: 'sign_rejected', request_id: requestId, reason: reason.slice(0, MAX_REASON_CHARS) });
}

/** Our typed-JSON extension: the request reached the wallet and waits for a decision. */
export function encodePending(requestId: string): string {
  return JSON.stringify({ type: 'pending', request_id: requestId });
}
