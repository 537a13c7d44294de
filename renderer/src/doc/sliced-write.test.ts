import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, listPeople, updatePerson } from '../../../shared/doc/people';
import { LOCAL_UI, MIGRATION } from '../../../shared/doc/origins';
import { migrate } from '../../../shared/doc/schema';
import { applyImport, planImport } from '../../../shared/interop/plan';
import type { ImportedContact } from '../../../shared/interop/contact';
import { readVCard } from '../../../shared/interop/vcard-read';
import { sliceUpdate } from '../../../shared/sync/slice-update';
import { afterBulkLoad, isBulkLoad } from './bulk-load';
import { nextTask, writeSlices } from './sliced-write';

/** A window's document with a few people, and its UndoManager as DocStore makes it (captureTimeout 0: each edit its own step). */
function windowDoc() {
  const doc = new Y.Doc();
  migrate(doc, MIGRATION);
  const ada = createPerson(doc, { name: 'Ada Okafor', emails: ['ada@okafor.example'] }, LOCAL_UI);
  createPerson(doc, { name: 'Grace Hopper' }, LOCAL_UI);
  const undoManager = new Y.UndoManager([doc.getMap('contacts'), doc.getMap('links'), doc.getMap('notes')], { trackedOrigins: new Set([LOCAL_UI]), captureTimeout: 0 });
  return { doc, ada, undoManager };
}

/** 120 new people, and Ada again by her email: the import merges a tag into her record. */
function vcardContacts(): ImportedContact[] {
  const cards = Array.from(
    { length: 120 },
    (_, i) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Member ${i} Quillfeather\r\nORG:Quill Guild\r\nEMAIL:member${i}@quill.example\r\nCATEGORIES:guild\r\nUID:member-${i}\r\nEND:VCARD\r\n`,
  );
  cards.push('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Okafor\r\nEMAIL:ada@okafor.example\r\nCATEGORIES:engines\r\nEND:VCARD\r\n');
  return readVCard(new TextEncoder().encode(cards.join(''))).contacts;
}

/** What the import worker does: imports `contacts` on a copy of `doc` and cuts what that wrote into slices of `bytes`. */
function importSlices(doc: Y.Doc, contacts: ImportedContact[], bytes: number): { update: Uint8Array; slices: Uint8Array[] } {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  const run = applyImport(copy, planImport(copy, contacts), {}, 'import', { batchSize: 50, inPlace: true });
  while (!run.next().done);
  const update = Y.encodeStateAsUpdate(copy, before);
  return { update, slices: sliceUpdate(update, bytes) };
}

/** A stand-in for the event loop: each yield waits until the test lets the next task run. */
function steppedTasks() {
  const waiting: Array<() => void> = [];
  return {
    yieldTask: () => new Promise<void>((resolve) => waiting.push(resolve)),
    /** Runs the next task, then whatever it started up to its next yield. */
    async step(): Promise<void> {
      waiting.shift()!();
      await nextTask();
    },
    get pending() {
      return waiting.length;
    },
  };
}

/** `doc` with `update` applied once more in one go: nothing of it may be missing from `doc`. */
function applied(doc: Y.Doc, update: Uint8Array): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  Y.applyUpdate(copy, update);
  return copy;
}

const people = (doc: Y.Doc) => listPeople(doc).map((person) => person.name).sort();

describe('writing a big change of the window’s own in slices', () => {
  const importing = vcardContacts();

  it('applies one slice per task, the views waiting for the end; the result is the document a one-shot apply gives', async () => {
    const { doc } = windowDoc();
    const oneShot = new Y.Doc();
    Y.applyUpdate(oneShot, Y.encodeStateAsUpdate(doc));
    const { update, slices } = importSlices(doc, importing, 2048);
    expect(slices.length).toBeGreaterThan(3);
    Y.applyUpdate(oneShot, update);

    const tasks = steppedTasks();
    const progress: number[] = [];
    const seen: boolean[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => seen.push(isBulkLoad(transaction)));
    let refreshed = 0;
    let began = 0;
    let ended = 0;
    const writing = writeSlices(doc, slices, {
      yieldTask: tasks.yieldTask,
      onProgress: (applied) => progress.push(applied),
      onBegin: () => began++,
      onEnd: () => ended++,
    });
    afterBulkLoad(doc, () => refreshed++);
    // Edits stop before anything is applied, in the task that started the write; nothing goes in within it.
    expect(began).toBe(1);
    expect(progress).toEqual([]);
    for (let task = 1; task <= slices.length; task++) {
      await tasks.step();
      expect(progress).toEqual(Array.from({ length: task }, (_, i) => i + 1));
      // Edits stay out and views wait until the last slice is in.
      expect(ended).toBe(0);
      expect(refreshed).toBe(0);
    }
    // Then the views read the change, in a task of their own, and edits resume.
    await tasks.step();
    expect(ended).toBe(1);
    expect(refreshed).toBe(1);
    await expect(writing).resolves.toBe('written');
    expect(tasks.pending).toBe(0);
    expect(ended).toBe(1);
    // Every slice was a load's transaction, and the views read the change once, at the end.
    expect(seen).toHaveLength(slices.length);
    expect(seen.every(Boolean)).toBe(true);
    expect(refreshed).toBe(1);
    expect(listPeople(doc)).toEqual(listPeople(oneShot));
    expect(doc.getMap('contacts').toJSON()).toEqual(oneShot.getMap('contacts').toJSON());
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(oneShot));
  });

  it('is one undo step: one Undo takes the whole import back, merged person included; Redo brings it back', async () => {
    const { doc, ada, undoManager } = windowDoc();
    updatePerson(doc, ada, 'role', 'Principal Engineer', LOCAL_UI);
    const before = doc.getMap('contacts').toJSON();
    const { slices } = importSlices(doc, importing, 2048);
    expect(slices.length).toBeGreaterThan(3);
    const stepsBefore = undoManager.undoStack.length;
    await writeSlices(doc, slices, { undoManager });
    expect(people(doc)).toHaveLength(122);
    expect(listPeople(doc).find((person) => person.id === ada)?.tags).toContain('engines');
    expect(undoManager.undoStack).toHaveLength(stepsBefore + 1);

    undoManager.undo();
    expect(doc.getMap('contacts').toJSON()).toEqual(before);
    // The edit before the import is a step of its own, still there to undo.
    expect(listPeople(doc).find((person) => person.id === ada)?.role).toBe('Principal Engineer');
    undoManager.redo();
    expect(people(doc)).toHaveLength(122);
  });

  it('an edit between two slices stays a step of its own, and the import is still one', async () => {
    const { doc, undoManager } = windowDoc();
    const { slices } = importSlices(doc, importing, 2048);
    const tasks = steppedTasks();
    const writing = writeSlices(doc, slices, { undoManager, yieldTask: tasks.yieldTask });
    await tasks.step();
    await tasks.step();
    createPerson(doc, { name: 'Made Meanwhile' }, LOCAL_UI);
    while (tasks.pending) await tasks.step();
    await writing;
    expect(people(doc)).toContain('Made Meanwhile');
    undoManager.undo();
    expect(people(doc)).not.toContain('Made Meanwhile');
    expect(people(doc)).toHaveLength(122);
    undoManager.undo();
    expect(people(doc)).toEqual(['Ada Okafor', 'Grace Hopper']);
  });

  it('cancelled before its first slice, it changes nothing and adds no undo step; edits resume', async () => {
    const { doc, undoManager } = windowDoc();
    createPerson(doc, { name: 'Made Before' }, LOCAL_UI);
    const before = Y.encodeStateAsUpdate(doc);
    const { slices } = importSlices(doc, importing, 2048);
    const cancel = new AbortController();
    let ended = 0;
    const writing = writeSlices(doc, slices, { undoManager, signal: cancel.signal, onEnd: () => ended++ });
    cancel.abort();
    await expect(writing).resolves.toBe('cancelled');
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(undoManager.undoStack).toHaveLength(1);
    expect(ended).toBe(1);
    // The next Undo is the edit before it.
    undoManager.undo();
    expect(people(doc)).toEqual(['Ada Okafor', 'Grace Hopper']);
  });

  it('once its first slice is in, a cancel changes nothing: all of it goes in', async () => {
    const { doc } = windowDoc();
    const { slices } = importSlices(doc, importing, 2048);
    const cancel = new AbortController();
    const tasks = steppedTasks();
    const writing = writeSlices(doc, slices, { signal: cancel.signal, yieldTask: tasks.yieldTask });
    await tasks.step();
    cancel.abort();
    while (tasks.pending) await tasks.step();
    await expect(writing).resolves.toBe('written');
    expect(people(doc)).toHaveLength(122);
  });
  it('an observer that throws on one slice stops nothing: every slice goes in, then the first error is given', async () => {
    const { doc } = windowDoc();
    const { update, slices } = importSlices(doc, importing, 2048);
    expect(slices.length).toBeGreaterThan(3);
    let seen = 0;
    doc.on('afterTransaction', () => {
      if (++seen === 2) throw new Error('a view failed');
    });
    const tasks = steppedTasks();
    const writing = writeSlices(doc, slices, { yieldTask: tasks.yieldTask });
    const failed = expect(writing).rejects.toThrow('a view failed');
    while (tasks.pending) await tasks.step();
    await failed;
    // All of the change is in: applying it whole once more adds nothing.
    expect(people(doc)).toHaveLength(122);
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(applied(doc, update)));
  });
});
