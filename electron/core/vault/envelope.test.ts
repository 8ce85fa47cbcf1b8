// Tests of the encrypted envelope: round trips, bindings, tampering and KDF bounds.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkBinding,
  checkKdfParams,
  deriveKey,
  ENVELOPE_VERSION,
  newKdfHeader,
  openWithKey,
  parseEnvelope,
  sameKdf,
  seal,
} from './envelope';
import { DEFAULT_KDF } from './types';

const FAST = { N: 2 ** 10, r: 8, p: 1 };
const plain = new TextEncoder().encode('the secret part');
const KS = '0123456789abcdef';
const AT = { keyspace: KS, generation: 1 };

async function sealed(password = 'correct horse', binding = AT) {
  const kdf = newKdfHeader(FAST);
  const key = await deriveKey(password, kdf);
  return { kdf, key, text: seal(key, kdf, plain, binding) };
}

async function open(text: string, password: string) {
  const env = parseEnvelope(text, 'test');
  return openWithKey(env, await deriveKey(password, env.kdf));
}

describe('envelope', () => {
  it('round-trips, and stores its version, parameters, salt and nonce', async () => {
    const { text } = await sealed();
    const json = JSON.parse(text);
    expect(json).toMatchObject({ version: ENVELOPE_VERSION, kdf: { name: 'scrypt', N: 1024, r: 8, p: 1 } });
    expect(Buffer.from(json.kdf.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(json.cipher.nonce, 'base64')).toHaveLength(12);
    expect((await open(text, 'correct horse')).toString()).toBe('the secret part');
  });

  it('uses a fresh salt per header and a fresh nonce per seal', async () => {
    const { key, kdf } = await sealed();
    expect(newKdfHeader(FAST).salt).not.toBe(kdf.salt);
    const a = JSON.parse(seal(key, kdf, plain, AT));
    const b = JSON.parse(seal(key, kdf, plain, AT));
    expect(a.cipher.nonce).not.toBe(b.cipher.nonce);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('decrypts with the stored parameters, not with any default', async () => {
    const kdf = newKdfHeader({ N: 2 ** 11, r: 4, p: 2 });
    const text = seal(await deriveKey('pw', kdf), kdf, plain, AT);
    expect((await open(text, 'pw')).toString()).toBe('the secret part');
  });

  it('says "wrong password" for a wrong password, and only that', async () => {
    const { text } = await sealed();
    await expect(open(text, 'wrong horse')).rejects.toMatchObject({
      code: 'wrong_password',
      message: 'wrong password',
    });
  });

  it('normalises the password to NFC, so the same text typed differently still opens', async () => {
    const { text } = await sealed('caf\u00e9');
    expect((await open(text, 'cafe\u0301')).toString()).toBe('the secret part');
  });

  it.each([
    ['truncated', (t: string) => t.slice(0, t.length - 20)],
    ['not JSON', () => 'garbage'],
    ['a flipped ciphertext character', (t: string) => flip(t, 'ciphertext')],
    ['a changed nonce', (t: string) => flip(t, 'nonce')],
    ['a changed salt', (t: string) => flip(t, 'salt')],
  ])('calls damage "corrupt", not "wrong password": %s', async (_what, damage) => {
    const { text } = await sealed();
    expect(() => parseEnvelope(damage(text), 'keyspace "a"')).toThrow(
      expect.objectContaining({ code: 'corrupt', message: expect.stringContaining('keyspace "a"') }),
    );
  });

  it('binds the header to the ciphertext: a consistent but altered header fails authentication', async () => {
    const { text, kdf, key } = await sealed();
    const json = JSON.parse(text);
    json.kdf.r = 4;
    // recompute the unkeyed checksum as an attacker could; GCM's associated data still catches it
    const forged = JSON.parse(seal(key, { ...kdf, r: 4 }, plain, AT));
    forged.ciphertext = json.ciphertext;
    forged.cipher = json.cipher;
    const env = parseEnvelopeLoose(forged);
    expect(() => openWithKey(env, key)).toThrow(expect.objectContaining({ code: 'wrong_password' }));
  });

  it('names a newer format instead of calling it garbage', () => {
    const text = JSON.stringify({ format: 'signing-wallet/keyspace', version: ENVELOPE_VERSION + 1 });
    expect(() => parseEnvelope(text, 'k')).toThrow(/newer version/);
  });

  it.each([
    ['N = 2^30', { N: 2 ** 30 }],
    ['512 MiB (N = 2^20, r = 4)', { N: 2 ** 20, r: 4 }],
    ['4 GiB (N = 2^20, r = 32, p = 16)', { N: 2 ** 20, r: 32, p: 16 }],
    ['p = 5', { p: 5 }],
  ])('refuses stored parameters beyond 256 MiB or p > 4 before running scrypt: %s', async (_what, cost) => {
    const { text } = await sealed();
    const json = JSON.parse(text);
    Object.assign(json.kdf, cost);
    expect(() => parseEnvelopeLoose(json)).toThrow(
      expect.objectContaining({ code: 'corrupt', message: expect.stringMatching(/scrypt parameters/) }),
    );
  });

  it('accepts the largest allowed cost (256 MiB, p = 4) without deriving it', async () => {
    const { text } = await sealed();
    const json = JSON.parse(text);
    Object.assign(json.kdf, { N: 2 ** 20, r: 2, p: 4 });
    expect(parseEnvelopeLoose(json).kdf).toMatchObject({ N: 2 ** 20, r: 2, p: 4 });
  });

  it('binds the keyspace and the generation: relabelling either fails authentication', async () => {
    const { text, key } = await sealed('pw', { keyspace: KS, generation: 3 });
    expect(parseEnvelope(text, 'k').binding).toEqual({ keyspace: KS, generation: 3 });
    for (const change of [{ keyspace: 'fedcba9876543210' }, { generation: 9 }]) {
      const env = parseEnvelopeLoose({ ...JSON.parse(text), ...change });
      expect(() => openWithKey(env, key)).toThrow(expect.objectContaining({ code: 'wrong_password' }));
    }
  });

  it('refuses a blob of another keyspace, or older than the trusted generation, as corrupt', async () => {
    const env = parseEnvelope((await sealed('pw', { keyspace: KS, generation: 3 })).text, 'k');
    expect(checkBinding(env, KS, 3, 'k')).toBe(3);
    expect(checkBinding(env, KS, 0, 'k')).toBe(3);
    expect(() => checkBinding(env, 'fedcba9876543210', 0, 'k')).toThrow(
      expect.objectContaining({ code: 'corrupt', message: expect.stringMatching(/another keyspace/) }),
    );
    expect(() => checkBinding(env, KS, 4, 'k')).toThrow(
      expect.objectContaining({ code: 'corrupt', message: expect.stringMatching(/rolled back/) }),
    );
  });

  it('still opens a format-1 blob (generation 0), but not once the keyspace has a newer generation', async () => {
    const kdf = newKdfHeader(FAST);
    const key = await deriveKey('pw', kdf);
    const text = formatOne(key, kdf);
    const env = parseEnvelope(text, 'k');
    expect(env.binding).toBeNull();
    expect(openWithKey(env, key).toString()).toBe('the secret part');
    expect(checkBinding(env, KS, 0, 'k')).toBe(0);
    expect(() => checkBinding(env, KS, 1, 'k')).toThrow(expect.objectContaining({ code: 'corrupt' }));
  });

  it('checks new-envelope parameters', () => {
    expect(checkKdfParams(DEFAULT_KDF)).toEqual({ N: 131072, r: 8, p: 1 });
    expect(() => checkKdfParams({ N: 1000, r: 8, p: 1 })).toThrow(expect.objectContaining({ code: 'bad_input' }));
    expect(() => checkKdfParams({ N: 2 ** 14, r: 0, p: 1 })).toThrow(expect.objectContaining({ code: 'bad_input' }));
  });

  it('tells headers apart by salt and cost', () => {
    const a = newKdfHeader(FAST);
    expect(sameKdf(a, { ...a })).toBe(true);
    expect(sameKdf(a, { ...a, N: 2048 })).toBe(false);
    expect(sameKdf(a, newKdfHeader(FAST))).toBe(false);
  });

  it('derives the key with the real default parameters (N=2^17, r=8, p=1)', async () => {
    const kdf = newKdfHeader(DEFAULT_KDF);
    const key = await deriveKey('pw', kdf);
    const text = seal(key, kdf, plain, AT);
    expect(JSON.parse(text).kdf).toMatchObject({ N: 131072, r: 8, p: 1 });
    expect((await open(text, 'pw')).toString()).toBe('the secret part');
  });
});

/** Changes one character of a base64 field (keeping it valid base64). */
function flip(text: string, field: 'ciphertext' | 'nonce' | 'salt'): string {
  const json = JSON.parse(text);
  const holder = field === 'ciphertext' ? json : field === 'nonce' ? json.cipher : json.kdf;
  const key = field === 'nonce' ? 'nonce' : field;
  const v: string = holder[key];
  holder[key] = (v[0] === 'A' ? 'B' : 'A') + v.slice(1);
  return JSON.stringify(json);
}

type EnvelopeJson = {
  keyspace: string;
  generation: number;
  kdf: Record<string, unknown>;
  cipher: { nonce: string };
  ciphertext: string;
  checksum: string;
};

/** Parses a forged format-2 envelope whose checksum was recomputed to match, as an attacker could. */
function parseEnvelopeLoose(json: Record<string, unknown>) {
  const j = json as EnvelopeJson;
  const aad = JSON.stringify({
    format: 'signing-wallet/keyspace',
    version: ENVELOPE_VERSION,
    keyspace: j.keyspace,
    generation: j.generation,
    kdf: { name: j.kdf.name, N: j.kdf.N, r: j.kdf.r, p: j.kdf.p, salt: j.kdf.salt },
    cipher: { name: 'aes-256-gcm', nonce: j.cipher.nonce },
  });
  j.checksum = createHash('sha256').update(aad).update(j.ciphertext).digest('hex');
  return parseEnvelope(JSON.stringify(j), 'k');
}

/** A format-1 envelope exactly as docs/vault-format.md described it, written without the wallet's code. */
function formatOne(key: Buffer, kdf: { name: string; N: number; r: number; p: number; salt: string }): string {
  const nonce = randomBytes(12).toString('base64');
  const header = { format: 'signing-wallet/keyspace', version: 1 };
  const aad = Buffer.from(
    JSON.stringify({
      ...header,
      kdf: { name: kdf.name, N: kdf.N, r: kdf.r, p: kdf.p, salt: kdf.salt },
      cipher: { name: 'aes-256-gcm', nonce },
    }),
  );
  const cipher = createCipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64'));
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]).toString('base64');
  const checksum = createHash('sha256').update(aad).update(ciphertext).digest('hex');
  return JSON.stringify({ ...header, kdf, cipher: { name: 'aes-256-gcm', nonce }, ciphertext, checksum });
}
