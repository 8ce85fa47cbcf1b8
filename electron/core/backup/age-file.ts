/**
 * Standard age files (age-encryption.org/v1) through the `age-encryption` package, so Debian's
 * `age` and every other age implementation can open a backup. Either recipients (X25519 public
 * keys, `age1…`) or one passphrase (scrypt), never both: age itself refuses to mix them.
 */
import { Decrypter, Encrypter } from 'age-encryption';
import { WalletError } from '../../../shared/errors';

export type AgeKeys = { recipients: string[] } | { passphrase: string };
export type AgeUnlock = { identities: string[] } | { passphrase: string };

const RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;
const IDENTITY = /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/;
/** A backup passphrase guards every keyspace blob offline: short ones are refused. */
export const MIN_PASSPHRASE_CHARS = 12;

/** Checks a recipient's form before age does, so the message names the bad one. */
export function checkRecipient(recipient: string): string {
  if (!RECIPIENT.test(recipient)) {
    throw new WalletError(
      'bad_input',
      `not an age X25519 recipient (age1… from age-keygen -y): ${recipient.slice(0, 80)}`,
    );
  }
  return recipient;
}

export function checkBackupPassphrase(passphrase: string): string {
  if ([...passphrase].length < MIN_PASSPHRASE_CHARS) {
    throw new WalletError('bad_input', `a backup passphrase needs at least ${MIN_PASSPHRASE_CHARS} characters`);
  }
  return passphrase;
}

/** The identities of an age identity file (as age-keygen writes it): comments and blank lines skipped. */
export function parseIdentityFile(text: string): string[] {
  const identities = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (identities.length === 0 || !identities.every((l) => IDENTITY.test(l))) {
    throw new WalletError('bad_input', 'not an age identity file (AGE-SECRET-KEY-1… lines, as age-keygen writes)');
  }
  return identities;
}

export async function ageEncrypt(plaintext: Uint8Array, keys: AgeKeys): Promise<Uint8Array> {
  const e = new Encrypter();
  if ('passphrase' in keys) e.setPassphrase(checkBackupPassphrase(keys.passphrase));
  else {
    if (keys.recipients.length === 0) throw new WalletError('bad_input', 'give at least one recipient');
    for (const r of keys.recipients) e.addRecipient(checkRecipient(r));
  }
  return e.encrypt(plaintext);
}

/** Decrypts; a wrong key or passphrase and a damaged file are both 'bad_input' with age's reason. */
export async function ageDecrypt(file: Uint8Array, unlock: AgeUnlock): Promise<Uint8Array> {
  const d = new Decrypter();
  if ('passphrase' in unlock) d.addPassphrase(unlock.passphrase);
  else for (const id of unlock.identities) d.addIdentity(id);
  try {
    return await d.decrypt(file);
  } catch (e) {
    throw new WalletError('bad_input', `cannot decrypt the backup: ${(e as Error).message}`);
  }
}
