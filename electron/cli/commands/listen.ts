import { type Command, Option } from 'commander';
import { WalletError } from '../../../shared/errors';
import type { NatsConfigInput } from '../../../shared/ipc/schemas';
import { openAuditKeys } from '../../core/audit-chain';
import { APPROVE_MODES, type ApproveMode, attachCliApprover, RequestQueue } from '../../core/requests';
import { createSecretStore, resolveDataDir, Vault } from '../../core/vault';
import { globals } from '../context';
import { readPassword } from '../inputs';
import { metricsPortOption, startMetrics } from '../metrics';
import { promptHidden } from '../prompt';
import { untilSignal } from '../signals';

interface ListenOptions {
  server: string[];
  subject: string;
  keyspace?: string;
  passwordFile?: string;
  approve: ApproveMode;
  creds?: string;
  token?: string;
  user?: string;
  pass?: string;
  nkey?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  metricsPort?: number;
}

/** Repeatable --server: each use adds one URL to the list nats.js rotates through. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** At most one auth method; --user and --pass only together. Secrets stay out of every message. */
export function authFromFlags(
  o: Pick<ListenOptions, 'creds' | 'token' | 'user' | 'pass' | 'nkey'>,
): NatsConfigInput['auth'] {
  const given = [
    o.creds && '--creds',
    o.token && '--token',
    (o.user || o.pass) && '--user/--pass',
    o.nkey && '--nkey',
  ].filter(Boolean);
  if (given.length > 1)
    throw new WalletError('bad_input', `choose one way to authenticate, not ${given.join(' and ')}`);
  if (o.creds) return { kind: 'creds', credsFile: o.creds };
  if (o.token) return { kind: 'token', token: o.token };
  if (o.nkey) return { kind: 'nkey', seedFile: o.nkey };
  if (o.user || o.pass) {
    if (!o.user || o.pass === undefined) throw new WalletError('bad_input', '--user and --pass go together');
    return { kind: 'user', user: o.user, pass: o.pass };
  }
  return { kind: 'none' };
}

/** The service config from the command line, validated by the same schema the GUI's settings use. */
export function configFromFlags(o: ListenOptions): NatsConfigInput {
  const tls =
    o.tlsCa || o.tlsCert || o.tlsKey
      ? { caFile: o.tlsCa ?? null, certFile: o.tlsCert ?? null, keyFile: o.tlsKey ?? null }
      : null;
  return {
    enabled: true,
    servers: o.server,
    subject: o.subject,
    keyspace: o.keyspace ?? null,
    auth: authFromFlags(o),
    tls,
  };
}

/**
 * `crypto-cli listen`: the wallet as a signing service on NATS until SIGINT/SIGTERM. Scripts and JSON
 * sign requests go through the approval queue (--approve); one line per request goes to stderr.
 */
export function registerListenCommand(program: Command): void {
  program
    .command('listen')
    .description('serve scripts and JSON signing requests on a NATS subject (and as the signing-wallet micro service)')
    .requiredOption('--server <url>', 'NATS server, e.g. nats://127.0.0.1:4222 (repeat for a list)', collect)
    .option('--subject <subject>', 'the subject to listen on', 'crypto.scripts')
    .option('--keyspace <name>', 'the current keyspace scripts and JSON operations start with')
    .option('--password-file <file>', 'the session password: opens --keyspace and keyspaces scripts create or load')
    .addOption(
      new Option('--approve <mode>', 'ask on this terminal, auto-approve, or policy FILE')
        .choices(APPROVE_MODES)
        .default('ask'),
    )
    .argument('[policy-file]', 'the policy file for --approve policy')
    .option('--creds <file>', 'NATS creds (JWT + seed) file')
    .option('--token <token>', 'NATS auth token')
    .option('--user <user>', 'NATS user name (with --pass)')
    .option('--pass <password>', 'NATS password (with --user)')
    .option('--nkey <file>', 'NATS nkey seed file')
    .option('--tls-ca <file>', 'PEM CA that signed the server certificate')
    .option('--tls-cert <file>', 'PEM client certificate (with --tls-key)')
    .option('--tls-key <file>', 'PEM client key (with --tls-cert)')
    .addOption(metricsPortOption())
    .action(async (policyFile: string | undefined, opts: ListenOptions, cmd: Command) => {
      // Loaded here, not at the top: every other command would otherwise pay for the NATS client at start.
      const { NatsSigningService } = await import('../../core/nats');
      const g = globals(cmd);
      const config = configFromFlags(opts);
      const password =
        opts.passwordFile || !process.stdin.isTTY
          ? await readPassword(opts.passwordFile, opts.keyspace ?? '')
          : await promptHidden('Session password (scripts use it to create and open keyspaces): ');
      const dataDir = resolveDataDir(g.dataDir);
      const secretStore = await createSecretStore({ kind: g.secretStore, dataDir });
      if (secretStore.kind === 'file') process.stderr.write(`warning: ${secretStore.describe().warning}\n`);
      const vault = await Vault.open({ dataDir, secretStore, autoLockMs: 0 });
      const log = (line: string) => process.stderr.write(`${line}\n`);
      if (opts.keyspace && vault.listKeyspaces().some((k) => k.name === opts.keyspace)) {
        await vault.unlock(opts.keyspace, password);
      } else if (opts.keyspace) {
        log(`note: keyspace "${opts.keyspace}" does not exist yet; a script can create it`);
      }
      const audit = { keys: await openAuditKeys(secretStore) };
      const queue = await RequestQueue.open({ dataDir, signer: vault, audit });
      const approver = await attachCliApprover(queue, opts.approve, { policyFile, output: process.stderr });
      const service = new NatsSigningService({
        vault,
        queue,
        sessionPassword: password,
        log,
        version: process.env.npm_package_version ?? '0.1.0',
      });
      let stopMetrics = async () => {};
      try {
        const { endpointLabel } = await import('../../core/metrics');
        const endpoint = config.servers.map(endpointLabel).join(',');
        const nats = () => [{ kind: 'nats' as const, endpoint, state: service.status().state }];
        stopMetrics = await startMetrics(opts.metricsPort, queue, nats, log);
        await service.start(config);
        await untilSignal();
      } finally {
        approver.detach();
        await stopMetrics();
        // Closing the queue settles requests still waiting for approval, so stop() does not wait for them.
        await Promise.all([service.stop(), queue.close()]);
        vault.close();
      }
    });
}
