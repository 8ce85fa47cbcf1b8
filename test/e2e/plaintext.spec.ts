/**
 * A ws:// or nats:// connection to another machine carries requests and signatures (and the NATS
 * token) unencrypted: the forms warn while the URL is typed, and Connections keeps saying it.
 */
import { expect, test } from './fixtures';
import { setupKeyspace } from './support/flows';

/** TEST-NET-1 (RFC 5737): never answers, so nothing is really sent anywhere. */
const REMOTE = '192.0.2.1';

test('SigSocket: ws:// to another host is warned about in the form and in the connection view', async ({
  app: page,
  ipc,
}) => {
  await setupKeyspace(ipc);
  await page.reload();
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add server' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add SigSocket server' });
  const url = dialog.getByLabel('Server URL');
  const warning = dialog.getByRole('status').filter({ hasText: 'Unencrypted connection' });
  await url.fill('ws://127.0.0.1:8080/ws');
  await expect(warning).toHaveCount(0);
  await url.fill(`ws://${REMOTE}:8080/ws`);
  await expect(warning).toContainText(`ws:// to ${REMOTE} is not encrypted`);
  await expect(warning).toContainText('Use wss://');
  await url.fill(`wss://${REMOTE}:8080/ws`);
  await expect(warning).toHaveCount(0);
  await url.fill(`ws://${REMOTE}:8080/ws`);
  await dialog.getByLabel('Keyspace').selectOption('Main');
  await dialog.getByLabel('Keypair').selectOption('Signer');
  await dialog.getByRole('button', { name: 'Add server' }).click();
  await expect(dialog).toBeHidden();

  const row = page.locator('.conn-row', { hasText: `ws://${REMOTE}:8080/ws` });
  await expect(row.getByRole('status').filter({ hasText: 'Unencrypted connection' })).toContainText(
    'every request and every signature cross the network in plain text',
  );
});

test('NATS: nats:// to another host is warned about in the form and in the connection view', async ({
  app: page,
  ipc,
}) => {
  await setupKeyspace(ipc);
  await ipc.call('nats:configure', {
    enabled: false,
    servers: [`nats://${REMOTE}:4222`],
    subject: 'crypto.scripts',
    keyspace: null,
    auth: { kind: 'none' },
    tls: null,
  });
  await page.reload();
  await page.getByRole('link', { name: 'Connections' }).click();
  const panel = page.getByRole('region', { name: 'NATS' });
  await expect(panel.getByRole('status').filter({ hasText: 'Unencrypted connection' })).toContainText(
    `nats:// to ${REMOTE} is not encrypted: the NATS token or password`,
  );

  await panel.getByRole('button', { name: 'Edit NATS settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'NATS listener' });
  const warning = dialog.getByRole('status').filter({ hasText: 'Unencrypted connection' });
  await expect(warning).toContainText(`nats:// to ${REMOTE}`);
  await dialog.getByRole('textbox', { name: 'Servers' }).fill(`tls://${REMOTE}:4222`);
  await expect(warning).toHaveCount(0);
  await dialog.getByRole('textbox', { name: 'Servers' }).fill(`nats://127.0.0.1:4222\nnats://${REMOTE}:4222`);
  await expect(warning).toHaveCount(1);
  await dialog.getByRole('textbox', { name: 'Servers' }).fill('nats://127.0.0.1:4222');
  await expect(warning).toHaveCount(0);
});
