/**
 * `crypto-cli contacts`: name, list (text and JSON), rename, forget, and one-line errors. The flow runs
 * the CLI's own main in-process (fast on a loaded machine); one real process checks the exit status.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as secp from '@noble/secp256k1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliInProcess } from '../helpers/cli';
import { makeDataDir } from '../helpers/tmp';

const key = () => Buffer.from(secp.getPublicKey(secp.utils.randomSecretKey(), true)).toString('hex');

describe('crypto-cli contacts', () => {
  let data: Awaited<ReturnType<typeof makeDataDir>>;
  const cli = (...args: string[]) => runCliInProcess(['--data-dir', data.dir, ...args]);
  beforeAll(async () => {
    data = await makeDataDir('contacts-cli-');
  });
  afterAll(async () => data?.cleanup());

  it('names, lists, renames and forgets a requester key', async () => {
    const alice = key();
    expect((await cli('contacts', 'list')).stdout).toBe('no contacts\n');
    const named = await cli('contacts', 'name', alice.toUpperCase(), 'Alice');
    expect(named.code).toBe(0);
    expect(named.stdout).toMatch(
      new RegExp(`^named Alice: ${alice.slice(0, 8)}…${alice.slice(-8)} \\((\\w+ ){5}\\w+\\)\\n$`),
    );
    const listed = JSON.parse((await cli('--json', 'contacts', 'list')).stdout);
    expect(listed).toEqual([
      expect.objectContaining({ name: 'Alice', key: alice, fingerprint: `${alice.slice(0, 8)}…${alice.slice(-8)}` }),
    ]);
    expect(listed[0].words).toHaveLength(6);
    expect((await cli('contacts', 'name', alice, 'Alice Ops')).code).toBe(0);
    const file = JSON.parse(await readFile(join(data.dir, 'contacts.json'), 'utf8'));
    expect(file.requesters).toEqual([expect.objectContaining({ key: alice, name: 'Alice Ops' })]);
    expect((await cli('contacts', 'forget', alice)).stdout).toBe(`forgot ${alice}\n`);
    expect((await cli('contacts', 'list')).stdout).toBe('no contacts\n');
  });

  it('refuses a taken name, a key off the curve and an unknown key, each with one line and exit 2', async () => {
    await cli('contacts', 'name', key(), 'Billing');
    const taken = await cli('contacts', 'name', key(), 'billing');
    expect([taken.code, taken.stderr]).toEqual([2, 'crypto-cli: "Billing" already names another key\n']);
    // x = 5 has no point on secp256k1 (5^3 + 7 = 132 is not a square mod p).
    const offCurve = await cli('contacts', 'name', `02${'0'.repeat(63)}5`, 'Nobody');
    expect(offCurve.code).toBe(2);
    expect(offCurve.stderr).toBe('crypto-cli: invalid key: not a point on secp256k1\n');
    const unknown = await runCli(['--data-dir', data.dir, 'contacts', 'forget', key()]);
    expect([unknown.code, unknown.stderr]).toEqual([2, 'crypto-cli: no contact has that key\n']);
  });
});
