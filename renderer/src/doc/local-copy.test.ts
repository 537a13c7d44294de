import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { sliceUpdate } from '../../../shared/sync/slice-update';
import { compactUpdates, type MergeUpdates } from './compact-store';
import { COMPACT_AT, LocalCopy } from './local-copy';
import { nextTask, writeSlices, type SlicedWrite } from './sliced-write';
import { openStoredCopy, storedUpdates } from './stored-updates';

let databases = 0;
const opened: IndexeddbPersistence[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(opened.splice(0).map((persistence) => persistence.destroy()));
});

/** A window's copy as DocStore makes it, whose compaction runs compactUpdates in this thread (the worker's code) with `merge`. */
async function openCopy(options: { name?: string; merge?: () => MergeUpdates } = {}) {
  const name = options.name ?? `kith-local-copy-${databases++}`;
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(name, doc);
  opened.push(persistence);
  const compactions: Promise<unknown>[] = [];
  const copy = new LocalCopy(persistence, {
    retryFirstMs: 1,
    // Several batches for a test's write of a few kilobytes.
    storeBatchBytes: 2048,
    compact: () => {
      const run = openStoredCopy(name).then((db) => compactUpdates(db, options.merge?.()).finally(() => db.close()));
      compactions.push(run.catch(() => undefined));
      return run;
    },
  });
  await persistence.whenSynced;
  return { name, doc, persistence, copy, compactions };
}

/** Resolves once every write y-indexeddb (or LocalCopy) has begun on `persistence` has committed. */
function flushed(persistence: IndexeddbPersistence): Promise<void> {
  return new Promise((resolve, reject) => {
    const transaction = persistence.db!.transaction(['updates'], 'readwrite');
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error);
  });
}

/** The document a later session loads from the store. */
async function loadStored(name: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const updates = await storedUpdates(name);
  Y.transact(doc, () => updates.forEach((update) => Y.applyUpdate(doc, update)));
  return doc;
}

/** Keys and values of the store, to compare before and after. */
async function snapshot(name: string): Promise<{ keys: IDBValidKey[]; values: Uint8Array[] }> {
  const db = await openStoredCopy(name);
  try {
    return await new Promise((resolve, reject) => {
      const store = db.transaction('updates', 'readonly').objectStore('updates');
      const keys = store.getAllKeys();
      const values = store.getAll();
      values.onsuccess = () => resolve({ keys: keys.result, values: values.result as Uint8Array[] });
      values.onerror = () => reject(values.error);
    });
  } finally {
    db.close();
  }
}

function edit(doc: Y.Doc, count: number, prefix = 'person'): void {
  const contacts = doc.getMap('contacts');
  for (let i = 0; i < count; i++) contacts.set(`${prefix}-${i}`, { name: `${prefix} ${i}` });
}

const expectSameDoc = (loaded: Y.Doc, doc: Y.Doc) => {
  expect(loaded.getMap('contacts').toJSON()).toEqual(doc.getMap('contacts').toJSON());
  expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(doc));
};

describe('compaction of the stored copy', () => {
  it('never reaches y-indexeddb\'s own trim (the whole document encoded on the UI thread) and compacts through the worker\'s transaction, keeping every update', async () => {
    const { name, doc, persistence, compactions } = await openCopy();
    edit(doc, COMPACT_AT + 100);
    await flushed(persistence);
    await vi.waitFor(() => expect(compactions.length).toBe(1));
    await compactions[0];
    await flushed(persistence);
    // y-indexeddb arms this timer only on its trim path (storeState of Y.encodeStateAsUpdate(doc)).
    expect(persistence._storeTimeoutId).toBeNull();
    const { values } = await snapshot(name);
    expect(values.length).toBeLessThan(COMPACT_AT);
    expectSameDoc(await loadStored(name), doc);
  });

  it('keeps a write the window makes while the compaction\'s transaction runs: it waits and takes a later key', async () => {
    const { name, doc, persistence } = await openCopy();
    edit(doc, 20);
    await flushed(persistence);
    const db = await openStoredCopy(name);
    let wrote: Promise<void> | null = null;
    const compacted = await compactUpdates(db, (updates) => {
      // Inside the transaction, between its read and its writes.
      wrote = new Promise((resolve) => {
        edit(doc, 1, 'meanwhile');
        resolve(flushed(persistence));
      });
      return Y.mergeUpdates(updates);
    }).finally(() => db.close());
    await wrote;
    expect(compacted.merged).toBe(21);
    const { keys } = await snapshot(name);
    expect(keys).toHaveLength(2);
    expectSameDoc(await loadStored(name), doc);
    expect((await loadStored(name)).getMap('contacts').has('meanwhile-0')).toBe(true);
  });

  it('leaves the store as it was when the merge fails', async () => {
    const { name, doc, persistence } = await openCopy();
    edit(doc, 30);
    await flushed(persistence);
    const before = await snapshot(name);
    const db = await openStoredCopy(name);
    await expect(
      compactUpdates(db, () => {
        throw new Error('QuotaExceededError: no room');
      }).finally(() => db.close()),
    ).rejects.toThrow('no room');
    expect(await snapshot(name)).toEqual(before);
    expectSameDoc(await loadStored(name), doc);
  });

  it('after a failed compaction warns in the console only, loses nothing and tries again later', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    let tries = 0;
    const failFirst = (): MergeUpdates => (updates) => {
      if (tries++ === 0) throw new Error('the worker ran out of memory');
      return Y.mergeUpdates(updates);
    };
    const { name, doc, persistence, compactions } = await openCopy({ merge: failFirst });
    edit(doc, COMPACT_AT);
    await flushed(persistence);
    await vi.waitFor(() => expect(compactions.length).toBe(2));
    await compactions[1];
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/trying again/);
    expect((await snapshot(name)).keys).toHaveLength(1);
    expectSameDoc(await loadStored(name), doc);
  });

  it('waits while a load or a sliced write is under way, and starts when it ends', async () => {
    const { doc, persistence, copy, compactions } = await openCopy();
    const resumeLoad = copy.pause();
    const storeWrite = copy.hold({});
    edit(doc, COMPACT_AT + 10);
    await flushed(persistence);
    for (let i = 0; i < 5; i++) await nextTask();
    expect(compactions).toHaveLength(0);
    resumeLoad();
    await flushed(persistence);
    expect(compactions).toHaveLength(0);
    await storeWrite();
    await vi.waitFor(() => expect(compactions.length).toBe(1));
  });
});

/** Each yield of the write waits until the test runs the next task. */
function steppedTasks() {
  const waiting: Array<() => void> = [];
  return {
    yieldTask: () => new Promise<void>((resolve) => waiting.push(resolve)),
    async step(): Promise<void> {
      waiting.shift()!();
      await nextTask();
    },
    get pending() {
      return waiting.length;
    },
  };
}

/** A sliced write as DocStore runs it: 150 people imported on a copy, in slices stored together at its end. */
function slicedImport(doc: Y.Doc, copy: LocalCopy) {
  const source = new Y.Doc();
  Y.applyUpdate(source, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(source);
  edit(source, 150, 'imported');
  const slices = sliceUpdate(Y.encodeStateAsUpdate(source, before), 512);
  const tasks = steppedTasks();
  let storeHeld: (() => Promise<void>) | null = null;
  let stored: Promise<void> | null = null;
  const written = writeSlices(doc, slices, {
    yieldTask: tasks.yieldTask,
    onBegin: (origin: SlicedWrite) => (storeHeld = copy.hold(origin)),
    onEnd: () => (stored = storeHeld!()),
  });
  return { slices, tasks, written, stored: () => stored };
}

const importedIn = (doc: Y.Doc) => [...doc.getMap('contacts').keys()].filter((key) => key.startsWith('imported-'));

describe('a sliced write in the stored copy', () => {
  it('is stored all at its end, loading equal to the doc, while an update from elsewhere meanwhile is stored at once', async () => {
    const { name, doc, persistence, copy } = await openCopy();
    edit(doc, 3, 'before');
    const write = slicedImport(doc, copy);
    expect(write.slices.length).toBeGreaterThan(3);
    await write.tasks.step();
    await write.tasks.step();
    expect(importedIn(doc).length).toBeGreaterThan(0);
    const host = new Y.Doc();
    host.getMap('contacts').set('from-host', { name: 'From the host' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(host), 'host');
    await flushed(persistence);
    const midway = await loadStored(name);
    expect(midway.getMap('contacts').has('from-host')).toBe(true);
    expect(midway.getMap('contacts').has('before-2')).toBe(true);
    expect(importedIn(midway)).toEqual([]);
    while (write.tasks.pending > 0) await write.tasks.step();
    expect(await write.written).toBe('written');
    await write.stored();
    const loaded = await loadStored(name);
    expect(importedIn(loaded)).toHaveLength(150);
    expectSameDoc(loaded, doc);
  });

  it('leaves none of the import in the stored copy when the window closes before its end', async () => {
    const { name, doc, persistence, copy } = await openCopy();
    edit(doc, 3, 'before');
    await flushed(persistence);
    const write = slicedImport(doc, copy);
    for (let i = 0; i < 3; i++) await write.tasks.step();
    expect(importedIn(doc).length).toBeGreaterThan(0);
    await persistence.destroy();
    while (write.tasks.pending > 0) await write.tasks.step();
    await write.written;
    await write.stored();
    const loaded = await loadStored(name);
    expect(importedIn(loaded)).toEqual([]);
    expect(loaded.getMap('contacts').has('before-2')).toBe(true);
  });
});
