/**
 * A worker's own replica of the window's document, filled without encoding
 * the whole document on the UI thread (at 30,000 people that holds the window
 * for seconds). The worker reads this profile's IndexedDB copy itself
 * (y-indexeddb's `updates` store, read-only) and says what it holds; the
 * window then sends only what that copy lacks.
 *
 *   window ── { type: 'load', docName } ──────► worker   loadStoredReplica
 *   window ◄── { type: 'loaded', stateVector } ──          (null: nothing read)
 *   window ── { type: 'update', update } ──────► worker   missingUpdate: the rest, or everything
 *
 * (The readers and network health workers read the same store through stored-updates.ts.)
 */
import * as Y from 'yjs';
import { storedUpdates } from './stored-updates';

/** In the worker: fills `replica` from the stored copy; resolves to its state vector, or null when nothing could be read. */
export async function loadStoredReplica(replica: Y.Doc, docName: string | null): Promise<Uint8Array | null> {
  if (!docName) return null;
  try {
    const updates = await storedUpdates(docName);
    Y.transact(replica, () => updates.forEach((update) => Y.applyUpdate(replica, update)));
    return Y.encodeStateVector(replica);
  } catch {
    return null;
  }
}

/** In the window: what a replica holding `stateVector` lacks (everything when it holds nothing). */
export function missingUpdate(doc: Y.Doc, stateVector: Uint8Array | null): Uint8Array {
  return stateVector ? Y.encodeStateAsUpdate(doc, stateVector) : Y.encodeStateAsUpdate(doc);
}
