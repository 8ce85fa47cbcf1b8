/**
 * Scenarios 8 and 9: every screen, in light and dark, has no serious or critical axe-core violation,
 * and is saved as a screenshot (docs/screenshots/ under `npm run screenshots`).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { PASSWORD, setupKeyspace } from './support/flows';
import { checkScreen, populate } from './support/screens';

test('first run and unlock screens: accessible, in both themes', async ({ app: page, ipc }) => {
  const problems: Record<string, unknown> = {};
  problems['first-run'] = await checkScreen(page, 'first-run', () =>
    expect(page.getByRole('heading', { name: 'Welcome to Signing Wallet' })).toBeVisible(),
  );
  await page.getByLabel('Keyspace name').fill('Personal');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Repeat the password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create keyspace' }).click();
  problems['first-run-words'] = await checkScreen(page, 'first-run-words', () =>
    expect(page.getByRole('list', { name: 'Recovery phrase' })).toBeVisible(),
  );
  await page.getByText('I have written down all 24 words.').click();
  await page.getByRole('button', { name: 'Continue' }).click();
  problems['first-run-confirm'] = await checkScreen(page, 'first-run-confirm', () =>
    expect(page.getByRole('button', { name: 'Confirm backup' })).toBeVisible(),
  );

  await page.getByText('Import a recovery phrase').waitFor({ state: 'detached' });
  await setupKeyspace(ipc, 'Work', 'Signer');
  await ipc.call('keyspace:lockAll');
  await page.reload();
  problems.unlock = await checkScreen(page, 'unlock', () =>
    expect(page.getByRole('heading', { name: 'Unlock your wallet' })).toBeVisible(),
  );
  for (const [screen, byTheme] of Object.entries(problems)) expect(byTheme, screen).toEqual({ light: [], dark: [] });
});

/** Opens a screen by its hash route and waits for its heading. */
async function go(page: Page, hash: string, heading: string | RegExp) {
  await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
}

test('requests and keyspace screens: accessible, in both themes', async ({ app: page, ipc, sigsocket, nats }) => {
  test.setTimeout(120_000);
  const populated = await populate(page, ipc, { sigsocket: await sigsocket(), nats: await nats() });
  const problems: Record<string, unknown> = {};
  try {
    problems.requests = await checkScreen(page, 'requests', async () => {
      await go(page, '#/requests', 'Requests');
      await expect(page.locator('article.request-card')).toHaveCount(4);
    });
    await page.locator('article.request-card', { hasText: 'Opaque 32-byte payload' }).scrollIntoViewIfNeeded();
    problems['requests-opaque'] = await checkScreen(page, 'requests-opaque', () =>
      expect(page.getByText('Opaque 32-byte payload').first()).toBeInViewport(),
    );
    problems.keyspaces = await checkScreen(page, 'keyspaces', () => go(page, '#/keyspaces', 'Keyspaces'));
    problems.keyspace = await checkScreen(page, 'keyspace', () => go(page, '#/keyspaces/Personal', 'Personal'));
    problems['keyspace-locked'] = await checkScreen(page, 'keyspace-locked', () =>
      go(page, '#/keyspaces/Cold%20storage', 'Cold storage'),
    );
    await go(page, '#/keyspaces/Personal', 'Personal');
    await page.getByRole('button', { name: 'Show QR code of Signing key' }).click();
    problems['keypair-qr'] = await checkScreen(page, 'keypair-qr', () =>
      expect(page.getByRole('img', { name: /QR code of the public key/ })).toBeVisible(),
    );
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Add keypair' }).click();
    problems['add-keypair'] = await checkScreen(page, 'add-keypair', () =>
      expect(page.getByRole('dialog', { name: 'Add keypair' })).toBeVisible(),
    );
  } finally {
    populated.abort.abort();
    await populated.closeNats();
  }
  for (const [screen, byTheme] of Object.entries(problems)) expect(byTheme, screen).toEqual({ light: [], dark: [] });
});

test('connections, history and settings screens: accessible, in both themes', async ({
  app: page,
  ipc,
  sigsocket,
  nats,
}) => {
  test.setTimeout(120_000);
  const populated = await populate(page, ipc, { sigsocket: await sigsocket(), nats: await nats() });
  const problems: Record<string, unknown> = {};
  try {
    problems.connections = await checkScreen(page, 'connections', async () => {
      await go(page, '#/connections', 'Connections');
      await expect(page.getByText('Connected').first()).toBeVisible();
    });
    problems.history = await checkScreen(page, 'history', async () => {
      await go(page, '#/history', 'History');
      await expect(page.locator('table.history-table tbody tr')).toHaveCount(2);
    });
    problems.settings = await checkScreen(page, 'settings', async () => {
      await go(page, '#/settings', 'Settings');
      await expect(page.getByText('OS keychain').first()).toBeVisible();
    });
    await go(page, '#/connections', 'Connections');
    await page.getByRole('button', { name: /Edit NATS settings/ }).click();
    problems['nats-settings'] = await checkScreen(page, 'nats-settings', () =>
      expect(page.getByRole('dialog', { name: 'NATS listener' })).toBeVisible(),
    );
  } finally {
    populated.abort.abort();
    await populated.closeNats();
  }
  for (const [screen, byTheme] of Object.entries(problems)) expect(byTheme, screen).toEqual({ light: [], dark: [] });
});
