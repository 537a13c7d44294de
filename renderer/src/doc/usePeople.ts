import { useMemo, useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { listPeople, readPerson, type Person } from '../../../shared/doc/people';
import { root } from '../../../shared/doc/schema';
import { changedRecordIds, touches } from '../../../shared/readers/changed-records';
import { afterBulkLoad, isBulkLoad } from './bulk-load';

interface PeopleSnapshotStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): Person[];
}

const stores = new WeakMap<Y.Doc, PeopleSnapshotStore>();
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
/** listPeople's order. */
const byName = (a: Person, b: Person) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id);

/**
 * One snapshot of everyone (the Trash too) per document, sorted as
 * listPeople sorts. A transaction re-reads only the people it changed (at
 * 30,000 people reading everyone took 1.6-2 s, on every edit), and the
 * order is rebuilt only around a name that changed.
 */
export function peopleStore(doc: Y.Doc): PeopleSnapshotStore {
  let store = stores.get(doc);
  if (store) return store;
  const contacts = root(doc, 'contacts') as Y.Map<unknown>;
  let snapshot = listPeople(doc, { includeDeleted: true });
  const listeners = new Set<() => void>();
  let byId = new Map(snapshot.map((person) => [person.id, person]));
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const rereadAll = () => {
    snapshot = listPeople(doc, { includeDeleted: true });
    byId = new Map(snapshot.map((person) => [person.id, person]));
    notify();
  };
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (!touches(transaction, contacts)) return;
    // A document filled in slices is read once, at the end (bulk-load.ts).
    if (isBulkLoad(transaction)) return afterBulkLoad(doc, rereadAll);
    const replaced = new Map<string, Person | null>();
    let reorder = false;
    for (const id of changedRecordIds(transaction, contacts)) {
      const record = contacts.get(id);
      const before = byId.get(id);
      const after = record instanceof Y.Map ? readPerson(id, record as Y.Map<unknown>) : null;
      if (after) byId.set(id, after);
      else byId.delete(id);
      if (!before && !after) continue;
      replaced.set(id, after);
      if (!before || !after || before.name !== after.name) reorder = true;
    }
    if (replaced.size === 0) return;
    if (reorder) {
      const kept = snapshot.filter((person) => !replaced.has(person.id));
      const added = [...replaced.values()].filter((person): person is Person => person !== null).sort(byName);
      snapshot = mergeSorted(kept, added);
    } else snapshot = snapshot.map((person) => (replaced.get(person.id) ?? person));
    notify();
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

/** Two lists sorted by name as one: the few re-read people go into their places without sorting everyone again. */
function mergeSorted(many: Person[], few: Person[]): Person[] {
  if (few.length === 0) return many;
  const merged: Person[] = [];
  let next = 0;
  for (const person of many) {
    while (next < few.length && byName(few[next]!, person) < 0) merged.push(few[next++]!);
    merged.push(person);
  }
  while (next < few.length) merged.push(few[next++]!);
  return merged;
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
