// crypto-cli ui: the wallet's own UI served to a browser on loopback, behind a random token.
import type { Command } from 'commander';
import { globals } from '../context';
import { parsePort } from '../metrics';
import { untilSignal } from '../signals';

/** `crypto-cli ui`: the desktop UI in a browser, for headless machines; loopback only, behind a token. */
export function registerUiCommand(program: Command): void {
  program
    .command('ui')
    .description('serve the wallet UI on 127.0.0.1 behind a random token (open the printed URL)')
    .option('--port <n>', 'port to listen on (default: any free port)', parsePort)
    .action(async (opts: { port?: number }, cmd: Command) => {
      // Loaded here, not at start-up: other commands should not pay for the whole wallet.
      const [{ openWallet }, { startBrowserHost }, { findRendererDir }] = await Promise.all([
        import('../../core/wallet/open'),
        import('../../web/host'),
        import('../../web/renderer-dir'),
      ]);
      const g = globals(cmd);
      const rendererDir = findRendererDir();
      const wallet = await openWallet({ dataDir: g.dataDir, secretStore: g.secretStore });
      if (g.secretStore === 'file') process.stderr.write(`warning: ${wallet.info().secretStore.warning}\n`);
      const host = await startBrowserHost({
        wallet,
        rendererDir,
        port: opts.port,
        log: (l) => process.stderr.write(`${l}\n`),
      });
      process.stderr.write(`open ${host.url}\n`);
      await untilSignal();
      await host.close();
      await wallet.close();
    });
}
