/** The browser host's gate: a Jupyter-style random token, a loopback Host, and a same-origin Origin. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The token cookie's name carries the host's port. Browsers keep cookies per host name, not per port,
 * so two hosts (or any other local server) on 127.0.0.1 would otherwise overwrite each other's token.
 */
export function tokenCookie(port: number): string {
  return `wallet_token_${port}`;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time token comparison. */
export function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token from this port's cookie only; another port's cookie is no token here. */
export function cookieToken(req: IncomingMessage, port: number): string | undefined {
  const name = tokenCookie(port);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/**
 * Where to send the browser once its URL token became a cookie: the same path on this very host.
 * The path is rebuilt with exactly one leading slash and made absolute on the Host already checked,
 * so a path such as `/.//evil.example/` (or with backslashes) can never become a link to another site.
 */
export function sameHostLocation(host: string, url: URL): string {
  const path = `/${url.pathname.replace(/^[/\\]+/, '')}`;
  const target = new URL(`http://${host}`);
  target.pathname = path;
  target.search = url.search;
  return target.href;
}

/** 'ok', or the HTTP status to refuse with: 401 when no token was presented, 403 when it is wrong. */
export function checkToken(expected: string, presented: string | undefined): 'ok' | 401 | 403 {
  if (presented === undefined || presented === '') return 401;
  return tokenMatches(expected, presented) ? 'ok' : 403;
}

/** Loopback host names this server answers to; anything else is a DNS-rebinding attempt. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((h) => `http://${h}`);
}
