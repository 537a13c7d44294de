import { useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { root, type RootName } from '../../../shared/doc/schema';

type AnyType = Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>;

interface DocValueStore<T> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): T;
}

/**
 * A snapshot of `read(doc)`, recomputed after each transaction that touches
 * one of `roots` or anything in them — at once, or, for work too slow to do
 * on every edit, once edits have paused for `idleMs` (starting from `initial`).
 */
function docValueStore<T>(
  doc: Y.Doc,
  roots: readonly RootName[],
  read: (doc: Y.Doc) => T,
  deferred?: { initial: T; idleMs: number },
): DocValueStore<T> {
  const watched = roots.map((name) => root(doc, name) as unknown as AnyType);
  let snapshot = deferred ? deferred.initial : read(doc);
  return {
    subscribe(listener) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const recompute = () => {
        try {
          snapshot = read(doc);
        } catch (error) {
          // Never throw into Yjs: its other transaction listeners (the undo manager's among them) would not run.
          console.error('Kith: a view could not read the document', error);
          return;
        }
        listener();
      };
      const later = () => {
        clearTimeout(timer);
        timer = setTimeout(recompute, deferred!.idleMs);
      };
      const onTransaction = (transaction: Y.Transaction) => {
        if (!watched.some((type) => transaction.changedParentTypes.has(type) || transaction.changed.has(type))) return;
        if (deferred) later();
        else recompute();
      };
      doc.on('afterTransaction', onTransaction);
      if (deferred) later();
      return () => {
        clearTimeout(timer);
        doc.off('afterTransaction', onTransaction);
      };
    },
    getSnapshot: () => snapshot,
  };
}

/**
 * A value derived from the document for React. `roots` and `read` key the
 * subscription: pass a module-level constant and a memoised function.
 */
export function useDocValue<T>(doc: Y.Doc, roots: readonly RootName[], read: (doc: Y.Doc) => T): T {
  const store = useMemo(() => docValueStore(doc, roots, read), [doc, read, roots]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** Like useDocValue, for reads too slow for every edit: `initial` until edits pause for `idleMs`, then the value. */
export function useIdleDocValue<T>(
  doc: Y.Doc,
  roots: readonly RootName[],
  read: (doc: Y.Doc) => T,
  initial: T,
  idleMs: number,
): T {
  const store = useMemo(() => docValueStore(doc, roots, read, { initial, idleMs }), [doc, read, roots, initial, idleMs]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
