import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRendererDir } from './renderer-dir';

describe('findRendererDir', () => {
  const root = mkdtempSync(join(tmpdir(), 'layout-'));
  for (const dir of ['renderer', 'out/renderer', 'out/node', 'electron/web'])
    mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'renderer/index.html'), 'source');
  writeFileSync(join(root, 'out/renderer/index.html'), 'built');

  it('finds the built renderer from the built CLI and from source, never the source folder', () => {
    expect(findRendererDir(join(root, 'out/node'))).toBe(join(root, 'out/renderer'));
    expect(findRendererDir(join(root, 'electron/web'))).toBe(join(root, 'out/renderer'));
  });

  it('says to build when there is no build', () => {
    const bare = mkdtempSync(join(tmpdir(), 'bare-'));
    expect(() => findRendererDir(bare)).toThrow(/npm run build/);
  });
});
