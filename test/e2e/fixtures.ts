/**
 * Playwright fixtures: every test gets its own wallet (fresh data dir and keychain service) served by
 * the real browser host, a contract client for setup, and on demand a real sigsocket-server or nats-server.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { type NatsHandle, startNats } from '../helpers/nats';
import { type SigsocketHandle, startSigsocket } from '../helpers/sigsocket';
import { connectIpc, type IpcClient } from './support/ipc-client';
import { startWalletHost, type WalletHost } from './support/wallet-host';

export interface Fixtures {
  /** Extra environment for the wallet host process (set per file with test.use). */
  hostEnv: Record<string, string>;
  host: WalletHost;
  ipc: IpcClient;
  /** The page, opened at the host's tokenized URL (the host trades the token for a cookie). */
  app: Page;
  /** Starts a sigsocket-server with extra CLI args; stopped after the test. */
  sigsocket: (args?: string[]) => Promise<SigsocketHandle>;
  nats: () => Promise<NatsHandle>;
}

export const test = base.extend<Fixtures>({
  hostEnv: [{}, { option: true }],
  host: async ({ hostEnv }, use) => {
    const host = await startWalletHost(hostEnv);
    await use(host);
    await host.stop();
  },
  ipc: async ({ host }, use) => {
    const ipc = await connectIpc(host);
    await use(ipc);
    ipc.close();
  },
  app: async ({ page, host }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(host.url);
    await use(page);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
  // biome-ignore lint/correctness/noEmptyPattern: see above
  sigsocket: async ({}, use) => {
    const started: SigsocketHandle[] = [];
    await use(async (args = []) => {
      const s = await startSigsocket(args);
      started.push(s);
      return s;
    });
    await Promise.all(started.map((s) => s.stop()));
  },
  // biome-ignore lint/correctness/noEmptyPattern: see above
  nats: async ({}, use) => {
    const started: NatsHandle[] = [];
    await use(async () => {
      const n = await startNats();
      started.push(n);
      return n;
    });
    await Promise.all(started.map((n) => n.stop()));
  },
});

export { expect };
