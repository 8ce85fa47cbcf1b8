/**
 * Auth against real nats-server configs: token, user/password, nkey and mutual TLS each connect and
 * serve; a wrong credential gives a clear auth error in the status, retried with backoff, and fixing
 * the config connects. Status events follow connecting → connected → reconnecting → connected.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nkeys } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus, NatsConfigInput } from '../../shared/ipc/schemas';
import { at } from '../helpers/at';
import { ask, client, makeWallet, type NatsHandle, natsConfig, startNats, type Wallet } from './fixture';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function server(config?: string): Promise<NatsHandle> {
  const s = await startNats(config === undefined ? {} : { config });
  cleanups.push(() => s.stop());
  return s;
}

async function wallet(): Promise<Wallet> {
  const w = await makeWallet({ approve: 'auto' });
  cleanups.push(() => w.close());
  return w;
}

/** Resolves with the first status matching `pred`, or rejects after `ms`. */
function statusWhere(w: Wallet, pred: (s: ConnectionStatus) => boolean, ms = 10_000): Promise<ConnectionStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no matching status; last: ${JSON.stringify(w.service.status())}`)),
      ms,
    );
    const on = (s: ConnectionStatus) => {
      if (!pred(s)) return;
      clearTimeout(timer);
      w.service.off('status', on);
      resolve(s);
    };
    w.service.on('status', on);
    if (pred(w.service.status())) on(w.service.status());
  });
}

/** Starts the service with `config` and checks it answers a request through `s` (with client options). */
async function connectsAndServes(
  s: NatsHandle,
  config: Partial<NatsConfigInput>,
  clientOpts: Parameters<typeof client>[1],
) {
  const w = await wallet();
  const listening = w.listening();
  await w.service.start(natsConfig(s, config));
  await listening;
  expect(w.service.status().state).toBe('connected');
  const nc = await client(s, clientOpts);
  try {
    const r = await ask(nc, 'crypto.scripts', 'list_key_spaces()');
    expect(r.text).toBe('[]');
  } finally {
    await nc.close();
  }
  return w;
}

async function tempFile(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nats-auth-'));
  const file = join(dir, name);
  await writeFile(file, content, { mode: 0o600 });
  return file;
}

describe('NATS auth', () => {
  it('token', async () => {
    const s = await server('authorization { token: "t0ken-s3cret" }\n');
    await connectsAndServes(s, { auth: { kind: 'token', token: 't0ken-s3cret' } }, { token: 't0ken-s3cret' });
  });

  it('user and password', async () => {
    const s = await server('authorization { users = [ { user: "alice", password: "wonder land" } ] }\n');
    const w = await connectsAndServes(
      s,
      { auth: { kind: 'user', user: 'alice', pass: 'wonder land' } },
      { user: 'alice', pass: 'wonder land' },
    );
    const view = w.service.view();
    expect(view).toMatchObject({ authKind: 'user', user: 'alice' });
    expect(JSON.stringify(view)).not.toContain('wonder land');
  });

  it('nkey seed file', async () => {
    const walletKey = nkeys.createUser();
    const clientKey = nkeys.createUser();
    const s = await server(
      `authorization { users = [ { nkey: "${walletKey.getPublicKey()}" }, { nkey: "${clientKey.getPublicKey()}" } ] }\n`,
    );
    const seedFile = await tempFile(
      'wallet.nk',
      `# the wallet's user seed\n${new TextDecoder().decode(walletKey.getSeed())}\n`,
    );
    const { nkeyAuthenticator } = await import('@nats-io/transport-node');
    await connectsAndServes(
      s,
      { auth: { kind: 'nkey', seedFile } },
      { authenticator: nkeyAuthenticator(clientKey.getSeed()) },
    );
  });

  it('mutual TLS with a private CA and a client certificate', async () => {
    const tls = makeTlsMaterial();
    const s = await server(
      `tls { cert_file: "${tls.serverCert}", key_file: "${tls.serverKey}", ca_file: "${tls.ca}", verify: true }\n`,
    );
    const files = { caFile: tls.ca, certFile: tls.clientCert, keyFile: tls.clientKey };
    await connectsAndServes(s, { tls: files }, { tls: files });
  });

  it('a wrong token is a clear auth error, retried with growing waits; the right one then connects', async () => {
    const s = await server('authorization { token: "right" }\n');
    const w = await wallet();
    const errors: ConnectionStatus[] = [];
    const waits: number[] = [];
    w.service.on('status', (st) => {
      if (st.state !== 'error') return;
      errors.push(st);
      waits.push((st.nextAttemptAt ?? 0) - Date.now());
    });
    await w.service.start(natsConfig(s, { auth: { kind: 'token', token: 'wrong' } }));
    const err = await statusWhere(w, (st) => st.state === 'error');
    expect(err.reason).toMatch(/^auth error: the server refused the credentials/);
    expect(err.reason).not.toContain('wrong');
    expect(err.nextAttemptAt).toBeGreaterThan(Date.now() - 1000);
    await statusWhere(w, () => errors.length >= 3, 10_000);
    expect(at(waits, 2)).toBeGreaterThan(at(waits, 0));
    expect(w.service.status().state).not.toBe('connected');

    const listening = w.listening();
    await w.service.reconfigure(natsConfig(s, { auth: { kind: 'token', token: 'right' } }));
    await listening;
    expect(w.service.status()).toEqual({ state: 'connected', reason: null, nextAttemptAt: null });
  });

  it('a wrong password for a user is an auth error too', async () => {
    const s = await server('authorization { users = [ { user: "bob", password: "right" } ] }\n');
    const w = await wallet();
    await w.service.start(natsConfig(s, { auth: { kind: 'user', user: 'bob', pass: 'nope' } }));
    const err = await statusWhere(w, (st) => st.state === 'error');
    expect(err.reason).toMatch(/auth error/);
  });

  it('reports connecting, connected, reconnecting and connected again when the server restarts', async () => {
    const s = await server();
    const w = await wallet();
    const states: string[] = [];
    w.service.on('status', (st) => states.push(st.state));
    const listening = w.listening();
    await w.service.start(natsConfig(s));
    await listening;
    await s.kill();
    await statusWhere(w, (st) => st.state === 'reconnecting');
    await s.restart();
    await statusWhere(w, (st) => st.state === 'connected');
    await w.service.stop();
    expect(states[0]).toBe('connecting');
    expect(states).toEqual(expect.arrayContaining(['connected', 'reconnecting']));
    expect(states.at(-1)).toBe('stopped');
  });

  it('refuses unreadable or malformed key files with a message naming the file', async () => {
    const w = await wallet();
    await expect(
      w.service.start(natsConfig('nats://127.0.0.1:1', { auth: { kind: 'nkey', seedFile: '/nonexistent/seed.nk' } })),
    ).rejects.toThrow(/cannot read the nkey seed file \/nonexistent\/seed.nk \(ENOENT\)/);
    const notASeed = await tempFile('bad.nk', 'hello\n');
    await expect(
      w.service.start(natsConfig('nats://127.0.0.1:1', { auth: { kind: 'nkey', seedFile: notASeed } })),
    ).rejects.toThrow(/holds no user seed/);
    const badCreds = await tempFile('bad.creds', 'not creds');
    await expect(
      w.service.start(natsConfig('nats://127.0.0.1:1', { auth: { kind: 'creds', credsFile: badCreds } })),
    ).rejects.toThrow(/not a NATS creds file/);
    await expect(w.service.start({ enabled: true, servers: ['http://x'] })).rejects.toThrow(
      /servers\.0: expected nats:\/\//,
    );
    expect(w.service.status().state).toBe('stopped');
  });
});

/** A private CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
function makeTlsMaterial() {
  const dir = execFileSync('mktemp', ['-d']).toString().trim();
  const f = (name: string) => join(dir, name);
  const ossl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ecKey = (name: string) => ossl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f(name));
  ecKey('ca.key');
  ossl('req', '-x509', '-new', '-key', f('ca.key'), '-subj', '/CN=test-ca', '-days', '2', '-out', f('ca.pem'));
  for (const [who, ext] of [
    ['server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth'],
    ['client', 'extendedKeyUsage=clientAuth'],
  ]) {
    ecKey(`${who}.key`);
    ossl('req', '-new', '-key', f(`${who}.key`), '-subj', `/CN=${who}`, '-out', f(`${who}.csr`));
    execFileSync('sh', ['-c', `printf '${ext}\\n' > ${f(`${who}.ext`)}`]);
    ossl(
      'x509',
      '-req',
      '-in',
      f(`${who}.csr`),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      f(`${who}.ext`),
      '-out',
      f(`${who}.pem`),
    );
  }
  return {
    ca: f('ca.pem'),
    serverCert: f('server.pem'),
    serverKey: f('server.key'),
    clientCert: f('client.pem'),
    clientKey: f('client.key'),
  };
}
