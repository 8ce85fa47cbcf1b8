// Crash-safety of atomic writes: whole content or old content, and no temp file left on any failure.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTemps, writeFileAtomic } from './atomic-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atomic-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces the content whole, with the requested mode, and leaves nothing beside it', async () => {
    const file = join(dir, 'sub', 'state.json');
    await writeFileAtomic(file, 'old');
    await writeFileAtomic(file, new TextEncoder().encode('new'), 0o640);
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(join(dir, 'sub'))).toEqual(['state.json']);
    expect((await stat(file)).mode & 0o777).toBe(0o640); // the new file carries the mode given for it
  });

  it('removes its temp file when the rename fails, and keeps the old target', async () => {
    const target = join(dir, 'busy');
    await mkdir(target);
    await writeFile(join(target, 'inside'), 'x'); // a non-empty folder cannot be renamed over
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['busy']);
    expect(await readdir(target)).toEqual(['inside']);
  });

  it('removes its temp file when the write fails, and keeps the old content', async () => {
    const file = join(dir, 'policies.json');
    await writeFileAtomic(file, 'kept');
    await expect(writeFileAtomic(file, 42 as unknown as string)).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['policies.json']);
    expect(await readFile(file, 'utf8')).toBe('kept');
  });
});

describe('removeStaleTemps', () => {
  it('removes only temps older than the grace period, and only for the named file', async () => {
    const old = join(dir, '.index.json.aaaaaa.tmp');
    const fresh = join(dir, '.index.json.bbbbbb.tmp');
    const other = join(dir, '.settings.json.cccccc.tmp');
    for (const f of [old, fresh, other]) await writeFile(f, '');
    const now = Date.now();
    await utimes(old, new Date(now - 120_000), new Date(now - 120_000));
    await utimes(other, new Date(now - 120_000), new Date(now - 120_000));
    await removeStaleTemps(dir, 60_000, 'index.json', now);
    expect((await readdir(dir)).sort()).toEqual(['.index.json.bbbbbb.tmp', '.settings.json.cccccc.tmp']);
  });
});
