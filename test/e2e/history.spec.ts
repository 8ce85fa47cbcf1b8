/** Scenario 7: History shows what happened (signed, rejected, signed by a policy), filters it, and exports JSON and CSV. */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { cardWith, connectSigsocket, postSign, setupKeyspace } from './support/flows';

test('history lists signed and rejected requests, filters them, and exports', async ({ app: page, ipc, sigsocket }) => {
  const server = await sigsocket();
  const publicKey = await setupKeyspace(ipc);
  await connectSigsocket(ipc, server, 'Main', 'Signer');

  const signed = postSign(server, publicKey, 'history: approve me');
  await cardWith(page, 'history: approve me').getByRole('button', { name: 'Approve', exact: true }).click();
  const signature = Buffer.from((await signed).body.signature ?? '', 'base64').toString('hex');
  const rejected = postSign(server, publicKey, 'history: reject me');
  await cardWith(page, 'history: reject me').getByRole('button', { name: 'Reject' }).click();
  expect((await rejected).status).toBe(403);
  // A policy decision: allowed for 5 minutes, then the next one is signed without asking.
  const allowed = postSign(server, publicKey, 'history: allow me');
  await cardWith(page, 'history: allow me')
    .getByRole('button', { name: /Approve & allow/ })
    .click();
  expect((await allowed).status).toBe(200);
  expect((await postSign(server, publicKey, 'history: by policy')).status).toBe(200);

  await page.getByRole('link', { name: 'History' }).click();
  const integrity = page.getByRole('status').filter({ hasText: 'Log verified' });
  await expect(integrity).toContainText(/\d+ entries chained/);
  const rows = page.locator('table.history-table tbody tr[data-request-id]');
  await expect(rows).toHaveCount(4);
  await expect(rows.filter({ hasText: /policy/i })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'signed' })).toHaveCount(3);
  await expect(rows.filter({ hasText: 'rejected' })).toHaveCount(1);

  // The first signed row opens to show its signature.
  const signedRow = rows.filter({ hasText: 'signed' }).last();
  await signedRow.getByRole('button', { name: /Details of request/ }).click();
  await expect(page.locator('.history-detail')).toContainText(signature);

  // Filters: by state, then by text that matches nothing.
  await page.getByLabel('State').selectOption('rejected');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('rejected');
  await page.getByLabel('State').selectOption('');
  await page.getByLabel('Search').fill('no-such-thing-anywhere');
  await expect(page.getByText('Nothing here yet')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(rows).toHaveCount(4);

  // Export both formats through a Blob download.
  const [jsonDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  expect(jsonDownload.suggestedFilename()).toMatch(/\.json$/);
  const json = await readFile((await jsonDownload.path()) ?? '', 'utf8');
  expect(json).toContain(signature);
  expect(json).toContain('rejected');
  // The export carries its proof: the lines up to a checkpoint, the signature and the audit key.
  const doc = JSON.parse(json);
  expect(doc.entries).toHaveLength(4);
  expect(doc.proof.publicKey).toMatch(/^MCowBQYDK2VwAyEA/);
  expect(doc.lines.at(-1)).toContain('"event":"checkpoint"');
  await integrity.getByRole('button', { name: 'Check again' }).click();
  await expect(integrity).toContainText(`signed through seq ${doc.proof.signs.seq} by audit key`);
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(csvDownload.suggestedFilename()).toMatch(/\.csv$/);
  const csv = (await readFile((await csvDownload.path()) ?? '', 'utf8')).trim().split('\r\n');
  // One row per stored line up to the checkpoint; the four selected entries are marked.
  expect(csv.filter((row) => row.split(',')[1] === '"true"')).toHaveLength(4);
  expect(csv.at(-1)).toContain(doc.proof.publicKey);
  expect(csv.join('\n')).toContain(signature);
});
