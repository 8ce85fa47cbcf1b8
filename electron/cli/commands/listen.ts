/** `crypto-cli listen`: the wallet as a NATS signing service over openCore, approving on the terminal or by policy. */
import { type Command, Option } from 'commander';
import { APPROVE_MODES, type ApproveMode } from '../../../shared/domain';
import { attachCliApprover } from '../approver';
import { bufferedLines } from '../buffered-lines';
import { openCliCore } from '../context';
import { readPassword } from '../inputs';
import { metricsPortOption, startMetrics } from '../metrics';
import { configFromFlags, type NatsFlags, natsOptions, plaintextWarnings } from '../nats-flags';
import { promptHidden } from '../prompt';
import { allowedRateLimitOption, rateLimitFrom, rateLimitOption } from '../rate-flags';
import { untilSignal } from '../signals';
import { requesterIdentity } from './contacts';

interface ListenOptions extends NatsFlags {
  passwordFile?: string;
  approve: ApproveMode;
  metricsPort?: number;
  rateLimit?: number;
  allowedRateLimit?: number;
}

/**
 * `crypto-cli listen`: the wallet as a signing service on NATS until SIGINT/SIGTERM. Scripts and JSON
 * sign requests go through the approval queue (--approve); one line per request goes to stderr.
 */
export function registerListenCommand(program: Command): void {
  natsOptions(program.command('listen'))
    .description('serve scripts and JSON signing requests on a NATS subject (and as the signing-wallet micro service)')
    .option('--subject <subject>', 'the subject to listen on', 'crypto.scripts')
    .option('--keyspace <name>', 'the current keyspace scripts and JSON operations start with')
    .option('--password-file <file>', 'the session password: opens --keyspace and keyspaces scripts create or load')
    .addOption(
      new Option('--approve <mode>', 'ask on this terminal, auto-approve, or policy FILE')
        .choices(APPROVE_MODES)
        .default('ask'),
    )
    .argument('[policy-file]', 'the policy file for --approve policy')
    .addOption(metricsPortOption())
    .addOption(rateLimitOption())
    .addOption(allowedRateLimitOption())
    .action(async (policyFile: string | undefined, opts: ListenOptions, cmd: Command) => {
      // Loaded here, not at the top: every other command would otherwise pay for the NATS client at start.
      const { NatsSigningService } = await import('../../core/nats');
      const config = await configFromFlags(opts);
      for (const w of plaintextWarnings(config)) process.stderr.write(`warning: ${w}\n`);
      const password =
        opts.passwordFile || !process.stdin.isTTY
          ? await readPassword(opts.passwordFile, opts.keyspace ?? '')
          : await promptHidden('Session password (scripts use it to create and open keyspaces): ');
      const core = await openCliCore(cmd, {
        rateLimit: rateLimitFrom(opts.rateLimit),
        allowedRateLimit: rateLimitFrom(opts.allowedRateLimit),
      });
      const { vault, queue } = core;
      const lines = bufferedLines();
      const log = (line: string) => lines.write(line);
      let service: InstanceType<typeof NatsSigningService> | null = null;
      let stopMetrics = async () => {};
      let detach = () => {};
      try {
        if (opts.keyspace && vault.listKeyspaces().some((k) => k.name === opts.keyspace)) {
          await vault.unlock(opts.keyspace, password);
        } else if (opts.keyspace) {
          log(`note: keyspace "${opts.keyspace}" does not exist yet; a script can create it`);
        }
        const identity = await requesterIdentity(core);
        const approver = await attachCliApprover(queue, opts.approve, {
          policyFile,
          contactKeyOf: identity.contactKeyOf,
          requesterLines: identity.requesterLines,
          output: process.stderr,
        });
        detach = () => {
          approver.detach();
          identity.close();
        };
        const nats = new NatsSigningService({
          vault,
          queue,
          sessionPassword: password,
          log,
          version: process.env.npm_package_version ?? '0.1.0',
        });
        service = nats;
        const { endpointLabel } = await import('../../core/metrics');
        const endpoint = config.servers.map(endpointLabel).join(',');
        const readings = () => [{ kind: 'nats' as const, endpoint, state: nats.status().state }];
        stopMetrics = await startMetrics(opts.metricsPort, queue, readings, log);
        await nats.start(config);
        await untilSignal();
      } finally {
        detach();
        await stopMetrics();
        // Closing the queue settles requests still waiting for approval, so stop() does not wait for them.
        await Promise.all([service?.stop(), core.close()]);
        lines.close();
      }
    });
}
