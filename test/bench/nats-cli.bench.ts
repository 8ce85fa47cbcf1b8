// P3 on the shipped path: the built `crypto-cli listen --approve auto` in its own process, driven from
// other processes over a real nats-server, each figure against a floor measured in the same run.
// Latency (nats-cli-latency.ts): paced under the default rate limit, against a NATS echo round trip through
// a process of its own plus one noble sign, and the bare responder, alternating. Throughput
// (nats-cli-throughput.ts): eight requesters in a process of their own against a listener started with a
// raised --rate-limit, alternating with the bare responder and the raw noble rate, with the rig's ceiling.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as secp from '@noble/secp256k1';
import { createSecretStore } from '../../electron/core/vault/secret-store';
import '../../electron/core/vault/signing';
import { Vault } from '../../electron/core/vault/vault';
import { startNats } from '../helpers/nats';
import { makeDataDir } from '../helpers/tmp';
import { latencyFigures } from './nats-cli-latency';
import { throughputFigures } from './nats-cli-throughput';
import { requireBuilt, type Shipped, startShipped } from './shipped';
import type { BenchResult } from './types';

const PASSWORD = 'bench password';

export default async function bench(): Promise<BenchResult[]> {
  requireBuilt();
  const server = await startNats();
  const data = await makeDataDir('nats-cli-bench-');
  let listener: Shipped | undefined;
  try {
    const dataDir = join(data.dir, 'wallet');
    const vault = await Vault.open({ dataDir, secretStore: await createSecretStore({ kind: 'file', dataDir }) });
    await vault.createKeyspace('bench', PASSWORD);
    await vault.createKeypair('bench', 'kp');
    vault.close();
    const pwFile = join(data.dir, 'pw');
    await writeFile(pwFile, PASSWORD);
    const listen = (extra: string[]) =>
      startShipped(
        'crypto-cli',
        [
          ...['--data-dir', dataDir, '--secret-store', 'file', 'listen', '--server', server.url],
          ...['--password-file', pwFile, '--keyspace', 'bench', '--approve', 'auto', ...extra],
        ],
        'listening on crypto.scripts',
      );
    listener = await listen([]);
    const key = secp.utils.randomSecretKey();
    const latency = await latencyFigures(server.url, key);
    await listener.stop();

    // Throughput: the same binary with the per-source limit raised, so the figure is the process, not the limit.
    listener = await listen(['--rate-limit', '1000000']);
    const throughput = await throughputFigures({
      url: server.url,
      natsPid: server.pid,
      listenerPid: listener.child.pid,
      key,
    });

    return [...latency, ...throughput];
  } finally {
    await listener?.stop();
    await server.stop();
    await data.cleanup();
  }
}
