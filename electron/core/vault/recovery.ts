// Crash recovery: finishing or undoing what a killed process left half done in the index and the store.
import { removeStaleTemps } from '../../../shared/node/atomic-file';
import { BACKOFF_FILE } from './backoff';
import { INDEX_FILE, type IndexData } from './index-file';
import type { SecretStore } from './store-types';

/**
 * Settles the index's intent log: an interrupted delete is finished at once; an interrupted create
 * is undone once it is older than `graceMs` (another process may still be in the middle of it).
 * A record is only removed when no keyspace in the index owns it. Changes `index.pending` in place
 * and says whether it changed, so the caller writes the index.
 */
export async function settleIntents(
  index: IndexData,
  store: SecretStore,
  now: number,
  graceMs: number,
): Promise<boolean> {
  const due = index.pending.filter((p) => p.store === store.kind && (p.op === 'delete' || now - p.at >= graceMs));
  for (const p of due) {
    if (!index.keyspaces.some((ks) => ks.id === p.id)) await store.remove(p.id);
    index.pending = index.pending.filter((q) => q !== p);
  }
  return due.length > 0;
}

/** Sweeps leftovers of interrupted writes older than `graceMs`: store garbage and temp files. */
export async function sweepLeftovers(store: SecretStore, dataDir: string, graceMs: number): Promise<void> {
  try {
    await store.collectGarbage(graceMs);
  } catch {
    // leftovers only cost space; the next open tries again
  }
  await removeStaleTemps(dataDir, graceMs, INDEX_FILE);
  await removeStaleTemps(dataDir, graceMs, BACKOFF_FILE);
}
