#!/usr/bin/env node
// crypto-cli runs on plain Node from the built output (npm run build).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../out/node/crypto-cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('crypto-cli is not built yet: run `npm run build` first');
  process.exit(1);
}
await import(entry.href);
