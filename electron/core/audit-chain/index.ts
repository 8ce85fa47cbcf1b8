// The audit log's tamper evidence: chained lines, signed checkpoints, the verifier, and the audit key's records.
export {
  type AuditSigner,
  auditSigner,
  keyFingerprint,
  rawPublicKey,
  spkiBase64,
  verifyAuditSignature,
} from './audit-key';
export {
  CHAIN_EVENTS,
  type ChainEvent,
  type CheckpointFields,
  chainFields,
  chainLine,
  chainStartBody,
  checkpointBody,
  GENESIS_PREV,
  headMessage,
  lineHash,
} from './chain-line';
export {
  AUDIT_HEAD_RECORD,
  AUDIT_KEY_RECORD,
  type AuditKeys,
  type AuditTrust,
  openAuditKeys,
  readAuditTrust,
} from './keychain-keys';
export { type RawLine, readLastLine, readRawLines } from './raw-lines';
export {
  type ChainBreak,
  type ChainHead,
  type ChainReport,
  type VerifyChainOptions,
  verifyChain,
} from './verify-chain';
