// The approval queue's public surface: what the wallet facade, IPC, SigSocket, NATS and the CLI use.
export type { AuditRecord } from './audit-entry';
export { AUDIT_EXPORT_FORMAT, exportAuditWithProof } from './audit-export';
export { listAuditFiles } from './audit-files';
export { AuditLog } from './audit-log';
export { queryAudit } from './audit-query';
export { type QueueChange, REFUSALS, type Refusal, RequestQueue, type SettledTimings } from './queue';
export type { RateLimitOptions } from './rate-limit';
export type { Outcome, RequestSnapshot, RequestSource, RequestSummary } from './request';
