import { useMemo, useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { byName, listPeopleInSteps, readPerson, type PeopleReadProgress, type Person } from '../../../shared/doc/people';
import { root } from '../../../shared/doc/schema';
import { changedRecordIds, touches } from '../../../shared/readers/changed-records';
import { afterBulkLoad, isBulkLoad } from './bulk-load';
import { runInTasks } from './in-tasks';

export interface PeopleSnapshotStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): Person[];
  /** How far a read of everyone has got while it is going on (the snapshot is the one before it); null when there is none. */
  getReading(): PeopleReadProgress | null;
  /** Resolves once no read of everyone is going on. */
  whenRead(): Promise<void>;
  /**
   * Shows `people` (the list as it was last kept, people-cache.ts) until the
   * document's own list is read; ignored once it has been. False when ignored.
   */
  showKept(people: Person[]): boolean;
  /** The snapshot is the kept list, not yet the document's. */
  isKept(): boolean;
  /** The document is in: read it now if nothing else will (a kept list then gives way to it). */
  settle(): void;
}

const stores = new WeakMap<Y.Doc, PeopleSnapshotStore>();

/** A task of reading everyone: long enough to get on, short enough that the window stays responsive. */
const READ_BUDGET_MS = 30;
/** Progress is told at most this often (each tells App to render again). */
const PROGRESS_EVERY_MS = 250;

/**
 * One snapshot of everyone (the Trash too) per document, sorted as
 * listPeople sorts. A transaction re-reads only the people it changed (at
 * 30,000 people reading everyone took 1.6-2 s, on every edit), and the
 * order is rebuilt only around a name that changed. Everyone is read when
 * the store is made and after a load (bulk-load.ts), a task of about 30 ms
 * at a time (listPeopleInSteps); the snapshot before it stays until the
 * read is done, and edits made meanwhile are applied to its result.
 * `readBudgetMs` is that task's length (tests make it 0: a step a task).
 */
export function peopleStore(doc: Y.Doc, readBudgetMs = READ_BUDGET_MS): PeopleSnapshotStore {
  let store = stores.get(doc);
  if (store) return store;
  const contacts = root(doc, 'contacts') as Y.Map<unknown>;
  let snapshot: Person[] = [];
  let byId = new Map<string, Person>();
  let reading: PeopleReadProgress | null = null;
  /** The people changed while a read of everyone is going on. */
  let changedMeanwhile: Set<string> | null = null;
  let stopReading: (() => void) | null = null;
  let whenRead = Promise.resolve();
  let markRead: () => void = () => {};
  let toldAt = 0;
  /** The snapshot is a kept list (showKept); the first read of a document that holds anyone ends it. */
  let kept = false;
  /** A read of everyone has found the document's people (or its loaded emptiness): a kept list comes too late. */
  let readOnce = false;
  /** The store has said its copy is in (settle): a read now is the real list, even an empty one. */
  let loadSettled = false;
  /** A read that finished while a kept list showed and the load was not yet over: shown at settle(). */
  let parked: Person[] | null = null;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  /** Re-reads `ids` into the snapshot; true when it changed. */
  const reread = (ids: Iterable<string>): boolean => {
    const replaced = new Map<string, Person | null>();
    let reorder = false;
    for (const id of ids) {
      const record = contacts.get(id);
      const before = byId.get(id);
      const after = record instanceof Y.Map ? readPerson(id, record as Y.Map<unknown>) : null;
      if (after) byId.set(id, after);
      else byId.delete(id);
      if (!before && !after) continue;
      replaced.set(id, after);
      if (!before || !after || before.name !== after.name) reorder = true;
    }
    if (replaced.size === 0) return false;
    if (reorder) {
      const unchanged = snapshot.filter((person) => !replaced.has(person.id));
      const added = [...replaced.values()].filter((person): person is Person => person !== null).sort(byName);
      snapshot = mergeSorted(unchanged, added);
    } else snapshot = snapshot.map((person) => replaced.get(person.id) ?? person);
    return true;
  };
  /** Makes `everyone` (a finished read) the snapshot, with what changed while it read. */
  const adopt = (everyone: Person[]) => {
    kept = false;
    parked = null;
    if (everyone.length > 0 || loadSettled) readOnce = true;
    snapshot = everyone;
    byId = new Map(everyone.map((person) => [person.id, person]));
    reread(changedMeanwhile!);
    changedMeanwhile = null;
    notify();
  };
  const readAll = () => {
    stopReading?.();
    parked = null;
    if (!reading) whenRead = new Promise((resolve) => (markRead = resolve));
    reading = { read: 0, of: 0 };
    changedMeanwhile = new Set();
    stopReading = runInTasks(listPeopleInSteps(doc, { includeDeleted: true }), {
      budgetMs: readBudgetMs,
      onProgress(progress) {
        reading = { ...progress };
        if (performance.now() - toldAt < PROGRESS_EVERY_MS) return;
        toldAt = performance.now();
        notify();
      },
      done(everyone) {
        reading = null;
        stopReading = null;
        if (kept && !loadSettled) {
          // The window has not said its copy is in (settle): the kept list stays until it does, this read with it; changes meanwhile still count.
          parked = everyone;
          markRead();
          return;
        }
        adopt(everyone);
        markRead();
      },
    });
  };
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (!touches(transaction, contacts)) return;
    // A document filled in slices is read once, at the end (bulk-load.ts).
    if (isBulkLoad(transaction)) return afterBulkLoad(doc, readAll);
    const changed = changedRecordIds(transaction, contacts);
    if (changedMeanwhile) changed.forEach((id) => changedMeanwhile!.add(id));
    else if (reread(changed)) notify();
  });
  store = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    getReading: () => reading,
    whenRead: () => whenRead,
    showKept(people) {
      if (readOnce || loadSettled) return false;
      kept = true;
      snapshot = people;
      byId = new Map(people.map((person) => [person.id, person]));
      notify();
      return true;
    },
    isKept: () => kept,
    settle() {
      loadSettled = true;
      if (!kept || reading) return;
      if (parked) adopt(parked);
      else readAll();
    },
  };
  stores.set(doc, store);
  readAll();
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

/** How far the list's read of everyone has got, while it is going on (after a load); null when the list is complete. */
export function usePeopleReading(doc: Y.Doc): PeopleReadProgress | null {
  const store = useMemo(() => peopleStore(doc), [doc]);
  return useSyncExternalStore(store.subscribe, store.getReading);
}

/** The list shown is the one kept from the last start (people-cache.ts): read-only until the document's own is read. */
export function usePeopleKept(doc: Y.Doc): boolean {
  const store = useMemo(() => peopleStore(doc), [doc]);
  return useSyncExternalStore(store.subscribe, store.isKept);
}
