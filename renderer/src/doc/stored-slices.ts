/**
 * The window's side of stored-slices.worker.ts: fills the window's Y.Doc
 * from this profile's stored copy one slice per task (each slice arrives as
 * a message of its own, so the event loop runs between two of them).
 */
import * as Y from 'yjs';
import { applyUpdateAsIs } from '../../../shared/sync/apply-as-is';
import { storedUpdates } from './stored-updates';

export interface ToStoredSlices {
  docName: string;
  sliceBytes: number;
}

export type FromStoredSlices =
  | { type: 'total'; bytes: number }
  | { type: 'slice'; slice: Uint8Array }
  | { type: 'done' }
  | { type: 'failed'; message: string };

export interface StoredSlicesOptions {
  sliceBytes: number;
  /** The transaction origin of what is applied (y-indexeddb's persistence: it is stored already). */
  origin: unknown;
  /** Bytes applied so far, and what the stored copy holds once known. */
  onProgress(applied: number, total: number | null): void;
}

/**
 * Applies the stored copy of `docName` to `doc` in slices. If the worker cannot
 * read or slice it, the window reads it itself and applies it in one
 * transaction, as y-indexeddb does (slower; what was applied already applies
 * again as a no-op). Rejects only when that fails too.
 */
export function loadStoredSlices(doc: Y.Doc, docName: string, options: StoredSlicesOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let worker: Worker | undefined;
    let fellBack = false;
    const inOneGo = (why: string) => {
      if (fellBack) return;
      fellBack = true;
      worker?.terminate();
      console.warn(`Kith: reading this profile's copy in one piece (${why})`);
      storedUpdates(docName).then((updates) => {
        Y.transact(doc, () => updates.forEach((update) => Y.applyUpdate(doc, update)), options.origin);
        resolve();
      }, reject);
    };
    try {
      worker = new Worker(new URL('./stored-slices.worker.ts', import.meta.url), { type: 'module' });
    } catch (error) {
      return inOneGo((error as Error).message);
    }
    let applied = 0;
    let total: number | null = null;
    worker.onerror = (event) => inOneGo(event.message || 'the worker stopped');
    worker.onmessage = (event: MessageEvent<FromStoredSlices>) => {
      const message = event.data;
      if (fellBack) return;
      if (message.type === 'total') {
        total = message.bytes;
        options.onProgress(applied, total);
      } else if (message.type === 'slice') {
        try {
          // The doc's 'update' listeners get the slice itself rather than Yjs's encoding of it again (a third of the task).
          applyUpdateAsIs(doc, message.slice, options.origin);
        } catch (error) {
          return inOneGo((error as Error).message);
        }
        applied += message.slice.byteLength;
        options.onProgress(applied, total);
      } else if (message.type === 'done') {
        worker!.terminate();
        resolve();
      } else {
        inOneGo(message.message);
      }
    };
    worker.postMessage({ docName, sliceBytes: options.sliceBytes } satisfies ToStoredSlices);
  });
}
