/**
 * Scenario 3, second half: a countdown that runs out expires the request. The wallet is started with a
 * short request lifetime (WALLET_REQUEST_EXPIRY_MS) so the countdown visibly runs out.
 */

import { at } from '../helpers/at';
import { expect, test } from './fixtures';
import { cardWith, connectSigsocket, postSign, setupKeyspace } from './support/flows';

const EXPIRY_MS = 5000;
test.use({ hostEnv: { WALLET_REQUEST_EXPIRY_MS: String(EXPIRY_MS) } });

test('a countdown that runs out expires the request', async ({ app: page, ipc, sigsocket }) => {
  const server = await sigsocket(['--timeout-ms', '120000']);
  const publicKey = await setupKeyspace(ipc);
  await connectSigsocket(ipc, server, 'Main', 'Signer');
  const answer = postSign(server, publicKey, 'let me expire');
  const state = await ipc.waitForState((s) => s.requests.some((r) => r.state === 'pending'));
  const req = at(state.requests, 0);
  const lifetime = req.expiresAt - req.createdAt;
  // The wallet honours WALLET_REQUEST_EXPIRY_MS for every source.
  expect(lifetime).toBeLessThanOrEqual(EXPIRY_MS);
  const card = cardWith(page, 'let me expire');
  await expect(card).toBeVisible();
  await expect(card.locator('.countdown')).toHaveClass(/badge-danger/);
  await expect(card).toHaveCount(0, { timeout: lifetime + 5000 });
  expect((await answer).status).not.toBe(200);
  const history = await ipc.call('audit:query', { state: 'expired' });
  expect(history.entries.some((e) => e.requestId === req.id)).toBe(true);
});
