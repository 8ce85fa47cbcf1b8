/**
 * A SigSocket server's certificate changes (same trusted CA, new key): its connection pauses, and
 * Connections shows the pinned and the new fingerprints side by side until the user accepts; Chromium
 * through the browser host, the project's sigsocket-server over wss://, certificates from openssl.
 */

import { fingerprintOf } from '../../electron/core/contacts/fingerprint';
import { at } from '../helpers/at';
import { makeTestCa } from '../helpers/tls-certs';
import { expect, test } from './fixtures';
import { setupKeyspace } from './support/flows';
import { seriousViolations } from './support/screens';

test('a changed server certificate pauses the connection until accepted in Connections', async ({
  app: page,
  ipc,
  sigsocket,
}) => {
  test.setTimeout(120_000);
  const ca = makeTestCa();
  const [first, second, live] = [ca.leaf('first'), ca.leaf('second'), ca.leaf('live')];
  ca.install(first, live);
  const server = await sigsocket(['--tls-cert', live.cert, '--tls-key', live.key]);
  const url = `wss://127.0.0.1:${server.port}/ws`;
  await setupKeyspace(ipc);
  const view = await ipc.call('sigsocket:add', {
    url,
    keyspace: 'Main',
    keypair: 'Signer',
    dialect: 'json',
    ca: ca.caPem,
  });
  await ipc.waitForState((s) => s.sigsocket.some((x) => x.id === view.id && x.status.state === 'connected'), 15_000);

  await page.getByRole('link', { name: 'Connections' }).click();
  const row = page.locator('.conn-row', { hasText: url });
  await expect(row.getByText('Connected')).toBeVisible();
  await expect(row.getByRole('alert')).toHaveCount(0);

  await server.kill();
  ca.install(second, live);
  await server.restart();
  const alert = row.getByRole('alert');
  await expect(alert).toContainText('Certificate changed: connection paused.', { timeout: 20_000 });
  const words = (sha256: string) => fingerprintOf(Buffer.from(sha256, 'hex')).words.join(' ');
  const pinned = alert.locator('.cert-compare > div').nth(0);
  const shown = alert.locator('.cert-compare > div').nth(1);
  await expect(pinned).toContainText(first.spkiSha256);
  await expect(pinned).toContainText(words(first.spkiSha256));
  await expect(shown).toContainText(second.spkiSha256);
  await expect(shown).toContainText(words(second.spkiSha256));
  expect(await seriousViolations(page)).toEqual([]);
  // Still paused a while later: it does not retry its way past the pin.
  await page.waitForTimeout(1500);
  expect(at((await ipc.call('state:get')).sigsocket, 0).status.state).toBe('error');

  await alert.getByRole('button', { name: /Accept the new certificate/ }).click();
  await expect(row.getByText('Connected')).toBeVisible({ timeout: 15_000 });
  await expect(row.getByRole('alert')).toHaveCount(0);
  const after = at((await ipc.call('state:get')).sigsocket, 0).certificate;
  expect(after).toEqual({ pinned: expect.objectContaining({ sha256: second.spkiSha256 }), offered: null });
});
