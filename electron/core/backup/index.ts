// Full-wallet backups in one standard age file: the document, creating, restoring, and the last-backup record.
export {
  type AgeKeys,
  type AgeUnlock,
  ageDecrypt,
  ageEncrypt,
  checkBackupPassphrase,
  checkRecipient,
  MIN_PASSPHRASE_CHARS,
  parseIdentityFile,
} from './age-file';
export {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupDocument,
  backupDocumentSchema,
  MAX_BACKUP_BYTES,
} from './backup-document';
export { BACKUP_STATE_FILE, type BackupState, keyspacesDigest, readBackupState, saveBackupState } from './backup-state';
export { type BackupSource, collectBackup } from './create-backup';
export { parseBackup, type RestoreReport, type RestoreTarget, restoreBackup } from './restore-backup';
