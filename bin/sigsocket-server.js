#!/usr/bin/env node
// sigsocket-server runs on plain Node from the built output (npm run build).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../out/node/sigsocket-server.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('sigsocket-server is not built yet: run `npm run build` first');
  process.exit(1);
}
await import(entry.href);
