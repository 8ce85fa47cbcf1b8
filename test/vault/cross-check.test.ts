import { execFile } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, cliWorld, ok } from './cli-helpers';
import { keychainVault, PASSWORD, requireKeychainSession, systemPython } from './support';

const run = promisify(execFile);
const IMPORTED = '7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6';
const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');

/** A secp256k1 public key as PEM (SubjectPublicKeyInfo), for openssl. */
function secpPem(compressedHex: string): string {
  const point = secp256k1.Point.fromHex(compressedHex).toBytes(false);
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'secp256k1', x: b64url(point.slice(1, 33)), y: b64url(point.slice(33)) },
    format: 'jwk',
  });
  return key.export({ type: 'spki', format: 'pem' }) as string;
}

const PY_ECDSA = `
import hashlib, sys
from ecdsa import SECP256k1, SigningKey, VerifyingKey
from ecdsa.util import sigdecode_string, sigencode_string_canonize
pub, sig, msg, priv = sys.argv[1], sys.argv[2], bytes.fromhex(sys.argv[3]), sys.argv[4]
vk = VerifyingKey.from_string(bytes.fromhex(pub), curve=SECP256k1)
ok = vk.verify(bytes.fromhex(sig), msg, hashfunc=hashlib.sha256, sigdecode=sigdecode_string)
mine = SigningKey.from_string(bytes.fromhex(priv), curve=SECP256k1) if priv else None
det = mine.sign_deterministic(msg, hashfunc=hashlib.sha256, sigencode=sigencode_string_canonize).hex() if mine else ''
print(ok, det)
`;

describe('independent cross-check: CLI signatures against openssl and python3-ecdsa', () => {
  let w: CliWorld;
  let pw: string;
  let tmp: (name: string, data: string | Uint8Array) => Promise<string>;
  const message = new TextEncoder().encode('cross-checked by code nobody here wrote\n');
  let msgFile: string;
  let keys: { k: string; e: string; imp: string };
  beforeAll(async () => {
    requireKeychainSession();
    w = await cliWorld('xcheck');
    tmp = (name, data) => w.file(name, data);
    pw = await tmp('pw', PASSWORD);
    msgFile = await tmp('msg.bin', message);
    const v = await keychainVault(w.service, w.dir);
    await v.createKeyspace('x', PASSWORD);
    keys = {
      k: (await v.createKeypair('x', 'k')).publicKey,
      e: (await v.createKeypair('x', 'e', { type: 'ed25519' })).publicKey,
      imp: (await v.importKeypair('x', 'imp', IMPORTED)).publicKey,
    };
    v.close();
  });
  afterAll(() => w.cleanup());

  it('secp256k1 (derived key): openssl and python3-ecdsa verify the CLI signature', async () => {
    const sig = ok(await w.cli(['sign', 'x', 'k', '--message-file', msgFile, '--password-file', pw])) as string;
    const der = secp256k1.Signature.fromBytes(hexToBytes(sig), 'compact').toBytes('der');
    const pem = await tmp('k.pem', secpPem(keys.k));
    const derFile = await tmp('k.der', der);
    const { stdout } = await run('openssl', ['dgst', '-sha256', '-verify', pem, '-signature', derFile, msgFile]);
    expect(stdout.trim()).toBe('Verified OK');
    const py = await run(await systemPython(), ['-c', PY_ECDSA, keys.k, sig, bytesToHex(message), '']);
    expect(py.stdout.trim()).toBe('True');
    // and openssl rejects it for another message
    const other = await tmp('other.bin', 'another message');
    await expect(
      run('openssl', ['dgst', '-sha256', '-verify', pem, '-signature', derFile, other]),
    ).rejects.toMatchObject({
      stdout: expect.stringMatching(/Verification failure/),
    });
  });

  it('secp256k1 (imported key): python3-ecdsa makes the very same RFC 6979 low-S signature', async () => {
    const sig = ok(await w.inproc(['sign', 'x', 'imp', '--message-file', msgFile, '--password-file', pw])) as string;
    const py = await run(await systemPython(), ['-c', PY_ECDSA, keys.imp, sig, bytesToHex(message), IMPORTED]);
    expect(py.stdout.trim()).toBe(`True ${sig}`);
  });

  it('ed25519: openssl verifies the CLI signature', async () => {
    const sig = ok(await w.cli(['sign', 'x', 'e', '--message-file', msgFile, '--password-file', pw])) as string;
    const pem = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: b64url(hexToBytes(keys.e)) },
      format: 'jwk',
    }).export({ type: 'spki', format: 'pem' }) as string;
    const pemFile = await tmp('e.pem', pem);
    const sigFile = await tmp('e.sig', hexToBytes(sig));
    const { stdout } = await run('openssl', [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      pemFile,
      '-rawin',
      '-in',
      msgFile,
      '-sigfile',
      sigFile,
    ]);
    expect(stdout).toMatch(/Signature Verified Successfully/);
  });

  it('crypto-cli verify accepts DER signatures made by openssl (which may be high-S)', async () => {
    const priv = hexToBytes(IMPORTED);
    const pub = secp256k1.getPublicKey(priv, false);
    const keyPem = createPrivateKey({
      key: { kty: 'EC', crv: 'secp256k1', d: b64url(priv), x: b64url(pub.slice(1, 33)), y: b64url(pub.slice(33)) },
      format: 'jwk',
    }).export({ type: 'pkcs8', format: 'pem' }) as string;
    const keyFile = await tmp('imp.pem', keyPem);
    const sigFile = await tmp('openssl.der', '');
    await run('openssl', ['dgst', '-sha256', '-sign', keyFile, '-out', sigFile, msgFile]);
    const sigHex = bytesToHex(new Uint8Array(await readFile(sigFile)));
    const good = await w.cli(['verify', '--public-key', keys.imp, '--message-file', msgFile, '--signature', sigHex]);
    expect([good.code, good.stdout]).toEqual([0, 'valid\n']);
    const bad = await w.inproc(['verify', '--public-key', keys.imp, '--message', 'tampered', '--signature', sigHex]);
    expect([bad.code, bad.stdout]).toEqual([1, 'invalid\n']);
  });
});
