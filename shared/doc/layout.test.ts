import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson, purgePerson } from './people';
import { ValidationError } from './errors';
import { AUTO_LAYOUT, LOCAL_UI } from './origins';
import { root } from './schema';
import { ME_NODE, clearPositions, getPositions, setPosition, setPositions } from './layout';

function network() {
  const doc = new Y.Doc();
  const ann = createPerson(doc, { name: 'Ann' }, LOCAL_UI);
  const bob = createPerson(doc, { name: 'Bob' }, LOCAL_UI);
  return { doc, ann, bob };
}

function countTransactions(doc: Y.Doc) {
  const origins: unknown[] = [];
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.changed.size > 0) origins.push(transaction.origin);
  });
  return origins;
}

describe('map positions', () => {
  it('stores a plain { x, y } per person and for the user, tagged with the origin', () => {
    const { doc, ann } = network();
    const origins = countTransactions(doc);
    setPosition(doc, ann, { x: 10.5, y: -3 }, LOCAL_UI);
    setPosition(doc, ME_NODE, { x: 0, y: 0 }, LOCAL_UI);
    expect(root(doc, 'layout').get(ann)).toEqual({ x: 10.5, y: -3 });
    expect(getPositions(doc)).toEqual(new Map([[ann, { x: 10.5, y: -3 }], [ME_NODE, { x: 0, y: 0 }]]));
    expect(origins).toEqual([LOCAL_UI, LOCAL_UI]);
  });

  it('refuses non-finite numbers, unknown and trashed people, writing nothing', () => {
    const { doc, ann, bob } = network();
    deletePerson(doc, bob, LOCAL_UI);
    const origins = countTransactions(doc);
    for (const bad of [{ x: NaN, y: 0 }, { x: 0, y: Infinity }, { x: '1', y: 2 }, null]) {
      expect(() => setPosition(doc, ann, bad as never, LOCAL_UI)).toThrow(ValidationError);
    }
    expect(() => setPosition(doc, bob, { x: 1, y: 1 }, LOCAL_UI)).toThrow(/Bob is in the Trash/);
    expect(() => setPosition(doc, 'person:nobody', { x: 1, y: 1 }, LOCAL_UI)).toThrow(/not in your network/);
    expect(() => setPositions(doc, { [ann]: { x: 1, y: 1 }, [ME_NODE]: { x: NaN, y: 0 } }, LOCAL_UI)).toThrow(ValidationError);
    expect(origins).toEqual([]);
    expect(getPositions(doc).size).toBe(0);
  });

  it('writes a whole layout in one transaction that undoes as one step, skipping people deleted meanwhile', () => {
    const { doc, ann, bob } = network();
    const carl = createPerson(doc, { name: 'Carl' }, LOCAL_UI);
    deletePerson(doc, carl, LOCAL_UI);
    const undo = new Y.UndoManager(root(doc, 'layout'), { trackedOrigins: new Set([LOCAL_UI]) });
    const origins = countTransactions(doc);
    const skipped = setPositions(
      doc,
      new Map([
        [ann, { x: 1, y: 2 }],
        [bob, { x: 3, y: 4 }],
        [carl, { x: 5, y: 6 }],
      ]),
      LOCAL_UI,
    );
    expect(skipped).toEqual([carl]);
    expect(origins).toEqual([LOCAL_UI]);
    expect([...getPositions(doc).keys()].sort()).toEqual([ann, bob].sort());
    undo.undo();
    expect(getPositions(doc).size).toBe(0);
  });

  it('writes nothing when a layout repeats the stored positions', () => {
    const { doc, ann } = network();
    setPositions(doc, { [ann]: { x: 1, y: 2 } }, AUTO_LAYOUT);
    const origins = countTransactions(doc);
    setPositions(doc, { [ann]: { x: 1, y: 2 } }, AUTO_LAYOUT);
    setPosition(doc, ann, { x: 1, y: 2 }, LOCAL_UI);
    expect(origins).toEqual([]);
  });

  it('skips malformed stored entries written by another peer', () => {
    const { doc, ann, bob } = network();
    setPosition(doc, ann, { x: 1, y: 2 }, LOCAL_UI);
    root(doc, 'layout').set(bob, { x: 'left', y: 2 });
    root(doc, 'layout').set('person:other', 42);
    expect(getPositions(doc)).toEqual(new Map([[ann, { x: 1, y: 2 }]]));
  });

  it('clears positions in one transaction, ignoring ids without one', () => {
    const { doc, ann, bob } = network();
    setPositions(doc, { [ann]: { x: 1, y: 2 }, [bob]: { x: 3, y: 4 }, [ME_NODE]: { x: 0, y: 0 } }, LOCAL_UI);
    const origins = countTransactions(doc);
    clearPositions(doc, [ann, ME_NODE, 'person:unknown'], LOCAL_UI);
    clearPositions(doc, ['person:unknown'], LOCAL_UI);
    expect(origins).toEqual([LOCAL_UI]);
    expect([...getPositions(doc).keys()]).toEqual([bob]);
  });

  it('keeps a trashed person’s position for their return; purging removes it', () => {
    const { doc, ann } = network();
    setPosition(doc, ann, { x: 7, y: 8 }, LOCAL_UI);
    deletePerson(doc, ann, LOCAL_UI);
    expect(getPositions(doc).get(ann)).toEqual({ x: 7, y: 8 });
    purgePerson(doc, ann, LOCAL_UI);
    expect(getPositions(doc).has(ann)).toBe(false);
  });
});
