import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendToList, writeList, writeSet } from './records';
import { ME, NOTES, PEOPLE, PERSON_REFERENCES, RECORD_KINDS } from './kinds';
import { ROOTS } from './schema';
import { PERSON_FIELDS, createPerson, getPerson, personFields, updatePerson } from './people';
import { ME_FIELDS, getMe, updateMe } from './me';
import { LOCAL_UI } from './origins';

/** A record inside a document (a Y.Array can only be edited once it is integrated). */
function storedRecord(items: unknown[]): { doc: Y.Doc; record: Y.Map<unknown>; list: () => Y.Array<unknown> } {
  const doc = new Y.Doc();
  const record = new Y.Map<unknown>();
  doc.getMap('contacts').set('person:x', record);
  record.set('tags', Y.Array.from(items as string[]));
  return { doc, record, list: () => record.get('tags') as Y.Array<unknown> };
}

/** The inserts and deletes a write made, as Yjs reports them. */
function deltaOf(list: Y.Array<unknown>, write: () => void): unknown[] {
  let delta: unknown[] = [];
  list.observe((event) => (delta = event.changes.delta));
  write();
  return delta;
}

/** Two replicas of one document, joined by exchanging everything each lacks. */
function twoDevices(setup: (doc: Y.Doc) => string): { a: Y.Doc; b: Y.Doc; id: string; sync: () => void } {
  const a = new Y.Doc();
  const id = setup(a);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const sync = () => {
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  };
  return { a, b, id, sync };
}

describe('editing a list in place', () => {
  it('inserts and deletes only the items that differ, keeping the rest where they are', () => {
    const { doc, record, list } = storedRecord(['a', 'b', 'c']);
    const delta = deltaOf(list(), () => doc.transact(() => writeList(record, 'tags', ['a', 'c', 'd'])));
    expect(list().toArray()).toEqual(['a', 'c', 'd']);
    expect(delta).toEqual([{ retain: 1 }, { delete: 1 }, { retain: 1 }, { insert: ['d'] }]);
  });

  it('writes nothing when the list is the same', () => {
    const { doc, record, list } = storedRecord(['a', 'b']);
    const array = list();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.transact(() => writeList(record, 'tags', ['a', 'b']));
    expect(updates).toEqual([]);
    expect(list()).toBe(array);
  });

  it('replaces a stored value that is not a Y.Array, and drops items that are not strings', () => {
    const doc = new Y.Doc();
    const record = new Y.Map<unknown>();
    doc.getMap('contacts').set('person:x', record);
    record.set('tags', 'climbing, chess');
    doc.transact(() => writeList(record, 'tags', ['climbing']));
    expect(record.get('tags')).toBeInstanceOf(Y.Array);
    expect((record.get('tags') as Y.Array<string>).toArray()).toEqual(['climbing']);

    (record.get('tags') as Y.Array<unknown>).push([42]);
    doc.transact(() => writeList(record, 'tags', ['climbing', 'chess']));
    expect((record.get('tags') as Y.Array<string>).toArray()).toEqual(['climbing', 'chess']);
  });

  it('keeps the stored order of a set-like list, once each, and appends what is new', () => {
    const { doc, record, list } = storedRecord(['a', 'b', 'a', 'c']);
    doc.transact(() => writeSet(record, 'tags', ['d', 'c', 'a']));
    expect(list().toArray()).toEqual(['a', 'c', 'd']);
  });

  it('appends to a list, or starts one', () => {
    const { doc, record, list } = storedRecord(['a']);
    doc.transact(() => appendToList(record, 'tags', ['b']));
    expect(list().toArray()).toEqual(['a', 'b']);
    doc.transact(() => appendToList(record, 'phones', ['+44 20 7946 0000']));
    expect((record.get('phones') as Y.Array<string>).toArray()).toEqual(['+44 20 7946 0000']);
  });
});

describe('concurrent list edits merge', () => {
  it('keeps both tags two devices add at once, exactly once each', () => {
    const { a, b, id, sync } = twoDevices((doc) => createPerson(doc, { name: 'Ada', tags: ['maths'] }, LOCAL_UI));
    updatePerson(a, id, 'tags', ['maths', 'climbing'], LOCAL_UI);
    updatePerson(b, id, 'tags', ['maths', 'chess'], LOCAL_UI);
    sync();
    const tags = getPerson(a, id)!.tags;
    expect(tags.toSorted()).toEqual(['chess', 'climbing', 'maths']);
    expect(getPerson(b, id)!.tags).toEqual(tags);
  });

  it('keeps both first tags of a person created without any', () => {
    const { a, b, id, sync } = twoDevices((doc) => createPerson(doc, { name: 'Grace' }, LOCAL_UI));
    updatePerson(a, id, 'tags', ['climbing'], LOCAL_UI);
    updatePerson(b, id, 'tags', ['chess'], LOCAL_UI);
    sync();
    expect(getPerson(a, id)!.tags.toSorted()).toEqual(['chess', 'climbing']);
    expect(getPerson(b, id)!.tags).toEqual(getPerson(a, id)!.tags);
  });

  it('keeps a removal on one device and an addition on the other', () => {
    const { a, b, id, sync } = twoDevices((doc) => createPerson(doc, { name: 'Ada', emails: ['ada@a.org', 'ada@b.org'] }, LOCAL_UI));
    updatePerson(a, id, 'emails', ['ada@b.org'], LOCAL_UI);
    updatePerson(b, id, 'emails', ['ada@a.org', 'ada@b.org', 'ada@c.org'], LOCAL_UI);
    sync();
    expect(getPerson(a, id)!.emails).toEqual(['ada@b.org', 'ada@c.org']);
    expect(getPerson(b, id)!.emails).toEqual(['ada@b.org', 'ada@c.org']);
  });

  it('keeps both interests two devices add to my profile at once', () => {
    const { a, b, sync } = twoDevices((doc) => {
      updateMe(doc, 'interests', ['sailing'], LOCAL_UI);
      return 'me';
    });
    updateMe(a, 'interests', ['sailing', 'climbing'], LOCAL_UI);
    updateMe(b, 'interests', ['chess', 'sailing'], LOCAL_UI);
    sync();
    expect(getMe(a).interests).toEqual(['chess', 'sailing', 'climbing']);
    expect(getMe(b).interests).toEqual(getMe(a).interests);
  });
});

describe('the record kinds', () => {
  it('cover every root that holds records', () => {
    const bookkeeping = new Set(['layout', 'meta', 'aliases', 'me']);
    expect(RECORD_KINDS.map((kind) => kind.root).toSorted()).toEqual(ROOTS.filter((name) => !bookkeeping.has(name)).toSorted());
  });

  it('hold as lists exactly the fields a form gives as lists', () => {
    const lists = PERSON_FIELDS.filter((field) => personFields[field].safeParse([]).success);
    expect([...PEOPLE.lists].toSorted()).toEqual(lists.toSorted());
    expect([...ME.lists].toSorted()).toEqual(lists.filter((field) => (ME_FIELDS as readonly string[]).includes(field)).toSorted());
  });

  it('name every field that points at a person', () => {
    expect(PERSON_REFERENCES.map(({ kind, field, list }) => `${kind.root}.${field}${list ? '[]' : ''}`)).toEqual([
      'contacts.introducedBy',
      'links.from',
      'links.to',
      'notes.contactIds[]',
      'commitments.contactId',
      'requests.contactId',
      'asks.contactId',
    ]);
    expect(NOTES.lists.has('contactIds')).toBe(true);
  });

  it('start every list of a new person as a Y.Array, so the first additions merge', () => {
    const doc = new Y.Doc();
    const id = createPerson(doc, { name: 'Ada' }, LOCAL_UI);
    const record = PEOPLE.get(doc, id);
    for (const field of PEOPLE.lists) expect(record.get(field), field).toBeInstanceOf(Y.Array);
  });
});
