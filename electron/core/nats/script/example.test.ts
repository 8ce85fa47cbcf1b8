import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import * as secp from '@noble/secp256k1';
import { describe, expect, it } from 'vitest';
import { fakeWalletHost } from '../../../../test/helpers/script-host';
import { loadScript } from '../../../../test/helpers/script-vectors';
import { calledFunctions, parseScript, runScript } from './index';

const EXPECTED_PRINTS = [
  'Key space created successfully',
  'Keypair created successfully',
  'Keypair selected successfully',
  'Message: Hello from remote system',
];

describe.each([
  ['the published example', 'remote-example.rhai'],
  ['the original design document', 'remote-example-reference.rhai'],
])('the remote example script from %s, verbatim', (_label, file) => {
  const source = loadScript(file);

  it('returns a signature that verifies against public_key() of remote_space/remote_keypair', async () => {
    const { host, state } = fakeWalletHost();
    const result = await runScript(source, host);

    expect(result.value).toMatch(/^[0-9a-f]{128}$/);
    expect(result.prints).toEqual([...EXPECTED_PRINTS, `Signature: ${result.value}`]);
    expect(state.current).toBe('remote_space');
    expect(state.selected).toBe('remote_keypair');

    const publicKey = (
      await runScript('load_key_space("remote_space"); select_keypair("remote_keypair"); public_key()', host)
    ).value;
    const signature = hexToBytes(result.value);
    const message = utf8ToBytes('Hello from remote system');
    expect(await secp.verifyAsync(signature, message, hexToBytes(publicKey))).toBe(true);
    expect(await secp.verifyAsync(signature, utf8ToBytes('Hello from remote systen'), hexToBytes(publicKey))).toBe(
      false,
    );
  });

  it('fails at the call site when the key space exists, and takes the else branch on false', async () => {
    const { host } = fakeWalletHost();
    await runScript(source, host);
    const line = source.split('\n').findIndex((text) => text.includes('create_key_space')) + 1;
    await expect(runScript(source, host)).rejects.toMatchObject({ code: 'host_error', line, column: 4 });
    const createKeySpace = host.create_key_space;
    if (createKeySpace === undefined) throw new Error('the fake wallet host has no create_key_space');
    const failing = { ...host, create_key_space: { ...createKeySpace, call: () => false } };
    const result = await runScript(source, failing);
    expect(result).toMatchObject({ value: 'Failed to create key space', prints: [] });
  });

  it('shows the wallet functions it calls for approval', () => {
    expect(calledFunctions(parseScript(source), Object.keys(fakeWalletHost().host))).toEqual([
      'create_key_space',
      'create_keypair',
      'select_keypair',
      'sign',
    ]);
  });
});
