import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The rule "nothing under electron/core, cli, web, server or shared imports electron (or electron-updater)" is enforced by
// biome.json, not by convention. This runs the project's own config on probe files in a scratch tree.
const root = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'lint-probe-'));
const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'));
config.vcs.enabled = false; // the scratch tree is not a git checkout
delete config.$schema;
writeFileSync(join(scratch, 'biome.json'), JSON.stringify(config));
const probe = "import { app } from 'electron';\n\nexport const name = app.getName();\n";

function lint(relPath: string, source = probe) {
  mkdirSync(join(scratch, relPath, '..'), { recursive: true });
  writeFileSync(join(scratch, relPath), source);
  return spawnSync(join(root, 'node_modules/.bin/biome'), ['lint', relPath], { cwd: scratch, encoding: 'utf8' });
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("lint rule: plain-Node code never imports 'electron'", () => {
  it.each([
    'electron/core/vault/probe.ts',
    'electron/cli/probe.ts',
    'electron/web/probe.ts',
    'server/probe.ts',
    'shared/probe.ts',
  ])('fails for %s', (file) => {
    const r = lint(file);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('noRestrictedImports');
  });

  it.each(['electron/main/probe.ts', 'electron/preload/probe.ts'])('allows it in the shell: %s', (file) => {
    const r = lint(file);
    expect(r.stdout + r.stderr).not.toContain('noRestrictedImports');
    expect(r.status).toBe(0);
  });
});

describe("lint rule: plain-Node code never imports 'electron-updater'", () => {
  const updaterProbe = "import { autoUpdater } from 'electron-updater';\n\nexport const u = autoUpdater;\n";

  it('fails in the core', () => {
    const r = lint('electron/core/updates-probe.ts', updaterProbe);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('noRestrictedImports');
  });

  it('allows it in the shell', () => {
    const r = lint('electron/main/updates-probe.ts', updaterProbe);
    expect(r.stdout + r.stderr).not.toContain('noRestrictedImports');
    expect(r.status).toBe(0);
  });
});
