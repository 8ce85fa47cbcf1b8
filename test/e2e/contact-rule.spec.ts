/**
 * A rule for a contact made in Settings → Policies: the contact picked by name, then a request signed by
 * that contact's key over a real nats-server is signed without a card; Chromium through the browser host.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, headers } from '@nats-io/transport-node';
import * as secp from '@noble/secp256k1';
import { REQUESTER_NAME_HEADER, signRequest } from '../../electron/core/nats';
import { expect, test } from './fixtures';
import { setupKeyspace } from './support/flows';
import { SHOTS_DIR, violationsInBothThemes } from './support/screens';

const SUBJECT = 'crypto.scripts';
const keyOf = (secret: Uint8Array) => Buffer.from(secp.getPublicKey(secret, true)).toString('hex');

test('a rule for a named requester, picked in Settings, signs its requests without asking', async ({
  app: page,
  ipc,
  nats,
}) => {
  test.setTimeout(90_000);
  const server = await nats();
  const signer = await setupKeyspace(ipc);
  await ipc.call('nats:configure', { enabled: true, servers: [server.url], subject: SUBJECT, keyspace: 'Main' });
  await ipc.waitForState((s) => s.nats?.status.state === 'connected', 15_000);
  const billing = secp.utils.randomSecretKey();
  await ipc.call('contact:name', { key: keyOf(secp.utils.randomSecretKey()), name: 'Audit bot' });
  await ipc.call('contact:name', { key: keyOf(billing), name: 'Billing' });

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Add rule for a contact' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rule for a contact' });
  await dialog.getByLabel('Contact').selectOption('Billing');
  await expect(dialog.getByText(keyOf(billing).slice(0, 8))).toBeVisible();
  await dialog.getByLabel('Keyspace').selectOption('Main');
  await dialog.getByLabel('Operation').selectOption('sign');
  await dialog.getByLabel('Allow').check();
  await dialog.getByLabel('Lasts').selectOption({ label: '1 hour' });
  expect(await violationsInBothThemes(page)).toEqual({ light: [], dark: [] });
  await mkdir(SHOTS_DIR, { recursive: true });
  await dialog.screenshot({ path: join(SHOTS_DIR, 'contact-rule.png') });
  await dialog.getByRole('button', { name: 'Add rule' }).click();
  await expect(dialog).toBeHidden();
  const row = page.locator('tr[data-policy-id]', { hasText: 'Billing' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('nats');
  await expect(row).toContainText('allow');
  expect(await violationsInBothThemes(page)).toEqual({ light: [], dark: [] });
  await page.screenshot({ path: join(SHOTS_DIR, 'contact-rule-listed.png'), fullPage: true });

  const nc = await connect({ servers: server.url });
  try {
    const body = JSON.stringify({ op: 'sign', keyspace: 'Main', keypair: 'Signer', message: 'by rule' });
    const h = headers();
    for (const [k, v] of Object.entries(signRequest(SUBJECT, body, billing))) h.set(k, v);
    h.set(REQUESTER_NAME_HEADER, 'Billing');
    const reply = await nc.request(SUBJECT, body, { headers: h, timeout: 15_000 });
    expect(JSON.parse(reply.string()).public_key).toBe(signer);
  } finally {
    await nc.close();
  }
});
