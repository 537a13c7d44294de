import { useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { listPeople, type Person } from '../../../shared/doc/people';
import { root } from '../../../shared/doc/schema';

interface PeopleSnapshotStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): Person[];
}

const stores = new WeakMap<Y.Doc, PeopleSnapshotStore>();

/** One snapshot of the people list per document, rebuilt once per transaction that touches contacts. */
function peopleStore(doc: Y.Doc): PeopleSnapshotStore {
  let store = stores.get(doc);
  if (store) return store;
  let snapshot = listPeople(doc);
  const listeners = new Set<() => void>();
  root(doc, 'contacts').observeDeep(() => {
    snapshot = listPeople(doc);
    for (const listener of listeners) listener();
  });
  store = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
  };
  stores.set(doc, store);
  return store;
}

export function usePeople(doc: Y.Doc): Person[] {
  const store = useMemo(() => peopleStore(doc), [doc]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
