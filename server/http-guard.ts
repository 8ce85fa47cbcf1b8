// Who may talk to the HTTP API: the Host allow-list (DNS rebinding), the Origin rule (web pages), the
// optional bearer token, and per-address connection counts. Each check answers with a status and a
// reason for the log line; none of them reads a body.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Paths any client may reach: they reveal liveness only, and load balancers probe them by address. */
export const OPEN_PATHS = new Set(['/healthz', '/readyz']);

export interface GuardOptions {
  listenHost: string;
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
  apiToken?: string;
}

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; error: string; reason: string };

const OK: Verdict = { ok: true };

/** The host name of a Host header, lower-cased, without port or IPv6 brackets; null when malformed. */
export function hostName(header: string | undefined): string | null {
  if (header === undefined || header.length === 0 || header.length > 300) return null;
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 1 ? h.slice(1, end) : null;
  }
  const [name = ''] = h.split(':');
  return /^[a-z0-9.-]+$/.test(name) ? name : null;
}

/** An origin in the form browsers send (scheme://host[:port]), lower-cased; null when it is not one. */
function normalizeOrigin(text: string): string | null {
  try {
    const u = new URL(text);
    return u.origin === 'null' ? null : u.origin.toLowerCase();
  } catch {
    return null;
  }
}

/** SHA-256 of the token, so comparisons take the same time whatever the candidate's length. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Builds the request check used for plain requests and WebSocket upgrades alike. */
export function createGuard(opts: GuardOptions): (req: IncomingMessage, path: string) => Verdict {
  const hosts = new Set(
    ['localhost', '127.0.0.1', opts.listenHost, ...opts.allowedHosts].map((h) => hostName(h) ?? h.toLowerCase()),
  );
  const origins = new Set(opts.allowedOrigins.map((o) => normalizeOrigin(o) ?? o.toLowerCase()));
  const token = opts.apiToken === undefined ? null : digest(opts.apiToken);
  return (req, path) => {
    if (OPEN_PATHS.has(path)) return OK;
    const host = hostName(req.headers.host);
    if (host === null || !hosts.has(host)) {
      return { ok: false, status: 403, error: 'Host not allowed', reason: 'host' };
    }
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const normalized = normalizeOrigin(origin);
      if (normalized === null || !origins.has(normalized)) {
        return { ok: false, status: 403, error: 'Origin not allowed', reason: 'origin' };
      }
    }
    // Wallets prove their key instead of holding the API token.
    if (token !== null && path !== '/ws') {
      const m = /^Bearer ([^\s]{1,4096})$/.exec(req.headers.authorization ?? '');
      // The token group is mandatory in the pattern, so a match always has it.
      if (m === null || !timingSafeEqual(digest(m[1]!), token)) {
        return { ok: false, status: 401, error: 'missing or wrong bearer token', reason: 'token' };
      }
    }
    return OK;
  };
}

/** Counts open things per remote address against a limit. */
export class PerAddressCounter {
  private readonly counts = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** Takes one slot for `address`; false when it already holds `limit`. */
  acquire(address: string): boolean {
    const n = this.counts.get(address) ?? 0;
    if (n >= this.limit) return false;
    this.counts.set(address, n + 1);
    return true;
  }

  /** Gives one slot back. */
  release(address: string): void {
    const n = (this.counts.get(address) ?? 0) - 1;
    if (n <= 0) this.counts.delete(address);
    else this.counts.set(address, n);
  }

  /** Slots held, all addresses together. */
  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }
}
