/**
 * Known requesters end to end: a real nats-server, requests signed by independent requester keys, the
 * real core and keychain behind the browser host, Chromium. First contact shows "new requester" and a
 * fingerprint, the key's next request "unnamed requester"; naming it makes later requests show the name;
 * another key claiming that name is flagged; a name given with `crypto-cli contacts` shows while running.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import * as secp from '@noble/secp256k1';
import { fingerprintOf } from '../../electron/core/contacts/fingerprint';
import { REQUESTER_NAME_HEADER, signRequest } from '../../electron/core/nats';
import { at } from '../helpers/at';
import { runCliInProcess } from '../helpers/cli';
import { expect, test } from './fixtures';
import { setupKeyspace } from './support/flows';
import { SHOTS_DIR, violationsInBothThemes } from './support/screens';

const SUBJECT = 'crypto.scripts';

/** A JSON sign request signed by `secret`, claiming `name`; resolves with the reply text. */
function ask(nc: NatsConnection, secret: Uint8Array, name: string, message: string): Promise<string> {
  const body = JSON.stringify({ op: 'sign', keyspace: 'Main', keypair: 'Signer', message });
  const h = headers();
  for (const [k, v] of Object.entries(signRequest(SUBJECT, body, secret))) h.set(k, v);
  h.set(REQUESTER_NAME_HEADER, name);
  return nc.request(SUBJECT, body, { headers: h, timeout: 50_000 }).then((m) => m.string());
}

const keyOf = (secret: Uint8Array) => Buffer.from(secp.getPublicKey(secret, true)).toString('hex');

test('first contact, naming, and a different key claiming the name', async ({ app: page, ipc, nats, host }) => {
  test.setTimeout(240_000);
  const server = await nats();
  const signer = await setupKeyspace(ipc);
  await ipc.call('nats:configure', { enabled: true, servers: [server.url], subject: SUBJECT, keyspace: 'Main' });
  await ipc.waitForState((s) => s.nats?.status.state === 'connected', 15_000);
  const nc = await connect({ servers: server.url });
  const billing = secp.utils.randomSecretKey();
  const mallory = secp.utils.randomSecretKey();
  const billingPrint = fingerprintOf(Buffer.from(keyOf(billing), 'hex'));
  const malloryPrint = fingerprintOf(Buffer.from(keyOf(mallory), 'hex'));
  await mkdir(SHOTS_DIR, { recursive: true });
  try {
    await page.reload();
    // First contact: new requester, its fingerprint, and a name field filled with what it calls itself.
    const first = ask(nc, billing, 'Billing', 'invoice 1');
    const card = page.locator('article.request-card', { hasText: 'invoice 1' });
    await expect(card.getByText('New requester')).toBeVisible();
    await expect(card.getByText('calls itself "Billing"')).toBeVisible();
    await expect(card.getByText(billingPrint.words.join(' '))).toBeVisible();
    await expect(card.getByText(billingPrint.short)).toBeVisible();
    await expect(card.getByLabel('Name this requester')).toHaveValue('Billing');
    expect(await violationsInBothThemes(page)).toEqual({ light: [], dark: [] });
    await card.screenshot({ path: join(SHOTS_DIR, 'contact-new.png') });
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    expect(JSON.parse(await first).public_key).toBe(signer);

    // The same key again, still unnamed: no longer new, but seen before; it can be named from here.
    const again = ask(nc, billing, 'Billing', 'invoice 2');
    const seenCard = page.locator('article.request-card', { hasText: 'invoice 2' });
    await expect(seenCard.getByText('Unnamed requester')).toBeVisible();
    await expect(seenCard.getByText(/^first seen /)).toBeVisible();
    await expect(seenCard.getByText('New requester')).toHaveCount(0);
    await expect(seenCard.getByText(billingPrint.words.join(' '))).toBeVisible();
    expect(await violationsInBothThemes(page)).toEqual({ light: [], dark: [] });
    await seenCard.screenshot({ path: join(SHOTS_DIR, 'contact-seen.png') });
    const nameField = seenCard.getByLabel('Name this requester');
    await expect(nameField).toHaveValue('Billing');
    await seenCard.getByRole('button', { name: 'Save name' }).click();
    await expect(seenCard.getByText('Known requester Billing')).toBeVisible();
    await seenCard.getByRole('button', { name: 'Approve', exact: true }).click();
    expect(JSON.parse(await again).public_key).toBe(signer);

    // Later requests from the same key show the name straight away.
    const second = ask(nc, billing, 'Billing', 'invoice 3');
    const known = page.locator('article.request-card', { hasText: 'invoice 3' });
    await expect(known.getByText('Known requester Billing')).toBeVisible();
    await expect(known.getByText('New requester')).toHaveCount(0);
    // A grant from a named requester's card is listed under its name.
    await known.getByRole('button', { name: /Approve & allow for/ }).click();
    expect(JSON.parse(await second).public_key).toBe(signer);

    // Another key claiming the name: flagged loudly, both fingerprints side by side, no name field.
    const fake = ask(nc, mallory, 'Billing', 'invoice 4');
    const impostor = page.locator('article.request-card', { hasText: 'invoice 4' });
    const alert = impostor.getByRole('alert');
    await expect(alert).toContainText(
      'Not Billing: this request claims the name "Billing" but is signed with a different key.',
    );
    await expect(alert).toContainText(billingPrint.words.join(' '));
    await expect(alert).toContainText(malloryPrint.words.join(' '));
    await expect(impostor.getByLabel('Name this requester')).toHaveCount(0);
    expect(await violationsInBothThemes(page)).toEqual({ light: [], dark: [] });
    await impostor.getByRole('button', { name: 'Reject', exact: true }).click();
    expect(await fake).toMatch(/reject/i);

    // Policies name the contact; History filters by it: its three requests, not the impostor's.
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.locator('tr[data-policy-id]', { hasText: 'Billing' })).toHaveCount(1);
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByLabel('Contact').selectOption('Billing');
    const rows = page.locator('tr[data-request-id]');
    await expect(rows).toHaveCount(3);
    await expect(rows.filter({ hasText: 'Billing' })).toHaveCount(3);
    await expect(page.locator('tr[data-request-id][data-state="rejected"]')).toHaveCount(0);
    expect(await violationsInBothThemes(page)).toEqual({ light: [], dark: [] });
    const all = await ipc.call('audit:query', { contact: 'Billing', limit: 100, offset: 0 });
    expect(all.entries.map((e) => e.source.requester)).toEqual([keyOf(billing), keyOf(billing), keyOf(billing)]);

    // The named key is listed in Connections; forgetting it leaves the key unnamed.
    await page.getByRole('link', { name: 'Connections' }).click();
    const panel = page.getByRole('region', { name: 'Known requesters' });
    await expect(panel.getByText('Billing', { exact: true })).toBeVisible();
    await expect(panel.getByText(billingPrint.words.join(' '))).toBeVisible();
    expect(await violationsInBothThemes(page)).toEqual({ light: [], dark: [] });
    await panel.getByRole('button', { name: 'Forget Billing' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Forget' }).click();
    await expect(panel.getByText('No named requesters yet')).toBeVisible();
    expect(await ipc.call('contact:list')).toEqual([]);

    // Named from a terminal while the app runs: the app follows contacts.json.
    const cli = await runCliInProcess(['--data-dir', host.dataDir, 'contacts', 'name', keyOf(billing), 'Billing Ops']);
    expect(cli.code).toBe(0);
    await expect(panel.getByText('Billing Ops', { exact: true })).toBeVisible({ timeout: 10_000 });
    // A pending card follows too: the key seen as an impostor, now unnamed, named from the terminal.
    const later = ask(nc, mallory, 'Mallory', 'invoice 5');
    await page.getByRole('link', { name: /Requests/ }).click();
    const laterCard = page.locator('article.request-card', { hasText: 'invoice 5' });
    await expect(laterCard.getByText('Unnamed requester')).toBeVisible();
    const named = await runCliInProcess(['--data-dir', host.dataDir, 'contacts', 'name', keyOf(mallory), 'Mallory']);
    expect(named.code).toBe(0);
    await expect(laterCard.getByText('Known requester Mallory')).toBeVisible({ timeout: 10_000 });
    await laterCard.getByRole('button', { name: 'Reject', exact: true }).click();
    expect(await later).toMatch(/reject/i);
  } finally {
    await nc.close();
  }
});

test('a contacts.json edited into something invalid while the app runs: a clear error, nothing lost', async ({
  app: page,
  ipc,
  host,
}) => {
  await setupKeyspace(ipc);
  const alice = keyOf(secp.utils.randomSecretKey());
  await ipc.call('contact:name', { key: alice, name: 'Alice' });
  await page.reload();
  await page.getByRole('link', { name: 'Connections' }).click();
  const panel = page.getByRole('region', { name: 'Known requesters' });
  await expect(panel.getByText('Alice', { exact: true })).toBeVisible();

  const file = join(host.dataDir, 'contacts.json');
  const broken = (await readFile(file, 'utf8')).replace('"Alice"', '"Al\\u0007ice"');
  await writeFile(file, broken);
  const alert = panel.getByRole('alert');
  await expect(alert).toContainText('contacts.json changed but is invalid (requesters.0.name', { timeout: 10_000 });
  await expect(alert).toContainText('keeping the 1 contacts');
  await expect(panel.getByText('Alice', { exact: true })).toBeVisible();
  expect(await violationsInBothThemes(page)).toEqual({ light: [], dark: [] });
  await panel.screenshot({ path: join(SHOTS_DIR, 'contacts-file-invalid.png') });

  // The next change writes the wallet's contacts and keeps the invalid file aside.
  await ipc.call('contact:name', { key: keyOf(secp.utils.randomSecretKey()), name: 'Bob' });
  await expect(alert).toHaveCount(0);
  await expect(panel.getByText('Bob', { exact: true })).toBeVisible();
  const aside = (await readdir(host.dataDir)).filter((f) => f.startsWith('contacts.json.invalid-'));
  expect(aside).toHaveLength(1);
  expect(await readFile(join(host.dataDir, at(aside, 0)), 'utf8')).toBe(broken);
});
