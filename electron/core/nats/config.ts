/**
 * NATS settings: the IPC schema (`NatsConfigInput`) is the one source of truth; this file turns a
 * parsed config into nats.js connection options, reading seed, creds and TLS files with clear errors.
 */
import { readFile } from 'node:fs/promises';
import { credsAuthenticator, type NodeConnectionOptions, nkeyAuthenticator, nkeys } from '@nats-io/transport-node';
import type { z } from 'zod';
import { WalletError } from '../../../shared/errors';
import { NatsConfigInput } from '../../../shared/ipc/schemas';
import { issueWithPath } from '../../../shared/zod-issue';

/** A validated NATS config, defaults filled in. */
export type NatsConfig = z.output<typeof NatsConfigInput>;
export type NatsAuth = NatsConfig['auth'];

export const DEFAULT_SUBJECT = 'crypto.scripts';

/** Parses anything (IPC, settings file, CLI flags) into a NatsConfig; failures are 'bad_input' naming the field. */
export function parseNatsConfig(input: unknown): NatsConfig {
  const parsed = NatsConfigInput.safeParse(input);
  if (!parsed.success) {
    throw new WalletError('bad_input', `invalid NATS config: ${issueWithPath(parsed.error)}`);
  }
  return parsed.data;
}

/** What the renderer may see of the auth settings: the kind and the user name, never a token or password. */
export function describeAuth(auth: NatsAuth): { authKind: NatsAuth['kind']; user: string | null } {
  return { authKind: auth.kind, user: auth.kind === 'user' ? auth.user : null };
}

// ## Connection options

/** Connection options for nats.js, without the reconnect policy (the connector owns that). */
export async function connectionOptions(config: NatsConfig): Promise<NodeConnectionOptions> {
  const opts: NodeConnectionOptions = { servers: [...config.servers], name: 'signing-wallet' };
  const auth = config.auth;
  // IPC may omit a stored secret (the facade fills it in); by the time we connect it must be here.
  if (auth.kind === 'token') {
    if (auth.token === undefined) throw new WalletError('bad_input', 'invalid NATS config: auth.token is missing');
    opts.token = auth.token;
  }
  if (auth.kind === 'user') {
    if (auth.pass === undefined) throw new WalletError('bad_input', 'invalid NATS config: auth.pass is missing');
    opts.user = auth.user;
    opts.pass = auth.pass;
  }
  if (auth.kind === 'nkey') opts.authenticator = nkeyAuthenticator(await readNkeySeed(auth.seedFile));
  if (auth.kind === 'creds') opts.authenticator = credsAuthenticator(await readCreds(auth.credsFile));
  const tls = config.tls;
  if (tls) {
    if ((tls.certFile === null) !== (tls.keyFile === null)) {
      throw new WalletError(
        'bad_input',
        'invalid NATS config: tls needs both a client certificate and its key, or neither',
      );
    }
    opts.tls = {
      ...(tls.caFile ? { ca: await readText('TLS CA', tls.caFile) } : {}),
      ...(tls.certFile ? { cert: await readText('TLS client certificate', tls.certFile) } : {}),
      ...(tls.keyFile ? { key: await readText('TLS client key', tls.keyFile) } : {}),
    };
  } else if (config.servers.some((s) => s.startsWith('tls://'))) {
    opts.tls = {};
  }
  return opts;
}

// ## Helpers

/** Reads a file whose content is a secret or a certificate; errors name the file and the reason, never the content. */
async function readText(what: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new WalletError('bad_input', `cannot read the ${what} file ${file} (${code})`);
  }
}

const SEED_PATTERN = /\bSU[A-Z2-7]{56}\b/;

/** An nkey seed file must hold one user seed (SU…); comments around it, as nsc writes them, are fine. */
export async function readNkeySeed(file: string): Promise<Uint8Array> {
  const text = await readText('nkey seed', file);
  const seed = SEED_PATTERN.exec(text)?.[0];
  if (!seed)
    throw new WalletError('bad_input', `the nkey seed file ${file} holds no user seed (a line starting with SU)`);
  try {
    nkeys.fromSeed(new TextEncoder().encode(seed));
  } catch {
    throw new WalletError('bad_input', `the nkey seed file ${file} holds a damaged seed (checksum failed)`);
  }
  return new TextEncoder().encode(seed);
}

/** A creds file must carry both the user JWT and the nkey seed blocks that nsc writes. */
export async function readCreds(file: string): Promise<Uint8Array> {
  const text = await readText('creds', file);
  if (!/-----BEGIN NATS USER JWT-----/.test(text) || !/-----BEGIN USER NKEY SEED-----/.test(text)) {
    throw new WalletError('bad_input', `the creds file ${file} is not a NATS creds file (no user JWT or seed block)`);
  }
  return new TextEncoder().encode(text);
}
