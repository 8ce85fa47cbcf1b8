/**
 * `crypto-cli listen`'s NATS flags onto the settings schema. Secrets come from files only: a token or
 * password on the command line is visible to every user through `ps` and stays in shell history.
 */
import { type Command, Option } from 'commander';
import { WalletError } from '../../shared/errors';
import type { NatsConfigInput } from '../../shared/ipc/schemas';
import { plaintextUrlWarning } from '../../shared/plaintext-url';
import { readSecretFile } from './inputs';

export interface NatsFlags {
  server: string[];
  subject: string;
  keyspace?: string;
  creds?: string;
  tokenFile?: string;
  user?: string;
  passFile?: string;
  nkey?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** Refused: kept only so their use gets a message naming the replacement. */
  token?: string;
  pass?: string;
}

/** Repeatable --server: each use adds one URL to the list nats.js rotates through. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Adds the connection and auth options to a command. */
export function natsOptions(command: Command): Command {
  return command
    .requiredOption('--server <url>', 'NATS server, e.g. nats://127.0.0.1:4222 (repeat for a list)', collect)
    .option('--creds <file>', 'NATS creds (JWT + seed) file')
    .option('--token-file <file>', 'read the NATS auth token from this file')
    .option('--user <user>', 'NATS user name (with --pass-file)')
    .option('--pass-file <file>', 'read the NATS password from this file (with --user)')
    .option('--nkey <file>', 'NATS nkey seed file')
    .option('--tls-ca <file>', 'PEM CA that signed the server certificate')
    .option('--tls-cert <file>', 'PEM client certificate (with --tls-key)')
    .option('--tls-key <file>', 'PEM client key (with --tls-cert)')
    .addOption(new Option('--token <token>').hideHelp())
    .addOption(new Option('--pass <password>').hideHelp());
}

/** The old secret-on-the-command-line flags: refused, naming the flag to use instead. */
function refuseSecretFlags(o: Pick<NatsFlags, 'token' | 'pass'>): void {
  const used =
    o.token !== undefined ? ['--token', '--token-file'] : o.pass !== undefined ? ['--pass', '--pass-file'] : null;
  if (used) {
    throw new WalletError(
      'bad_input',
      `${used[0]} is no longer accepted: a secret on the command line is visible in ps and shell history; put it in a file and use ${used[1]} FILE`,
    );
  }
}

/** At most one auth method; --user and --pass-file only together. Secrets stay out of every message. */
export async function authFromFlags(
  o: Pick<NatsFlags, 'creds' | 'tokenFile' | 'user' | 'passFile' | 'nkey' | 'token' | 'pass'>,
): Promise<NatsConfigInput['auth']> {
  refuseSecretFlags(o);
  const given = [
    o.creds && '--creds',
    o.tokenFile && '--token-file',
    (o.user || o.passFile) && '--user/--pass-file',
    o.nkey && '--nkey',
  ].filter(Boolean);
  if (given.length > 1)
    throw new WalletError('bad_input', `choose one way to authenticate, not ${given.join(' and ')}`);
  if (o.creds) return { kind: 'creds', credsFile: o.creds };
  if (o.tokenFile) return { kind: 'token', token: await readSecretFile(o.tokenFile, 'NATS token') };
  if (o.nkey) return { kind: 'nkey', seedFile: o.nkey };
  if (o.user || o.passFile) {
    if (!o.user || !o.passFile) throw new WalletError('bad_input', '--user and --pass-file go together');
    return { kind: 'user', user: o.user, pass: await readSecretFile(o.passFile, 'NATS password') };
  }
  return { kind: 'none' };
}

/** The service config from the command line, validated by the same schema the GUI's settings use. */
export async function configFromFlags(o: NatsFlags): Promise<NatsConfigInput> {
  const tls =
    o.tlsCa || o.tlsCert || o.tlsKey
      ? { caFile: o.tlsCa ?? null, certFile: o.tlsCert ?? null, keyFile: o.tlsKey ?? null }
      : null;
  return {
    enabled: true,
    servers: o.server,
    subject: o.subject,
    keyspace: o.keyspace ?? null,
    auth: await authFromFlags(o),
    tls,
  };
}

/** One warning per server the config would reach in plain text over the network. */
export function plaintextWarnings(config: Pick<NatsConfigInput, 'servers' | 'tls'>): string[] {
  return config.servers.flatMap((url) => plaintextUrlWarning(url, { tls: Boolean(config.tls) }) ?? []);
}
