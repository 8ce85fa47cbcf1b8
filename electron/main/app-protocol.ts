/**
 * Serves the built renderer on app://wallet/… so the renderer has a real origin of its own
 * (file:// would make every local file "the app"). Only files under the renderer folder are served.
 */
import { readFile } from 'node:fs/promises';
import { mimeType, resolveStaticFile } from '../web/static-files';

/** A fetch-style handler for protocol.handle(): only `host`, only files under `root`. */
export function appProtocolHandler(root: string, host: string): (req: Request) => Promise<Response> {
  return async (req) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return new Response('not found', { status: 404 });
    }
    const file = url.host === host ? resolveStaticFile(root, url.pathname) : null;
    if (!file) return new Response('not found', { status: 404 });
    try {
      return new Response(await readFile(file), { headers: { 'content-type': mimeType(file) } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  };
}
