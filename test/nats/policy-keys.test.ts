/**
 * Policies against a real nats-server and the real core: rules match keys however a request spells
 * them, names are resolved when a rule is made, policy-file allow rules for scripts need a verified
 * requester unless they say otherwise, and the reference example runs verbatim under a policy file
 * that names its key management. Signed requests come from ./attacker.ts, not the wallet's helper.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { NatsConnection } from '@nats-io/transport-node';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attachCliApprover, type CliApprover } from '../../electron/cli/approver';
import { verifySignature } from '../../electron/core/vault/verify';
import { makeRequester } from './attacker';
import { ask, client, type NatsHandle, PASSWORD, startNats, startWallet, type Wallet } from './fixture';

const SUBJECT = 'crypto.scripts';
const EXAMPLE = join(import.meta.dirname, '../vectors/scripts/remote-example.rhai');

/** A stream that keeps what is written to it. */
function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(w, { text: () => chunks.join('') });
}

describe('policies match keys and identities', () => {
  let server: NatsHandle;
  let wallet: Wallet;
  let nc: NatsConnection;
  let publicKey: string;
  let approver: CliApprover | undefined;
  const requester = makeRequester();

  beforeAll(async () => {
    server = await startNats();
    wallet = await startWallet(server, { approve: 'ask', keyspace: 'ks' });
    await wallet.vault.createKeyspace('ks', PASSWORD);
    publicKey = (await wallet.vault.createKeypair('ks', 'kp')).publicKey;
    nc = await client(server);
  });
  afterEach(() => {
    approver?.detach();
    approver = undefined;
    for (const rule of wallet.queue.listPolicies()) wallet.queue.revokePolicy(rule.id);
  });
  afterAll(async () => {
    await nc?.close();
    await wallet?.close();
    await server?.stop();
  });

  async function policyFile(rules: unknown[]): Promise<string> {
    const file = join(await mkdtemp(join(tmpdir(), 'policy-')), 'policy.json');
    await writeFile(file, JSON.stringify({ version: 1, default: 'deny', rules }));
    return file;
  }

  describe('finding 5: rules match keys, not spellings', () => {
    const uncompressed = () => secp256k1.Point.fromHex(publicKey).toHex(false);
    const spellings: Array<[string, () => string]> = [
      ['its name', () => 'kp'],
      ['upper-case hex', () => publicKey.toUpperCase()],
      ['0x-prefixed hex', () => `0x${publicKey}`],
      ['uncompressed hex', uncompressed],
    ];

    it.each(spellings)('a deny rule on the public key stops a request naming the keypair by %s', async (_l, spell) => {
      wallet.queue.addPolicy({ effect: 'deny', keypair: publicKey.toUpperCase() });
      const body = JSON.stringify({ op: 'sign', keypair: spell(), message: 'm' });
      const r = JSON.parse((await ask(nc, SUBJECT, body, { timeout: 5_000 })).text);
      expect(r.error).toMatchObject({ code: 'rejected' });
      expect(r.error.message).toMatch(/denied by a policy/);
    });

    it('a rule naming a keypair is resolved to its key when made; an unknown name is an error then', async () => {
      const rule = wallet.queue.addPolicy({ effect: 'deny', keyspace: 'ks', keypair: 'kp' });
      expect(rule.keypair).toBe(publicKey);
      const body = JSON.stringify({ op: 'sign', keypair: `0x${publicKey.toUpperCase()}`, message: 'm' });
      expect(JSON.parse((await ask(nc, SUBJECT, body, { timeout: 5_000 })).text).error.code).toBe('rejected');
      expect(() => wallet.queue.addPolicy({ effect: 'deny', keyspace: 'ks', keypair: 'no-such-key' })).toThrow(
        /no keypair "no-such-key"/,
      );
      const file = await policyFile([{ effect: 'allow', operation: 'sign', keypair: 'typo-kp' }]);
      await expect(attachCliApprover(wallet.queue, 'policy', { policyFile: file, output: sink() })).rejects.toThrow(
        /no keypair "typo-kp" in any keyspace/,
      );
    });
  });

  describe('finding 1: policy-file allow rules for scripts need a verified requester', () => {
    it('without "requireVerified", an anonymous script is refused while the same script signed runs', async () => {
      const errors = sink();
      const file = await policyFile([{ effect: 'allow', source: 'nats', operation: 'script' }]);
      approver = await attachCliApprover(wallet.queue, 'policy', {
        policyFile: file,
        output: sink(),
        errorOutput: errors,
      });
      const script = 'list_key_spaces()';
      expect((await ask(nc, SUBJECT, script, { timeout: 5_000 })).text).toMatch(/^Error: request rejected/);
      expect((await ask(nc, SUBJECT, script, { headers: requester.sign(SUBJECT, script) })).text).toContain('ks');
      expect(errors.text()).toBe('');
    });

    it('"requireVerified": false is honoured, and the CLI warns at start naming the rule', async () => {
      const errors = sink();
      const rule = { effect: 'allow', operation: 'script', requireVerified: false, label: 'anyone may run scripts' };
      const file = await policyFile([rule]);
      approver = await attachCliApprover(wallet.queue, 'policy', {
        policyFile: file,
        output: sink(),
        errorOutput: errors,
      });
      expect(errors.text()).toMatch(/warning: .*rules\.0 \("anyone may run scripts"\).*unverified/);
      expect((await ask(nc, SUBJECT, 'list_key_spaces()', { timeout: 5_000 })).text).toContain('ks');
    });
  });

  describe('the reference example under a policy file', () => {
    it('runs verbatim when the file allows the script and names its key management; not when it only allows the script', async () => {
      const script = await readFile(EXAMPLE, 'utf8');
      const scriptRule = { effect: 'allow', source: 'nats', requester: requester.publicKey, operation: 'script' };
      const kmRule = {
        effect: 'allow',
        source: 'nats',
        requester: requester.publicKey,
        operation: 'key_management',
        keyManagement: ['create_keyspace', 'create_keypair'],
      };
      approver = await attachCliApprover(wallet.queue, 'policy', {
        policyFile: await policyFile([scriptRule]),
        output: sink(),
      });
      const refused = await ask(nc, SUBJECT, script, { headers: requester.sign(SUBJECT, script), timeout: 5_000 });
      expect(refused.text).toMatch(/^Error: request rejected/);
      expect(wallet.vault.listKeyspaces().map((k) => k.name)).not.toContain('remote_space');
      approver.detach();

      approver = await attachCliApprover(wallet.queue, 'policy', {
        policyFile: await policyFile([scriptRule, kmRule]),
        output: sink(),
      });
      const reply = await ask(nc, SUBJECT, script, { headers: requester.sign(SUBJECT, script), timeout: 10_000 });
      expect(reply.text).toMatch(/^[0-9a-f]{128}$/);
      const kp = wallet.vault.findKeypair('remote_space', 'remote_keypair');
      const message = new TextEncoder().encode('Hello from remote system');
      expect(verifySignature(kp?.publicKey ?? '', message, hexToBytes(reply.text))).toBe(true);
    });
  });
});
