// 100 wallets connected at once, in all three dialects, with requests for all of them interleaved:
// every request reaches the right wallet exactly once and comes back verified.
import { afterAll, expect, it } from 'vitest';
import { SigsocketClient } from '../../electron/core/sigsocket';
import { createCryptoBackend } from '../../server/crypto-backend';
import { fromBase64, fromHex } from '../../shared/sigsocket';
import { at } from '../helpers/at';
import { type SigsocketHandle, startSigsocket } from '../helpers/sigsocket';
import { autoSigner, connected, getJson, makeKey, postSign, verifyWithPython, waitFor } from './support';

const WALLETS = 100;
const PER_WALLET = 10;
const CONCURRENCY = 50;

let server: SigsocketHandle | undefined;
const clients: SigsocketClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.stop()));
  await server?.stop();
});

it(`${WALLETS} concurrent wallets with interleaved requests`, async () => {
  server = await startSigsocket(['--rate-per-key', '100000']);
  const s = server;
  const dialects = ['plain', 'json', 'id-json'] as const;
  const wallets = Array.from({ length: WALLETS }, (_, i) => {
    const key = makeKey();
    const signer = autoSigner(key);
    const client = new SigsocketClient({
      url: s.wsUrl,
      dialect: dialects[i % 3],
      publicKeyHex: key.publicKeyHex,
      handler: signer.handler,
      signProof: signer.signProof,
    });
    clients.push(client);
    client.start();
    return { key, signer, client };
  });
  await Promise.all(wallets.map((w) => connected(w.client, 15_000)));
  await waitFor(async () => (await getJson(`${s.url}/status`)).body.connections === WALLETS, 'all introduced', 10_000);

  // Round-robin over wallets so consecutive requests always target different keys.
  const jobs = Array.from({ length: WALLETS * PER_WALLET }, (_, n) => ({
    w: n % WALLETS,
    text: `for wallet ${n % WALLETS}, #${n}`,
  }));
  const results: { w: number; text: string; status: number; signature?: string }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const job = at(jobs, next++);
        const r = await postSign(s.url, at(wallets, job.w).key.publicKeyHex, new TextEncoder().encode(job.text));
        results.push({ ...job, status: r.status, signature: r.body.signature as string | undefined });
      }
    }),
  );

  expect(results.filter((r) => r.status !== 200)).toEqual([]);
  const backend = createCryptoBackend('native');
  for (const r of results) {
    const ok = backend.verify(
      fromBase64(r.signature!)!,
      new TextEncoder().encode(r.text),
      fromHex(at(wallets, r.w).key.publicKeyHex)!,
    );
    expect(ok).toBe(true);
  }
  for (const [i, w] of wallets.entries()) {
    const seen = [...w.signer.callsByMessage.entries()];
    expect(seen).toHaveLength(PER_WALLET);
    for (const [hex, calls] of seen) {
      expect(calls).toBe(1);
      expect(Buffer.from(hex, 'hex').toString()).toMatch(new RegExp(`^for wallet ${i}, #`));
    }
  }
  // An independent spot check of a sample with python3-ecdsa.
  const sample = results.slice(0, 30).map((r) => ({
    public_key: at(wallets, r.w).key.publicKeyHex,
    message: Buffer.from(r.text).toString('hex'),
    signature: Buffer.from(fromBase64(r.signature!)!).toString('hex'),
  }));
  expect((await verifyWithPython(sample)).every(Boolean)).toBe(true);
}, 60_000);
