/** Maps the core's internal records onto the contract's views (what crosses IPC). */
import type {
  AuditEntry as ContractAuditEntry,
  PendingRequestView,
  PolicyView,
  RequesterCheck,
} from '../../../shared/ipc/schemas';
import type { AuditEntry, PendingRequestView as QueueView, RequestSource } from '../requests';
import { grantTerms } from '../requests/grants';
import type { PolicyRule } from '../requests/policy-rule';
import { OPAQUE_32_WARNING } from '../requests/preview';
import type { KeypairInfo } from '../vault';

type FindKeypair = (keyspace: string, nameOrPublicKey: string) => KeypairInfo | undefined;

/** Who a request's requester is to the user (contacts), given when the request arrived; null where the source names nobody checkable. */
export type ContactOf = (source: RequestSource, requestAt: number) => RequesterCheck | null;

export function requestView(r: QueueView, findKeypair: FindKeypair, contactOf?: ContactOf): PendingRequestView {
  const kp = r.target.keypair ? findKeypair(r.target.keyspace, r.target.keypair) : undefined;
  return {
    id: r.id,
    source: {
      kind: r.source.kind,
      endpoint: r.source.endpoint,
      requester: r.source.requester ?? null,
      verified: r.source.verified,
      label: r.requester,
    },
    target: { keyspace: r.target.keyspace, keypair: kp?.publicKey ?? r.target.keypair, keypairName: kp?.name ?? null },
    contact: contactOf?.(r.source, r.createdAt) ?? null,
    operation: r.operation,
    detail: r.keyManagement ?? (r.script ? r.script.calls.join(', ') : null),
    script: r.script
      ? {
          source: r.script.text,
          functions: r.script.calls,
          keyspaces: r.script.keyspaces,
          keyManagement: r.script.keyManagement,
        }
      : null,
    grant: grantTerms(r),
    preview: {
      kind: r.preview.kind,
      text: r.preview.text,
      truncated: r.preview.truncated,
      size: r.preview.size,
      sha256: r.preview.sha256,
      opaqueWarning: r.preview.warnings.includes(OPAQUE_32_WARNING),
      warnings: r.preview.warnings,
    },
    state: r.state,
    unlockNeeded: r.unlockNeeded,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
  };
}

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

export function auditView(e: AuditEntry, nameOf?: NameOf): ContractAuditEntry {
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
