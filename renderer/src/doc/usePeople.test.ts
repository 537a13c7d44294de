import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson, listPeople, purgePerson, restorePerson, updatePerson } from '../../../shared/doc/people';
import { LOCAL_UI } from '../../../shared/doc/origins';
import { generateNetwork } from '../../../e2e/fixtures/network';
import { Rng } from '../../../e2e/fixtures/random';
import { beginBulkLoad } from './bulk-load';
import { peopleStore } from './usePeople';

const NAMES = ['Ada Lovelace', 'ada lovelace', 'Émile Zola', 'Zoë Ng', 'Björk', 'A', '10 Downing', '9 Elms'];

/** One edit of people as the window or a synced device makes it. */
function randomEdit(rng: Rng, doc: Y.Doc): void {
  const everyone = listPeople(doc, { includeDeleted: true });
  const live = everyone.filter((person) => !person.deletedAt);
  const someone = rng.pick(live);
  switch (rng.int(7)) {
    case 0:
      createPerson(doc, { name: rng.pick(NAMES), org: someone.org }, LOCAL_UI);
      return;
    case 1:
      updatePerson(doc, someone.id, 'name', rng.pick([...NAMES, `${someone.name} Jr`]), LOCAL_UI);
      return;
    case 2:
      updatePerson(doc, someone.id, 'interests', [...someone.interests, rng.pick(['tango', 'go'])], LOCAL_UI);
      return;
    case 3:
      deletePerson(doc, someone.id, LOCAL_UI);
      return;
    case 4: {
      const trashed = everyone.filter((person) => person.deletedAt);
      if (trashed.length) restorePerson(doc, rng.pick(trashed).id, LOCAL_UI);
      return;
    }
    case 5: {
      const trashed = everyone.filter((person) => person.deletedAt);
      if (trashed.length) purgePerson(doc, rng.pick(trashed).id, LOCAL_UI);
      return;
    }
    default: {
      // From another device: two people changed in one update, one of them renamed.
      const other = new Y.Doc();
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
      const [first, second] = [rng.pick(live), rng.pick(live)];
      updatePerson(other, first.id, 'org', 'Elsewhere Ltd', 'remote');
      updatePerson(other, second.id, 'name', rng.pick(NAMES), 'remote');
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), 'remote');
    }
  }
}

describe('the people list', () => {
  it('stays what listPeople reads as people are added, renamed, edited, trashed, restored and purged', async () => {
    const doc = generateNetwork({ seed: 15, people: 120, linksPerPerson: 1, notesPerPerson: 1 });
    const store = peopleStore(doc);
    await store.whenRead();
    let told = 0;
    store.subscribe(() => told++);
    const rng = new Rng(15);
    for (let step = 0; step < 100; step++) {
      randomEdit(rng, doc);
      expect(store.getSnapshot(), `step ${step}`).toEqual(listPeople(doc, { includeDeleted: true }));
    }
    expect(told).toBeGreaterThan(60);
  });

  it('re-reads only the people an edit changed', async () => {
    const doc = generateNetwork({ seed: 16, people: 50, linksPerPerson: 1, notesPerPerson: 1 });
    const store = peopleStore(doc);
    await store.whenRead();
    const before = store.getSnapshot();
    const edited = before[10]!;
    updatePerson(doc, edited.id, 'org', 'Kith Labs', LOCAL_UI);
    const after = store.getSnapshot();
    expect(after[10]).toMatchObject({ id: edited.id, org: 'Kith Labs' });
    expect(after.filter((person, index) => person !== before[index]).map((person) => person.id)).toEqual([edited.id]);
    // A change elsewhere in the document leaves the list as it was.
    Y.transact(doc, () => doc.getMap('meta').set('touched', 1));
    expect(store.getSnapshot()).toBe(after);
  });

  it('reads everyone after a load a task at a time, keeps the list before it meanwhile, and takes in the edits made while it read', async () => {
    const doc = new Y.Doc();
    createPerson(doc, { name: 'Ada Lovelace' }, LOCAL_UI);
    // A budget of 0: one step a task, so the read spans many tasks whatever the machine's speed.
    const store = peopleStore(doc, 0);
    await store.whenRead();
    const before = store.getSnapshot();
    expect(before.map((person) => person.name)).toEqual(['Ada Lovelace']);
    const stored = {};
    const endLoad = beginBulkLoad(doc, stored);
    const network = generateNetwork({ seed: 17, people: 300, linksPerPerson: 0, notesPerPerson: 0 });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(network), stored);
    endLoad();
    // The read has begun and is not done: the list is the one before it, and says it is being read.
    expect(store.getReading()).not.toBeNull();
    expect(store.getSnapshot()).toBe(before);
    // Edits while it reads: a new person, a rename, a purge of someone it may have read already.
    const newcomer = createPerson(doc, { name: 'Grace Hopper' }, LOCAL_UI);
    const [first, second] = listPeople(doc).filter((person) => person.name !== 'Ada Lovelace');
    updatePerson(doc, first!.id, 'name', 'Zoë Ng', LOCAL_UI);
    deletePerson(doc, second!.id, LOCAL_UI);
    purgePerson(doc, second!.id, LOCAL_UI);
    await store.whenRead();
    expect(store.getReading()).toBeNull();
    const everyone = store.getSnapshot();
    expect(everyone).toEqual(listPeople(doc, { includeDeleted: true }));
    expect(everyone.map((person) => person.id)).toContain(newcomer);
    expect(everyone.some((person) => person.id === second!.id)).toBe(false);
    // Ada, the 300, Grace, less the one purged.
    expect(everyone.length).toBe(301);
  });

  it('shows the list kept from the last start until the store says its copy is in, then the document’s own', async () => {
    const doc = new Y.Doc();
    const store = peopleStore(doc, 0);
    await store.whenRead();
    const network = generateNetwork({ seed: 18, people: 50, linksPerPerson: 0, notesPerPerson: 0 });
    const lastTime = listPeople(network, { includeDeleted: true }).slice(0, 40);
    expect(store.showKept(lastTime)).toBe(true);
    expect(store.isKept()).toBe(true);
    expect(store.getSnapshot()).toBe(lastTime);
    // The stored copy comes in as a load; until its read is done the kept list stays.
    const stored = {};
    const endLoad = beginBulkLoad(doc, stored);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(network), stored);
    endLoad();
    expect(store.getSnapshot()).toBe(lastTime);
    await store.whenRead();
    // Read, but the store has not said the load is over: the window would otherwise go from the kept list to "Opening…" and back.
    expect(store.getSnapshot()).toBe(lastTime);
    // A change from elsewhere meanwhile is in the list that comes.
    const lateComer = createPerson(doc, { name: 'Late Comer' }, 'remote');
    store.settle();
    expect(store.isKept()).toBe(false);
    expect(store.getSnapshot()).toEqual(listPeople(doc, { includeDeleted: true }));
    expect(store.getSnapshot().map((person) => person.id)).toContain(lateComer);
    // Too late now: the document's list is never replaced by a kept one.
    expect(store.showKept(lastTime)).toBe(false);
    expect(store.getSnapshot()).toHaveLength(51);
  });

  it('gives a kept list way to an empty copy once the store says the load is over', async () => {
    const doc = new Y.Doc();
    const store = peopleStore(doc, 0);
    await store.whenRead();
    const kept = listPeople(generateNetwork({ seed: 19, people: 5, linksPerPerson: 0, notesPerPerson: 0 }));
    store.showKept(kept);
    // Nothing was stored: no load, so nothing else reads the document again.
    store.settle();
    await store.whenRead();
    expect(store.isKept()).toBe(false);
    expect(store.getSnapshot()).toEqual([]);
  });

  it('refuses a kept list once the document’s people have been read', async () => {
    const doc = generateNetwork({ seed: 20, people: 10, linksPerPerson: 0, notesPerPerson: 0 });
    const store = peopleStore(doc, 0);
    await store.whenRead();
    expect(store.showKept([])).toBe(false);
    expect(store.isKept()).toBe(false);
    expect(store.getSnapshot()).toHaveLength(10);
  });
});
