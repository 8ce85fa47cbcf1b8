/** `crypto-cli connect`: one keypair served to a SigSocket server from the approval queue, pinned like the app's. */
import { type Command, Option } from 'commander';
import { APPROVE_MODES, type ApproveMode, DIALECT_SETTINGS, type DialectSetting } from '../../../shared/domain';
import { WalletError } from '../../../shared/errors';
import { plaintextUrlWarning } from '../../../shared/plaintext-url';
import type { SigsocketClient, SigsocketStatus } from '../../core/sigsocket';
import { bufferedLines } from '../buffered-lines';
import { openCliCore } from '../context';
import { readInputFile, readPassword } from '../inputs';
import { metricsPortOption, startMetrics } from '../metrics';
import { rateLimitFrom, rateLimitOption } from '../rate-flags';
import { untilSignal } from '../signals';

interface ConnectOptions {
  /** One server's endpoints: the first names it, the others are failed over to (a required option: never empty). */
  sigsocket: [string, ...string[]];
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
      const [{ attachCliApprover }, { CertificatePins }, { walletClient }] = await Promise.all([
        import('../approver'),
        import('../../core/sigsocket/certificate-pins'),
        import('../../core/sigsocket/queue-handler'),
      ]);
      for (const url of opts.sigsocket) {
        const plaintext = plaintextUrlWarning(url);
        if (plaintext) process.stderr.write(`warning: ${plaintext}\n`);
      }
      const password = await readPassword(opts.passwordFile, opts.keyspace);
      const core = await openCliCore(cmd, { rateLimit: rateLimitFrom(opts.rateLimit) });
      const { vault, queue, contacts } = core;
      // Log lines batched (bufferedLines), not one stderr write per request: a write to a file or pipe blocks the request path.
      const lines = bufferedLines();
      const log = (line: string) => lines.write(line);
      let stopMetrics = async () => {};
      let detach = () => {};
      let client: SigsocketClient | null = null;
      try {
        await vault.unlock(opts.keyspace, password);
        const kp = vault.findKeypair(opts.keyspace, opts.keypair);
        if (!kp) throw new WalletError('not_found', `no keypair "${opts.keypair}" in keyspace "${opts.keyspace}"`);
        if (kp.type !== 'secp256k1') throw new WalletError('bad_input', 'SigSocket needs a secp256k1 keypair');
        const approver = await attachCliApprover(queue, opts.approve, {
          policyFile,
          contactKeyOf: (name) => contacts.byName(name)?.key,
          output: process.stderr,
        });
        detach = () => approver.detach();
        const ca = opts.ca ? await readInputFile(opts.ca, 'CA certificate') : undefined;
        // The app's pins (the data dir's contacts): a wss:// server that shows another certificate key
        // than the one pinned is not told which key this wallet serves until that key is accepted.
        const pins = new CertificatePins(
          contacts,
          () => {},
          (line) => log(pinLine(line)),
        );
        const [url, ...alternateUrls] = opts.sigsocket;
        const connection = walletClient({
          url,
          alternateUrls,
          dialect: opts.protocol,
          ca,
          keyspace: opts.keyspace,
          publicKey: kp.publicKey,
          queue,
          vault,
          requestLog: log,
          checkCertificate: (spki) => pins.check('connect', url, spki),
        });
        client = connection;
        connection.onStatus((s) => log(statusLine(s)));
        const { endpointLabel } = await import('../../core/metrics');
        const endpoint = endpointLabel(url);
        const sigsocket = () => [{ kind: 'sigsocket' as const, endpoint, state: connection.status.state }];
        stopMetrics = await startMetrics(opts.metricsPort, queue, sigsocket, log);
        connection.start();
        await untilSignal();
      } finally {
        await stopMetrics();
        detach();
        await client?.stop();
        await core.close();
        lines.close();
      }
    });
}

/** A pin event as one stderr line: a changed key names both fingerprints, so the user can compare them. */
function pinLine(line: Record<string, unknown>): string {
  if (line.event === 'certificate_changed') {
    return `sigsocket: certificate of ${line.address} changed: pinned ${line.pinned}, shown ${line.offered}; accept it in the app's Connections to connect`;
  }
  return `sigsocket: ${JSON.stringify(line)}`;
}
