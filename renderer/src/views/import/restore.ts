/**
 * A restore on the restore worker's replica (restore.worker.ts): the whole
 * backup is read and checked first (checkBackup: JSON, format, schema, every
 * value), with progress; only then is it written, to the replica, and what
 * that wrote goes back to the window as one update. A bad file throws
 * RestoreError before anything is written.
 */
import * as Y from 'yjs';
import { checkBackup, writeBackup, type CheckOptions } from '../../../../shared/interop/backup';

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
