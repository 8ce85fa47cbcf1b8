// Tests of name and password rules.
import { describe, expect, it } from 'vitest';
import { platformDataDir, resolveDataDir, resolveKeychainService } from './config';
import { checkName, checkNewPassword, checkPassword } from './names';

describe('names and passwords', () => {
  it.each(['main', 'My Keys 2', 'ключи', 'z'.repeat(64), `0x${'ab'.repeat(31)}`])('accepts the name %j', (n) => {
    expect(checkName('keyspace', n)).toBe(n);
  });

  it.each([
    ['', /empty/],
    ['a'.repeat(65), /longer than 64/],
    [' lead', /space/],
    ['tab\tin', /control/],
    ['ab'.repeat(32), /look like a public key/],
    ['AB'.repeat(32), /look like a public key/],
  ])('rejects the name %j', (n, why) => {
    expect(() => checkName('keypair', n)).toThrow(why);
  });

  it('requires new passwords of 8 to 1024 characters', () => {
    expect(checkNewPassword('12345678')).toBe('12345678');
    expect(() => checkNewPassword('1234567')).toThrow(/at least 8/);
    expect(() => checkNewPassword('x'.repeat(1025))).toThrow(/at most 1024/);
  });

  it('answers any unusable entered password with the one wrong-password error', () => {
    for (const p of ['', 42, 'x'.repeat(2000)]) {
      expect(() => checkPassword(p)).toThrow(
        expect.objectContaining({ code: 'wrong_password', message: 'wrong password' }),
      );
    }
  });
});

describe('configuration', () => {
  it('takes the data dir from the flag, then WALLET_DATA_DIR, then the platform folder', () => {
    expect(resolveDataDir('/flag', { WALLET_DATA_DIR: '/env' })).toBe('/flag');
    expect(resolveDataDir(undefined, { WALLET_DATA_DIR: '/env' })).toBe('/env');
    expect(platformDataDir('linux', { HOME: '/h' })).toBe('/h/.config/signing-wallet');
    expect(platformDataDir('linux', { HOME: '/h', XDG_CONFIG_HOME: '/x' })).toBe('/x/signing-wallet');
    expect(platformDataDir('darwin', { HOME: '/h' })).toBe('/h/Library/Application Support/Signing Wallet');
    expect(platformDataDir('win32', { HOME: '/h', APPDATA: 'C:\\AppData' })).toMatch(/^C:\\AppData.Signing Wallet$/);
  });

  it('takes the keychain service from the argument, then WALLET_KEYCHAIN_SERVICE, then the default', () => {
    expect(resolveKeychainService('x', { WALLET_KEYCHAIN_SERVICE: 'y' })).toBe('x');
    expect(resolveKeychainService(undefined, { WALLET_KEYCHAIN_SERVICE: 'y' })).toBe('y');
    expect(resolveKeychainService(undefined, {})).toBe('signing-wallet');
  });
});
