/**
 * "Approve all" covers what its dialog showed: a request the same server relays while the dialog is
 * open is not part of the batch and keeps waiting for its own card.
 */
import { expect, test } from './fixtures';
import { cardWith, connectSigsocket, postSign, setupKeyspace, verifiesWithLibsecp256k1 } from './support/flows';

test('a request arriving after "Approve all" opened stays pending', async ({ app: page, ipc, sigsocket }) => {
  const server = await sigsocket();
  const publicKey = await setupKeyspace(ipc);
  await connectSigsocket(ipc, server, 'Main', 'Signer');
  await page.getByRole('link', { name: /Requests/ }).click();

  const shown = ['batch one', 'batch two'].map((m) => ({ message: m, answer: postSign(server, publicKey, m) }));
  for (const { message } of shown) await expect(cardWith(page, message)).toBeVisible();
  await page.getByRole('button', { name: `Approve all 2… from ${server.wsUrl}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Approve 2 requests?' });
  await expect(dialog).toBeVisible();

  // The requester slips one more in while the user reads the dialog.
  const lateController = new AbortController();
  const late = postSign(server, publicKey, 'slipped in late', lateController.signal).catch(() => null);
  await expect(cardWith(page, 'slipped in late')).toBeVisible();
  await dialog.getByRole('button', { name: 'Approve 2' }).click();

  for (const { message, answer } of shown) {
    const result = await answer;
    expect(result.status).toBe(200);
    expect(verifiesWithLibsecp256k1(publicKey, message, result.body.signature ?? '')).toBe(true);
  }
  const lateCard = cardWith(page, 'slipped in late');
  await expect(lateCard).toBeVisible();
  await expect(lateCard.getByRole('button', { name: 'Approve', exact: true })).toBeEnabled();
  const snapshot = await ipc.call('state:get');
  expect(snapshot.requests.map((r) => r.state)).toEqual(['pending']);

  await lateCard.getByRole('button', { name: 'Reject' }).click();
  expect((await late)?.status).toBe(403);
  lateController.abort();
});
