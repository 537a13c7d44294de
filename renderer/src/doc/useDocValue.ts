import { useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { root, type RootName } from '../../../shared/doc/schema';

type AnyType = Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>;

interface DocValueStore<T> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): T;
}

/** A snapshot of `read(doc)`, recomputed after each transaction that touches one of `roots` or anything in them. */
function docValueStore<T>(doc: Y.Doc, roots: readonly RootName[], read: (doc: Y.Doc) => T): DocValueStore<T> {
  const watched = roots.map((name) => root(doc, name) as unknown as AnyType);
  let snapshot = read(doc);
  return {
    subscribe(listener) {
      const onTransaction = (transaction: Y.Transaction) => {
        if (!watched.some((type) => transaction.changedParentTypes.has(type) || transaction.changed.has(type))) return;
        try {
          snapshot = read(doc);
        } catch (error) {
          // Never throw into Yjs: its other transaction listeners (the undo manager's among them) would not run.
          console.error('Kith: a view could not read the document', error);
          return;
        }
        listener();
      };
      doc.on('afterTransaction', onTransaction);
      return () => doc.off('afterTransaction', onTransaction);
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
