import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, listPeople, updatePerson } from '../../../shared/doc/people';
import { LOCAL_UI, MIGRATION } from '../../../shared/doc/origins';
import { migrate } from '../../../shared/doc/schema';
import { applyImport, planImport } from '../../../shared/interop/plan';
import { readVCard } from '../../../shared/interop/vcard-read';
import { sliceUpdate } from '../../../shared/sync/slice-update';
import { afterBulkLoad, isBulkLoad } from './bulk-load';
import { nextTask, STEP_WHAT, writeSlices } from './sliced-write';
import { bigStep, takeStepInSlices, type Direction } from './sliced-undo';

/** A few people, written as the window writes them (clientID fixed, so that two windows built alike give the same document). */
function baseUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 1001;
  migrate(doc, MIGRATION);
  const ada = createPerson(doc, { name: 'Ada Okafor', emails: ['ada@okafor.example'] }, LOCAL_UI);
  createPerson(doc, { name: 'Grace Hopper' }, LOCAL_UI);
  doc.getMap('meta').set('ada', ada);
  return Y.encodeStateAsUpdate(doc);
}

/** 150 new people, and Ada again by her email: the import merges a tag and a role into her record, replacing values of hers (updatedAt): it deletes as well as inserts. */
function importedCards(): Uint8Array {
  const cards = Array.from(
    { length: 150 },
    (_, i) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Member ${i} Quillfeather\r\nORG:Quill Guild\r\nTITLE:Scribe\r\nEMAIL:member${i}@quill.example\r\nCATEGORIES:guild,ink\r\nNOTE:Met at the ${i}th moot.\r\nUID:member-${i}\r\nEND:VCARD\r\n`,
  );
  cards.push('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Okafor\r\nEMAIL:ada@okafor.example\r\nTITLE:Principal Engineer\r\nCATEGORIES:engines\r\nEND:VCARD\r\n');
  return new TextEncoder().encode(cards.join(''));
}

/** What the import worker hands the window: the import, written on a copy of `state`, cut into slices. */
function importSlices(state: Uint8Array): Uint8Array[] {
  const copy = new Y.Doc();
  copy.clientID = 1002;
  Y.applyUpdate(copy, state);
  const before = Y.encodeStateVector(copy);
  const plan = planImport(copy, readVCard(importedCards()).contacts);
  const run = applyImport(copy, plan, { matched: 'merge' }, 'import', { batchSize: 50, inPlace: true });
  while (!run.next().done);
  return sliceUpdate(Y.encodeStateAsUpdate(copy, before), 2048);
}

const WINDOW_CLIENT = 1003;

/** The same history for every window (ids and times are random and read from the clock): a base, an edit of the window's own, and the import's slices. */
const history = (() => {
  const base = baseUpdate();
  // The window's edit, made where its items do not carry the window's clientID (Yjs gives a window that receives items of its own id another id).
  const doc = new Y.Doc();
  doc.clientID = 1004;
  Y.applyUpdate(doc, base);
  const ada = doc.getMap('meta').get('ada') as string;
  const baseOrg = listPeople(doc).find((person) => person.id === ada)!.org;
  const before = Y.encodeStateVector(doc);
  updatePerson(doc, ada, 'org', 'Analytical Engines', LOCAL_UI);
  const edit = Y.encodeStateAsUpdate(doc, before);
  return { base, ada, baseOrg, edit, slices: importSlices(Y.encodeStateAsUpdate(doc)) };
})();

/** A window that has imported the cards, as one undo step of its own (an edit before it, a step of its own too). */
async function importedWindow() {
  const doc = new Y.Doc();
  doc.clientID = WINDOW_CLIENT;
  Y.applyUpdate(doc, history.base);
  const undoManager = new Y.UndoManager([doc.getMap('contacts'), doc.getMap('links'), doc.getMap('notes')], { trackedOrigins: new Set([LOCAL_UI]), captureTimeout: 0 });
  Y.applyUpdate(doc, history.edit, LOCAL_UI);
  const beforeImport = roots(doc);
  await writeSlices(doc, history.slices, { undoManager, what: 'the import' });
  return { doc, undoManager, ada: history.ada, beforeImport, imported: roots(doc) };
}

/** Every root of the document, as JSON. */
function roots(doc: Y.Doc): Record<string, unknown> {
  return Object.fromEntries([...doc.share.keys()].sort().map((name) => [name, doc.getMap(name).toJSON()]));
}

/** A stand-in for the event loop: each yield waits until the test lets the next task run. */
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

const SLICE = 256;
const names = (doc: Y.Doc) => listPeople(doc).map((person) => person.name).sort();

/** Takes the next step both ways: `plain` with Yjs's one transaction, `sliced` in pieces; they must give the same document. */
async function both(plain: Awaited<ReturnType<typeof importedWindow>>, sliced: typeof plain, direction: Direction) {
  if (direction === 'undo') plain.undoManager.undo();
  else plain.undoManager.redo();
  await expect(takeStepInSlices(sliced.undoManager, direction, { sliceClocks: SLICE })).resolves.toBe(true);
  expect(roots(sliced.doc)).toEqual(roots(plain.doc));
  expect(Y.encodeStateVector(sliced.doc)).toEqual(Y.encodeStateVector(plain.doc));
  expect(sliced.undoManager.undoStack).toHaveLength(plain.undoManager.undoStack.length);
  expect(sliced.undoManager.redoStack).toHaveLength(plain.undoManager.redoStack.length);
}

describe('undo and redo of a big step, in slices', () => {
  it('a sliced import is a big step; a small edit is not', async () => {
    const { doc, undoManager, ada } = await importedWindow();
    expect(bigStep(undoManager, 'undo', SLICE)?.meta.get(STEP_WHAT)).toBe('the import');
    expect(bigStep(undoManager, 'redo', SLICE)).toBeNull();
    updatePerson(doc, ada, 'role', 'Fellow', LOCAL_UI);
    expect(bigStep(undoManager, 'undo', SLICE)).toBeNull();
  });

  it('gives the document a one-shot undo gives, and one redo step that brings the whole import back', async () => {
    const plain = await importedWindow();
    const sliced = await importedWindow();
    expect(roots(sliced.doc)).toEqual(roots(plain.doc));
    expect(names(sliced.doc)).toHaveLength(152);
    expect(sliced.undoManager.undoStack.at(-1)!.deletions.clients.size).toBeGreaterThan(0);
    const undoSteps = sliced.undoManager.undoStack.length;

    await both(plain, sliced, 'undo');
    expect(roots(sliced.doc)).toEqual(sliced.beforeImport);
    // The edit before the import is still the next step back; the whole import is one step forward.
    expect(sliced.undoManager.undoStack).toHaveLength(undoSteps - 1);
    expect(sliced.undoManager.redoStack).toHaveLength(1);
    expect(sliced.undoManager.redoStack[0]!.meta.get(STEP_WHAT)).toBe('the import');
    expect(bigStep(sliced.undoManager, 'redo', SLICE)).toBe(sliced.undoManager.redoStack[0]);

    await both(plain, sliced, 'redo');
    expect(roots(sliced.doc)).toEqual(sliced.imported);
    expect(sliced.undoManager.redoStack).toHaveLength(0);
    expect(listPeople(sliced.doc).find((person) => person.id === sliced.ada)).toMatchObject({ org: 'Analytical Engines', role: 'Principal Engineer' });
  });

  it('does not bring back a value the step itself wrote and replaced, nor lose one it replaced from before', async () => {
    const windows = [0, 1].map(() => {
      const doc = new Y.Doc();
      doc.clientID = WINDOW_CLIENT;
      const contacts = doc.getMap('contacts');
      const undoManager = new Y.UndoManager(contacts, { trackedOrigins: new Set([LOCAL_UI]), captureTimeout: 0 });
      doc.transact(() => contacts.set('kept', 'from before'), LOCAL_UI);
      doc.transact(() => {
        contacts.set('twice', 'first');
        contacts.set('twice', 'second');
        contacts.set('kept', 'replaced');
        for (let i = 0; i < 3 * SLICE; i++) contacts.set(`key ${i}`, i);
      }, LOCAL_UI);
      return { doc, undoManager };
    });
    const [plain, sliced] = windows as [(typeof windows)[number], (typeof windows)[number]];
    expect(bigStep(sliced.undoManager, 'undo', SLICE)).not.toBeNull();
    plain.undoManager.undo();
    await takeStepInSlices(sliced.undoManager, 'undo', { sliceClocks: SLICE });
    expect(sliced.doc.getMap('contacts').toJSON()).toEqual({ kept: 'from before' });
    expect(Y.encodeStateVector(sliced.doc)).toEqual(Y.encodeStateVector(plain.doc));
    plain.undoManager.redo();
    await takeStepInSlices(sliced.undoManager, 'redo', { sliceClocks: SLICE });
    expect(sliced.doc.getMap('contacts').toJSON()).toEqual(plain.doc.getMap('contacts').toJSON());
    expect(sliced.doc.getMap('contacts').get('twice')).toBe('second');
  });

  it('undo, redo, undo again: each the same as Yjs in one go, the edit before still undoable after', async () => {
    const plain = await importedWindow();
    const sliced = await importedWindow();
    await both(plain, sliced, 'undo');
    await both(plain, sliced, 'redo');
    await both(plain, sliced, 'undo');
    expect(roots(sliced.doc)).toEqual(sliced.beforeImport);
    expect(sliced.undoManager.redoStack).toHaveLength(1);
    // The small step before goes the plain way.
    expect(bigStep(sliced.undoManager, 'undo', SLICE)).toBeNull();
    sliced.undoManager.undo();
    expect(listPeople(sliced.doc).find((person) => person.id === sliced.ada)?.org).toBe(history.baseOrg);
  });

  it('takes one piece per task, as a load: views read once at the end, edits wait until then', async () => {
    const { doc, undoManager } = await importedWindow();
    const tasks = steppedTasks();
    const seen: boolean[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => seen.push(isBulkLoad(transaction)));
    let began: string | null = null;
    let ended = 0;
    let refreshed = 0;
    const undoing = takeStepInSlices(undoManager, 'undo', { sliceClocks: SLICE, yieldTask: tasks.yieldTask, onBegin: (what) => (began = what), onEnd: () => ended++ });
    afterBulkLoad(doc, () => refreshed++);
    // Begun in the task that asked, nothing taken yet; the step has left the undo stack already.
    expect(began).toBe('the import');
    expect(seen).toEqual([]);
    expect(undoManager.undoStack.at(-1)?.meta.has(STEP_WHAT)).toBe(false);
    let pieces = 0;
    while (tasks.pending) {
      await tasks.step();
      if (ended === 0) {
        pieces++;
        // Each task took one piece: one transaction, and no more.
        expect(seen).toHaveLength(pieces);
        expect(refreshed).toBe(0);
      }
    }
    await expect(undoing).resolves.toBe(true);
    expect(pieces).toBeGreaterThan(10);
    expect(seen.every(Boolean)).toBe(true);
    expect(ended).toBe(1);
    expect(refreshed).toBe(1);
    expect(names(doc)).toEqual(['Ada Okafor', 'Grace Hopper']);
  });

  it('keeps an edit from elsewhere that arrives between two pieces', async () => {
    const { doc, undoManager } = await importedWindow();
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(doc));
    const grace = listPeople(elsewhere).find((person) => person.name === 'Grace Hopper')!.id;
    const tasks = steppedTasks();
    const undoing = takeStepInSlices(undoManager, 'undo', { sliceClocks: SLICE, yieldTask: tasks.yieldTask });
    await tasks.step();
    await tasks.step();
    const before = Y.encodeStateVector(elsewhere);
    createPerson(elsewhere, { name: 'Made Elsewhere' }, 'other device');
    updatePerson(elsewhere, grace, 'role', 'Rear Admiral', 'other device');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(elsewhere, before), 'host');
    while (tasks.pending) await tasks.step();
    await undoing;
    expect(names(doc)).toEqual(['Ada Okafor', 'Grace Hopper', 'Made Elsewhere']);
    expect(listPeople(doc).find((person) => person.id === grace)?.role).toBe('Rear Admiral');
    // Redo brings the import back beside them.
    await takeStepInSlices(undoManager, 'redo', { sliceClocks: SLICE });
    expect(names(doc)).toHaveLength(153);
    expect(listPeople(doc).find((person) => person.id === grace)?.role).toBe('Rear Admiral');
  });

  it('an observer that throws on one piece stops none of the rest: all of it is undone, then the error is given; Undo still works', async () => {
    const plain = await importedWindow();
    const sliced = await importedWindow();
    let seen = 0;
    const failing = () => {
      if (++seen === 2) throw new Error('a view failed');
    };
    sliced.doc.getMap('contacts').observeDeep(failing);
    plain.undoManager.undo();
    await expect(takeStepInSlices(sliced.undoManager, 'undo', { sliceClocks: SLICE })).rejects.toThrow('a view failed');
    sliced.doc.getMap('contacts').unobserveDeep(failing);
    expect(roots(sliced.doc)).toEqual(roots(plain.doc));
    expect(sliced.undoManager.redoStack).toHaveLength(1);
    await takeStepInSlices(sliced.undoManager, 'redo', { sliceClocks: SLICE });
    expect(roots(sliced.doc)).toEqual(sliced.imported);
    // Yjs's own Undo is not left stuck on the failed piece.
    updatePerson(sliced.doc, sliced.ada, 'role', 'Fellow', LOCAL_UI);
    expect(sliced.undoManager.undo()).not.toBeNull();
    expect(listPeople(sliced.doc).find((person) => person.id === sliced.ada)?.role).toBe('Principal Engineer');
    expect(listPeople(sliced.doc).find((person) => person.id === sliced.ada)?.tags).toContain('engines');
  });

  it('with nothing to take, changes nothing', async () => {
    const doc = new Y.Doc();
    const undoManager = new Y.UndoManager(doc.getMap('contacts'), { trackedOrigins: new Set([LOCAL_UI]) });
    let began = 0;
    await expect(takeStepInSlices(undoManager, 'redo', { onBegin: () => began++ })).resolves.toBe(false);
    expect(began).toBe(0);
  });
});
