import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// These check the real build output (npm test builds before running the suites). Nothing here can run
// Electron, so mistakes Electron would reveal at start-up are guarded here instead.
const root = resolve(import.meta.dirname, '../..');
const out = (p: string) => join(root, 'out', p);
const requireBuilt = (p: string) => {
  if (!existsSync(out(p))) throw new Error(`out/${p} is missing: run 'npm run build' (npm test does it first)`);
  return readFileSync(out(p), 'utf8');
};

describe('build output', () => {
  it('the preload is CommonJS that requires nothing but electron (a sandboxed preload cannot load ESM or npm modules)', () => {
    const preload = requireBuilt('preload/index.cjs');
    expect(preload).not.toMatch(/^\s*import\s/m);
    expect(preload).not.toMatch(/\bexport\s+(const|function|default|\{)/);
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).toContain('exposeInMainWorld');
  });

  it('the renderer page carries a strict CSP and no inline script', () => {
    const html = requireBuilt('renderer/index.html');
    const csp = html.match(/Content-Security-Policy"\s+content="([^"]+)"/)?.[1] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('the plain-Node entry points never load electron', () => {
    for (const f of readdirSync(out('node')).filter((f) => f.endsWith('.js'))) {
      expect(readFileSync(out(`node/${f}`), 'utf8'), f).not.toMatch(
        /from ["']electron["']|require\(["']electron["']\)/,
      );
    }
  });

  it.each(['crypto-cli', 'sigsocket-server'])('bin %s runs on plain Node from the build', (bin) => {
    requireBuilt(`node/${bin}.js`);
    const r = spawnSync(process.execPath, [join(root, 'bin', `${bin}.js`), '--help'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.stderr).not.toMatch(/Error|Cannot find/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage:/);
  });
});
