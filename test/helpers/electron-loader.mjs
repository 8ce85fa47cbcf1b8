// `node --import ./electron-loader.mjs out/main/index.js`: the built main entry, with `import … from
// 'electron'` answered by fake-electron-module.mjs. The Electron binary cannot run on these machines,
// so this is how the real bundle's start-up sequence and the paths it computes are checked.
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

// Hooks run on their own thread; only the main thread registers them.
if (isMainThread) register(import.meta.url);

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') {
    return { url: new URL('./fake-electron-module.mjs', import.meta.url).href, shortCircuit: true };
  }
  return next(specifier, context);
}
