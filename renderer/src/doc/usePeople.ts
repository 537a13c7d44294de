import { useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { listPeople, type Person } from '../../../shared/doc/people';
import { root } from '../../../shared/doc/schema';
import { afterBulkLoad, isBulkLoad } from './bulk-load';

interface PeopleSnapshotStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): Person[];
}

const stores = new WeakMap<Y.Doc, PeopleSnapshotStore>();

/** One snapshot of everyone (the Trash too) per document, rebuilt once per transaction that touches contacts. */
function peopleStore(doc: Y.Doc): PeopleSnapshotStore {
  let store = stores.get(doc);
  if (store) return store;
  const read = () => listPeople(doc, { includeDeleted: true });
  let snapshot = read();
  const listeners = new Set<() => void>();
  const contacts = root(doc, 'contacts') as unknown as Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>;
  // afterTransaction rather than observeDeep: Yjs would build an event (and its path) for every nested change.
  const refresh = () => {
    snapshot = read();
    for (const listener of listeners) listener();
  };
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (!transaction.changedParentTypes.has(contacts) && !transaction.changed.has(contacts)) return;
    // A document filled in slices is read once, at the end (bulk-load.ts).
    if (isBulkLoad(transaction)) afterBulkLoad(doc, refresh);
    else refresh();
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

/** Everyone in the document, sorted by name; soft-deleted people only when asked. */
export function usePeople(doc: Y.Doc, options: { includeDeleted?: boolean } = {}): Person[] {
  const store = useMemo(() => peopleStore(doc), [doc]);
  const everyone = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const includeDeleted = options.includeDeleted ?? false;
  return useMemo(
    () => (includeDeleted ? everyone : everyone.filter((person) => !person.deletedAt)),
    [everyone, includeDeleted],
  );
}
