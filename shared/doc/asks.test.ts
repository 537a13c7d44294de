import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson } from './people';
import { asksOf, createAsk, deleteAsk, editAsk, listAsks, markAskHelped, openAsks, readAsk, reopenAsk, restoreAsk } from './asks';
import { ASKS } from './kinds';
import { NotFoundError, ValidationError } from './errors';
import { LOCAL_UI } from './origins';

const clock = (iso: string) => () => new Date(iso);
const MARCH_3 = clock('2026-03-03T10:00:00Z');
const MARCH_9 = clock('2026-03-09T10:00:00Z');

function network() {
  const doc = new Y.Doc();
  const ada = createPerson(doc, { name: 'Ada' }, LOCAL_UI);
  const grace = createPerson(doc, { name: 'Grace' }, LOCAL_UI);
  return { doc, ada, grace };
}

describe('asks', () => {
  it('keeps an ask in one transaction tagged with the origin, and reads it back', () => {
    const { doc, ada } = network();
    const seen: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => seen.push(transaction.origin));
    const id = createAsk(doc, { contactId: ada, what: ' looking for a designer ', noteId: 'note:abc', key: 'a1' }, LOCAL_UI, MARCH_3);
    expect(id).toMatch(/^ask:[0-9a-z]{16}$/);
    expect(seen).toEqual([LOCAL_UI]);
    expect(readAsk(id, ASKS.get(doc, id))).toEqual({
      id,
      contactId: ada,
      what: 'looking for a designer',
      noteId: 'note:abc',
      key: 'a1',
      createdAt: '2026-03-03T10:00:00.000Z',
      updatedAt: '2026-03-03T10:00:00.000Z',
      helpedAt: null,
      helpedBy: null,
      helpedRef: null,
      deletedAt: null,
    });
    expect(asksOf(doc, ada).map((ask) => ask.id)).toEqual([id]);
  });

  it('refuses bad input and writes nothing', () => {
    const { doc, ada, grace } = network();
    deletePerson(doc, grace, LOCAL_UI);
    const before = Y.encodeStateVector(doc);
    expect(() => createAsk(doc, { contactId: ada, what: '  ' }, LOCAL_UI)).toThrow(new ValidationError('what', 'Say what they are looking for'));
    expect(() => createAsk(doc, { contactId: 'link:1', what: 'a designer' }, LOCAL_UI)).toThrow(ValidationError);
    expect(() => createAsk(doc, { contactId: grace, what: 'a designer' }, LOCAL_UI)).toThrow('Grace is in the Trash; restore them first');
    expect(() => createAsk(doc, { contactId: ada, what: 'x', extra: 1 }, LOCAL_UI)).toThrow(ValidationError);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(() => markAskHelped(doc, 'ask:none', { by: 'hand' }, LOCAL_UI)).toThrow(NotFoundError);
  });

  it('is marked helped once (the first time and how count), reopened, trashed and restored', () => {
    const { doc, ada } = network();
    const id = createAsk(doc, { contactId: ada, what: 'intros to climate investors' }, LOCAL_UI, MARCH_3);
    expect(() => markAskHelped(doc, id, { by: 'luck' }, LOCAL_UI)).toThrow(ValidationError);
    markAskHelped(doc, id, { by: 'introduction', ref: 'link:x' }, LOCAL_UI, MARCH_9);
    markAskHelped(doc, id, { by: 'hand' }, LOCAL_UI, clock('2026-04-01T00:00:00Z'));
    expect(readAsk(id, ASKS.get(doc, id))).toMatchObject({ helpedAt: '2026-03-09T10:00:00.000Z', helpedBy: 'introduction', helpedRef: 'link:x' });
    expect(openAsks(doc)).toEqual([]);
    reopenAsk(doc, id, LOCAL_UI, MARCH_9);
    expect(readAsk(id, ASKS.get(doc, id))).toMatchObject({ helpedAt: null, helpedBy: null, helpedRef: null });
    expect(openAsks(doc).map((ask) => ask.id)).toEqual([id]);
    deleteAsk(doc, id, LOCAL_UI, MARCH_9);
    expect(listAsks(doc)).toEqual([]);
    expect(listAsks(doc, { includeDeleted: true })).toHaveLength(1);
    restoreAsk(doc, id, LOCAL_UI, MARCH_9);
    expect(asksOf(doc, ada)).toHaveLength(1);
  });

  it('edits what they are looking for, refusing an empty or overlong text without writing', () => {
    const { doc, ada } = network();
    const id = createAsk(doc, { contactId: ada, what: 'a desginer' }, LOCAL_UI, MARCH_3);
    editAsk(doc, id, '  a designer for the launch ', LOCAL_UI, MARCH_9);
    expect(readAsk(id, ASKS.get(doc, id))).toMatchObject({ what: 'a designer for the launch', updatedAt: '2026-03-09T10:00:00.000Z' });
    const before = Y.encodeStateVector(doc);
    expect(() => editAsk(doc, id, '   ', LOCAL_UI)).toThrow('Say what they are looking for');
    expect(() => editAsk(doc, id, 'x'.repeat(301), LOCAL_UI)).toThrow('at most 300 characters');
    expect(() => editAsk(doc, id, 7, LOCAL_UI)).toThrow(ValidationError);
    editAsk(doc, id, 'a designer for the launch', LOCAL_UI);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('reads a malformed record from another peer as defaults', () => {
    const { doc, ada } = network();
    const record = new Y.Map<unknown>();
    doc.transact(() => {
      ASKS.records(doc).set('ask:odd', record);
      record.set('contactId', ada);
      record.set('what', 42);
      record.set('helpedAt', '2026-03-09T10:00:00.000Z');
      record.set('helpedBy', 'magic');
    });
    ASKS.records(doc).set('ask:junk', 'not a map');
    expect(listAsks(doc)).toEqual([
      expect.objectContaining({ id: 'ask:odd', what: '', helpedBy: 'hand', noteId: null, deletedAt: null }),
    ]);
  });

  it('merges marking helped on one device with editing on another', () => {
    const { doc: a, ada } = network();
    const id = createAsk(a, { contactId: ada, what: 'a designer' }, LOCAL_UI, MARCH_3);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    markAskHelped(a, id, { by: 'hand' }, LOCAL_UI, MARCH_9);
    deleteAsk(b, id, LOCAL_UI, MARCH_9);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const record = readAsk(id, ASKS.get(b, id));
    expect(record.helpedAt).toBe('2026-03-09T10:00:00.000Z');
    expect(record.deletedAt).toBe('2026-03-09T10:00:00.000Z');
  });
});
