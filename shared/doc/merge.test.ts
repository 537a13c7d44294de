import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson, getPerson, listPeople, type PersonInput } from './people';
import { createNote, listNotes } from './notes';
import { createLink, listLinks } from './links';
import { ValidationError } from './errors';
import { LOCAL_UI } from './origins';
import { mergePeople } from './merge';
import { PERSON_REFERENCES } from './kinds';

const clock = (iso: string) => () => new Date(iso);

/** People created a day apart, in the order given, so the first is the older record. */
function network(people: PersonInput[]) {
  const doc = new Y.Doc();
  const day = (i: number) => () => new Date(Date.UTC(2025, 0, 1 + i));
  const ids = people.map((input, i) => createPerson(doc, input, LOCAL_UI, day(i)));
  return { doc, ids };
}

/** A small network around two records of Ada, with everything that can point at a person. */
function adaTwice() {
  const { doc, ids } = network([
    {
      name: 'Ada Lovelace',
      org: 'Analytical Engines',
      emails: ['ada@engines.example'],
      tags: ['math'],
      tier: 'inner',
      hometown: 'London',
    },
    {
      name: 'Ada King',
      org: 'Babbage & Co',
      role: 'Countess',
      emails: ['ADA@engines.example', 'ada@king.example'],
      phones: ['+44 20 7946 0958'],
      tags: ['Math', 'poetry'],
      interests: ['Music'],
      tier: 'close',
      hometown: 'london',
      cadenceDays: 30,
      family: 'Married to William',
    },
    { name: 'Charles Babbage' },
    { name: 'Mary Somerville' },
  ]);
  const [keep, other, charles, mary] = ids as [string, string, string, string];
  doc.transact(() => (doc.getMap('contacts').get(charles) as Y.Map<unknown>).set('introducedBy', other));
  const onlyOther = createNote(doc, { contactIds: [other], kind: 'call', text: 'Talked about the engine.' }, LOCAL_UI);
  const both = createNote(doc, { contactIds: [keep, other, mary], kind: 'meeting', text: 'Dinner, all three.' }, LOCAL_UI);
  const links = {
    keepMary: createLink(doc, { from: keep, to: mary, strength: 4 }, LOCAL_UI),
    otherMary: createLink(doc, { from: mary, to: other, strength: 2 }, LOCAL_UI),
    otherCharles: createLink(doc, { from: other, to: charles, kind: 'works-with', strength: 5 }, LOCAL_UI),
    between: createLink(doc, { from: keep, to: other }, LOCAL_UI),
  };
  doc.transact(() => {
    const record = (fields: Record<string, unknown>) => {
      const map = new Y.Map<unknown>();
      for (const [key, value] of Object.entries(fields)) map.set(key, value);
      return map;
    };
    doc.getMap('commitments').set('commitment:1', record({ contactId: other, direction: 'mine', what: 'Send the deck' }));
    doc.getMap('requests').set('request:1', record({ contactId: other, summary: 'An introduction' }));
    doc.getMap('asks').set('ask:1', record({ contactId: other, what: 'looking for a designer' }));
    doc.getMap('layout').set(other, record({ x: 10, y: 20 }));
  });
  return { doc, keep, other, charles, mary, notes: { onlyOther, both }, links };
}

describe('merging two records of one person', () => {
  it('writes everything in one transaction tagged with the origin', () => {
    const { doc, keep, other } = adaTwice();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    mergePeople(doc, keep, other, LOCAL_UI, clock('2026-02-03T04:05:06Z'));
    expect(origins).toEqual([LOCAL_UI]);
  });

  it('unites lists, fills empty fields and keeps the kept person’s conflicting values', () => {
    const { doc, keep, other } = adaTwice();
    mergePeople(doc, keep, other, LOCAL_UI, clock('2026-02-03T04:05:06Z'));
    const ada = getPerson(doc, keep)!;
    expect(ada).toMatchObject({
      name: 'Ada Lovelace',
      org: 'Analytical Engines',
      role: 'Countess',
      emails: ['ada@engines.example', 'ada@king.example'],
      phones: ['+44 20 7946 0958'],
      tags: ['math', 'poetry'],
      interests: ['Music'],
      tier: 'inner',
      hometown: 'London',
      cadenceDays: 30,
      family: 'Married to William',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2026-02-03T04:05:06.000Z',
    });
  });

  it('records every value of the other person that was not kept in a note on the kept one', () => {
    const { doc, keep, other } = adaTwice();
    mergePeople(doc, keep, other, LOCAL_UI, clock('2026-02-03T04:05:06Z'));
    const mergeNote = listNotes(doc).find((note) => note.text.startsWith('Merged from'))!;
    expect(mergeNote).toMatchObject({
      contactIds: [keep],
      kind: 'note',
      at: '2026-02-03T04:05:06.000Z',
      text: 'Merged from Ada King: organisation Babbage & Co, closeness close.',
    });
    // Every value the other record held is now on the kept person or in that note.
    const ada = getPerson(doc, keep)!;
    const before = getPerson(doc, other)!;
    const kept = JSON.stringify(ada).toLowerCase() + mergeNote.text.toLowerCase();
    for (const value of [before.name, before.org, before.role, ...before.emails, ...before.phones, ...before.tags,
      ...before.interests, before.tier, before.hometown, String(before.cadenceDays), before.family]) {
      expect(kept).toContain(value.toLowerCase());
    }
  });

  it('moves notes, links, commitments, requests, introductions and the map position to the kept person', () => {
    const { doc, keep, other, charles, mary, notes, links } = adaTwice();
    mergePeople(doc, keep, other, LOCAL_UI, clock('2026-02-03T04:05:06Z'));
    const byId = new Map(listNotes(doc).map((note) => [note.id, note]));
    expect(byId.get(notes.onlyOther)!.contactIds).toEqual([keep]);
    expect(byId.get(notes.both)!.contactIds).toEqual([keep, mary]);

    const link = new Map(listLinks(doc, { includeDeleted: true }).map((found) => [found.id, found]));
    expect(link.get(links.keepMary)).toMatchObject({ from: keep, to: mary, strength: 4, deletedAt: null });
    expect(link.get(links.otherMary)).toMatchObject({ from: mary, to: keep, deletedAt: '2026-02-03T04:05:06.000Z' });
    expect(link.get(links.otherCharles)).toMatchObject({ from: keep, to: charles, kind: 'works-with', deletedAt: null });
    expect(link.get(links.between)).toMatchObject({ from: keep, to: keep, deletedAt: '2026-02-03T04:05:06.000Z' });

    expect((doc.getMap('commitments').get('commitment:1') as Y.Map<unknown>).get('contactId')).toBe(keep);
    expect((doc.getMap('requests').get('request:1') as Y.Map<unknown>).get('contactId')).toBe(keep);
    expect((doc.getMap('asks').get('ask:1') as Y.Map<unknown>).get('contactId')).toBe(keep);
    expect(getPerson(doc, charles)!.introducedBy).toBe(keep);
    expect(doc.getMap('layout').has(other)).toBe(false);
    expect((doc.getMap('layout').get(keep) as Y.Map<unknown>).toJSON()).toEqual({ x: 10, y: 20 });
  });

  it('keeps the stronger of two links to one person, whichever record held it', () => {
    const { doc, ids } = network([{ name: 'Keep' }, { name: 'Other' }, { name: 'Friend' }]);
    const [keep, other, friend] = ids as [string, string, string];
    const weak = createLink(doc, { from: keep, to: friend, strength: 1 }, LOCAL_UI);
    const strong = createLink(doc, { from: other, to: friend, strength: 5 }, LOCAL_UI);
    mergePeople(doc, keep, other, LOCAL_UI);
    expect(listLinks(doc).map((link) => [link.id, link.from, link.to])).toEqual([[strong, keep, friend]]);
    expect(listLinks(doc, { includeDeleted: true }).find((link) => link.id === weak)!.deletedAt).not.toBeNull();
  });

  it('sends the other person to the Trash with mergedInto, their own values intact', () => {
    const { doc, keep, other } = adaTwice();
    mergePeople(doc, keep, other, LOCAL_UI, clock('2026-02-03T04:05:06Z'));
    expect(listPeople(doc).map((person) => person.id)).not.toContain(other);
    const record = doc.getMap('contacts').get(other) as Y.Map<unknown>;
    expect(record.get('mergedInto')).toBe(keep);
    expect(getPerson(doc, other)).toMatchObject({ name: 'Ada King', org: 'Babbage & Co', deletedAt: '2026-02-03T04:05:06.000Z' });
  });

  it('never makes a person introduced by themself', () => {
    const { doc, ids } = network([{ name: 'Keep' }, { name: 'Other' }, { name: 'Introducer' }]);
    const [keep, other, introducer] = ids as [string, string, string];
    doc.transact(() => {
      (doc.getMap('contacts').get(keep) as Y.Map<unknown>).set('introducedBy', other);
      (doc.getMap('contacts').get(other) as Y.Map<unknown>).set('introducedBy', introducer);
    });
    mergePeople(doc, keep, other, LOCAL_UI);
    expect(getPerson(doc, keep)!.introducedBy).toBe(introducer);

    const second = network([{ name: 'Keep' }, { name: 'Other' }]);
    const [keep2, other2] = second.ids as [string, string];
    second.doc.transact(() => {
      (second.doc.getMap('contacts').get(keep2) as Y.Map<unknown>).set('introducedBy', other2);
      (second.doc.getMap('contacts').get(other2) as Y.Map<unknown>).set('introducedBy', keep2);
    });
    mergePeople(second.doc, keep2, other2, LOCAL_UI);
    expect(getPerson(second.doc, keep2)!.introducedBy).toBe('');
  });

  it('writes no note when nothing of the other person would be lost', () => {
    const { doc, ids } = network([{ name: 'Ada Lovelace', org: 'Acme' }, { name: 'ada lovelace', role: 'Engineer' }]);
    mergePeople(doc, ids[0]!, ids[1]!, LOCAL_UI);
    expect(listNotes(doc)).toEqual([]);
    expect(getPerson(doc, ids[0]!)).toMatchObject({ org: 'Acme', role: 'Engineer' });
  });

  it('refuses to merge a person with themself, or with someone missing or in the Trash, and writes nothing', () => {
    const { doc, keep, other, mary } = adaTwice();
    deletePerson(doc, mary, LOCAL_UI);
    const before = Y.encodeStateVector(doc);
    const attempts: [string, string, string][] = [
      [keep, keep, 'otherId'],
      [keep, 'person:missing00000000', 'otherId'],
      ['person:missing00000000', other, 'keepId'],
      [keep, mary, 'otherId'],
      [mary, other, 'keepId'],
      [keep, 'note:abc', 'otherId'],
    ];
    for (const [keepId, otherId, field] of attempts) {
      let error: unknown;
      try {
        mergePeople(doc, keepId, otherId, LOCAL_UI);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('re-points every field that points at a person, as kinds.ts lists them', () => {
    const { doc, ids } = network([{ name: 'Ada Lovelace' }, { name: 'Ada King' }, { name: 'Mary Somerville' }]);
    const [keep, other, mary] = ids as [string, string, string];
    // One record of each kind per field, pointing at the other person (and, in a list, at Mary too).
    const written = PERSON_REFERENCES.map(({ kind, field, list }) => {
      const id = `${kind.root}:${field}`;
      doc.transact(() => {
        const record = new Y.Map<unknown>();
        kind.records(doc).set(id, record);
        record.set(field, list ? Y.Array.from([mary, other]) : other);
      });
      return { kind, field, list, id };
    });
    mergePeople(doc, keep, other, LOCAL_UI, clock('2026-02-03T04:05:06Z'));
    for (const { kind, field, list, id } of written) {
      const record = kind.find(doc, id)!;
      const value = record.get(field);
      expect(list ? (value as Y.Array<string>).toArray() : value, `${kind.root}.${field}`).toEqual(list ? [mary, keep] : keep);
      expect(record.get('updatedAt'), `${kind.root}.${field} updatedAt`).toBe('2026-02-03T04:05:06.000Z');
    }
  });
});
