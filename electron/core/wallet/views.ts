/** Maps the core's internal records onto the contract's views (what crosses IPC). */
import type { AuditEntry, PolicyView } from '../../../shared/ipc/schemas';
import type { AuditRecord } from '../requests';
import type { PolicyRule } from '../requests/policy-rule';

/** A contact's name for a requester key, or null (contacts). */
export type NameOf = (requester: string) => string | null;

export function policyView(p: PolicyRule, nameOf?: NameOf): PolicyView {
  return {
    id: p.id,
    source: p.source,
    requester: p.requester,
    contactName: nameOf?.(p.requester) ?? null,
    keyspace: p.keyspace,
    keypair: p.keypair,
    operation:
      p.operation === 'key_management' && p.keyManagement
        ? `key_management: ${p.keyManagement.join(', ')}`
        : p.operation,
    decision: p.effect,
    label: p.label ?? null,
    expiresAt: p.expiresAt ?? null,
    usesLeft: p.usesLeft ?? null,
    untilLock: p.untilLock,
    createdAt: p.createdAt,
  };
}

export function auditView(e: AuditRecord, nameOf?: NameOf): AuditEntry {
  const r = e.request;
  return {
    requestId: e.id,
    event: e.event,
    at: e.at,
    source: {
      kind: r.source.kind,
      endpoint: r.source.endpoint,
      requester: r.source.requester ?? null,
      verified: r.source.verified,
    },
    contactName: r.source.verified && r.source.requester ? (nameOf?.(r.source.requester) ?? null) : null,
    keyspace: r.target.keyspace,
    keypair: r.target.keypair,
    operation: r.operation,
    state: e.state,
    reason: e.reason ?? e.result?.detail ?? null,
    decidedBy: e.decidedBy ?? null,
    payloadSha256: r.payload.sha256,
    payloadSize: r.payload.size,
    signature: e.signature ?? null,
    createdAt: r.createdAt,
    decidedAt: e.event === 'settled' || e.event === 'decided' ? e.at : null,
  };
}
