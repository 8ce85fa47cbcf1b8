/**
 * The server's certificate key as a pin: SHA-256 of its SubjectPublicKeyInfo (DER), the value
 * `openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | sha256sum` prints. Pinning the
 * key rather than the certificate lets a server renew its certificate with the same key unnoticed.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** The SPKI SHA-256 (hex) of the peer behind an upgrade response, or null on a plain (ws://) socket. */
export function peerSpkiSha256(res: IncomingMessage): string | null {
  const socket = res.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerX509Certificate !== 'function') return null;
  const cert = socket.getPeerX509Certificate();
  if (!cert) return null;
  return createHash('sha256')
    .update(cert.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}
