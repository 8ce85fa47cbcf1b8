// Fault suite: the server is killed with SIGKILL and restarted 20 times while 2,000 auto-approved
// requests flow. No request may be signed twice, every POST must be answered (a result or an
// error, never a hang), and the wallet must be back within 2 s of each restart.
import { afterAll, expect, it } from 'vitest';
import { SigsocketClient } from '../../electron/core/sigsocket';
import { at } from '../helpers/at';
import { type SigsocketHandle, startSigsocket } from '../helpers/sigsocket';
import { autoSigner, getJson, makeKey, type PostResult, postSign, waitFor } from './support';

const TOTAL = 2000;
const RESTARTS = 20;
const CONCURRENCY = 8;
const POST_DEADLINE_MS = 10_000;

let server: SigsocketHandle | undefined;
let client: SigsocketClient | undefined;
afterAll(async () => {
  await client?.stop();
  await server?.stop();
});

it(`survives ${RESTARTS} SIGKILL restarts during ${TOTAL} requests without double signatures`, async () => {
  server = await startSigsocket(['--rate-per-key', '1000000', '--max-pending-per-key', '1000', '--timeout-ms', '5000']);
  const s = server;
  const key = makeKey();
  const signer = autoSigner(key);
  client = new SigsocketClient({
    url: s.wsUrl,
    dialect: 'json',
    publicKeyHex: key.publicKeyHex,
    handler: signer.handler,
    signProof: signer.signProof,
  });
  client.start();
  const isConnected = async () => {
    try {
      return (await getJson(`${s.url}/connected/${key.publicKeyHex}`)).body.connected === true;
    } catch {
      return false;
    }
  };
  await waitFor(isConnected, 'first connection');

  const results: PostResult[] = [];
  let issued = 0;
  const worker = async () => {
    while (issued < TOTAL) {
      const i = issued++;
      const r = await postSign(
        s.url,
        key.publicKeyHex,
        new TextEncoder().encode(`request ${i} ${Math.random()}`),
        POST_DEADLINE_MS,
      );
      results.push(r);
      // After a failure, wait for the wallet to be back so the 2,000 requests spread over all the restarts
      // instead of burning out on refusals while the server is down.
      if (r.status !== 200) await waitFor(isConnected, 'wallet back (worker)', 10_000).catch(() => {});
    }
  };

  const backAfterMs: number[] = [];
  const killer = async () => {
    for (let k = 0; k < RESTARTS; k++) {
      await waitFor(
        () => results.length >= ((k + 1) * TOTAL) / (RESTARTS + 1),
        `${k + 1}/${RESTARTS + 1} of the requests`,
        30_000,
      );
      await s.kill();
      await s.restart();
      const returned = performance.now();
      await waitFor(isConnected, 'wallet back after restart', 5000);
      backAfterMs.push(performance.now() - returned);
    }
  };

  await Promise.all([killer(), ...Array.from({ length: CONCURRENCY }, worker)]);

  expect(results).toHaveLength(TOTAL);
  expect(results.filter((r) => r.status === -1)).toEqual([]); // nothing hung
  const ok = results.filter((r) => r.status === 200).length;
  const statuses = new Set(results.map((r) => r.status));
  for (const st of statuses) expect([0, 200, 404, 503, 504]).toContain(st);
  expect(ok).toBeGreaterThan(TOTAL / 2);
  expect(backAfterMs).toHaveLength(RESTARTS);
  expect(Math.max(...backAfterMs)).toBeLessThan(2000);
  // Zero double signatures: the handler saw every request id and every message at most once.
  expect([...signer.callsById.values()].every((n) => n === 1)).toBe(true);
  expect([...signer.callsByMessage.values()].every((n) => n === 1)).toBe(true);
  expect(signer.callsById.size).toBeGreaterThanOrEqual(ok);
  console.log(
    `restarts: ${RESTARTS}, answered: ${results.length} (200: ${ok}, statuses ${[...statuses].join(',')}), ` +
      `back after p50 ${at(
        backAfterMs.sort((a, b) => a - b),
        RESTARTS >> 1,
      ).toFixed(0)} ms, max ${Math.max(...backAfterMs).toFixed(0)} ms`,
  );
}, 120_000);
