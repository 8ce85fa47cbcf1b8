import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

// Packaging cannot run here (no Electron binary), so the config is checked against electron-builder's
// own JSON schema, which ships inside app-builder-lib.
const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const config = yaml.load(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as {
  files: string[];
  linux: { target: string[] };
  mac: { target: string; icon: string; entitlements: string };
  win: { target: string; icon: string };
  [key: string]: unknown;
};

describe('electron-builder.yml', () => {
  it("validates against electron-builder's schema", () => {
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check itself rejects a wrong config', () => {
    expect(validate({ ...config, linux: { ...config.linux, target: 42 } })).toBe(false);
    expect(validate({ ...config, notAnOption: true })).toBe(false);
  });

  it('targets every platform, ships only the build output, and points at icons that exist', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
    expect(config.files.filter((f: string) => !f.startsWith('!'))).toEqual(['out/**/*', 'package.json']);
    for (const icon of [config.mac.icon, config.win.icon, 'assets/icons/512x512.png', 'assets/tray/trayTemplate.png']) {
      expect(() => readFileSync(resolve(root, icon))).not.toThrow();
    }
    const entitlements = readFileSync(resolve(root, config.mac.entitlements), 'utf8');
    expect(entitlements).toContain('keychain-access-groups');
  });
});

describe('electron fuses', () => {
  // Exactly these, so the packaged app cannot be run as Node, debugged, or loaded from outside its asar.
  const hardened = {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    enableCookieEncryption: true,
  };

  it('are set to the hardened values, and only those', () => {
    expect(config.electronFuses).toEqual(hardened);
  });

  it('are names electron-builder knows (a misspelt fuse would be silently ignored otherwise)', () => {
    expect(validate({ ...config, electronFuses: { ...hardened, runAsNodee: false } })).toBe(false);
    expect(validate({ ...config, electronFuses: { ...hardened, runAsNode: 'no' } })).toBe(false);
  });
});

describe('publishing', () => {
  it('publishes installers and the update feed to GitHub releases, as drafts a maintainer publishes', () => {
    expect(config.publish).toEqual({ provider: 'github', releaseType: 'draft' });
  });
});
