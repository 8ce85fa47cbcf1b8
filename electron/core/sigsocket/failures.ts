// Which connection failures are worth retrying. Retrying cannot fix an untrusted certificate, a wrong
// URL or a server that refuses our introduction; those end in the `error` status instead.
import { CLOSE_CODES } from '../../../shared/sigsocket';

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A socket error in words, and whether it is final: TLS trust failures and HTTP 4xx on the upgrade are. */
export function describeSocketError(e: Error & { code?: string }): { reason: string; fatal: boolean } {
  if (e.code !== undefined && TLS_CODES.has(e.code)) {
    return { reason: `TLS certificate not trusted (${e.code}); configure the server's CA`, fatal: true };
  }
  const http = /Unexpected server response: (\d{3})/.exec(e.message);
  if (http !== null) {
    const status = Number(http[1]);
    // 408 and 429 say "later"; other 4xx say "wrong place"; 5xx are the server's own trouble.
    const fatal = status >= 400 && status < 500 && status !== 408 && status !== 429;
    return { reason: `server answered HTTP ${status} to the WebSocket upgrade`, fatal };
  }
  return { reason: e.code !== undefined ? `${e.code}: ${e.message}` : e.message, fatal: false };
}

/** The one final close code: 1008, the server refused our introduction (retrying sends the same one). */
export function isFatalClose(code: number, reason: string): string | null {
  if (code === CLOSE_CODES.badIntroduction) return `server refused the connection: ${reason || 'policy violation'}`;
  return null;
}

/**
 * Why a retryable close happened, in the words the status shows. 4001 is retried because another of
 * the user's own wallets may hold the key only for a while; 4003 because a locked key proves nothing
 * until it is unlocked.
 */
export function describeClose(code: number, reason: string): string {
  if (code === CLOSE_CODES.replaced) return 'replaced by another connection that proved this key';
  if (code === CLOSE_CODES.proofFailed) return reason || 'proof of key possession failed';
  return `closed by server (${code} ${reason})`;
}
