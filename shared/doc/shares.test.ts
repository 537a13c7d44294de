import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson } from './people';
import { createAsk, readAsk } from './asks';
import { ASKS } from './kinds';
import { deleteNote, listNotes, notesOf, restoreNote } from './notes';
import { linkKey, listShares, passItOn, sameItem, sharedWith } from './shares';
import { ValidationError } from './errors';
import { LOCAL_UI } from './origins';
import { helloQueue, helloStatus, lastInteractions } from '../analytics/follow-through';

const clock = (iso: string) => () => new Date(iso);
const MARCH_9 = clock('2026-03-09T10:00:00Z');
const ITEM = { title: 'Vector databases explained', link: 'https://example.com/vector-db' };

function network() {
  const doc = new Y.Doc();
  const ada = createPerson(doc, { name: 'Ada Lovelace', cadenceDays: 14 }, LOCAL_UI, clock('2026-01-01T00:00:00Z'));
  const grace = createPerson(doc, { name: 'Grace Hopper', cadenceDays: 14 }, LOCAL_UI, clock('2026-01-01T00:00:00Z'));
  return { doc, ada, grace };
}

describe('passing something on', () => {
  it('records one share note per recipient, with what, link, how and their line, in one transaction', () => {
    const { doc, ada, grace } = network();
    const seen: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => seen.push(transaction.origin));
    const ids = passItOn(
      doc,
      { ...ITEM, via: 'email', recipients: [{ contactId: ada, line: 'Hi Ada, thought of you.' }, { contactId: grace, line: '' }] },
      LOCAL_UI,
      MARCH_9,
    );
    expect(seen).toEqual([LOCAL_UI]);
    expect(ids).toHaveLength(2);
    const [onAda] = notesOf(doc, ada);
    expect(onAda).toMatchObject({ id: ids[0], kind: 'share', at: '2026-03-09T10:00:00.000Z', contactIds: [ada] });
    expect(onAda!.text).toBe('Hi Ada, thought of you.\nPassed on: Vector databases explained\nhttps://example.com/vector-db');
    expect(notesOf(doc, grace)[0]!.text).toBe('Passed on: Vector databases explained\nhttps://example.com/vector-db');
    expect(listShares(doc)).toEqual([
      expect.objectContaining({ title: ITEM.title, link: ITEM.link, via: 'email', contactIds: [expect.any(String)] }),
      expect.objectContaining({ title: ITEM.title, link: ITEM.link, via: 'email' }),
    ]);
    expect(sharedWith(doc, ITEM)).toEqual(new Set([ada, grace]));
  });

  it('marks the asks it answers helped by the share note, in the same transaction', () => {
    const { doc, ada } = network();
    const askId = createAsk(doc, { contactId: ada, what: 'asking about vector databases' }, LOCAL_UI, clock('2026-03-03T10:00:00Z'));
    const seen: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => seen.push(transaction.origin));
    const [noteId] = passItOn(doc, { ...ITEM, via: 'record', recipients: [{ contactId: ada, askIds: [askId] }] }, LOCAL_UI, MARCH_9);
    expect(seen).toEqual([LOCAL_UI]);
    expect(readAsk(askId, ASKS.get(doc, askId))).toMatchObject({ helpedAt: '2026-03-09T10:00:00.000Z', helpedBy: 'share', helpedRef: noteId });
  });

  it('refuses bad input and writes nothing', () => {
    const { doc, ada, grace } = network();
    const askOfAda = createAsk(doc, { contactId: ada, what: 'a designer' }, LOCAL_UI);
    deletePerson(doc, grace, LOCAL_UI);
    const before = Y.encodeStateVector(doc);
    const attempt = (input: unknown) => () => passItOn(doc, input, LOCAL_UI, MARCH_9);
    expect(attempt({ title: ' ', via: 'copy', recipients: [{ contactId: ada }] })).toThrow(ValidationError);
    expect(attempt({ ...ITEM, via: 'copy', recipients: [] })).toThrow('Choose at least one person to pass it to');
    expect(attempt({ ...ITEM, link: 'javascript:alert(1)', via: 'copy', recipients: [{ contactId: ada }] })).toThrow(
      'A link starts with http:// or https://',
    );
    expect(attempt({ ...ITEM, via: 'fax', recipients: [{ contactId: ada }] })).toThrow(ValidationError);
    expect(attempt({ ...ITEM, via: 'copy', recipients: [{ contactId: ada }, { contactId: ada }] })).toThrow('Each person can be chosen once');
    // Grace is in the Trash: nothing is written for Ada either.
    expect(attempt({ ...ITEM, via: 'copy', recipients: [{ contactId: ada }, { contactId: grace }] })).toThrow('in the Trash');
    expect(attempt({ ...ITEM, via: 'copy', recipients: [{ contactId: ada, askIds: ['ask:none'] }] })).toThrow(ValidationError);
    const other = createPerson(new Y.Doc(), { name: 'x' }, LOCAL_UI);
    expect(attempt({ ...ITEM, via: 'copy', recipients: [{ contactId: other, askIds: [askOfAda] }] })).toThrow(ValidationError);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(listNotes(doc)).toEqual([]);
  });

  it('tells the same item by its page, or by its title when either has no link', () => {
    expect(linkKey('https://www.Example.com/a/?q=1#top')).toBe('example.com/a?q=1');
    expect(linkKey('http://example.com/a')).toBe(linkKey('https://www.example.com/a/'));
    expect(linkKey('not a link')).toBe('');
    expect(linkKey('mailto:a@b.c')).toBe('');
    expect(sameItem({ title: 'Other title', link: 'https://example.com/vector-db/' }, ITEM)).toBe(true);
    expect(sameItem({ title: ITEM.title, link: 'https://example.com/another' }, ITEM)).toBe(false);
    expect(sameItem({ title: 'VECTOR databases, explained!', link: '' }, ITEM)).toBe(true);
    expect(sameItem({ title: 'Vector databases', link: '' }, { title: 'Graph databases' })).toBe(false);
  });

  it('keeps up with the document: a share deleted, restored or arriving from another device is seen at once', () => {
    const { doc, ada, grace } = network();
    expect(sharedWith(doc, ITEM)).toEqual(new Set());
    const [noteId] = passItOn(doc, { ...ITEM, via: 'record', recipients: [{ contactId: ada }] }, LOCAL_UI, MARCH_9);
    expect(sharedWith(doc, ITEM)).toEqual(new Set([ada]));
    deleteNote(doc, noteId!, LOCAL_UI);
    expect(sharedWith(doc, ITEM)).toEqual(new Set());
    expect(listShares(doc)).toEqual([]);
    restoreNote(doc, noteId!, LOCAL_UI);
    expect(sharedWith(doc, ITEM)).toEqual(new Set([ada]));

    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(sharedWith(other, ITEM)).toEqual(new Set([ada]));
    passItOn(other, { ...ITEM, via: 'copy', recipients: [{ contactId: grace }] }, LOCAL_UI, MARCH_9);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(sharedWith(doc, ITEM)).toEqual(new Set([ada, grace]));
    // What a caller does with the list it gets does not change the next one.
    listShares(doc)[0]!.contactIds.push('person:x');
    expect(listShares(doc).flatMap((share) => share.contactIds).sort()).toEqual([ada, grace].sort());
  });

  it('counts as being in touch: a share resets the hello clock', () => {
    const { doc, ada, grace } = network();
    const now = new Date('2026-03-10T12:00:00Z');
    expect(helloQueue(doc, now, 'UTC').map((item) => item.person.id).sort()).toEqual([ada, grace].sort());
    passItOn(doc, { ...ITEM, via: 'copy', recipients: [{ contactId: ada }] }, LOCAL_UI, MARCH_9);
    expect(lastInteractions(doc).get(ada)).toBe('2026-03-09T10:00:00.000Z');
    expect(helloStatus(doc, ada, now, 'UTC')!.lastAt).toBe('2026-03-09T10:00:00.000Z');
    expect(helloQueue(doc, now, 'UTC').map((item) => item.person.id)).toEqual([grace]);
  });
});
