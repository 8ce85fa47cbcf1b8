import { describe, expect, it } from 'vitest';
import { startSigsocketServer } from '../../../server/create-server';
import { autoSigner, makeKey, postSign, proofSigner, waitFor } from '../../../test/sigsocket/support';
import type { SigsocketStatus } from './options';
import { SigsocketClient } from './sigsocket-client';

describe('SigsocketClient status', () => {
  it('connecting → connected → reconnecting(nextAttemptAt) → connected → stopped, re-introducing itself', async () => {
    let server = await startSigsocketServer({ port: 0, log: () => {} });
    const port = server.port;
    const key = makeKey();
    const signer = autoSigner(key);
    const seen: SigsocketStatus[] = [];
    const client = new SigsocketClient({
      url: server.wsUrl,
      publicKeyHex: key.publicKeyHex,
      handler: signer.handler,
      signProof: signer.signProof,
    });
    client.onStatus((s) => seen.push(s));
    expect(client.status).toEqual({ state: 'stopped' });
    client.start();
    await waitFor(() => client.status.state === 'connected', 'connected');
    expect(seen.map((s) => s.state)).toEqual(['connecting', 'connected']);
    expect(client.status).toEqual({ state: 'connected', dialect: 'json' });

    await server.close();
    await waitFor(() => client.status.state === 'reconnecting', 'reconnecting');
    const r = client.status as Extract<SigsocketStatus, { state: 'reconnecting' }>;
    expect(r.nextAttemptAt).toBeGreaterThan(Date.now() - 50);
    expect(r.nextAttemptAt).toBeLessThanOrEqual(Date.now() + 30_000);
    expect(r.lastError).toMatch(/1001|server shutting down/);

    server = await startSigsocketServer({ port, log: () => {} });
    await waitFor(() => client.status.state === 'connected', 'connected again', 5000);
    // Re-introduced: the new server routes to it.
    await waitFor(async () => (await postSign(server.url, key.publicKeyHex, 'YWdhaW4=')).status === 200, 'signs again');

    await client.stop();
    expect(client.status).toEqual({ state: 'stopped' });
    const after = seen.length;
    await new Promise((res) => setTimeout(res, 300));
    expect(seen.length).toBe(after);
    expect((await postSign(server.url, key.publicKeyHex, 'Z29uZQ==')).status).toBe(404);
    await server.close();
  });

  it('a throwing status listener does not break the connection', async () => {
    const server = await startSigsocketServer({ port: 0, log: () => {} });
    const key = makeKey();
    const client = new SigsocketClient({
      url: server.wsUrl,
      publicKeyHex: key.publicKeyHex,
      handler: autoSigner(key).handler,
      signProof: proofSigner(key),
    });
    client.onStatus(() => {
      throw new Error('bad listener');
    });
    client.start();
    await waitFor(() => client.status.state === 'connected', 'connected');
    await waitFor(async () => (await postSign(server.url, key.publicKeyHex, 'b2s=')).status === 200, 'signs');
    await client.stop();
    await server.close();
  });
});
