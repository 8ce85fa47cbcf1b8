// Rules for keyspace and keypair names and for passwords.
import { WalletError } from '../../../shared/errors';

const MAX_NAME = 64;
/** Names that would read as a public key make `findKeypair(nameOrPublicKey)` ambiguous. */
const LOOKS_LIKE_KEY = /^(0x)?[0-9a-fA-F]{64,66}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A keyspace or keypair name: 1-64 characters, no control characters, no outer spaces, not key-like. */
export function checkName(kind: 'keyspace' | 'keypair', name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) throw new WalletError('bad_input', `${kind} name is empty`);
  if (name.length > MAX_NAME) throw new WalletError('bad_input', `${kind} name is longer than ${MAX_NAME} characters`);
  if (name.trim() !== name) throw new WalletError('bad_input', `${kind} name starts or ends with a space`);
  if (CONTROL.test(name)) throw new WalletError('bad_input', `${kind} name contains a control character`);
  if (LOOKS_LIKE_KEY.test(name)) throw new WalletError('bad_input', `${kind} name must not look like a public key`);
  return name;
}

const MIN_PASSWORD = 8;
const MAX_PASSWORD = 1024;

/** A new password: 8-1024 characters. Existing passwords are only checked for being strings. */
export function checkNewPassword(password: unknown): string {
  if (typeof password !== 'string') throw new WalletError('bad_input', 'password must be text');
  if (password.length < MIN_PASSWORD)
    throw new WalletError('bad_input', `password must be at least ${MIN_PASSWORD} characters`);
  if (password.length > MAX_PASSWORD)
    throw new WalletError('bad_input', `password must be at most ${MAX_PASSWORD} characters`);
  return password;
}

/** An existing password as entered: any string; the wrong one fails later as 'wrong password'. */
export function checkPassword(password: unknown): string {
  if (typeof password !== 'string' || password.length === 0 || password.length > MAX_PASSWORD)
    throw new WalletError('wrong_password', 'wrong password');
  return password;
}
