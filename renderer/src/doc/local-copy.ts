/**
 * What y-indexeddb stores of the window's document, and when it compacts.
 *
 *   Y.Doc ──update──► LocalCopy ──► y-indexeddb's write (one IndexedDB key per update)
 *                        │  held: a sliced write's slices, stored together at its end
 *                        └─ ≥ COMPACT_AT stored ──► compact.worker.ts (compact-store.ts)
 *
 * Compaction. y-indexeddb counts its stored updates in `_dbsize` and, at
 * 500, encodes the whole document on the UI thread and stores that in place
 * of them: at 30,000 people a freeze of seconds after every 500 edits, after
 * an import (each of its slices is an update) and after a first sync. Its
 * count is made to read 0 for the whole session (an accessor in place of
 * the field): every path that sets it (its first read, its writes, its
 * compaction) is covered by one definition, whereas keeping the number low
 * by hand would have to follow each of them. This class counts instead and
 * has a worker merge the stored updates in one IndexedDB transaction; never
 * while a load or a sliced write is under way (`pause`), one at a time, and
 * after a failure (a full disk, a worker that stopped: the transaction
 * aborted, so nothing changed) again later, with backoff.
 *
 * A sliced write (an import, a restore: sliced-write.ts) is kept whole here
 * as it is on the host (DocSyncPeer.holdForwarded): its slices are held
 * (`hold`) rather than stored one by one, and stored in one transaction at
 * its end. A window closed before then stores none of it, and the host,
 * which drops what it held, has none either; updates of every other origin
 * (the host's) are stored as they come.
 */
import type * as Y from 'yjs';
import type { IndexeddbPersistence } from 'y-indexeddb';
import type { Compacted } from './compact-store';
import type { FromCompact, ToCompact } from './compact.worker';

/** Stored updates from which a compaction is asked for: y-indexeddb's own threshold (PREFERRED_TRIM_SIZE). */
export const COMPACT_AT = 500;
const RETRY_FIRST_MS = 30_000;
/** What a held write's end adds to IndexedDB per task. */
const STORE_BATCH_BYTES = 1024 * 1024;
const RETRY_MAX_MS = 10 * 60_000;

export interface LocalCopyOptions {
  /** Compacts the stored copy: `compactInWorker` in the window. */
  compact(): Promise<Compacted>;
  /** What a held write's end adds per task (1 MiB unless given). */
  storeBatchBytes?: number;
  /** The first wait after a failed compaction, doubled after each failure. */
  retryFirstMs?: number;
}

type StoreUpdate = (update: Uint8Array, origin: unknown) => void;

export class LocalCopy {
  /** Updates in the store as far as this window knows: those it found, plus those stored since, less those merged. */
  private stored = 0;
  private paused = 0;
  private compacting = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay: number;
  /** The updates of each held origin, in order. */
  private readonly held = new Map<unknown, Uint8Array[]>();

  /** Call right after y-indexeddb's persistence is made, before other update listeners (their order is kept). */
  constructor(
    private readonly persistence: IndexeddbPersistence,
    private readonly options: LocalCopyOptions,
  ) {
    this.retryDelay = options.retryFirstMs ?? RETRY_FIRST_MS;
    Object.defineProperty(persistence, '_dbsize', { get: () => 0, set: () => undefined, configurable: true });
    const store = persistence._storeUpdate as StoreUpdate;
    const doc: Y.Doc = persistence.doc;
    doc.off('update', store);
    // Through the field, because y-indexeddb's destroy() takes its listener off by it.
    persistence._storeUpdate = (update: Uint8Array, origin: unknown) => {
      // y-indexeddb's own rule: its own reads are stored already, and before its database is open its first read stores the whole document.
      if (origin === persistence || !persistence.db) return;
      const held = this.held.get(origin);
      if (held) return void held.push(update);
      store(update, origin);
      this.stored++;
      this.compactIfDue();
    };
    doc.on('update', persistence._storeUpdate);
    void persistence.whenSynced.then(() => this.countStored());
  }

  /** Until the returned function is called (once is enough), no compaction starts. */
  pause(): () => void {
    this.paused++;
    let resumed = false;
    return () => {
      if (resumed) return;
      resumed = true;
      this.paused--;
      this.compactIfDue();
    };
  }

  /**
   * Holds the updates of `origin` from now on (and pauses compaction) until
   * `store` is called: it stores them in one transaction and resolves once
   * that has committed (at once when the persistence was destroyed
   * meanwhile: the window is closing, and keeps none of them).
   */
  hold(origin: unknown): () => Promise<void> {
    const updates: Uint8Array[] = [];
    this.held.set(origin, updates);
    const resume = this.pause();
    let stored: Promise<void> | null = null;
    return () => {
      if (stored) return stored;
      this.held.delete(origin);
      stored = this.storeTogether(updates).finally(resume);
      return stored;
    };
  }

  private storeTogether(updates: Uint8Array[]): Promise<void> {
    const db = this.persistence.db;
    if (updates.length === 0 || !db || this.persistence._destroyed) return Promise.resolve();
    const batchBytes = this.options.storeBatchBytes ?? STORE_BATCH_BYTES;
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(['updates'], 'readwrite');
      const store = transaction.objectStore('updates');
      // A batch per task: the next is added from the last one's success (a task of its own, in which the transaction is still active), so an import of 30,000 people (~20 MB) is not copied into IndexedDB in one task.
      let next = 0;
      const addBatch = () => {
        let bytes = 0;
        let last: IDBRequest | null = null;
        while (next < updates.length && bytes < batchBytes) {
          bytes += updates[next]!.byteLength;
          last = store.add(updates[next++]!);
        }
        if (next < updates.length) last!.onsuccess = addBatch;
      };
      addBatch();
      transaction.oncomplete = () => {
        this.stored += updates.length;
        resolve();
      };
      // The change is in the doc and on the host (nothing is lost): the next session's sync brings it back into this copy.
      transaction.onabort = () =>
        reject(new Error(`This window's copy could not store the change (${transaction.error?.message ?? 'IndexedDB refused it'}); the host has it, and this copy gets it back when Kith next opens.`));
    });
  }

  private countStored(): void {
    const db = this.persistence.db;
    if (!db || this.persistence._destroyed) return;
    const count = db.transaction(['updates'], 'readonly').objectStore('updates').count();
    count.onsuccess = () => {
      this.stored += count.result;
      this.compactIfDue();
    };
  }

  private compactIfDue(): void {
    if (this.stored < COMPACT_AT || this.paused > 0 || this.compacting || this.retryTimer || this.persistence._destroyed) return;
    this.compacting = true;
    this.options.compact().then(
      ({ merged }) => {
        this.compacting = false;
        this.retryDelay = this.options.retryFirstMs ?? RETRY_FIRST_MS;
        if (merged > 0) this.stored = Math.max(0, this.stored - merged + 1);
      },
      (error: unknown) => {
        this.compacting = false;
        // Nothing was lost (the store is as it was) and nothing is wrong for the person: only the store stays bigger until a later try.
        console.warn(`Kith: compacting this profile's copy failed; trying again in ${Math.round(this.retryDelay / 1000)} s`, error);
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.compactIfDue();
        }, this.retryDelay);
        this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
      },
    );
  }
}

/** Compacts the stored copy of `docName` in compact.worker.ts. */
export function compactInWorker(docName: string): Promise<Compacted> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./compact.worker.ts', import.meta.url), { type: 'module' });
    } catch (error) {
      return reject(error instanceof Error ? error : new Error(String(error)));
    }
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'the compaction worker stopped'));
    };
    worker.onmessage = (event: MessageEvent<FromCompact>) => {
      worker.terminate();
      const message = event.data;
      if (message.type === 'compacted') resolve({ merged: message.merged, bytes: message.bytes });
      else reject(new Error(message.message));
    };
    worker.postMessage({ docName } satisfies ToCompact);
  });
}
