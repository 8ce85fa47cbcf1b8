import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { toBase64, toHex } from './encoding';
import { decodeIntroduction, decodeWalletFrame, encodeSignRequest } from './server-frames';
import {
  decodeServerFrame,
  encodeIntroduction,
  encodePending,
  encodeSignRejected,
  encodeSignResponse,
} from './wallet-frames';

const { publicKey } = secp256k1.keygen();
const keyHex = toHex(publicKey);
const message = new TextEncoder().encode('pay 10 to bob');
const signature = new Uint8Array(64).fill(7);

describe('introductions', () => {
  it('detects the dialect family from the first frame', () => {
    const typed = decodeIntroduction(encodeIntroduction('json', keyHex));
    expect(typed).toMatchObject({ ok: true, value: { family: 'json', keyEncoding: 'hex' } });
    const bare = decodeIntroduction(encodeIntroduction('plain', keyHex));
    expect(bare).toMatchObject({ ok: true, value: { family: 'hex' } });
    expect(decodeIntroduction(encodeIntroduction('id-json', keyHex))).toEqual(bare);
  });
  it('reads a typed public_key given in base64 (the published texts disagree)', () => {
    const intro = decodeIntroduction(JSON.stringify({ type: 'introduction', public_key: toBase64(publicKey) }));
    expect(intro.ok && toHex(intro.value.publicKey)).toBe(keyHex);
    expect(intro.ok && intro.value.keyEncoding).toBe('base64');
  });
  it('refuses anything else, without quoting it', () => {
    for (const bad of [
      '',
      'hello',
      toBase64(publicKey),
      '{"type":"sign_response"}',
      '{"type":"introduction"}',
      '{"type":"introduction","public_key":"zz"}',
      '[1]',
      '{',
    ]) {
      const d = decodeIntroduction(bad);
      expect(d.ok, bad).toBe(false);
      if (!d.ok && bad.length > 3) expect(d.error).not.toContain(bad);
    }
  });
});

describe('sign requests and responses, every dialect', () => {
  for (const shape of ['plain', 'json', 'id-json'] as const) {
    it(`${shape}: request and response round-trip between the two sides`, () => {
      const wire = encodeSignRequest(shape, { requestId: 'r-1', message });
      const seen = decodeServerFrame(shape === 'json' ? 'json' : 'plain', wire);
      expect(seen).toEqual({ ok: true, value: { shape, requestId: shape === 'plain' ? null : 'r-1', message } });
      if (!seen.ok) return;
      const answer = encodeSignResponse(shape, { ...seen.value, signature });
      const read = decodeWalletFrame(shape === 'json' ? 'json' : 'hex', answer);
      expect(read).toEqual({
        ok: true,
        value: { kind: 'sign_response', shape, requestId: seen.value.requestId, message, signature },
      });
    });
  }

  it('matches the published wire forms exactly', () => {
    const b64 = toBase64(message);
    expect(encodeSignRequest('plain', { requestId: 'x', message })).toBe(b64);
    expect(JSON.parse(encodeSignRequest('json', { requestId: 'x', message }))).toEqual({
      type: 'sign_request',
      request_id: 'x',
      message: b64,
    });
    expect(JSON.parse(encodeSignRequest('id-json', { requestId: 'x', message }))).toEqual({ id: 'x', message: b64 });
    expect(encodeSignResponse('plain', { requestId: null, message, signature })).toBe(`${b64}.${toBase64(signature)}`);
  });

  it('a hex-family wallet understands either request shape', () => {
    const idShape = encodeSignRequest('id-json', { requestId: 'q', message });
    expect(decodeServerFrame('plain', idShape)).toMatchObject({ ok: true, value: { shape: 'id-json' } });
    expect(decodeServerFrame('id-json', toBase64(message))).toMatchObject({ ok: true, value: { shape: 'plain' } });
  });

  it('typed JSON accepts only typed frames', () => {
    expect(decodeServerFrame('json', toBase64(message)).ok).toBe(false);
    expect(decodeServerFrame('json', '{"type":"introduction","public_key":"x"}').ok).toBe(false);
    expect(decodeServerFrame('json', '{"type":"sign_request","request_id":"","message":"aGk="}').ok).toBe(false);
    expect(decodeServerFrame('json', '{"type":"sign_request","request_id":"a","message":""}').ok).toBe(false);
  });

  it('our extensions decode on the server side', () => {
    expect(decodeWalletFrame('json', encodeSignRejected('r', 'user said no'))).toEqual({
      ok: true,
      value: { kind: 'sign_rejected', requestId: 'r', reason: 'user said no' },
    });
    expect(decodeWalletFrame('json', encodePending('r'))).toEqual({
      ok: true,
      value: { kind: 'pending', requestId: 'r' },
    });
    expect(decodeWalletFrame('json', '{"type":"sign_rejected","request_id":"r"}')).toMatchObject({
      value: { reason: 'rejected' },
    });
    expect(JSON.parse(encodeSignRejected('r', 'x'.repeat(2000))).reason).toHaveLength(500);
  });

  it('refuses malformed answers', () => {
    const b64 = toBase64(message);
    for (const bad of [`${b64}`, `${b64}.`, `.${toBase64(signature)}`, `${b64}.${b64}.${b64}`, `${b64}.!!`]) {
      expect(decodeWalletFrame('hex', bad).ok, bad).toBe(false);
    }
    expect(decodeWalletFrame('hex', '{"id":"a","message":"aGk="}').ok).toBe(false);
    expect(decodeWalletFrame('json', '{"type":"sign_response","request_id":"a","message":"aGk="}').ok).toBe(false);
    expect(decodeWalletFrame('json', '{"type":"mystery","request_id":"a"}').ok).toBe(false);
    expect(decodeWalletFrame('json', 'null').ok).toBe(false);
  });
});
