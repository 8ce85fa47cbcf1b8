import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The plain-Node entry points (crypto-cli, sigsocket-server, the browser host): no Electron anywhere.
const root = import.meta.dirname;
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const external = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), ...Object.keys(pkg.dependencies)].map(
  (m) => new RegExp(`^${m.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&')}(/.*)?$`),
);

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/node',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: {
        'crypto-cli': resolve(root, 'electron/cli/index.ts'),
        'sigsocket-server': resolve(root, 'server/index.ts'),
      },
      external,
      output: { format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
