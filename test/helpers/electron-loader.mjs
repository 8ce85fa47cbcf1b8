// `node --import ./electron-loader.mjs out/main/index.js`: the built main entry, with `import … from
// 'electron'` answered by fake-electron-module.mjs. The Electron binary cannot run on these machines,
// so this is how the real bundle's start-up sequence and the paths it computes are checked.
import Module, { register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';

const fake = new URL('./fake-electron-module.mjs', import.meta.url);

// Hooks run on their own thread; only the main thread registers them.
if (isMainThread) {
  register(import.meta.url);
  // CommonJS packages (electron-updater) require('electron') too; Node 20's loader hooks do not see require.
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === 'electron' ? fileURLToPath(fake) : resolveFilename.call(this, request, ...rest);
  };
}

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') {
    return { url: fake.href, shortCircuit: true };
  }
  return next(specifier, context);
}
