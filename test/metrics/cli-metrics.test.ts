/**
 * The operator's view as an operator gets it: `crypto-cli listen` on a real nats-server and
 * `crypto-cli connect` to the project's SigSocket server, each with --metrics-port. Requests are sent
 * by independent clients (signed, unsigned, forged), then /metrics is scraped over HTTP and read with
 * a strict Prometheus text reader: every counter moved by exactly what was sent.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import * as secp from '@noble/secp256k1';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/** Each test starts crypto-cli from source (and servers); on a shared, loaded machine that takes a while. */
const PROCESS_TEST_MS = 90_000;

import { ContactBook } from '../../electron/core/contacts';
import { signRequest } from '../../electron/core/nats';
import { createSecretStore } from '../../electron/core/vault/secret-store';
import { Vault } from '../../electron/core/vault/vault';
import { captured } from '../helpers/at';
import { spawnCli } from '../helpers/cli';
import { TEST_KDF } from '../helpers/kdf';
import { parsePrometheusText, seriesValue } from '../helpers/prometheus-text';
import { startSigsocket } from '../helpers/sigsocket';
import { makeDataDir } from '../helpers/tmp';
import { ask, client, type NatsHandle, startNats } from '../nats/fixture';
import { postSign } from '../sigsocket/support';

const PASSWORD = 'metrics session pw';
const SUBJECT = 'crypto.scripts';

interface Running {
  child: ChildProcess;
  stderr: () => string;
  waitFor(text: RegExp, ms?: number): Promise<RegExpExecArray>;
  exit: Promise<number | null>;
}
const running: Running[] = [];
afterEach(() => {
  for (const r of running.splice(0)) r.child.kill('SIGKILL');
});

function start(args: string[]): Running {
  const child = spawnCli(args);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const r: Running = {
    child,
    stderr: () => stderr,
    exit,
    waitFor(text, ms = 30_000) {
      const deadline = Date.now() + ms;
      return new Promise((resolve, reject) => {
        const tick = () => {
          const m = text.exec(stderr);
          if (m) return resolve(m);
          if (Date.now() > deadline || child.exitCode !== null)
            return reject(new Error(`no ${text} on stderr:\n${stderr}`));
          setTimeout(tick, 25);
        };
        tick();
      });
    },
  };
  running.push(r);
  return r;
}

/** The URL the CLI printed for its metrics endpoint (it was started with port 0). */
async function metricsUrl(cli: Running): Promise<string> {
  return captured(await cli.waitFor(/metrics: serving (http:\/\/127\.0\.0\.1:\d+)\/metrics/));
}

async function scrape(base: string) {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  return parsePrometheusText(await res.text());
}

/** Scrapes until `check` passes: counters are read at scrape time, after the reply may already be out. */
async function eventually(base: string, check: (m: Awaited<ReturnType<typeof scrape>>) => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const m = await scrape(base);
    if (check(m) || Date.now() > deadline) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
}

let data: Awaited<ReturnType<typeof makeDataDir>>;
let walletDir: string;
let passwordFile: string;
let publicKey: string;
const globals = () => ['--data-dir', walletDir, '--secret-store', 'file'];

beforeAll(async () => {
  data = await makeDataDir('metrics-cli-');
  walletDir = join(data.dir, 'wallet');
  passwordFile = join(data.dir, 'pw');
  await writeFile(passwordFile, `${PASSWORD}\n`);
  const vault = await Vault.open({
    dataDir: walletDir,
    secretStore: await createSecretStore({ kind: 'file', dataDir: walletDir }),
    kdf: TEST_KDF,
  });
  await vault.createKeyspace('ops', PASSWORD);
  publicKey = (await vault.createKeypair('ops', 'signer')).publicKey;
  vault.close();
});
afterAll(async () => {
  await data?.cleanup();
});

describe('crypto-cli listen --metrics-port', () => {
  let server: NatsHandle;
  let nc: NatsConnection;
  beforeAll(async () => {
    server = await startNats();
    nc = await client(server);
  });
  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it(
    'counts signed, unsigned and rule-approved requests (the rule names a contact), connection state and audit writes; forged ones never reach the queue',
    async () => {
      const requesterKey = secp.utils.randomSecretKey();
      const requesterPub = Buffer.from(secp.getPublicKey(requesterKey, true)).toString('hex');
      const book = await ContactBook.open(walletDir);
      await book.name(requesterPub, 'Ops bot');
      const policy = join(data.dir, 'policy.json');
      await writeFile(
        policy,
        JSON.stringify({
          version: 1,
          default: 'deny',
          rules: [
            // A rule naming a contact: the CLI resolves it to that contact's verified key from the data dir.
            { effect: 'allow', source: 'nats', contact: 'Ops bot', operation: 'sign' },
          ],
        }),
      );
      const cli = start([
        ...globals(),
        'listen',
        '--server',
        server.url,
        '--keyspace',
        'ops',
        '--password-file',
        passwordFile,
        '--approve',
        'policy',
        policy,
        '--metrics-port',
        '0',
      ]);
      const base = await metricsUrl(cli);
      await cli.waitFor(/listening on crypto\.scripts/);
      const before = await scrape(base);
      expect(seriesValue(before, 'wallet_requests_total')).toBeUndefined();
      expect(seriesValue(before, 'wallet_connection_state', { kind: 'nats', state: 'connected' })).toBe(1);

      const op = (n: number) => JSON.stringify({ op: 'sign', keyspace: 'ops', keypair: 'signer', message: `m${n}` });
      for (const n of [1, 2]) {
        const reply = JSON.parse(
          (await ask(nc, SUBJECT, op(n), { headers: signRequest(SUBJECT, op(n), requesterKey) })).text,
        );
        expect(reply.public_key).toBe(publicKey);
      }
      expect((await ask(nc, SUBJECT, op(3))).text).toMatch(/reject|denied|no policy/i);
      const forged = signRequest(SUBJECT, op(4), requesterKey);
      expect((await ask(nc, SUBJECT, op(5), { headers: forged })).text).toMatch(/signature/i);

      const signed = { source: 'nats', verified: 'true', operation: 'sign', outcome: 'signed' };
      const rejected = { source: 'nats', verified: 'false', operation: 'sign', outcome: 'rejected' };
      // Audit lines reach the file in one write after the turn that answered (docs/audit-log.md), so
      // the write count may trail the last reply by a moment.
      const m = await eventually(
        base,
        (x) => seriesValue(x, 'wallet_requests_total') === 3 && (seriesValue(x, 'wallet_audit_writes_total') ?? 0) >= 6,
      );
      expect(seriesValue(m, 'wallet_requests_total', signed)).toBe(2);
      expect(seriesValue(m, 'wallet_requests_total', rejected)).toBe(1);
      // The forged request was refused by the NATS layer before the queue: it is in no queue figure.
      expect(seriesValue(m, 'wallet_requests_total')).toBe(3);
      expect(seriesValue(m, 'wallet_grant_hits_total', { source: 'nats' })).toBe(2);
      expect(seriesValue(m, 'wallet_approval_latency_seconds_count', { decided_by: 'rule' })).toBe(2);
      expect(seriesValue(m, 'wallet_approval_latency_seconds_count', { decided_by: 'default' })).toBe(1);
      expect(seriesValue(m, 'wallet_requests_pending')).toBe(0);
      // arrived + settled for each of the three requests, at least.
      expect(seriesValue(m, 'wallet_audit_writes_total')).toBeGreaterThanOrEqual(6);
      expect(seriesValue(m, 'wallet_audit_write_failures_total')).toBe(0);
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', connections: [{ kind: 'nats', state: 'connected' }] });

      await server.kill();
      const down = await eventually(
        base,
        (x) => seriesValue(x, 'wallet_connection_state', { kind: 'nats', state: 'connected' }) === 0,
      );
      expect(seriesValue(down, 'wallet_connection_state', { kind: 'nats', state: 'connected' })).toBe(0);
      expect(seriesValue(down, 'wallet_connection_state', { kind: 'nats' })).toBe(1);
      await server.restart();

      cli.child.kill('SIGTERM');
      expect(await cli.exit).toBe(0);
      await expect(fetch(`${base}/metrics`)).rejects.toThrow();
    },
    PROCESS_TEST_MS,
  );

  it(
    'a taken metrics port stops the command with one line and a non-zero exit',
    async () => {
      const first = start([
        ...globals(),
        'listen',
        '--server',
        server.url,
        '--password-file',
        passwordFile,
        '--approve',
        'auto',
        '--metrics-port',
        '0',
      ]);
      const port = new URL(await metricsUrl(first)).port;
      const second = start([
        ...globals(),
        'listen',
        '--server',
        server.url,
        '--password-file',
        passwordFile,
        '--approve',
        'auto',
        '--metrics-port',
        port,
      ]);
      expect(await second.exit).toBe(2);
      expect(second.stderr()).toMatch(
        new RegExp(`crypto-cli: cannot serve metrics on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)`),
      );
      first.child.kill('SIGTERM');
      expect(await first.exit).toBe(0);
    },
    PROCESS_TEST_MS,
  );
});

describe('crypto-cli connect --metrics-port', () => {
  it(
    'counts SigSocket requests and shows the connection state',
    async () => {
      const sigsocket = await startSigsocket(['--timeout-ms', '10000', '--reconnect-grace-ms', '0']);
      try {
        const cli = start([
          ...globals(),
          'connect',
          '--sigsocket',
          sigsocket.wsUrl,
          '--keyspace',
          'ops',
          '--keypair',
          'signer',
          '--password-file',
          passwordFile,
          '--approve',
          'auto',
          '--metrics-port',
          '0',
        ]);
        const base = await metricsUrl(cli);
        await cli.waitFor(/sigsocket: connected/);
        expect((await postSign(sigsocket.url, publicKey, Buffer.from('pay 1'))).status).toBe(200);
        const m = await eventually(base, (x) => seriesValue(x, 'wallet_requests_total') === 1);
        const labels = { source: 'sigsocket', verified: 'false', operation: 'sign', outcome: 'signed' };
        expect(seriesValue(m, 'wallet_requests_total', labels)).toBe(1);
        expect(
          seriesValue(m, 'wallet_approval_latency_seconds_count', { source: 'sigsocket', decided_by: 'auto' }),
        ).toBe(1);
        const endpoint = new URL(sigsocket.wsUrl);
        expect(
          seriesValue(m, 'wallet_connection_state', {
            kind: 'sigsocket',
            endpoint: `ws://${endpoint.host}${endpoint.pathname}`,
            state: 'connected',
          }),
        ).toBe(1);
        cli.child.kill('SIGTERM');
        expect(await cli.exit).toBe(0);
      } finally {
        await sigsocket.stop();
      }
    },
    PROCESS_TEST_MS,
  );
});
