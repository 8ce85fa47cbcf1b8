// Finds the built renderer folder that the browser host serves.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The built renderer: the nearest out/renderer above this module (it runs from out/node once built,
 * from electron/web from source). The source folder renderer/ also has an index.html, so only a
 * folder named out/renderer counts.
 */
export function findRendererDir(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'out', 'renderer');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error('the UI is not built: run `npm run build` first');
}
