/**
 * The listener's figures in Connections: the same counts the operator's /metrics serves, moving as
 * requests are decided, read by the renderer through the contract (figures only), and accessible.
 */
import { expect, test } from './fixtures';
import { cardWith, connectSigsocket, postSign, setupKeyspace } from './support/flows';
import { seriousViolations } from './support/screens';

test('Connections shows the listener figures and they move when a request is signed', async ({
  app: page,
  ipc,
  sigsocket,
}) => {
  const server = await sigsocket(['--timeout-ms', '30000']);
  const publicKey = await setupKeyspace(ipc);
  await connectSigsocket(ipc, server, 'Main', 'Signer');
  await page.reload();

  await page.getByRole('link', { name: 'Connections' }).click();
  const line = page.getByTestId('listener-figures');
  await expect(line).toContainText('1 of 1 connected');
  await expect(line).toContainText('0 requests handled');
  expect(await seriousViolations(page)).toEqual([]);

  const answer = postSign(server, publicKey, 'figures check');
  await page.getByRole('link', { name: /Requests/ }).click();
  const card = cardWith(page, 'figures check');
  await card.getByRole('button', { name: 'Approve', exact: true }).click();
  expect((await answer).status).toBe(200);

  await page.getByRole('link', { name: 'Connections' }).click();
  await expect(line).toContainText('1 request handled');
  await expect(line).toContainText('1 signed');
  await expect(line).toContainText(/your decisions \d+\.\d s on average/);
  const figures = await ipc.call('metrics:get');
  expect(figures).toMatchObject({
    pending: 0,
    outcomes: { signed: 1, rejected: 0 },
    userDecisions: { count: 1 },
    connections: { connected: 1, total: 1 },
  });
  expect(figures.audit.writes).toBeGreaterThanOrEqual(2);
});
