#!/usr/bin/env node
// `npm run bench`: runs every test/bench/*.bench.ts (or those named on the command line),
// prints each figure as a ratio to a floor measured in the same run, and writes bench/results/latest.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEBIAN_NATS_SERVER } from './keyring-session.mjs';

const root = resolve(import.meta.dirname, '..');
const dir = join(root, 'test/bench');
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  console.log('no benchmarks found under test/bench');
  process.exit(0);
}
// The benches drive the shipped processes (built crypto-cli, sigsocket-server, renderer), so build them first.
const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: root });
if (build.status !== 0) {
  console.log('npm run build failed: the benches need the built binaries');
  process.exit(1);
}
const outDir = join(root, 'bench/results');
mkdirSync(outDir, { recursive: true });
const all = [];
let failed = 0;
for (const file of files) {
  const tmp = join(outDir, `${file}.json`);
  rmSync(tmp, { force: true });
  console.log(`\n# ${file}`);
  // Each bench runs in its own process so one cannot warm or load the other's JIT and heap.
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/bench-one.ts'), join(dir, file), tmp], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, NATS_SERVER_BIN: process.env.NATS_SERVER_BIN ?? DEBIAN_NATS_SERVER },
  });
  if (r.status !== 0 || !existsSync(tmp)) {
    console.log(`  ${file} did not finish (exit ${r.status})`);
    failed++;
    continue;
  }
  for (const res of JSON.parse(readFileSync(tmp, 'utf8'))) {
    all.push({ file, ...res });
    const mark = res.pass === null ? 'info' : res.pass ? 'PASS' : 'MISS';
    console.log(`  [${mark}] ${res.id ? `${res.id} ` : ''}${res.what}: ${res.ratio.toFixed(3)}x (goal ${res.goal})`);
  }
}
writeFileSync(
  join(outDir, 'latest.json'),
  `${JSON.stringify({ at: new Date().toISOString(), results: all }, null, 2)}\n`,
);
console.log(`\nwrote bench/results/latest.json (${all.length} figures)`);
process.exit(failed ? 1 : 0);
