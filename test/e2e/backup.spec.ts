/**
 * Settings → Backup in Chromium through the browser host: the reminder before the first backup and
 * again once keyspaces changed, a passphrase backup the core writes to its backups folder, a restore from that file over the existing keyspace, and axe-core
 * finding no serious or critical violation on the screen in either theme.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { PASSWORD, setupKeyspace } from './support/flows';
import { seriousViolations, THEMES } from './support/screens';

const PASSPHRASE = 'a long and careful backup phrase';

test('back up with a passphrase, then restore keyspaces from the file', async ({ app: page, ipc, host }) => {
  // age's scrypt runs twice at its full cost (create, restore): slow on a loaded machine. The refusal to
  // overwrite without Replace is checked through the contract in test/wallet/backup-handlers.test.ts.
  test.setTimeout(180_000);
  const publicKey = await setupKeyspace(ipc);
  await page.getByRole('link', { name: 'Settings' }).click();
  const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Backup', exact: true }) });
  await expect(panel.getByText('Your keyspaces are not backed up yet.')).toBeVisible();
  await expect(panel.getByText('No backup yet.')).toBeVisible();

  const create = page.getByRole('form', { name: 'Create a backup' });
  await create.getByLabel('Backup passphrase').fill('short');
  await create.getByLabel('Repeat the password').fill('short');
  await create.getByRole('button', { name: 'Create backup' }).click();
  await expect(create.getByText('At least 12 characters.')).toBeVisible();
  await create.getByLabel('Backup passphrase').fill(PASSPHRASE);
  await expect(create.getByRole('meter', { name: 'Password strength' })).toBeVisible();
  await create.getByLabel('Repeat the password').fill(PASSPHRASE);
  await create.getByRole('button', { name: 'Create backup' }).click();
  const written = create.getByRole('status').filter({ hasText: 'Backup written to' });
  await expect(written).toBeVisible({ timeout: 60_000 });
  const path = ((await written.locator('.mono').textContent()) ?? '').trim();
  expect(path.startsWith(`${host.dataDir}/backups/`)).toBe(true);
  expect((await readFile(path)).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
  await expect(panel.getByText(/^Last backup: /)).toBeVisible();
  await expect(panel.getByText('Your keyspaces are not backed up yet.')).toHaveCount(0);

  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    expect(await seriousViolations(page), `axe on Settings → Backup (${theme})`).toEqual([]);
  }

  // A keyspace that changes after the backup brings the reminder back.
  await ipc.call('keypair:create', { keyspace: 'Main', name: 'Second', type: 'secp256k1' });
  await expect(panel.getByText('Keyspaces changed since the last backup.')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  const restore = page.getByRole('form', { name: 'Restore from a backup' });
  await restore.getByLabel('Backup file').setInputFiles(path);
  await restore.getByLabel('Backup passphrase').fill(PASSPHRASE);
  await restore.getByLabel('Replace keyspaces of the same name').check();
  await restore.getByRole('button', { name: 'Restore' }).click();
  await expect(restore.getByRole('status')).toContainText('Restored Main (replaced Main)', { timeout: 60_000 });

  await ipc.call('keyspace:unlock', { name: 'Main', password: PASSWORD });
  const state = await ipc.call('state:get');
  expect(state.keyspaces.find((k) => k.name === 'Main')?.keypairs.map((k) => k.publicKey)).toEqual([publicKey]);
});
