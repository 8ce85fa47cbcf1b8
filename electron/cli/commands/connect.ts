import { type Command, Option } from 'commander';
import { APPROVE_MODES, type ApproveMode, DIALECT_SETTINGS, type DialectSetting } from '../../../shared/domain';
import { WalletError } from '../../../shared/errors';
import { plaintextUrlWarning } from '../../../shared/plaintext-url';
import type { SigsocketStatus } from '../../core/sigsocket';
import { bufferedLines } from '../buffered-lines';
import { globals } from '../context';
import { readPassword } from '../inputs';
import { metricsPortOption, startMetrics } from '../metrics';
import { rateLimitFrom, rateLimitOption } from '../rate-flags';
import { untilSignal } from '../signals';
import { contactKeyLookup } from './contacts';

interface ConnectOptions {
  /** One server's endpoints: the first names it, the others are failed over to. */
  sigsocket: string[];
  keyspace: string;
  keypair: string;
  passwordFile?: string;
  protocol: DialectSetting;
  approve: ApproveMode;
  policyFile?: string;
  ca?: string;
  metricsPort?: number;
  rateLimit?: number;
}

/** One stderr line per status change, e.g. "sigsocket: reconnecting in 1.2 s (connection refused)". */
export function statusLine(s: SigsocketStatus, now = Date.now()): string {
  switch (s.state) {
    case 'connected':
      return `sigsocket: connected (dialect ${s.dialect})`;
    case 'reconnecting':
      return `sigsocket: reconnecting in ${Math.max(0, (s.nextAttemptAt - now) / 1000).toFixed(1)} s (${s.lastError})`;
    case 'error':
      return `sigsocket: error: ${s.reason}`;
    default:
      return `sigsocket: ${s.state}`;
  }
}

/** `crypto-cli connect`: serve one keypair to a SigSocket server until SIGINT/SIGTERM, through the approval queue. */
export function registerConnectCommand(program: Command): void {
  program
    .command('connect')
    .description('connect a keypair to a SigSocket server and answer its sign requests')
    .requiredOption(
      '--sigsocket <url>',
      'the server, e.g. ws://127.0.0.1:8080/ws; repeat it for the instances of one cluster (failover)',
      (url: string, previous: string[] = []) => [...previous, url],
    )
    .requiredOption('--keyspace <name>', 'keyspace holding the keypair')
    .requiredOption('--keypair <name>', 'secp256k1 keypair (name or public key) to introduce and sign with')
    .option('--password-file <file>', 'read the keyspace password from this file')
    .addOption(new Option('--protocol <dialect>', 'wire dialect').choices(DIALECT_SETTINGS).default('auto'))
    .addOption(
      new Option('--approve <mode>', 'ask on this terminal, auto-approve, or policy FILE')
        .choices(APPROVE_MODES)
        .default('ask'),
    )
    .argument('[policy-file]', 'the policy file for --approve policy')
    .option('--ca <file>', 'PEM CA certificate for a wss:// server with a private CA')
    .addOption(metricsPortOption())
    .addOption(rateLimitOption())
    .action(async (policyFile: string | undefined, opts: ConnectOptions, cmd: Command) => {
      const [{ RequestQueue, attachCliApprover }, { SigsocketClient }, { Vault, createSecretStore, resolveDataDir }] =
        await Promise.all([import('../../core/requests'), import('../../core/sigsocket'), import('../../core/vault')]);
      const { openAuditKeys } = await import('../../core/audit-chain');
      const g = globals(cmd);
      for (const url of opts.sigsocket) {
        const plaintext = plaintextUrlWarning(url);
        if (plaintext) process.stderr.write(`warning: ${plaintext}\n`);
      }
      const dataDir = resolveDataDir(g.dataDir);
      const password = await readPassword(opts.passwordFile, opts.keyspace);
      const secretStore = await createSecretStore({ kind: g.secretStore, dataDir });
      const vault = await Vault.open({ dataDir, secretStore, autoLockMs: 0 });
      await vault.unlock(opts.keyspace, password);
      const kp = vault.findKeypair(opts.keyspace, opts.keypair);
      if (!kp) throw new WalletError('not_found', `no keypair "${opts.keypair}" in keyspace "${opts.keyspace}"`);
      if (kp.type !== 'secp256k1') throw new WalletError('bad_input', 'SigSocket needs a secp256k1 keypair');
      const audit = { keys: await openAuditKeys(secretStore) };
      const queue = await RequestQueue.open({
        dataDir,
        signer: vault,
        audit,
        rateLimit: rateLimitFrom(opts.rateLimit),
      });
      const contactKeyOf = opts.approve === 'policy' ? await contactKeyLookup(dataDir) : undefined;
      const approver = await attachCliApprover(queue, opts.approve, {
        policyFile,
        contactKeyOf,
        output: process.stderr,
      });
      const ca = opts.ca ? await (await import('node:fs/promises')).readFile(opts.ca) : undefined;
      // One stderr write per turn, not one per request: a write to a file or pipe blocks the request path.
      const lines = bufferedLines();
      const log = (line: string) => lines.write(line);
      const client = new SigsocketClient({
        url: opts.sigsocket[0],
        alternateUrls: opts.sigsocket.slice(1),
        dialect: opts.protocol,
        publicKeyHex: kp.publicKey,
        ca,
        signProof: (challenge) => vault.sign(opts.keyspace, kp.publicKey, challenge),
        handler: async (req) => {
          const started = Date.now();
          try {
            const { id, outcome } = queue.submit({
              source: { kind: 'sigsocket', endpoint: req.url, verified: false, sourceRequestId: req.requestId },
              target: { keyspace: opts.keyspace, keypair: kp.publicKey },
              operation: 'sign',
              payload: req.message,
            });
            const result = await outcome;
            log(`request ${id}: ${result.status} (${req.message.length} bytes, ${Date.now() - started} ms)`);
            if (result.status === 'signed') return { ok: true, signature: new Uint8Array(result.signature) };
            return { ok: false, reason: 'reason' in result ? result.reason : result.status };
          } catch (e) {
            const reason = e instanceof WalletError ? e.message : 'internal error';
            log(`request refused: ${reason}`);
            return { ok: false, reason };
          }
        },
      });
      client.onStatus((s) => log(statusLine(s)));
      let stopMetrics = async () => {};
      try {
        const { endpointLabel } = await import('../../core/metrics');
        const endpoint = endpointLabel(opts.sigsocket[0]);
        const sigsocket = () => [{ kind: 'sigsocket' as const, endpoint, state: client.status.state }];
        stopMetrics = await startMetrics(opts.metricsPort, queue, sigsocket, log);
        client.start();
        await untilSignal();
      } finally {
        await stopMetrics();
        approver.detach();
        await client.stop();
        await queue.close();
        vault.close();
        lines.close();
      }
    });
}
