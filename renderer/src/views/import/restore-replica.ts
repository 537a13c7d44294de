/**
 * A restore on the restore worker's replica (restore.worker.ts), the one
 * path every restore takes, chosen in Import and export or opened with Kith: the whole
 * backup is read and checked first (checkBackup: JSON, format, schema, every
 * value), with progress; only then is it written, to the replica, and what
 * that wrote goes back to the window cut into slices (the window applies one
 * per task; cutting decodes the whole update, so it is done here). A bad
 * file throws RestoreError before anything is written.
 */
import * as Y from 'yjs';
import { checkBackup, NetworkNotEmptyError, RestoreError, writeBackup, type CheckOptions } from '../../../../shared/interop/backup';
import { sliceUpdate } from '../../../../shared/sync/slice-update';
import { WRITE_SLICE_BYTES } from '../../doc/sliced-write';
import type { FromRestoreWorker } from './restore-messages';

/** Entries checked between two progress reports. */
const PROGRESS_EVERY = 250;

/** Restores `text` into `replica`; returns what it wrote as one update, and how many people came back. */
export function restoreIntoReplica(replica: Y.Doc, text: string, origin: unknown, onProgress?: CheckOptions['onProgress']): { update: Uint8Array; people: number } {
  const checked = checkBackup(replica, text, { onProgress, every: PROGRESS_EVERY });
  const before = Y.encodeStateVector(replica);
  const { people } = writeBackup(replica, checked, origin);
  return { update: Y.encodeStateAsUpdate(replica, before), people };
}

/** The text of a backup file; a file that is not UTF-8 is no backup Kith wrote. */
export function backupText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return '';
  }
}

/**
 * What the worker answers for a backup file's bytes restored into `replica`:
 * the update it wrote in slices of at most `sliceBytes`, or why nothing was written (with what a network that
 * is not empty holds, for the window to say in its own words).
 */
export function restoreReply(
  replica: Y.Doc,
  bytes: Uint8Array,
  onProgress?: CheckOptions['onProgress'],
  sliceBytes = WRITE_SLICE_BYTES,
): Extract<FromRestoreWorker, { type: 'done' | 'failed' }> {
  try {
    const { update, people } = restoreIntoReplica(replica, backupText(bytes), 'restore', onProgress);
    return { type: 'done', slices: sliceUpdate(update, sliceBytes), people };
  } catch (error) {
    if (error instanceof NetworkNotEmptyError) return { type: 'failed', message: error.message, holds: [...error.holds] };
    if (error instanceof RestoreError) return { type: 'failed', message: error.message };
    return { type: 'failed', message: `Kith could not restore this backup: ${(error as Error).message}. Nothing was changed.` };
  }
}
