// The approval queue's public surface: what the wallet facade, IPC, SigSocket, NATS and the CLI use.
export type { AuditEntry } from './audit-entry';
export { AUDIT_EXPORT_FORMAT, type AuditProof, exportAuditWithProof } from './audit-export';
export { LIVE_AUDIT_FILE, listAuditFiles } from './audit-files';
export { AuditLog, type AuditLogOptions } from './audit-log';
export { type AuditFilter, type AuditPage, auditFilterSchema, queryAudit } from './audit-query';
export { type Clock, systemClock } from './clock';
export {
  type PolicyDecision,
  PolicyEngine,
  type PolicyFallback,
  type RememberOptions,
  rememberSchema,
} from './policies';
export { loadPolicyFile, type PolicyFile, parsePolicyFile, policyFileSchema } from './policy-file';
export { type PolicyRule, type PolicyRuleInput, policyRuleInputSchema } from './policy-rule';
export { derivePreview, type Preview } from './preview';
export {
  DEFAULT_EXPIRY_MS,
  DEFAULT_MAX_PENDING,
  type QueueChange,
  type QueueOptions,
  REFUSALS,
  type Refusal,
  RequestQueue,
  type SettledTimings,
} from './queue';
export { DEFAULT_RATE_LIMIT, type RateLimitOptions } from './rate-limit';
export {
  type Outcome,
  type PendingRequestView,
  type RequestInput,
  type RequestSource,
  type RequestSummary,
  type RequestTarget,
  requestInputSchema,
  type Submission,
} from './request';
export type { Signer } from './signer';
