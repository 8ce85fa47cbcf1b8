// Tests of how native keychain failures become clear no_keychain errors.
import { describe, expect, it } from 'vitest';
import { keychainError } from './keyring-backend';

describe('keychain errors', () => {
  it.runIf(process.platform === 'linux')('no D-Bus at all: names what to install and the file store', () => {
    const e = keychainError(new Error('Platform failure: DBus error: Failed to connect to socket /x: No such file'));
    expect(e).toMatchObject({
      code: 'no_keychain',
      message: expect.stringMatching(/install.*gnome-keyring.*--secret-store file/),
    });
  });

  it('a locked keychain says to unlock it', () => {
    const e = keychainError(new Error('Cannot create an item in a locked collection'));
    expect(e).toMatchObject({
      code: 'no_keychain',
      message: expect.stringMatching(/locked: unlock your login keyring/),
    });
  });

  it.runIf(process.platform === 'linux')('a Secret Service without a default keyring is named as such', () => {
    const e = keychainError(new Error("Couldn't access platform storage: Secret Service: no result found"));
    expect(e).toMatchObject({
      code: 'no_keychain',
      message: expect.stringMatching(/refused: .*no result found.*default keyring/),
    });
  });
});
