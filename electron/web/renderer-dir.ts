import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The built renderer (out/renderer), found by walking up from this module: it sits at out/node/ once
 * built and at electron/web/ when run from source.
 */
export function findRendererDir(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'renderer'), join(dir, 'out', 'renderer')]) {
      if (existsSync(join(candidate, 'index.html'))) return candidate;
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error('the UI is not built: run `npm run build` first');
}
