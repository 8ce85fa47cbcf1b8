import { mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { openTestWallet } from '../../test/helpers/wallet';
import type { Wallet } from '../core/wallet';
import { type BrowserHost, startBrowserHost } from './host';

let host: BrowserHost;
let wallet: Wallet;
let closeWallet: () => Promise<void>;
let rendererDir: string;

beforeEach(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>wallet</title>');
  ({ wallet, close: closeWallet } = await openTestWallet());
  host = await startBrowserHost({ wallet, rendererDir });
});
afterEach(async () => {
  await host.close();
  await closeWallet();
});

function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const cookie = () => `wallet_token_${host.port}=${host.token}`;
const origin = () => `http://127.0.0.1:${host.port}`;

function openSocket(headers: Record<string, string>) {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc`, { headers });
  return new Promise<WebSocket>((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, frame: unknown) {
  return new Promise<Record<string, unknown>>((resolve) => {
    ws.once('message', (d) => resolve(JSON.parse(String(d))));
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

describe('browser host', () => {
  it('prints a loopback URL carrying a random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('refuses the page without a token (401) and with a wrong one (403)', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get('/', { cookie: `wallet_token_${host.port}=wrong` })).status).toBe(403);
    // Another port's cookie is no token here.
    expect((await get('/', { cookie: `wallet_token=${host.token}` })).status).toBe(401);
  });

  it('trades the URL token for an HttpOnly cookie, then serves the page', async () => {
    const first = await get(`/?token=${host.token}`);
    expect(first.status).toBe(303);
    expect(String(first.headers['set-cookie'])).toMatch(
      new RegExp(`^wallet_token_${host.port}=${host.token}; HttpOnly; SameSite=Strict`),
    );
    expect(first.headers.location).toBe(`${origin()}/`);
    const page = await get('/', { cookie: cookie() });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>wallet</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses foreign Host headers (DNS rebinding) and paths outside the renderer', async () => {
    expect((await get('/', { cookie: cookie(), host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get('/..%2f..%2fetc%2fpasswd', { cookie: cookie() })).status).toBe(404);
  });

  it('refuses the socket without a token, with a wrong token, or from another origin', async () => {
    await expect(openSocket({ origin: origin() })).rejects.toThrow('status 401');
    await expect(openSocket({ origin: origin(), cookie: `wallet_token_${host.port}=nope` })).rejects.toThrow(
      'status 403',
    );
    await expect(openSocket({ origin: 'http://evil.example', cookie: cookie() })).rejects.toThrow('status 403');
  });

  it('carries the contract over the socket with the same validation as IPC', async () => {
    const ws = await openSocket({ origin: origin(), cookie: cookie() });
    expect(await call(ws, { id: 1, channel: 'app:info' })).toMatchObject({
      id: 1,
      result: { ok: true, value: { name: 'Signing Wallet' } },
    });
    expect(await call(ws, { id: 2, channel: 'app:nope' })).toMatchObject({
      id: 2,
      result: { ok: false, error: { code: 'unknown_channel' } },
    });
    expect(await call(ws, { id: 3, channel: 'app:info', arg: { x: 1 } })).toMatchObject({
      id: 3,
      result: { ok: false, error: { code: 'bad_input' } },
    });
    expect(await call(ws, '{not json')).toMatchObject({ error: { code: 'bad_input' } });
    const pushed = new Promise<{ event: string; payload: { settings: { theme: string } } }>((resolve) =>
      ws.on('message', (d) => {
        const frame = JSON.parse(String(d));
        if (frame.event) resolve(frame);
      }),
    );
    expect(await call(ws, { id: 4, channel: 'settings:set', arg: { theme: 'light' } })).toMatchObject({ id: 4 });
    const frame = await pushed;
    expect(frame.event).toBe('state:snapshot');
    expect(frame.payload.settings.theme).toBe('light');
    ws.close();
  });
});

describe('browser host: the token login stays on this host', () => {
  it.each([
    '/.//evil.example/',
    '//evil.example/',
    '/.///evil.example/x',
    '/.%2F%2Fevil.example/',
    '/./\\evil.example/',
    '/.\\/evil.example/',
  ])('a valid token on %s redirects to this host, never off-site', async (path) => {
    const res = await get(`${path}?token=${host.token}&next=1`);
    expect(res.status).toBe(303);
    const target = new URL(String(res.headers.location), origin());
    expect(target.origin).toBe(origin());
    expect(target.searchParams.get('token')).toBeNull();
  });

  it('in Chromium: two hosts on one machine each keep their own login, and a crafted link stays home', async () => {
    const other = await startBrowserHost({ wallet, rendererDir });
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage();
      await page.goto(host.url);
      expect(await page.title()).toBe('wallet');
      // Logging in to a second host must not replace the first one's token: cookies ignore ports.
      await page.goto(other.url);
      expect(await page.title()).toBe('wallet');
      const back = await page.goto(`${origin()}/`);
      expect(back?.status()).toBe(200);

      await page.goto(`${origin()}/.//evil.example/?token=${host.token}`).catch(() => null);
      expect(new URL(page.url()).origin).toBe(origin());
    } finally {
      await browser.close();
      await other.close();
    }
  });
});
