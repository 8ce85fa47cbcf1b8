// The GUI's view of a live request: plain copies and a preview rendered once, never the payload bytes.
import { derivePreview, type Preview } from './preview';
import type { PendingRequestView, QueuedRequest, ScriptInfo } from './request';

/** The request's preview, derived from its own bytes once and shared (frozen) by every view. */
export function previewOf(req: QueuedRequest): Preview {
  if (!req.preview) {
    const preview = derivePreview(req.payload, req.payloadSha256);
    Object.freeze(preview.warnings);
    req.preview = Object.freeze(preview);
  }
  return req.preview;
}

/** The GUI's view of a live request: copies of plain fields, the shared frozen preview. */
export function toView(req: QueuedRequest): PendingRequestView {
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
