import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson, getPerson, listPeople, type PersonInput } from './people';
import { createNote, listNotes } from './notes';
import { createLink, listLinks } from './links';
import { ValidationError } from './errors';
import { LOCAL_UI } from './origins';
import { editDistance, findDuplicates, mergePeople, samePhone } from './duplicates';

const clock = (iso: string) => () => new Date(iso);

/** People created a day apart, in the order given, so the first is the older record. */
function network(people: PersonInput[]) {
  const doc = new Y.Doc();
  const day = (i: number) => () => new Date(Date.UTC(2025, 0, 1 + i));
  const ids = people.map((input, i) => createPerson(doc, input, LOCAL_UI, day(i)));
  return { doc, ids };
}

const summary = (doc: Y.Doc) => findDuplicates(doc).map(({ a, b, reasons }) => [a.name, b.name, reasons]);

describe('finding duplicates', () => {
  it('pairs people sharing an email, whatever its case', () => {
    const { doc } = network([
      { name: 'Ada Lovelace', emails: ['Ada@Example.com'] },
      { name: 'Countess of Lovelace', org: 'Analytical Engines', emails: ['ada@example.com'] },
    ]);
    expect(summary(doc)).toEqual([['Ada Lovelace', 'Countess of Lovelace', ['Same email ada@example.com']]]);
  });

  it('pairs one phone number written with +, with 00 or as a national number', () => {
    const { doc } = network([
      { name: 'A One', phones: ['+44 20 7946 0958'] },
      { name: 'B Two', phones: ['0044 (20) 7946-0958'] },
      { name: 'C Three', phones: ['020 7946 0958'] },
      { name: 'D Four', phones: ['+33 20 7946 0958'] },
    ]);
    expect(summary(doc)).toEqual([
      ['A One', 'B Two', ['Same phone: +44 20 7946 0958 and 0044 (20) 7946-0958']],
      ['A One', 'C Three', ['Same phone: +44 20 7946 0958 and 020 7946 0958']],
      ['B Two', 'C Three', ['Same phone: 0044 (20) 7946-0958 and 020 7946 0958']],
      ['C Three', 'D Four', ['Same phone: 020 7946 0958 and +33 20 7946 0958']],
    ]);
  });

  it('compares phone numbers only where the country code cannot hide a different number', () => {
    expect(samePhone('+44 20 7946 0958', '+44 20 7946 0958')).toBe(true);
    expect(samePhone('+44 20 7946 0958', '+33 20 7946 0958')).toBe(false);
    expect(samePhone('+49 30 1234', '030 1234')).toBe(false);
    expect(samePhone('+1 415 555 0100', '(415) 555-0100')).toBe(true);
    expect(samePhone('12', '12')).toBe(false);
  });

  it('pairs near-same names at one organisation, with the reason', () => {
    const { doc } = network([
      { name: 'Jon Smith', org: 'Acme' },
      { name: 'John Smith', org: 'ACME' },
      { name: 'Zhang Wei', org: 'Helix' },
      { name: 'Wei Zhang', org: 'Helix' },
      { name: 'J. R. Tolkien', org: 'Oxford' },
      { name: 'John Ronald Tolkien', org: 'Oxford' },
      { name: 'José García' },
      { name: 'jose garcia', org: 'Anywhere' },
    ]);
    expect(summary(doc)).toEqual([
      ['J. R. Tolkien', 'John Ronald Tolkien', ['Initial for a name: “J. R. Tolkien” and “John Ronald Tolkien”, both at Oxford']],
      ['Jon Smith', 'John Smith', ['Similar names “Jon Smith” and “John Smith”, both at Acme']],
      ['José García', 'jose garcia', ['Same name “José García”, and one has no organisation']],
      ['Zhang Wei', 'Wei Zhang', ['Same name in a different order: “Zhang Wei” and “Wei Zhang”, both at Helix']],
    ]);
  });

  it('does not take different people at one organisation for one', () => {
    const { doc } = network([
      { name: 'Ada Lovelace', org: 'Acme', emails: ['ada@acme.example'] },
      { name: 'Grace Hopper', org: 'Acme', emails: ['grace@acme.example'], phones: ['+1 415 555 0100'] },
      { name: 'Alan Turing', org: 'Acme', phones: ['+1 415 555 0199'] },
      { name: 'Li Na', org: 'Acme' },
      { name: 'Li Yu', org: 'Acme' },
      { name: 'Aarav S. Nair', org: 'Acme' },
      { name: 'Aarav K. Nair', org: 'Acme' },
    ]);
    expect(findDuplicates(doc)).toEqual([]);
  });

  it('does not pair near-same names at two different organisations', () => {
    const { doc } = network([
      { name: 'John Smith', org: 'Acme' },
      { name: 'John Smith', org: 'Globex' },
    ]);
    expect(findDuplicates(doc)).toEqual([]);
  });

  it('lists a pair once with all its reasons, the older record first, and leaves out the Trash', () => {
    const { doc, ids } = network([
      { name: 'Grace Hopper', org: 'Navy', emails: ['grace@navy.example'] },
      { name: 'Grace Hoper', org: 'Navy', emails: ['GRACE@navy.example'], phones: ['+1 202 555 0143'] },
      { name: 'Grace Hopper', org: 'Navy', phones: ['+1 202 555 0143'] },
    ]);
    expect(findDuplicates(doc).map(({ a, b, reasons }) => [a.id, b.id, reasons])).toEqual([
      [ids[1], ids[2], ['Same phone +1 202 555 0143', 'Similar names “Grace Hoper” and “Grace Hopper”, both at Navy']],
      [ids[0], ids[1], ['Same email grace@navy.example', 'Similar names “Grace Hopper” and “Grace Hoper”, both at Navy']],
      [ids[0], ids[2], ['Same name “Grace Hopper”, both at Navy']],
    ]);
    deletePerson(doc, ids[1]!, LOCAL_UI);
    expect(summary(doc)).toEqual([['Grace Hopper', 'Grace Hopper', ['Same name “Grace Hopper”, both at Navy']]]);
  });

  it('finds every pair of names within the edit limit, as comparing all pairs would', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const word = () => Array.from({ length: 3 + Math.floor(random() * 9) }, () => 'abc'[Math.floor(random() * 3)]).join('');
    const names = Array.from({ length: 300 }, word);
    const { doc } = network(names.map((name) => ({ name, org: 'Same' })));
    const limit = (length: number) => (length >= 8 ? 2 : length >= 4 ? 1 : 0);
    const expected = new Set<string>();
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const [a, b] = [names[i]!, names[j]!];
        const edits = limit(Math.min(a.length, b.length));
        if (a === b || (edits > 0 && editDistance(a, b, edits) <= edits)) expected.add([a, b].sort().join(' '));
      }
    }
    const found = new Set(findDuplicates(doc).map(({ a, b }) => [a.name, b.name].sort().join(' ')));
    expect(expected.size).toBeGreaterThan(100);
    expect([...found].sort()).toEqual([...expected].sort());
  });

  it('measures edit distance, giving up past the limit', () => {
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('jon smith', 'john smith', 2)).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});

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
});
