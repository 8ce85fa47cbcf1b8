/**
 * When "allow for a while" may be offered, and what such a grant covers. The GUI card, the terminal
 * prompt and the contract all ask here, so the three can never disagree.
 */

import type { KeyManagementKind } from '../../../shared/domain';
import type { PolicySubject } from './policy-rule';

export interface GrantTerms {
  /** Whether a grant may be made from this request at all. */
  offered: boolean;
  /** One line for the card: why no grant is offered, or exactly what a grant would cover. */
  note: string;
}

/** The key-management kinds a request performs: its own kind, or what its script does. */
export function keyManagementOf(req: PolicySubject): KeyManagementKind[] {
  if (req.operation === 'key_management') return req.keyManagement ? [req.keyManagement] : [];
  return req.script ? [...req.script.keyManagement] : [];
}

/**
 * A grant is bound to an identity that cannot simply be claimed: a NATS requester that signed its
 * request, or the SigSocket server the wallet itself connected to (which then speaks for every app
 * it relays). Key management is approved one request at a time, never by a grant.
 */
export function grantTerms(req: PolicySubject): GrantTerms {
  const km = keyManagementOf(req);
  if (km.length > 0) {
    return {
      offered: false,
      note: `This is key management (${km.join(', ')}): it is approved one request at a time, never for a while.`,
    };
  }
  if (req.source.kind === 'sigsocket') {
    return {
      offered: true,
      note: `A grant covers everything the server ${req.source.endpoint} relays, from any app behind it.`,
    };
  }
  if (!req.source.verified) {
    return {
      offered: false,
      note: 'No grant: this requester did not sign its request, so anyone could send as it.',
    };
  }
  if (req.operation === 'script') {
    return {
      offered: true,
      note: 'A grant covers this exact script text from this requester, unless you choose any script.',
    };
  }
  return { offered: true, note: 'A grant covers this requester, this keypair and this operation.' };
}
