// The approval queue's public surface: what the wallet facade, IPC, SigSocket, NATS and the CLI use.
export type { AuditEntry } from './audit-entry';
export { AUDIT_EXPORT_FORMAT, exportAuditWithProof } from './audit-export';
export { listAuditFiles } from './audit-files';
export { AuditLog } from './audit-log';
export { queryAudit } from './audit-query';
export { type QueueChange, REFUSALS, type Refusal, RequestQueue, type SettledTimings } from './queue';
export type { RateLimitOptions } from './rate-limit';
export type { Outcome, PendingRequestView, RequestSource, RequestSummary } from './request';
