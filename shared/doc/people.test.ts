import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createPerson,
  deletePerson,
  getPerson,
  listPeople,
  listPeopleInSteps,
  purgePerson,
  restorePerson,
  updatePerson,
} from './people';
import { ValidationError, NotFoundError } from './errors';
import { LOCAL_UI } from './origins';

const fixedClock = (iso: string) => () => new Date(iso);

function recordTransactions(doc: Y.Doc) {
  const seen: unknown[] = [];
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.changed.size > 0) seen.push(transaction.origin);
  });
  return seen;
}

describe('people operations', () => {
  it('creates a person with a prefixed id in one transaction tagged with the origin', () => {
    const doc = new Y.Doc();
    const origins = recordTransactions(doc);
    const id = createPerson(doc, { name: '  Ada Lovelace ', org: 'Analytical Engines' }, LOCAL_UI, fixedClock('2026-01-02T03:04:05Z'));
    expect(id).toMatch(/^person:[0-9a-z]{16}$/);
    expect(origins).toEqual([LOCAL_UI]);
    const person = getPerson(doc, id)!;
    expect(person.name).toBe('Ada Lovelace');
    expect(person.org).toBe('Analytical Engines');
    expect(person.role).toBe('');
    expect(person.tier).toBe('regular');
    expect(person.createdAt).toBe('2026-01-02T03:04:05.000Z');
    expect(person.deletedAt).toBeNull();
  });

  it('stores list fields as Y.Arrays so concurrent additions merge', () => {
    const doc = new Y.Doc();
    const id = createPerson(doc, { name: 'Grace', tags: ['navy', 'compilers'] }, LOCAL_UI);
    const record = doc.getMap('contacts').get(id) as Y.Map<unknown>;
    expect(record.get('tags')).toBeInstanceOf(Y.Array);
    expect(getPerson(doc, id)!.tags).toEqual(['navy', 'compilers']);
  });

  it('refuses invalid input and writes nothing', () => {
    const doc = new Y.Doc();
    const before = Y.encodeStateAsUpdate(doc);
    for (const input of [
      { name: '   ' },
      { org: 'No name' },
      { name: 'A', emails: ['not-an-email'] },
      { name: 'A', phones: ['call me maybe'] },
      { name: 'A', cadenceDays: 0 },
      { name: 'A', tier: 'best friend' },
      { name: 'A', unknownField: 1 },
      'just a string',
      null,
    ]) {
      expect(() => createPerson(doc, input, LOCAL_UI)).toThrow(ValidationError);
    }
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(listPeople(doc)).toEqual([]);
  });

  it('updates one field, stamps updatedAt, and refuses a bad value without writing', () => {
    const doc = new Y.Doc();
    const id = createPerson(doc, { name: 'Tim' }, LOCAL_UI, fixedClock('2026-01-01T00:00:00Z'));
    updatePerson(doc, id, 'role', 'Director', LOCAL_UI, fixedClock('2026-02-01T00:00:00Z'));
    expect(getPerson(doc, id)).toMatchObject({ role: 'Director', updatedAt: '2026-02-01T00:00:00.000Z' });

    const before = Y.encodeStateAsUpdate(doc);
    expect(() => updatePerson(doc, id, 'name', '', LOCAL_UI)).toThrow('A name is needed');
    expect(() => updatePerson(doc, id, 'emails', ['tim.example.org'], LOCAL_UI)).toThrow(ValidationError);
    expect(() => updatePerson(doc, id, 'introducedBy', id, LOCAL_UI)).toThrow('cannot introduce themself');
    expect(() => updatePerson(doc, id, 'nope' as 'name', 'x', LOCAL_UI)).toThrow(ValidationError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('refuses to edit a person who does not exist', () => {
    const doc = new Y.Doc();
    expect(() => updatePerson(doc, 'person:missing', 'name', 'X', LOCAL_UI)).toThrow(NotFoundError);
    expect(() => deletePerson(doc, 'person:missing', LOCAL_UI)).toThrow(NotFoundError);
  });

  it('soft-deletes and restores, keeping every field', () => {
    const doc = new Y.Doc();
    const id = createPerson(doc, { name: 'Linus', org: 'Kernel' }, LOCAL_UI);
    deletePerson(doc, id, LOCAL_UI, fixedClock('2026-03-01T00:00:00Z'));
    expect(listPeople(doc)).toEqual([]);
    expect(listPeople(doc, { includeDeleted: true })[0]).toMatchObject({ id, deletedAt: '2026-03-01T00:00:00.000Z' });
    restorePerson(doc, id, LOCAL_UI);
    expect(listPeople(doc)).toMatchObject([{ id, name: 'Linus', org: 'Kernel', deletedAt: null }]);
  });

  it('lists people by name, ignoring case and accents', () => {
    const doc = new Y.Doc();
    for (const name of ['zoë', 'Émile', 'adam', 'Bea']) createPerson(doc, { name }, LOCAL_UI);
    expect(listPeople(doc).map((person) => person.name)).toEqual(['adam', 'Bea', 'Émile', 'zoë']);
  });

  it('merges concurrent edits of different fields of one person', () => {
    const a = new Y.Doc();
    const id = createPerson(a, { name: 'Shared' }, LOCAL_UI);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    updatePerson(a, id, 'org', 'Org A', LOCAL_UI);
    updatePerson(b, id, 'role', 'Role B', LOCAL_UI);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(getPerson(a, id)).toMatchObject({ org: 'Org A', role: 'Role B' });
    expect(getPerson(b, id)).toEqual(getPerson(a, id));
  });

  it('shows a malformed stored value as empty instead of failing', () => {
    const doc = new Y.Doc();
    const id = createPerson(doc, { name: 'Odd' }, LOCAL_UI);
    (doc.getMap('contacts').get(id) as Y.Map<unknown>).set('tier', 42);
    expect(getPerson(doc, id)!.tier).toBe('regular');
  });
});

describe('purging from the Trash', () => {
  it('removes only a trashed person, with their map position', () => {
    const doc = new Y.Doc();
    const id = createPerson(doc, { name: 'Gone' }, LOCAL_UI);
    doc.getMap('layout').set(id, { x: 1, y: 2 });
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => purgePerson(doc, id, LOCAL_UI)).toThrow(ValidationError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    deletePerson(doc, id, LOCAL_UI);
    purgePerson(doc, id, LOCAL_UI);
    expect(getPerson(doc, id)).toBeNull();
    expect(doc.getMap('layout').has(id)).toBe(false);
  });
});

describe('reading everyone in steps', () => {
  it('returns what listPeople returns, in its order, over several sorted runs, and yields its progress on the way', () => {
    const doc = new Y.Doc();
    const names = ['Ada Lovelace', 'ada lovelace', 'Émile Zola', 'Zoë Ng', 'Björk', 'A', '10 Downing', '9 Elms', 'zoe ng'];
    doc.transact(() => {
      for (let index = 0; index < 1300; index++) {
        const id = createPerson(doc, { name: `${names[index % names.length]} ${index % 7}` }, LOCAL_UI);
        if (index % 11 === 0) deletePerson(doc, id, LOCAL_UI);
      }
    });
    for (const includeDeleted of [false, true]) {
      const steps = listPeopleInSteps(doc, { includeDeleted });
      const seen: number[] = [];
      let step = steps.next();
      for (; !step.done; step = steps.next()) seen.push(step.value.read);
      expect(step.value).toEqual(listPeople(doc, { includeDeleted }));
      expect(seen.length).toBeGreaterThan(20);
      expect(seen.at(-1)).toBe(1300);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    }
  });
});
