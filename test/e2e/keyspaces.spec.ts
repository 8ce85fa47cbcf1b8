/**
 * Keyspace and keypair management through the UI against the real core: rename, reveal (password again),
 * import a raw key, rename and remove a keypair, the QR code, and delete (password and name typed again).
 */
import { expect, test } from './fixtures';
import { PASSWORD, setupKeyspace } from './support/flows';

test('rename, reveal, import/rename/remove keypairs, delete', async ({ app: page, ipc, host }) => {
  await setupKeyspace(ipc, 'Main', 'Signer');
  await ipc.call('keyspace:create', { name: 'Spare', password: PASSWORD, words: 24 });
  await page.reload();
  await page.getByRole('link', { name: 'Keyspaces' }).click();
  await page.getByRole('link', { name: 'Main', exact: true }).click();

  // Rename the keyspace.
  await page.getByRole('button', { name: 'Rename', exact: true }).click();
  await page.getByRole('dialog', { name: 'Rename keyspace' }).getByLabel('New name').fill('Daily');
  await page.getByRole('dialog', { name: 'Rename keyspace' }).getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('heading', { name: 'Daily', level: 1 })).toBeVisible();

  // Reveal needs the password again: a wrong one is refused, the right one shows 24 words.
  await page.getByRole('button', { name: 'Reveal recovery phrase' }).click();
  const reveal = page.getByRole('dialog', { name: 'Reveal recovery phrase' });
  await reveal.getByLabel('Password').fill('not the password');
  await reveal.getByRole('button', { name: 'Reveal' }).click();
  await expect(reveal.getByRole('alert')).toBeVisible({ timeout: 10_000 });
  await reveal.getByLabel('Password').fill(PASSWORD);
  await reveal.getByRole('button', { name: 'Reveal' }).click();
  const words = reveal.getByRole('list', { name: 'Recovery phrase' }).locator('.mnemonic-word');
  await expect(words).toHaveCount(24);
  const phrase = (await words.allTextContents()).join(' ');
  await reveal.getByRole('button', { name: 'Hide and close' }).click();
  await expect(reveal).toBeHidden();
  expect(host.stderr()).not.toContain(phrase.split(' ').slice(0, 4).join(' '));

  // Import a raw private key (the secp256k1 key 1: its public key is the generator point).
  await page.getByRole('button', { name: 'Import private key' }).click();
  const imp = page.getByRole('dialog', { name: 'Import private key' });
  await imp.getByLabel('Keypair name').fill('Imported');
  await imp.getByLabel('Private key (hex)').fill('zz');
  await imp.getByRole('button', { name: 'Import key' }).click();
  await expect(imp.getByText('Enter the private key as hex')).toBeVisible();
  await imp.getByLabel('Private key (hex)').fill(`${'0'.repeat(63)}1`);
  await imp.getByRole('button', { name: 'Import key' }).click();
  await expect(imp).toBeHidden();
  const G = '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';
  await expect(page.locator('code', { hasText: G })).toBeVisible();

  // QR code of a key, then rename and remove the imported keypair.
  await page.getByRole('button', { name: 'Show QR code of Imported' }).click();
  await expect(page.getByRole('img', { name: 'QR code of the public key of Imported' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Rename Imported' }).click();
  await page.getByRole('dialog', { name: 'Rename keypair' }).getByLabel('New name').fill('Generator');
  await page.getByRole('dialog', { name: 'Rename keypair' }).getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('heading', { name: 'Generator' })).toBeVisible();
  await page.getByRole('button', { name: 'Remove Generator' }).click();
  await page.getByRole('button', { name: 'Remove keypair' }).click();
  await expect(page.getByRole('heading', { name: 'Generator' })).toHaveCount(0);
  const daily = (await ipc.call('state:get')).keyspaces.find((k) => k.name === 'Daily');
  expect(daily?.keypairs.map((k) => k.name)).toEqual(['Signer']);

  // Delete needs the name typed again and the password.
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const del = page.getByRole('dialog', { name: 'Delete “Daily”?' });
  await del.getByLabel('Password').fill(PASSWORD);
  await del.getByLabel('Type Daily to confirm').fill('daily');
  await expect(del.getByRole('button', { name: 'Delete keyspace' })).toBeDisabled();
  await del.getByLabel('Type Daily to confirm').fill('Daily');
  await del.getByRole('button', { name: 'Delete keyspace' }).click();
  await expect(page.getByRole('heading', { name: 'Keyspaces', level: 1 })).toBeVisible();
  expect((await ipc.call('state:get')).keyspaces.map((k) => k.name)).toEqual(['Spare']);
});

test('settings: auto-lock, theme and the keychain backend shown honestly', async ({ app: page, ipc }) => {
  await setupKeyspace(ipc);
  await page.reload();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByText('OS keychain', { exact: true })).toBeVisible();
  await expect(page.getByText('Your encrypted keyspaces are stored in a file')).toHaveCount(0);
  const autoLock = page.getByLabel('Auto-lock after (minutes)');
  await autoLock.fill('0');
  await expect(page.getByText('Between 1 and 1440 minutes.')).toBeVisible();
  await autoLock.fill('7');
  await autoLock.press('Enter');
  await expect.poll(async () => (await ipc.call('state:get')).settings.autoLockMinutes).toBe(7);
  await page.getByText('Dark', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect((await ipc.call('state:get')).settings.theme).toBe('dark');
  await page.getByText('Follow the OS', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'system');
  await page.getByText('Notify on each new request').click();
  await expect.poll(async () => (await ipc.call('state:get')).settings.notifications).toBe(false);
  // On by default; turning it off reaches main through the contract like every other setting.
  await expect(page.getByLabel('Check for updates')).toBeChecked();
  await page.getByText('Check for updates').click();
  await expect.poll(async () => (await ipc.call('state:get')).settings.checkForUpdates).toBe(false);
});
