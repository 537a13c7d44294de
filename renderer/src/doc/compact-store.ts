/**
 * Compaction of this profile's stored copy (y-indexeddb's `updates` store),
 * run in compact.worker.ts rather than by y-indexeddb, whose own compaction
 * encodes the whole document on the UI thread (at 30,000 people a task of
 * seconds; local-copy.ts keeps it from running).
 *
 * One readwrite transaction does it all: read every key and value, merge
 * the values, put the merged update at the last key read and delete the keys
 * below it. The transaction waits on nothing but its own requests (the merge
 * runs inside a request's callback), so it stays active and either commits
 * whole or changes nothing. IndexedDB runs transactions whose scopes overlap
 * one after another: the window's writes that come meanwhile wait for it and
 * take later keys, which it never touches; a reader (the stored-slices or
 * readers workers) sees the store as it was before or after, never between.
 */
import * as Y from 'yjs';

export interface Compacted {
  /** How many stored updates became one (0: there was nothing to merge). */
  merged: number;
  /** The merged update's size. */
  bytes: number;
}

/** Merges stored updates into one. Y.mergeUpdates works on the encoded updates without building a document: at 30,000 people (a 67 MB copy and 600 edits) 6.1 s in Node against 19.9 s for applying them to a fresh Y.Doc and encoding it, the same bytes either way (bench compact-merge-30000). */
export type MergeUpdates = (updates: Uint8Array[]) => Uint8Array;

/** Compacts the `updates` store of `db` (see the header); rejects, leaving the store as it was, when anything fails. */
export function compactUpdates(db: IDBDatabase, merge: MergeUpdates = Y.mergeUpdates): Promise<Compacted> {
  return new Promise((resolve, reject) => {
    let transaction: IDBTransaction;
    try {
      transaction = db.transaction('updates', 'readwrite');
    } catch (error) {
      return reject(error instanceof Error ? error : new Error(String(error)));
    }
    const store = transaction.objectStore('updates');
    const keys = store.getAllKeys();
    const values = store.getAll();
    let result: Compacted = { merged: 0, bytes: 0 };
    let failure: unknown = null;
    values.onsuccess = () => {
      const read = keys.result as IDBValidKey[];
      if (read.length < 2) return;
      try {
        const merged = merge(values.result as Uint8Array[]);
        const last = read[read.length - 1]!;
        store.put(merged, last);
        store.delete(IDBKeyRange.upperBound(last, true));
        result = { merged: read.length, bytes: merged.byteLength };
      } catch (error) {
        failure = error;
        transaction.abort();
      }
    };
    transaction.oncomplete = () => resolve(result);
    transaction.onabort = () => {
      const error = failure ?? transaction.error;
      reject(error instanceof Error ? error : new Error(error ? String(error) : 'IndexedDB aborted the compaction'));
    };
  });
}
