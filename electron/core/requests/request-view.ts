// Views of a live request, never its payload bytes: the contract's view for the GUI, and the snapshot in-process observers get.
import {
  type KeypairInfo,
  OPAQUE_32_WARNING,
  type PendingRequestView,
  type RequesterCheck,
} from '../../../shared/ipc/schemas';
import { grantTerms } from './grants';
import { derivePreview, type PayloadPreview } from './preview';
import type { QueuedRequest, RequestSnapshot, RequestSource, ScriptInfo } from './request';

/** The request's preview, derived from its own bytes once and shared (frozen) by every view. */
export function previewOf(req: QueuedRequest): PayloadPreview {
  if (!req.preview) {
    const preview = derivePreview(req.payload, req.payloadSha256);
    Object.freeze(preview.warnings);
    req.preview = Object.freeze(preview);
  }
  return req.preview;
}

/** A live request for in-process observers (CLI approver, NATS service): copies of plain fields, the shared frozen preview. */
export function toSnapshot(req: QueuedRequest): RequestSnapshot {
  return {
    id: req.id,
    source: { ...req.source },
    requester: req.requester,
    target: { ...req.target },
    operation: req.operation,
    ...(req.keyManagement ? { keyManagement: req.keyManagement } : {}),
    preview: previewOf(req),
    ...(req.script ? { script: scriptView(req.script) } : {}),
    state: req.state === 'approved' ? 'approved' : 'pending',
    unlockNeeded: req.unlockNeeded,
    ...(req.decidedBy ? { decidedBy: req.decidedBy } : {}),
    createdAt: req.createdAt,
    expiresAt: req.expiresAt,
  };
}

/** A copy of a script's description that a view may hold without sharing the queue's arrays. */
function scriptView(script: ScriptInfo): ScriptInfo {
  return {
    text: script.text,
    calls: [...script.calls],
    keyspaces: [...script.keyspaces],
    keyManagement: [...script.keyManagement],
  };
}

/** What the contract's view adds from outside the queue: the keypair a target names, and who the requester is. */
export interface ViewLookups {
  findKeypair?: (keyspace: string, nameOrPublicKey: string) => KeypairInfo | undefined;
  /** Who a request's requester is to the user (contacts), given when it arrived; null where nobody is checkable. */
  contactOf?: (source: RequestSource, requestAt: number) => RequesterCheck | null;
}

/** The contract's view of a live request, what the GUI shows: built straight from the request, no payload bytes. */
export function contractView(req: QueuedRequest, lookups: ViewLookups = {}): PendingRequestView {
  const { source, target, script } = req;
  const kp = target.keypair ? lookups.findKeypair?.(target.keyspace, target.keypair) : undefined;
  const preview = previewOf(req);
  return {
    id: req.id,
    source: {
      kind: source.kind,
      endpoint: source.endpoint,
      requester: source.requester ?? null,
      verified: source.verified,
      label: req.requester,
    },
    target: { keyspace: target.keyspace, keypair: kp?.publicKey ?? target.keypair, keypairName: kp?.name ?? null },
    contact: lookups.contactOf?.(source, req.createdAt) ?? null,
    operation: req.operation,
    detail: req.keyManagement ?? (script ? script.calls.join(', ') : null),
    script: script
      ? {
          source: script.text,
          functions: [...script.calls],
          keyspaces: [...script.keyspaces],
          keyManagement: [...script.keyManagement],
        }
      : null,
    grant: grantTerms(req),
    preview: {
      kind: preview.kind,
      text: preview.text,
      truncated: preview.truncated,
      size: preview.size,
      sha256: preview.sha256,
      opaqueWarning: preview.warnings.includes(OPAQUE_32_WARNING),
      warnings: preview.warnings,
    },
    state: req.state === 'approved' ? 'approved' : 'pending',
    unlockNeeded: req.unlockNeeded,
    createdAt: req.createdAt,
    expiresAt: req.expiresAt,
  };
}
