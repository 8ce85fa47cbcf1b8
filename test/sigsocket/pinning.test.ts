/**
 * Certificate pinning against the project's sigsocket-server over wss:// (a child process, certificates
 * from Debian's openssl): the first certificate key is pinned exactly as openssl computes it; a server
 * restarted with another key (same trusted CA, so TLS alone accepts it) pauses the client before it
 * introduces itself, and only accepting that very key lets it connect again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactBook } from '../../electron/core/contacts';
import { SigsocketClient } from '../../electron/core/sigsocket';
import { CertificatePins } from '../../electron/core/sigsocket/certificate-pins';
import { type SigsocketHandle, startSigsocket } from '../helpers/sigsocket';
import { type Leaf, makeTestCa, type TestCa } from '../helpers/tls-certs';
import { makeDataDir } from '../helpers/tmp';
import { autoSigner, connected, makeKey, proofSigner, waitFor } from './support';

let ca: TestCa;
let live: Leaf;
let first: Leaf;
let second: Leaf;
let server: SigsocketHandle;
let data: Awaited<ReturnType<typeof makeDataDir>>;

beforeAll(async () => {
  ca = makeTestCa();
  first = ca.leaf('first');
  second = ca.leaf('second');
  live = ca.leaf('live');
  ca.install(first, live);
  server = await startSigsocket(['--tls-cert', live.cert, '--tls-key', live.key]);
  data = await makeDataDir('pinning-');
});
afterAll(async () => {
  await server?.stop();
  await data?.cleanup();
});

const introductions = () => server.logs().filter((l) => l.event === 'introduced').length;

describe('wss:// certificate pinning', () => {
  it('pins on first use, pauses on a changed key before introducing itself, and resumes only for the accepted key', async () => {
    expect(first.spkiSha256).not.toBe(second.spkiSha256);
    const book = await ContactBook.open(data.dir);
    let changes = 0;
    const pins = new CertificatePins(book, () => changes++);
    const url = `wss://127.0.0.1:${server.port}/ws`;
    const key = makeKey();
    const client = new SigsocketClient({
      url,
      publicKeyHex: key.publicKeyHex,
      handler: autoSigner(key).handler,
      signProof: proofSigner(key),
      ca: ca.caPem,
      backoff: { initialMs: 50, maxMs: 200 },
      checkCertificate: (spki) => pins.check('srv', url, spki),
    });
    try {
      client.start();
      await connected(client, 15_000);
      expect(book.pin(`127.0.0.1:${server.port}`)?.spki).toBe(first.spkiSha256);
      await waitFor(() => introductions() === 1, 'the introduction in the server log', 10_000);

      await server.kill();
      ca.install(second, live);
      await server.restart();
      await waitFor(() => client.status.state === 'error', 'paused', 15_000);
      expect(client.status).toEqual({
        state: 'error',
        reason: expect.stringMatching(/^paused: the server certificate changed/),
      });
      expect(pins.view('srv', url)).toEqual({
        pinned: expect.objectContaining({ sha256: first.spkiSha256 }),
        offered: expect.objectContaining({ sha256: second.spkiSha256 }),
      });
      expect(changes).toBeGreaterThan(0);
      // The paused client never told the new server which key it serves.
      expect(introductions()).toBe(1);

      // Accepting anything but the key shown is refused, and the pin stays.
      await expect(pins.accept('srv', url, first.spkiSha256)).rejects.toMatchObject({ code: 'bad_input' });
      expect((await ContactBook.open(data.dir)).pin(`127.0.0.1:${server.port}`)?.spki).toBe(first.spkiSha256);
      await pins.accept('srv', url, second.spkiSha256);
      expect((await ContactBook.open(data.dir)).pin(`127.0.0.1:${server.port}`)?.spki).toBe(second.spkiSha256);
      client.start();
      await connected(client, 15_000);
      await waitFor(() => introductions() === 2, 'the second introduction', 10_000);
      expect(pins.view('srv', url)?.offered).toBeNull();
    } finally {
      await client.stop();
    }
  });

  it('a ws:// server has nothing to pin', () => {
    const pins = new CertificatePins({ pin: () => undefined, setPin: async () => {} }, () => {});
    expect(pins.view('x', 'ws://127.0.0.1:1/ws')).toBeNull();
  });
});
