// The server's side of every dialect: reading introductions (and so detecting the dialect), encoding
// sign requests, reading wallet answers. Decoders never throw: they return Decoded<T>.
import { fromBase64, type PublicKeyEncoding, publicKeyBytesFromText, toBase64 } from './encoding';
import {
  type Decoded,
  type Dialect,
  describeIssues,
  fail,
  IdSignResponseSchema,
  MAX_REASON_CHARS,
  parseJsonObject,
  TypedIntroductionSchema,
  TypedPendingSchema,
  TypedSignRejectedSchema,
  TypedSignResponseSchema,
} from './protocol';

/** Which introduction a wallet used: typed JSON, or the bare hex key shared by `plain` and `id-json`. */
export type IntroductionFamily = 'json' | 'hex';

export interface Introduction {
  family: IntroductionFamily;
  /** SEC 1 bytes, 33 or 65, prefix checked; the caller still checks the point is on the curve. */
  publicKey: Uint8Array;
  keyEncoding: PublicKeyEncoding;
}

/** A wallet's frame after the introduction. */
export type WalletFrame =
  | { kind: 'sign_response'; shape: Dialect; requestId: string | null; message: Uint8Array; signature: Uint8Array }
  | { kind: 'sign_rejected'; requestId: string; reason: string }
  | { kind: 'pending'; requestId: string };

/**
 * Reads the first frame and detects the dialect family from it. Typed JSON carries the key as hex or
 * base64 (the published texts disagree, so both are detected); the bare form is hex only, surrounding
 * whitespace tolerated.
 */
export function decodeIntroduction(text: string): Decoded<Introduction> {
  if (text.startsWith('{')) {
    const obj = parseJsonObject(text);
    if (obj === null) return fail('introduction is not a JSON object');
    const parsed = TypedIntroductionSchema.safeParse(obj);
    if (!parsed.success) return fail(`not an introduction: ${describeIssues(parsed.error)}`);
    const key = publicKeyBytesFromText(parsed.data.public_key.trim());
    if (key === null) return fail('public_key is not a 33- or 65-byte SEC 1 key in hex or base64');
    return { ok: true, value: { family: 'json', publicKey: key.bytes, keyEncoding: key.encoding } };
  }
  const key = publicKeyBytesFromText(text.trim(), ['hex']);
  if (key === null) return fail('introduction is not a 33- or 65-byte SEC 1 public key in hex');
  return { ok: true, value: { family: 'hex', publicKey: key.bytes, keyEncoding: 'hex' } };
}

/** A sign request in the wire shape chosen for the connection. */
export function encodeSignRequest(shape: Dialect, r: { requestId: string; message: Uint8Array }): string {
  const message = toBase64(r.message);
  if (shape === 'plain') return message;
  if (shape === 'id-json') return JSON.stringify({ id: r.requestId, message });
  return JSON.stringify({ type: 'sign_request', request_id: r.requestId, message });
}

/** Decodes a base64 field that must not be empty. */
function nonEmptyBytes(text: string): Uint8Array | null {
  const bytes = fromBase64(text);
  return bytes === null || bytes.length === 0 ? null : bytes;
}

/**
 * Reads a wallet's frame. Typed-JSON wallets may send sign_response, sign_rejected or pending; hex-family
 * wallets may answer in either the plain `msg.sig` or the id-json shape.
 */
export function decodeWalletFrame(family: IntroductionFamily, text: string): Decoded<WalletFrame> {
  if (family === 'json') return decodeTypedWalletFrame(text);
  if (text.startsWith('{')) {
    const obj = parseJsonObject(text);
    if (obj === null) return fail('id-json frame is not a JSON object');
    const parsed = IdSignResponseSchema.safeParse(obj);
    if (!parsed.success) return fail(describeIssues(parsed.error));
    return responseFrame('id-json', parsed.data.id, parsed.data.message, parsed.data.signature);
  }
  const dot = text.indexOf('.');
  if (dot < 0 || text.indexOf('.', dot + 1) >= 0) return fail('plain response is not <message>.<signature>');
  return responseFrame('plain', null, text.slice(0, dot), text.slice(dot + 1));
}

/** Typed JSON: dispatch on `type`, then validate that frame's schema. */
function decodeTypedWalletFrame(text: string): Decoded<WalletFrame> {
  const obj = parseJsonObject(text);
  if (obj === null) return fail('typed frame is not a JSON object');
  switch (obj.type) {
    case 'sign_response': {
      const parsed = TypedSignResponseSchema.safeParse(obj);
      if (!parsed.success) return fail(describeIssues(parsed.error));
      return responseFrame('json', parsed.data.request_id, parsed.data.message, parsed.data.signature);
    }
    case 'sign_rejected': {
      const parsed = TypedSignRejectedSchema.safeParse(obj);
      if (!parsed.success) return fail(describeIssues(parsed.error));
      const reason = (parsed.data.reason ?? '').slice(0, MAX_REASON_CHARS) || 'rejected';
      return { ok: true, value: { kind: 'sign_rejected', requestId: parsed.data.request_id, reason } };
    }
    case 'pending': {
      const parsed = TypedPendingSchema.safeParse(obj);
      if (!parsed.success) return fail(describeIssues(parsed.error));
      return { ok: true, value: { kind: 'pending', requestId: parsed.data.request_id } };
    }
    default:
      return fail(typeof obj.type === 'string' ? 'unsupported typed frame type' : 'typed frame without a type');
  }
}

/** Builds a sign_response after checking both base64 fields. */
function responseFrame(
  shape: Dialect,
  requestId: string | null,
  messageB64: string,
  signatureB64: string,
): Decoded<WalletFrame> {
  const message = nonEmptyBytes(messageB64);
  if (message === null) return fail('response message is not non-empty base64');
  const signature = nonEmptyBytes(signatureB64);
  if (signature === null) return fail('response signature is not non-empty base64');
  return { ok: true, value: { kind: 'sign_response', shape, requestId, message, signature } };
}
