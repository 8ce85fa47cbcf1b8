import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nkeys } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { connectionOptions, describeAuth, parseNatsConfig, readNkeySeed } from './config';

async function file(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nats-config-'));
  await writeFile(join(dir, name), content);
  return join(dir, name);
}

describe('NATS config', () => {
  it('fills the defaults: subject crypto.scripts, no auth, no TLS, no keyspace', () => {
    expect(parseNatsConfig({ enabled: true, servers: ['nats://127.0.0.1:4222'] })).toEqual({
      enabled: true,
      servers: ['nats://127.0.0.1:4222'],
      subject: 'crypto.scripts',
      keyspace: null,
      auth: { kind: 'none' },
      tls: null,
    });
  });

  it.each([
    [{ enabled: true, servers: [] }, /servers/],
    [{ enabled: true, servers: ['http://x:1'] }, /servers\.0/],
    [{ enabled: true, servers: ['nats://x:1'], subject: 'crypto.>' }, /subject/],
    [{ enabled: true, servers: ['nats://x:1'], auth: { kind: 'token', token: '' } }, /auth/],
    [{ enabled: true, servers: ['nats://x:1'], auth: { kind: 'magic' } }, /auth/],
  ])('refuses %j naming the field', (input, field) => {
    expect(() => parseNatsConfig(input)).toThrow(field);
  });

  it('turns token and user auth into connection options, and describes them without the secret', async () => {
    const token = parseNatsConfig({ enabled: true, servers: ['nats://h:1'], auth: { kind: 'token', token: 'tkn' } });
    expect(await connectionOptions(token)).toMatchObject({ servers: ['nats://h:1'], token: 'tkn' });
    expect(describeAuth(token.auth)).toEqual({ authKind: 'token', user: null });
    const user = parseNatsConfig({
      enabled: true,
      servers: ['nats://h:1'],
      auth: { kind: 'user', user: 'u', pass: 'p' },
    });
    expect(await connectionOptions(user)).toMatchObject({ user: 'u', pass: 'p' });
    expect(describeAuth(user.auth)).toEqual({ authKind: 'user', user: 'u' });
  });

  it('reads an nkey seed out of a commented file and rejects a damaged one', async () => {
    const seed = new TextDecoder().decode(nkeys.createUser().getSeed());
    const good = await file('u.nk', `# generated\n\n${seed}\n# end\n`);
    expect(new TextDecoder().decode(await readNkeySeed(good))).toBe(seed);
    // Change one character in the middle: the last one may only carry padding bits the decoder ignores.
    const mid = 20;
    const flipped = `${seed.slice(0, mid)}${seed[mid] === 'A' ? 'B' : 'A'}${seed.slice(mid + 1)}`;
    const damaged = await file('d.nk', `${flipped}\n`);
    await expect(readNkeySeed(damaged)).rejects.toThrow(/damaged seed/);
    const opts = await connectionOptions(
      parseNatsConfig({ enabled: true, servers: ['nats://h:1'], auth: { kind: 'nkey', seedFile: good } }),
    );
    expect(typeof opts.authenticator).toBe('function');
  });

  it('reads TLS files into the options, and wants a client certificate and key together', async () => {
    const ca = await file('ca.pem', 'CA PEM');
    const cfg = parseNatsConfig({
      enabled: true,
      servers: ['tls://h:1'],
      tls: { caFile: ca, certFile: null, keyFile: null },
    });
    expect((await connectionOptions(cfg)).tls).toEqual({ ca: 'CA PEM' });
    const half = parseNatsConfig({
      enabled: true,
      servers: ['nats://h:1'],
      tls: { caFile: null, certFile: ca, keyFile: null },
    });
    await expect(connectionOptions(half)).rejects.toThrow(/both a client certificate and its key/);
    const bare = parseNatsConfig({ enabled: true, servers: ['tls://h:1'] });
    expect((await connectionOptions(bare)).tls).toEqual({});
  });
});
