// Full-wallet backups in one standard age file: the document, creating, restoring, and the last-backup record.
export { type AgeKeys, type AgeUnlock, ageDecrypt, ageEncrypt, parseIdentityFile } from './age-file';
export { MAX_BACKUP_BYTES } from './backup-document';
export { keyspacesDigest, readBackupState, saveBackupState } from './backup-state';
export { collectBackup } from './create-backup';
export { parseBackup, restoreBackup } from './restore-backup';
