/**
 * Scenarios 2, 3, 5 and 6 against a real sigsocket-server: a POST /sign shows a card; Approve returns a
 * signature that verifies (libsecp256k1); Reject is a quick 403 (expiry: expiry.spec.ts); a locked
 * keyspace is unlocked inline; "allow for 1 minute" covers the same requester only.
 */
import { expect, test } from './fixtures';
import {
  cardWith,
  connectSigsocket,
  connectSigsocketInUi,
  PASSWORD,
  postSign,
  setupKeyspace,
  verifiesWithLibsecp256k1,
} from './support/flows';

test('a POST /sign shows a card; Approve returns a signature that verifies', async ({ app: page, ipc, sigsocket }) => {
  const server = await sigsocket();
  const publicKey = await setupKeyspace(ipc);
  await page.reload();
  await connectSigsocketInUi(page, server, { keyspace: 'Main', keypair: 'Signer' });

  const message = `Pay 12.50 USDC to order #${Date.now()}`;
  const answer = postSign(server, publicKey, message);
  await page.getByRole('link', { name: /Requests/ }).click();
  const card = cardWith(page, message);
  await expect(card).toBeVisible();
  await expect(card.getByText('Signature request')).toBeVisible();
  await expect(card.getByText(`SigSocket · ${server.wsUrl}`)).toBeVisible();
  await expect(card.getByText('Unverified')).toBeVisible();
  await expect(card.locator('.countdown')).toContainText(/0:[0-5]\d|1:00/);
  await card.getByRole('button', { name: 'Approve', exact: true }).click();

  const result = await answer;
  expect(result.status).toBe(200);
  expect(Buffer.from(result.body.message ?? '', 'base64').toString()).toBe(message);
  expect(verifiesWithLibsecp256k1(publicKey, message, result.body.signature ?? '')).toBe(true);
  expect(verifiesWithLibsecp256k1(publicKey, `${message}!`, result.body.signature ?? '')).toBe(false);
  await expect(card).toHaveCount(0);
});

test('Reject gives a quick 403; Esc rejects the focused card', async ({ app: page, ipc, sigsocket }) => {
  const server = await sigsocket();
  const publicKey = await setupKeyspace(ipc);
  await connectSigsocket(ipc, server, 'Main', 'Signer');

  const first = postSign(server, publicKey, 'reject me by click');
  const card = cardWith(page, 'reject me by click');
  await expect(card).toBeVisible();
  const t0 = Date.now();
  await card.getByRole('button', { name: 'Reject' }).click();
  const rejected = await first;
  expect(rejected.status).toBe(403);
  expect(Date.now() - t0).toBeLessThan(3000);

  const second = postSign(server, publicKey, 'reject me with Esc');
  const escCard = cardWith(page, 'reject me with Esc');
  await expect(escCard).toBeVisible();
  await escCard.focus();
  await page.keyboard.press('Escape');
  expect((await second).status).toBe(403);
  await expect(escCard).toHaveCount(0);
});

test('locked keyspace: a request arrives, unlock inline on the card, approve', async ({
  app: page,
  ipc,
  sigsocket,
}) => {
  const server = await sigsocket();
  const publicKey = await setupKeyspace(ipc);
  await connectSigsocket(ipc, server, 'Main', 'Signer');
  await page.reload();
  await page.getByRole('link', { name: 'Keyspaces' }).click();
  await page.getByRole('button', { name: 'Lock Main' }).click();
  await expect(page.locator('.keyspace-item').getByText('Locked').first()).toBeVisible();

  const answer = postSign(server, publicKey, 'signed after an inline unlock');
  await page.getByRole('link', { name: /Requests/ }).click();
  const card = cardWith(page, 'signed after an inline unlock');
  await expect(card.getByText('is locked. Unlock it to approve.')).toBeVisible();
  await expect(card.getByRole('button', { name: 'Approve', exact: true })).toBeDisabled();
  await card.getByLabel('Password for “Main”').fill('wrong password');
  await card.getByRole('button', { name: 'Unlock' }).click();
  await expect(card.getByRole('alert')).toBeVisible({ timeout: 10_000 });
  await card.getByLabel('Password for “Main”').fill(PASSWORD);
  await card.getByRole('button', { name: 'Unlock' }).click();
  await expect(card.getByRole('progressbar')).toBeVisible();
  await expect(card.getByRole('button', { name: 'Approve', exact: true })).toBeEnabled({ timeout: 10_000 });
  await card.getByRole('button', { name: 'Approve', exact: true }).click();
  const result = await answer;
  expect(result.status).toBe(200);
  expect(verifiesWithLibsecp256k1(publicKey, 'signed after an inline unlock', result.body.signature ?? '')).toBe(true);
});

test('"allow for 1 minute" auto-approves the same requester only', async ({ app: page, ipc, sigsocket }) => {
  const serverA = await sigsocket();
  const serverB = await sigsocket();
  const publicKey = await setupKeyspace(ipc);
  await connectSigsocket(ipc, serverA, 'Main', 'Signer');
  await connectSigsocket(ipc, serverB, 'Main', 'Signer');

  const first = postSign(serverA, publicKey, 'first from A');
  const card = cardWith(page, 'first from A');
  await expect(card).toBeVisible();
  await card.getByLabel('Minutes to allow this requester').selectOption('1');
  await card.getByRole('button', { name: 'Approve & allow for 1 min' }).click();
  expect((await first).status).toBe(200);

  // The same requester again: signed by the policy, no card.
  const again = await postSign(serverA, publicKey, 'second from A');
  expect(again.status).toBe(200);
  expect(verifiesWithLibsecp256k1(publicKey, 'second from A', again.body.signature ?? '')).toBe(true);

  // Another requester (another server) for the same key still asks.
  const fromB = postSign(serverB, publicKey, 'first from B');
  const cardB = cardWith(page, 'first from B');
  await expect(cardB).toBeVisible();
  await expect(cardWith(page, 'second from A')).toHaveCount(0);
  await cardB.getByRole('button', { name: 'Reject' }).click();
  expect((await fromB).status).toBe(403);

  // The policy is listed in Settings and can be revoked; then A asks again.
  await page.getByRole('link', { name: 'Settings' }).click();
  const row = page.locator('tr[data-policy-id]');
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: /Revoke/ }).click();
  await expect(row).toHaveCount(0);
  const third = postSign(serverA, publicKey, 'third from A');
  await page.getByRole('link', { name: /Requests/ }).click();
  await expect(cardWith(page, 'third from A')).toBeVisible();
  await cardWith(page, 'third from A').getByRole('button', { name: 'Reject' }).click();
  expect((await third).status).toBe(403);
});
