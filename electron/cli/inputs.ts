// Secrets and messages for CLI commands: read from their files, or typed at a no-echo prompt on a terminal.
import { readFile } from 'node:fs/promises';
import { WalletError } from '../../shared/errors';
import { promptHidden } from './prompt';

/** Reads a secret from a file: a single trailing line break (from an editor or echo) is not part of it. */
export async function readSecretFile(path: string, what: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new WalletError('bad_input', `cannot read the ${what} file ${path}: ${(e as NodeJS.ErrnoException).code}`);
  }
  text = text.replace(/\r?\n$/, '');
  if (!text) throw new WalletError('bad_input', `the ${what} file ${path} is empty`);
  return text;
}

/** A file the user named on the command line (a CA, a policy…): unreadable is their input to fix. */
export async function readInputFile(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    throw new WalletError('bad_input', `cannot read the ${what} file ${path}: ${(e as NodeJS.ErrnoException).code}`);
  }
}

/** A secret from its file option, else a no-echo prompt on a terminal, else a clear error. */
async function secretInput(file: string | undefined, what: string, flag: string, question: string): Promise<string> {
  if (file) return readSecretFile(file, what);
  if (!process.stdin.isTTY) {
    throw new WalletError('bad_input', `no ${what} given: use ${flag} FILE (stdin is not a terminal, so no prompt)`);
  }
  const value = await promptHidden(question);
  if (!value) throw new WalletError('bad_input', `no ${what} entered`);
  return value;
}

/** A backup's passphrase: from --passphrase-file, else typed without echo on a terminal. */
export function readBackupPassphrase(file: string | undefined): Promise<string> {
  return secretInput(file, 'passphrase', '--passphrase-file', 'Backup passphrase: ');
}

export function readPassword(file: string | undefined, keyspace: string, flag = '--password-file'): Promise<string> {
  return secretInput(file, 'password', flag, `Password for keyspace "${keyspace}": `);
}

/** A new password: from its file as is, or typed twice at the prompt so a typo cannot lock the user out. */
export async function readNewPassword(
  file: string | undefined,
  keyspace: string,
  flag = '--password-file',
): Promise<string> {
  if (file) return readSecretFile(file, 'password');
  const first = await secretInput(undefined, 'password', flag, `New password for keyspace "${keyspace}": `);
  const again = await promptHidden('Repeat the password: ');
  if (first !== again) throw new WalletError('bad_input', 'the two passwords differ');
  return first;
}

export function readMnemonic(file: string | undefined): Promise<string> {
  return secretInput(file, 'mnemonic', '--mnemonic-file', 'Recovery phrase (words separated by spaces): ');
}

export function readPrivateKey(file: string | undefined): Promise<string> {
  return secretInput(file, 'private key', '--private-key-file', 'Private key (64 hex characters): ');
}

/** The message to sign or verify: exactly one of --message TEXT (UTF-8) or --message-file F (raw bytes). */
export async function readMessage(opts: { message?: string; messageFile?: string }): Promise<Uint8Array> {
  if ((opts.message === undefined) === (opts.messageFile === undefined)) {
    throw new WalletError('bad_input', 'give exactly one of --message TEXT or --message-file FILE');
  }
  if (opts.message !== undefined) return new TextEncoder().encode(opts.message);
  try {
    return new Uint8Array(await readFile(opts.messageFile!));
  } catch (e) {
    throw new WalletError(
      'bad_input',
      `cannot read the message file ${opts.messageFile}: ${(e as NodeJS.ErrnoException).code}`,
    );
  }
}
