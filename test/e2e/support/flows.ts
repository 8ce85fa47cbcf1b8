/** Steps several scenarios share: setting up a keyspace, connecting a SigSocket server, asking for a signature. */
import { createHash } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import secp256k1 from 'secp256k1';
import type { SigsocketHandle } from '../../helpers/sigsocket';
import type { IpcClient } from './ipc-client';

export const PASSWORD = 'correct horse battery staple';

/** A keyspace with one secp256k1 keypair, made through the contract (for scenarios not about creating them). */
export async function setupKeyspace(ipc: IpcClient, name = 'Main', keypair = 'Signer'): Promise<string> {
  await ipc.call('keyspace:create', { name, password: PASSWORD, words: 24 });
  const kp = await ipc.call('keypair:create', { keyspace: name, name: keypair, type: 'secp256k1' });
  return kp.publicKey;
}

/** Adds a SigSocket server through the Connections screen and waits until it shows Connected. */
export async function connectSigsocketInUi(
  page: Page,
  server: SigsocketHandle,
  opts: { keyspace: string; keypair: string; dialect?: string },
) {
  await page.getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add server' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add SigSocket server' });
  await dialog.getByLabel('Server URL').fill(server.wsUrl);
  await dialog.getByLabel('Keyspace').selectOption(opts.keyspace);
  await dialog.getByLabel('Keypair').selectOption(opts.keypair);
  await dialog.getByLabel('Dialect').selectOption(opts.dialect ?? 'json');
  await dialog.getByRole('button', { name: 'Add server' }).click();
  await expect(dialog).toBeHidden();
  const row = page.locator('.conn-row', { hasText: server.wsUrl });
  await expect(row.getByText('Connected')).toBeVisible({ timeout: 15_000 });
}

/** Adds a SigSocket server through the contract and waits for it to connect. */
export async function connectSigsocket(ipc: IpcClient, server: SigsocketHandle, keyspace: string, keypair: string) {
  const view = await ipc.call('sigsocket:add', { url: server.wsUrl, keyspace, keypair, dialect: 'json' });
  await ipc.waitForState((s) => s.sigsocket.some((x) => x.id === view.id && x.status.state === 'connected'), 15_000);
  return view;
}

export interface SignAnswer {
  status: number;
  body: { message?: string; signature?: string; error?: string };
  ms: number;
}

/** POST /sign on the sigsocket-server, as an application would; resolves when the server answers. */
export async function postSign(
  server: SigsocketHandle,
  publicKey: string,
  message: string | Uint8Array,
  signal?: AbortSignal,
): Promise<SignAnswer> {
  const t0 = Date.now();
  const res = await fetch(`${server.url}/sign`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ public_key: publicKey, message: Buffer.from(message).toString('base64') }),
    signal,
  });
  return { status: res.status, body: (await res.json()) as SignAnswer['body'], ms: Date.now() - t0 };
}

/** Verifies a base64 compact signature over SHA-256(message) with libsecp256k1, independently of the wallet's noble. */
export function verifiesWithLibsecp256k1(publicKeyHex: string, message: string, signatureB64: string): boolean {
  const digest = createHash('sha256').update(message).digest();
  const sig = Buffer.from(signatureB64, 'base64');
  return sig.length === 64 && secp256k1.ecdsaVerify(sig, digest, Buffer.from(publicKeyHex, 'hex'));
}

/** The card of the pending request whose message contains `text`. */
export function cardWith(page: Page, text: string) {
  return page.locator('article.request-card', { hasText: text });
}
