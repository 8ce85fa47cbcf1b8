/** Realistic pending requests for the render fixture: plain text, JSON, and an opaque 32-byte hash. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PendingRequestView } from '../../../shared/ipc/schemas';
import { at } from '../../helpers/at';

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** One pending SigSocket request; `kind` picks the payload shape shown on its card. */
export function sampleRequest(
  i: number,
  target: PendingRequestView['target'],
  kind: 'text' | 'json' | 'hash' = at(['text', 'json', 'hash'] as const, i % 3),
  now = Date.now(),
): PendingRequestView {
  const bytes =
    kind === 'hash'
      ? randomBytes(32)
      : Buffer.from(
          kind === 'json'
            ? JSON.stringify({ action: 'transfer', to: 'GBX4…Q7', amount: '12.50', asset: 'USDC', nonce: i }, null, 2)
            : `Login to app.example.com\nNonce: ${randomBytes(8).toString('hex')}\nIssued: ${new Date(now).toISOString()}`,
        );
  const requester = i % 2 ? 'billing-service' : null;
  return {
    id: randomUUID(),
    source: {
      kind: 'sigsocket',
      endpoint: 'ws://127.0.0.1:8080/ws',
      requester,
      verified: false,
      label: requester ?? 'ws://127.0.0.1:8080/ws',
    },
    target,
    contact: null,
    operation: 'sign',
    detail: null,
    script: null,
    grant: { offered: true, note: 'A grant covers everything the server ws://127.0.0.1:8080/ws relays.' },
    preview: {
      kind: kind === 'hash' ? 'hex' : kind,
      text: kind === 'hash' ? bytes.toString('hex') : bytes.toString(),
      truncated: false,
      size: bytes.length,
      sha256: sha(bytes),
      opaqueWarning: kind === 'hash',
      warnings: [],
    },
    state: 'pending',
    unlockNeeded: false,
    createdAt: now - i * 10,
    expiresAt: now - i * 10 + 60_000,
  };
}
