/**
 * Walking the screens for scenarios 8 and 9: a populated wallet (keyspaces, keypairs, connections, pending
 * requests of every kind, history, a policy), and per screen an axe-core check and a screenshot, in both themes.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { connect } from '@nats-io/transport-node';
import { expect, type Page } from '@playwright/test';
import type { NatsHandle } from '../../helpers/nats';
import type { SigsocketHandle } from '../../helpers/sigsocket';
import { cardWith, connectSigsocket, PASSWORD, postSign, setupKeyspace } from './flows';
import type { IpcClient } from './ipc-client';
import { REPO_ROOT } from './wallet-host';

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** Where screenshots go: docs/screenshots under `npm run screenshots`, else the test output folder. */
export const SHOTS_DIR = process.env.SCREENSHOTS_DIR
  ? join(REPO_ROOT, process.env.SCREENSHOTS_DIR)
  : join(REPO_ROOT, 'test-results/screenshots');

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A/AA rules and best practices). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

/** axe-core's serious and critical violations in light and in dark (the wallet's theme follows the OS), back in light after. */
export async function violationsInBothThemes(page: Page): Promise<Record<Theme, string[]>> {
  const found = {} as Record<Theme, string[]>;
  for (const theme of [...THEMES].reverse()) {
    await page.emulateMedia({ colorScheme: theme });
    found[theme] = await seriousViolations(page);
  }
  return found;
}

/** For each theme (via prefers-color-scheme; the wallet's theme setting is "system"): check, then screenshot. */
export async function checkScreen(
  page: Page,
  name: string,
  ready: () => Promise<void>,
): Promise<Record<Theme, string[]>> {
  const found = {} as Record<Theme, string[]>;
  await mkdir(SHOTS_DIR, { recursive: true });
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await ready();
    // Let transitions and the countdown settle so the shot is stable.
    await page.waitForTimeout(150);
    found[theme] = await seriousViolations(page);
    await page.screenshot({ path: join(SHOTS_DIR, `${name}-${theme}.png`) });
  }
  return found;
}

export interface Populated {
  publicKey: string;
  /** Aborts the POST /sign calls left pending for the screenshots. */
  abort: AbortController;
  closeNats: () => Promise<void>;
}

/** Fills a wallet with everything the screens show. */
export async function populate(
  page: Page,
  ipc: IpcClient,
  servers: { sigsocket: SigsocketHandle; nats: NatsHandle },
): Promise<Populated> {
  const publicKey = await setupKeyspace(ipc, 'Personal', 'Signing key');
  await ipc.call('keypair:create', { keyspace: 'Personal', name: 'Stellar account', type: 'ed25519' });
  await ipc.call('keyspace:create', { name: 'Cold storage', password: PASSWORD, words: 24 });
  await ipc.call('keyspace:lock', { name: 'Cold storage' });
  await connectSigsocket(ipc, servers.sigsocket, 'Personal', 'Signing key');
  await ipc.call('sigsocket:add', {
    url: 'ws://127.0.0.1:9/ws',
    keyspace: 'Personal',
    keypair: 'Signing key',
    dialect: 'plain',
  });
  await ipc.call('nats:configure', {
    enabled: true,
    servers: [servers.nats.url],
    subject: 'crypto.scripts',
    keyspace: 'Personal',
  });
  await ipc.waitForState((s) => s.nats?.status.state === 'connected', 15_000);

  // History: one signed by the user, one rejected, one under a 5-minute policy.
  const abort = new AbortController();
  const done = postSign(servers.sigsocket, publicKey, 'Login to app.example.com');
  await cardWith(page, 'Login to app.example.com').getByRole('button', { name: 'Approve', exact: true }).click();
  await done;
  const rejected = postSign(servers.sigsocket, publicKey, 'Transfer 9,999 USDC to an unknown address');
  await cardWith(page, 'Transfer 9,999').getByRole('button', { name: 'Reject' }).click();
  await rejected;
  await ipc.call('settings:set', { theme: 'system' });

  // Pending: a JSON message, an opaque 32-byte hash, plain text, and a NATS script.
  const pending = [
    JSON.stringify({ action: 'transfer', to: 'GBX4…Q7', amount: '12.50', asset: 'USDC', memo: 'invoice 2231' }),
    new Uint8Array(32).map((_, i) => (i * 37 + 11) % 256),
    `Sign in to dashboard.example.org\nNonce: 8f2c19d0\nIssued: ${new Date().toISOString()}`,
  ];
  for (const m of pending) postSign(servers.sigsocket, publicKey, m, abort.signal).catch(() => {});
  const nc = await connect({ servers: servers.nats.url });
  nc.request(
    'crypto.scripts',
    'load_key_space("Personal");\nselect_keypair("Signing key");\nlet sig = sign("deploy build 4411");\nprint(sig);\nsig',
    { timeout: 120_000 },
  ).catch(() => {});
  await ipc.waitForState((s) => s.requests.filter((r) => r.state === 'pending').length >= 4, 15_000);
  await expect(page.locator('article.request-card').first()).toBeVisible();
  return { publicKey, abort, closeNats: () => nc.close() };
}
