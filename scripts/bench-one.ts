// Runs one bench file (its default export) and writes its results as JSON. Called by scripts/bench.mjs.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [file, out] = process.argv.slice(2);
if (file === undefined || out === undefined) throw new Error('usage: bench-one.ts BENCH_FILE RESULTS_JSON');
const mod = await import(pathToFileURL(file).href);
const results = await mod.default();
writeFileSync(out, JSON.stringify(results));
process.exit(0);
