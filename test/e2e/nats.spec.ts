/**
 * Scenario 4: a NATS script request shows the full script and the wallet functions it calls; approving it
 * (with a session password for create_key_space) sends the reply: a signature that verifies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { expect, test } from './fixtures';
import { PASSWORD, setupKeyspace, verifiesWithLibsecp256k1 } from './support/flows';

const EXAMPLE = readFileSync(join(import.meta.dirname, '../nats/fixtures/remote-example.rhai'), 'utf8');

test('a NATS script shows its source and functions; approving sends the reply', async ({ app: page, ipc, nats }) => {
  const server = await nats();
  await setupKeyspace(ipc);
  await page.reload();

  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Set up NATS' }).click();
  const dialog = page.getByRole('dialog', { name: 'NATS listener' });
  await dialog.getByRole('textbox', { name: 'Servers' }).fill(server.url);
  await dialog.getByRole('textbox', { name: 'Subject' }).fill('crypto.scripts');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const panel = page.getByRole('region', { name: 'NATS' });
  await expect(panel.getByText('Connected')).toBeVisible({ timeout: 15_000 });
  await expect(panel.getByText('crypto.scripts')).toBeVisible();

  const nc = await connect({ servers: server.url });
  try {
    const reply = nc.request('crypto.scripts', EXAMPLE, { timeout: 45_000 });
    await page.getByRole('link', { name: /Requests/ }).click();
    const card = page.locator('article.request-card', { hasText: 'Script run' });
    await expect(card).toBeVisible();
    await expect(card.getByText('NATS ·', { exact: false })).toBeVisible();
    // The full script, byte for byte, and the functions it calls.
    expect(await card.getByTestId('script-source').textContent()).toBe(EXAMPLE);
    const functions = card.getByRole('list', { name: 'Wallet functions the script calls' });
    for (const f of ['create_key_space', 'create_keypair', 'select_keypair', 'sign']) {
      await expect(functions.getByText(`${f}()`, { exact: true })).toBeVisible();
    }
    await expect(card.getByText('Unverified', { exact: true })).toBeVisible();
    await card.getByLabel('Session password (optional)').fill(PASSWORD);
    await card.getByRole('button', { name: 'Approve', exact: true }).click();

    const signature = (await reply).string();
    expect(signature).toMatch(/^[0-9a-f]{128}$/);
    await expect(card).toHaveCount(0);
    const state = await ipc.call('state:get');
    const kp = state.keyspaces
      .find((k) => k.name === 'remote_space')
      ?.keypairs.find((k) => k.name === 'remote_keypair');
    expect(kp).toBeDefined();
    const sigB64 = Buffer.from(signature, 'hex').toString('base64');
    expect(verifiesWithLibsecp256k1(kp?.publicKey ?? '', 'Hello from remote system', sigB64)).toBe(true);

    // The new keyspace shows in the UI, opened with the session password.
    await page.getByRole('link', { name: 'Keyspaces' }).click();
    await expect(page.getByRole('link', { name: 'remote_space', exact: true })).toBeVisible();
  } finally {
    await nc.close();
  }
});
