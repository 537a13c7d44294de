import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateNetwork } from '../../e2e/fixtures/network';
import { applyUpdateAsIs } from './apply-as-is';
import { sliceUpdate } from './slice-update';

type Heard = { update: Uint8Array; origin: unknown; transaction: Y.Transaction };

function listen(doc: Y.Doc): Heard[] {
  const heard: Heard[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => heard.push({ update, origin, transaction }));
  return heard;
}

describe('applying an update as it came', () => {
  it('hands every update listener the slice itself, once per slice, and a replica built from what they heard holds everything', () => {
    const source = generateNetwork({ seed: 3, people: 100, linksPerPerson: 1, notesPerPerson: 1 });
    const slices = sliceUpdate(Y.encodeStateAsUpdate(source), 8 * 1024);
    expect(slices.length).toBeGreaterThan(3);
    const doc = new Y.Doc();
    const heard = listen(doc);
    const order: string[] = [];
    doc.on('update', () => order.push('update'));
    doc.on('afterAllTransactions', () => order.push('all done'));
    const origin = { name: 'stored copy' };
    for (const slice of slices) applyUpdateAsIs(doc, slice, origin);
    expect(heard).toHaveLength(slices.length);
    heard.forEach((entry, index) => expect(entry.update).toBe(slices[index]));
    expect(heard.every((entry) => entry.origin === origin && entry.transaction.origin === origin)).toBe(true);
    // Where Yjs announces it: before the transaction's 'afterAllTransactions'.
    expect(order).toEqual(slices.flatMap(() => ['update', 'all done']));
    const replica = new Y.Doc();
    heard.forEach((entry) => Y.applyUpdate(replica, entry.update));
    expect(replica.getMap('contacts').toJSON()).toEqual(source.getMap('contacts').toJSON());
    expect(Y.encodeStateVector(replica)).toEqual(Y.encodeStateVector(source));
  });

  it('announces nothing for an update the document already had, and announces again once the apply is over', () => {
    const source = new Y.Doc();
    source.getMap('m').set('a', 1);
    const update = Y.encodeStateAsUpdate(source);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    const heard = listen(doc);
    applyUpdateAsIs(doc, update, 'again');
    expect(heard).toEqual([]);
    doc.getMap('m').set('b', 2);
    expect(heard).toHaveLength(1);
    expect(heard[0]!.update).not.toBe(update);
  });

  it('gives the listeners an update whose part waits for what it builds on, so that it is not lost when that comes', () => {
    const source = new Y.Doc();
    source.getArray('list').insert(0, ['first']);
    const first = Y.encodeStateAsUpdate(source);
    source.getArray('list').insert(1, ['second']);
    const second = Y.encodeStateAsUpdate(source, Y.encodeStateVector(stateOf(first)));
    const doc = new Y.Doc();
    const heard = listen(doc);
    applyUpdateAsIs(doc, second, 'load');
    applyUpdateAsIs(doc, first, 'load');
    expect(doc.getArray('list').toArray()).toEqual(['first', 'second']);
    const replica = new Y.Doc();
    heard.forEach((entry) => Y.applyUpdate(replica, entry.update));
    expect(replica.getArray('list').toArray()).toEqual(['first', 'second']);
  });

  it('encodes and announces as usual a transaction an observer starts with another origin', () => {
    const doc = new Y.Doc();
    const heard = listen(doc);
    const counter = doc.getMap('counter');
    doc.getMap('m').observe((event) => {
      if (event.transaction.origin === 'load') doc.transact(() => counter.set('seen', true), 'observer');
    });
    const source = new Y.Doc();
    source.getMap('m').set('a', 1);
    const update = Y.encodeStateAsUpdate(source);
    applyUpdateAsIs(doc, update, 'load');
    expect(heard.map((entry) => entry.origin)).toEqual(['load', 'observer']);
    expect(heard[0]!.update).toBe(update);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, heard[1]!.update);
    expect(replica.getMap('counter').get('seen')).toBe(true);
  });

  it('leaves the listeners in place when an observer throws', () => {
    const doc = new Y.Doc();
    const heard = listen(doc);
    const failing = () => {
      throw new Error('observer failed');
    };
    doc.getMap('m').observe(failing);
    const source = new Y.Doc();
    source.getMap('m').set('a', 1);
    expect(() => applyUpdateAsIs(doc, Y.encodeStateAsUpdate(source), 'load')).toThrow('observer failed');
    doc.getMap('m').unobserve(failing);
    doc.getMap('other').set('b', 2);
    expect(heard.at(-1)?.origin).toBeNull();
  });
});

function stateOf(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}
