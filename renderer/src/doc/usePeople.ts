import { useMemo, useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { listPeople, readPerson, type Person } from '../../../shared/doc/people';
import { root } from '../../../shared/doc/schema';

interface PeopleSnapshotStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): Person[];
}

type AnyType = Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>;

const stores = new WeakMap<Y.Doc, PeopleSnapshotStore>();
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
/** listPeople's order. */
const byName = (a: Person, b: Person) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id);

/**
 * The ids of the people a transaction changed: the keys it set on the
 * contacts map, and the records (or the lists inside them) it edited.
 */
function changedIds(transaction: Y.Transaction, contacts: AnyType): Set<string> {
  const ids = new Set<string>();
  for (const key of transaction.changed.get(contacts) ?? []) if (key !== null) ids.add(key);
  for (const type of transaction.changed.keys()) {
    let inner: AnyType = type;
    while (inner._item && inner._item.parent !== contacts) inner = inner._item.parent as AnyType;
    if (inner._item && typeof inner._item.parentSub === 'string') ids.add(inner._item.parentSub);
  }
  return ids;
}

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
  const watched = contacts as unknown as AnyType;
  let snapshot = listPeople(doc, { includeDeleted: true });
  const byId = new Map(snapshot.map((person) => [person.id, person]));
  const listeners = new Set<() => void>();
  // afterTransaction rather than observeDeep: Yjs would build an event (and its path) for every nested change.
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (!transaction.changedParentTypes.has(watched) && !transaction.changed.has(watched)) return;
    const replaced = new Map<string, Person | null>();
    let reorder = false;
    for (const id of changedIds(transaction, watched)) {
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
