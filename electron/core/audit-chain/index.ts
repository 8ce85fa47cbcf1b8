// The audit log's tamper evidence: chained lines, signed checkpoints, the verifier, and the audit key's records.
export { auditSigner, keyFingerprint, rawPublicKey } from './audit-key';
export {
  CHAIN_EVENTS,
  chainFields,
  chainLine,
  chainStartBody,
  checkpointBody,
  GENESIS_PREV,
  headMessage,
  lineHash,
} from './chain-line';
export { type AuditKeys, openAuditKeys, readAuditTrust } from './keychain-keys';
export { type RawLine, readLastLine, readRawLines } from './raw-lines';
export { type ChainHead, type ChainReport, type VerifyChainOptions, verifyChain } from './verify-chain';
