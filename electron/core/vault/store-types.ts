// The SecretStore contract every store keeps, its version conflict error and the file-store warning.
import type { SecretStoreKind } from '../../../shared/domain';
import { WalletError } from '../../../shared/errors';
import type { SecretStoreInfo } from '../../../shared/ipc/schemas';

export type { SecretStoreKind } from '../../../shared/domain';
/** What the GUI shows about where secrets live, honestly: the file store always carries its warning. */
export type { SecretStoreInfo } from '../../../shared/ipc/schemas';

export interface StoredRecord {
  value: string;
  /** Changes on every write; compare-and-swap token for `write`. */
  version: string;
}

/**
 * Where encrypted keyspace blobs live, and any other small secret the wallet keeps under its own
 * RECORD_ID (keyspaces use 16 hex digits). Values are stored exactly as given, so in the file store
 * a value is only as private as it was made before. A store keeps each value whole: a reader sees
 * the old or the new value, never a mix.
 */
export interface SecretStore {
  readonly kind: SecretStoreKind;
  describe(): SecretStoreInfo;
  /** The record, or null when there is none; a damaged record throws 'corrupt'. */
  read(id: string): Promise<StoredRecord | null>;
  /**
   * Replaces the record atomically and returns its new version. With `expectedVersion`
   * (null = must not exist) it throws VersionConflict when another writer got there first.
   */
  write(id: string, value: string, opts?: { expectedVersion?: string | null }): Promise<string>;
  /** Deletes the record; deleting a missing one is fine. */
  remove(id: string): Promise<void>;
  /** Deletes leftovers of interrupted writes older than `graceMs`; never touches a live record. */
  collectGarbage(graceMs: number): Promise<void>;
}

/** Another process wrote the record between our read and our write. */
export class VersionConflict extends Error {
  constructor(readonly id: string) {
    super(`record ${id} changed underneath`);
    this.name = 'VersionConflict';
  }
}

/**
 * The file store's warning says which secrets only the file permissions protect: keyspaces are sealed
 * by their password, but other records (the NATS token or password) are stored as given.
 */
export const FILE_STORE_WARNING =
  'Secrets are kept in files in the data dir, not in the OS keychain. Keyspaces there are encrypted ' +
  'with their password, but anyone who can copy the files can try to guess it offline. The NATS token ' +
  'or password is stored there unencrypted: only the file permissions (owner only) protect it.';

/** Record ids never contain a dot, so keychain account names split unambiguously on dots. */
export const RECORD_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function checkRecordId(id: string): void {
  if (typeof id !== 'string' || !RECORD_ID.test(id)) {
    throw new WalletError('bad_input', 'secret record ids are 1-64 of a-z, 0-9, "_" and "-"');
  }
}
