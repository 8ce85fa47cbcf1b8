/**
 * Which connection URLs carry the wallet's traffic unencrypted to another machine. Used by the GUI's
 * connection forms and view and by the CLI, so all of them warn about the same URLs in the same words.
 */

/** Schemes that never encrypt (`nats://` does when TLS is configured: nats.js then upgrades). */
const PLAINTEXT_SCHEMES = ['ws:', 'nats:'];

/** Loopback traffic never leaves this machine: localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '::1';
}

/**
 * A warning for a `ws://` or `nats://` URL to a host that is not loopback (null when it is fine).
 * `tls`: the connection is configured with TLS anyway (a NATS client certificate or CA).
 */
export function plaintextUrlWarning(url: string, opts: { tls?: boolean } = {}): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!PLAINTEXT_SCHEMES.includes(parsed.protocol) || isLoopbackHost(parsed.hostname)) return null;
  if (parsed.protocol === 'nats:' && opts.tls) return null;
  const secure = parsed.protocol === 'ws:' ? 'wss://' : 'tls:// (or TLS settings)';
  const secrets = parsed.protocol === 'nats:' ? 'the NATS token or password, ' : '';
  return (
    `${parsed.protocol}// to ${parsed.hostname} is not encrypted: ${secrets}every request and every signature ` +
    `cross the network in plain text, where anyone on the path can read or change them. Use ${secure}.`
  );
}
