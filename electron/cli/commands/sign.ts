// crypto-cli sign: one message signed by a keypair of a keyspace, the signature printed as hex.
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Command } from 'commander';
import { WalletError } from '../../../shared/errors';
import { output, withVault } from '../context';
import { readMessage, readPassword } from '../inputs';

/** `crypto-cli sign`: secp256k1 ECDSA over SHA-256 (compact r||s) or ed25519, printed as hex. */
export function registerSignCommand(program: Command): void {
  program
    .command('sign <keyspace> <keypair>')
    .description('sign a message with a keypair (name or public key)')
    .option('--message <text>', 'the message, as UTF-8 text')
    .option('--message-file <file>', 'the message, as the raw bytes of a file')
    .option('--password-file <file>', 'read the keyspace password from this file')
    .action(
      async (
        ks: string,
        keypair: string,
        opts: { message?: string; messageFile?: string; passwordFile?: string },
        cmd: Command,
      ) => {
        const message = await readMessage(opts);
        const password = await readPassword(opts.passwordFile, ks);
        const { publicKey, signature } = await withVault(cmd, async (v) => {
          await v.unlock(ks, password);
          const k = v.findKeypair(ks, keypair);
          if (!k) throw new WalletError('not_found', `no keypair "${keypair}" in keyspace "${ks}"`);
          return { publicKey: k.publicKey, signature: await v.sign(ks, k.publicKey, message) };
        });
        const hex = bytesToHex(signature);
        output(cmd, { public_key: publicKey, signature: hex }, hex);
      },
    );
}
