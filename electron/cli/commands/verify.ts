// crypto-cli verify: checks a signature over a message against a public key; needs no keyspace.
import { hexToBytes } from '@noble/hashes/utils.js';
import type { Command } from 'commander';
import { WalletError } from '../../../shared/errors';
import { verifySignature } from '../../core/vault';
import { output } from '../context';
import { EXIT_INVALID } from '../errors';
import { readMessage } from '../inputs';

const HEX = /^(0x)?([0-9a-fA-F]{2})+$/;

function parseHex(value: string, what: string): string {
  if (!HEX.test(value)) throw new WalletError('bad_input', `${what} must be hex`);
  return value.replace(/^0x/, '');
}

/** `crypto-cli verify`: exit 0 when the signature is valid, 1 when not, 2 on bad input. */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('verify a signature (secp256k1 compact or DER, or ed25519); needs no keyspace')
    .requiredOption('--public-key <hex>', '33-byte compressed secp256k1 or 32-byte ed25519 public key')
    .requiredOption('--signature <hex>', 'the signature')
    .option('--message <text>', 'the message, as UTF-8 text')
    .option('--message-file <file>', 'the message, as the raw bytes of a file')
    .action(
      async (opts: { publicKey: string; signature: string; message?: string; messageFile?: string }, cmd: Command) => {
        const publicKey = parseHex(opts.publicKey, 'public key');
        if (![32, 33, 65].includes(publicKey.length / 2)) {
          throw new WalletError('bad_input', 'public key must be 32 (ed25519) or 33/65 (secp256k1) bytes');
        }
        const signature = hexToBytes(parseHex(opts.signature, 'signature'));
        const message = await readMessage(opts);
        const valid = verifySignature(publicKey, message, signature);
        output(cmd, { valid }, valid ? 'valid' : 'invalid');
        if (!valid) process.exitCode = EXIT_INVALID;
      },
    );
}
