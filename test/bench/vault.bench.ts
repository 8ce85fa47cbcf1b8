// Vault benchmarks: every figure is a ratio to a floor measured in this same run.
import { randomBytes, scrypt } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as secp from '@noble/secp256k1';
import { Vault } from '../../electron/core/vault';
import { createFileStore } from '../../electron/core/vault/file-store';
import { DEFAULT_KDF } from '../../electron/core/vault/types';
import { makeDataDir } from '../helpers/tmp';
import { type BenchResult, percentile, rate } from './types';

const PASSWORD = 'benchmark-password';

/** Bare node:crypto scrypt with the vault's parameters: the floor an unlock cannot beat. */
function bareScrypt(): Promise<void> {
  const { N, r, p } = DEFAULT_KDF;
  return new Promise((resolve, reject) =>
    scrypt(PASSWORD, randomBytes(16), 32, { N, r, p, maxmem: 128 * N * r * (p + 1) + 32 * 1024 * 1024 }, (e) =>
      e ? reject(e) : resolve(),
    ),
  );
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export default async function vaultBench(): Promise<BenchResult[]> {
  const { dir, cleanup } = await makeDataDir('wallet-bench-');
  // the file store: the bench runs outside the D-Bus session the keychain needs; both stores add the same scrypt
  const vault = await Vault.open({ dataDir: dir, secretStore: createFileStore(dir) });
  try {
    await vault.createKeyspace('bench', PASSWORD);
    const kp = await vault.createKeypair('bench', 'k');
    vault.lock('bench');

    // ## P4: unlock vs bare scrypt, interleaved so load drifts hit both alike. The longest event-loop
    // stall is taken per unlock; the same is measured while awaiting bare scrypt (nothing of ours runs
    // then), which shows how much of a stall the machine's own scheduling adds.
    const unlockMs: number[] = [];
    const scryptMs: number[] = [];
    const unlockStall: number[] = [];
    const floorStall: number[] = [];
    for (let i = 0; i < 8; i++) {
      const hf = monitorEventLoopDelay({ resolution: 1 });
      hf.enable();
      scryptMs.push(await time(bareScrypt));
      hf.disable();
      const h = monitorEventLoopDelay({ resolution: 1 });
      h.enable();
      unlockMs.push(await time(() => vault.unlock('bench', PASSWORD)));
      h.disable();
      vault.lock('bench');
      if (i === 0) continue; // the first round also pays JIT warm-up
      unlockStall.push(h.max / 1e6);
      floorStall.push(hf.max / 1e6);
    }
    const unlockMedian = percentile(unlockMs, 50);
    const scryptMedian = percentile(scryptMs, 50);
    const stallMs = percentile(unlockStall, 50);

    // ## P1: sign through an unlocked keyspace vs raw @noble/secp256k1 sign (which hashes with SHA-256
    // itself). Short alternating batches, so the shared machine's load swings hit both sides alike.
    await vault.unlock('bench', PASSWORD);
    const priv = secp.utils.randomSecretKey();
    const messages = Array.from({ length: 256 }, () => randomBytes(64));
    // i % 256 always indexes the 256 messages; no bounds check inside the timed loops.
    await rate(300, (i) => secp.sign(messages[i % 256]!, priv));
    await rate(300, (i) => vault.sign('bench', kp.name, messages[i % 256]!));
    const batch = 100;
    let rawMs = 0;
    let vaultMs = 0;
    for (let round = 0; round < 30; round++) {
      rawMs += batch / ((await rate(batch, (i) => secp.sign(messages[i % 256]!, priv))) / 1000);
      vaultMs += batch / ((await rate(batch, (i) => vault.sign('bench', kp.name, messages[i % 256]!))) / 1000);
    }
    const rawRate = (30 * batch) / (rawMs / 1000);
    const vaultRate = (30 * batch) / (vaultMs / 1000);

    const unlockRatio = unlockMedian / scryptMedian;
    const stallRatio = stallMs / 20;
    const signRatio = vaultRate / rawRate;
    return [
      {
        id: 'P4',
        what: 'unlock time vs bare crypto.scrypt (N=2^17, r=8, p=1), medians of 7',
        ratio: unlockRatio,
        goal: '<= 1.15x',
        pass: unlockRatio <= 1.15,
        detail: { unlock_ms: unlockMedian, scrypt_ms: scryptMedian },
      },
      {
        id: 'P4',
        what: 'longest event-loop stall during an unlock (median of 7) / 20 ms (monitorEventLoopDelay)',
        ratio: stallRatio,
        goal: '<= 1x',
        pass: stallRatio <= 1,
        detail: {
          stall_ms: stallMs,
          worst_stall_ms: Math.max(...unlockStall),
          floor_stall_ms_while_awaiting_bare_scrypt: percentile(floorStall, 50),
          floor_worst_ms: Math.max(...floorStall),
          budget_ms: 20,
        },
      },
      {
        id: 'P1',
        what: 'secp256k1 sign rate through an unlocked keyspace vs raw @noble/secp256k1 sign',
        ratio: signRatio,
        goal: '>= 0.9x',
        pass: signRatio >= 0.9,
        detail: { vault_per_s: vaultRate, raw_per_s: rawRate },
      },
    ];
  } finally {
    vault.close();
    await cleanup();
  }
}
