/** Scenario 1: first run creates a keyspace, confirms the backup with 3 random words, adds a keypair. */
import { at } from '../helpers/at';
import { expect, test } from './fixtures';
import { PASSWORD } from './support/flows';

test('first run: create a keyspace, confirm the backup, add a keypair', async ({ app: page, ipc, host }) => {
  await expect(page.getByRole('heading', { name: 'Welcome to Signing Wallet' })).toBeVisible();
  await page.getByLabel('Keyspace name').fill('Personal');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await expect(page.getByRole('meter', { name: 'Password strength' })).toHaveAttribute('aria-valuetext', 'Too short');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await expect(page.getByRole('meter', { name: 'Password strength' })).toHaveAttribute('aria-valuetext', 'Strong');
  await page.getByLabel('Repeat the password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create keyspace' }).click();

  // The 24 words, shown once.
  const phrase = page.getByRole('list', { name: 'Recovery phrase' });
  await expect(phrase).toBeVisible();
  const words = await phrase.locator('.mnemonic-word').allTextContents();
  expect(words).toHaveLength(24);
  await page.getByLabel('I have written down all 24 words.').check();
  await page.getByRole('button', { name: 'Continue' }).click();

  // Three positions chosen at random; a wrong word is refused first.
  await expect(page.getByRole('button', { name: 'Confirm backup' })).toBeVisible();
  const labels = await page.locator('label', { hasText: /^Word #\d+$/ }).allTextContents();
  expect(labels).toHaveLength(3);
  const asked = labels.map((label) => ({ label, word: at(words, Number(label.replace('Word #', '')) - 1) }));
  const [first, second, third] = [at(asked, 0), at(asked, 1), at(asked, 2)];
  await page.getByLabel(first.label, { exact: true }).fill(first.word === 'abandon' ? 'zoo' : 'abandon');
  await page.getByLabel(second.label, { exact: true }).fill(second.word);
  await page.getByLabel(third.label, { exact: true }).fill(third.word);
  await page.getByRole('button', { name: 'Confirm backup' }).click();
  await expect(page.getByText('That is not the word at this position.')).toBeVisible();
  await page.getByLabel(first.label, { exact: true }).fill(first.word);
  await page.getByRole('button', { name: 'Confirm backup' }).click();

  await expect(page.getByText('Backup confirmed.')).toBeVisible();
  await page.getByLabel('Keypair name').fill('Signing key');
  await page.getByRole('button', { name: 'Add keypair' }).click();

  // Lands on the keyspace with its keypair; the core agrees.
  await expect(page.getByRole('heading', { name: 'Personal', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Signing key' })).toBeVisible();
  const state = await ipc.call('state:get');
  const ks = state.keyspaces.find((k) => k.name === 'Personal');
  expect(ks?.locked).toBe(false);
  expect(ks?.keypairs.map((k) => k.name)).toEqual(['Signing key']);
  await expect(page.locator('code', { hasText: ks?.keypairs[0]?.publicKey ?? '-' })).toBeVisible();
  // The words are gone from the page and the mnemonic never reached the host's log.
  await expect(phrase).toHaveCount(0);
  expect(host.stderr()).not.toContain(words.slice(0, 4).join(' '));
  expect(host.stderr()).not.toContain(PASSWORD);
});

test('import highlights the bad word and names its position', async ({ app: page, ipc }) => {
  await page.getByText('Import a recovery phrase').click();
  await page.getByLabel('Keyspace name').fill('Imported');
  const words = 'legal winner thank year wave sausage worth useful legal winner thank yellow'.split(' ');
  words[4] = 'wavy';
  await page.getByRole('textbox', { name: 'Recovery phrase' }).fill(words.join(' '));
  await expect(page.getByText('Word 5 "wavy" is not in the BIP39 English word list')).toBeVisible();
  const bad = page.getByRole('list', { name: 'Words as read' }).locator('li[data-bad="true"]');
  await expect(bad).toHaveCount(1);
  await expect(bad).toContainText('wavy');
  await expect(page.getByText(/Did you mean: .*wave/)).toBeVisible();

  words[4] = 'wave';
  await page.getByRole('textbox', { name: 'Recovery phrase' }).fill(words.join(' '));
  await expect(bad).toHaveCount(0);
  await page.getByLabel('New password for this keyspace').fill(PASSWORD);
  await page.getByLabel('Repeat the password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Import keyspace' }).click();
  await expect(page.getByRole('heading', { name: 'Imported', level: 1 })).toBeVisible();
  const state = await ipc.call('state:get');
  expect(state.keyspaces.map((k) => k.name)).toEqual(['Imported']);
});
