// Crash-safe file replacement (temp file, fsync, rename) and the sweep of temps killed writers left.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TMP_SUFFIX = '.tmp';

/**
 * Replaces a file so readers see the old or the new content, never a mix: write a temporary
 * file beside it, fsync, rename over, then fsync the directory so the rename itself survives a crash.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}${TMP_SUFFIX}`);
  const fh = await open(tmp, 'wx', mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw e;
  }
  try {
    await fh.close();
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  await syncDir(dir);
}

/** fsync on a directory handle; some platforms (Windows) cannot, and there rename is already durable. */
async function syncDir(dir: string): Promise<void> {
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // best effort
  } finally {
    await fh?.close().catch(() => {});
  }
}

/** Removes temporary files killed writers left in `dir` (for `name` only, if given), once older than `graceMs`. */
export async function removeStaleTemps(dir: string, graceMs: number, name?: string, now = Date.now()): Promise<void> {
  const prefix = name ? `.${name}.` : '.';
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const entry of names) {
    if (!entry.startsWith(prefix) || !entry.endsWith(TMP_SUFFIX)) continue;
    const full = join(dir, entry);
    try {
      if (now - (await stat(full)).mtimeMs >= graceMs) await unlink(full);
    } catch {
      // already gone, or another process is cleaning up too
    }
  }
}
