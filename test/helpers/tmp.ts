import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh data dir; call the returned cleanup in afterEach/afterAll. */
export async function makeDataDir(prefix = 'wallet-data-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A keychain service name no user entry can share, so tests never touch real secrets. */
export function uniqueKeychainService(label = 'test'): string {
  return `signing-wallet-test-${label}-${randomBytes(6).toString('hex')}`;
}
