/**
 * The browser host: serves the built renderer on 127.0.0.1 and carries the same IPC contract over a
 * WebSocket, through the same dispatcher (same handlers, same schema validation) as Electron's IPC.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import type { StateSnapshot } from '../../shared/ipc/schemas';
import type { Wallet } from '../core/wallet';
import { createDispatcher } from '../core/wallet/dispatch';
import { allowedHosts, allowedOrigins, checkToken, cookieToken, newToken, sameHostLocation, tokenCookie } from './auth';
import { mimeType, resolveStaticFile } from './static-files';

export interface BrowserHostOptions {
  wallet: Pick<Wallet, 'handlers' | 'on' | 'off'>;
  rendererDir: string;
  port?: number;
  token?: string;
  log?: (line: string) => void;
}

export interface BrowserHost {
  port: number;
  token: string;
  /** The URL to open, carrying the token (printed on start, like Jupyter). */
  url: string;
  close(): Promise<void>;
}

const Frame = z.object({
  id: z.number().int().nonnegative(),
  channel: z.string().max(64),
  arg: z.unknown().optional(),
});
const MAX_FRAME_BYTES = 1 << 20;

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const token = opts.token ?? newToken();
  const log = opts.log ?? (() => {});
  const dispatch = createDispatcher(opts.wallet.handlers, (channel, e) => log(`[web] ${channel} failed: ${e}`));
  let port = 0;

  const refuse = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    res.end(message);
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host ?? '';
    if (!allowedHosts(port).includes(host)) return refuse(res, 403, 'forbidden host');
    const url = new URL(req.url ?? '/', `http://${host}`);
    const queryToken = url.searchParams.get('token');
    const verdict = checkToken(token, queryToken ?? cookieToken(req, port));
    if (verdict !== 'ok') return refuse(res, verdict, verdict === 401 ? 'token required' : 'wrong token');
    if (queryToken !== null) {
      // Trade the URL token for an HttpOnly cookie, then drop it from the address bar.
      url.searchParams.delete('token');
      res.writeHead(303, {
        location: sameHostLocation(host, url),
        'set-cookie': `${tokenCookie(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        ...SECURITY_HEADERS,
      });
      return res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    const file = resolveStaticFile(opts.rendererDir, url.pathname);
    if (!file) return refuse(res, 404, 'not found');
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': mimeType(file), ...SECURITY_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      refuse(res, 404, 'not found');
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const deny = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/ipc') return deny(404, 'Not Found');
    if (!allowedHosts(port).includes(req.headers.host ?? '')) return deny(403, 'Forbidden');
    if (!allowedOrigins(port).includes(req.headers.origin ?? '')) return deny(403, 'Forbidden');
    const verdict = checkToken(token, cookieToken(req, port));
    if (verdict !== 'ok') return deny(verdict, verdict === 401 ? 'Unauthorized' : 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  });

  const serve = (ws: WebSocket) => {
    ws.on('message', async (data) => {
      let frame: z.infer<typeof Frame>;
      try {
        frame = Frame.parse(JSON.parse(String(data)));
      } catch {
        ws.send(JSON.stringify({ error: { code: 'bad_input', message: 'malformed frame' } }));
        return;
      }
      const result = await dispatch(frame.channel, frame.arg);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: frame.id, result }));
    });
    ws.on('error', () => ws.terminate());
  };

  const onSnapshot = (payload: StateSnapshot) => {
    const frame = JSON.stringify({ event: 'state:snapshot', payload });
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
  };
  opts.wallet.on('snapshot', onSnapshot);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: async () => {
      opts.wallet.off('snapshot', onSnapshot);
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
