import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson } from './people';
import {
  deleteNote,
  discardIfEmpty,
  editableBody,
  getNote,
  listNotes,
  mentionedIds,
  noteText,
  notesOf,
  restoreNote,
  startNote,
  updateNoteMeta,
} from './notes';
import { ValidationError } from './errors';
import { LOCAL_UI } from './origins';
import { lastNoteTimes } from '../analytics/graph';

const clock = (iso: string) => () => new Date(iso);

function setup() {
  const doc = new Y.Doc();
  const ada = createPerson(doc, { name: 'Ada' }, LOCAL_UI);
  const grace = createPerson(doc, { name: 'Grace' }, LOCAL_UI);
  return { doc, ada, grace };
}

const record = (doc: Y.Doc, id: string) => doc.getMap('notes').get(id) as Y.Map<unknown>;

function unchanged(doc: Y.Doc, write: () => void) {
  const before = Y.encodeStateVector(doc);
  expect(write).toThrow(ValidationError);
  expect(Y.encodeStateVector(doc)).toEqual(before);
}

describe('notes written in the editor', () => {
  it('starts with an empty body the editor binds to, in one transaction', () => {
    const { doc, ada } = setup();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const id = startNote(doc, { contactIds: [ada, ada], kind: 'call' }, LOCAL_UI, clock('2026-03-01T09:30:00Z'));
    expect(transactions).toBe(1);
    expect(record(doc, id).get('body')).toBeInstanceOf(Y.XmlFragment);
    expect(getNote(doc, id)).toMatchObject({ contactIds: [ada], kind: 'call', at: '2026-03-01T09:30:00.000Z', text: '' });
  });

  it('may start with no one, and refuses people in the Trash or bad kinds without writing', () => {
    const { doc, ada } = setup();
    expect(getNote(doc, startNote(doc, { kind: 'note' }, LOCAL_UI))?.contactIds).toEqual([]);
    deletePerson(doc, ada, LOCAL_UI);
    unchanged(doc, () => startNote(doc, { contactIds: [ada], kind: 'call' }, LOCAL_UI));
    unchanged(doc, () => startNote(doc, { kind: 'lunch' }, LOCAL_UI));
    unchanged(doc, () => startNote(doc, { kind: 'call', at: '31/12/2026' }, LOCAL_UI));
  });

  it('changes who was there, the kind and the time; a bad time writes nothing', () => {
    const { doc, ada, grace } = setup();
    const id = startNote(doc, { contactIds: [ada], kind: 'call' }, LOCAL_UI);
    updateNoteMeta(doc, id, { contactIds: [grace, ada], kind: 'coffee', at: '2026-05-05T08:00:00+02:00' }, LOCAL_UI);
    expect(getNote(doc, id)).toMatchObject({ contactIds: [ada, grace], kind: 'coffee', at: '2026-05-05T06:00:00.000Z' });
    updateNoteMeta(doc, id, { contactIds: [grace] }, LOCAL_UI);
    expect(getNote(doc, id)?.contactIds).toEqual([grace]);
    unchanged(doc, () => updateNoteMeta(doc, id, { at: 'yesterday' }, LOCAL_UI));
    unchanged(doc, () => updateNoteMeta(doc, id, { contactIds: ['link:abc'] }, LOCAL_UI));
  });

  it('keeps concurrent additions of people from two devices', () => {
    const { doc, ada, grace } = setup();
    const id = startNote(doc, { kind: 'meeting' }, LOCAL_UI);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    updateNoteMeta(doc, id, { contactIds: [ada] }, LOCAL_UI);
    updateNoteMeta(other, id, { contactIds: [grace] }, LOCAL_UI);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(new Set(getNote(doc, id)?.contactIds)).toEqual(new Set([ada, grace]));
    expect(getNote(other, id)?.contactIds).toEqual(getNote(doc, id)?.contactIds);
  });

  it('reads @-mentions as text and as people, without making them people who were there', () => {
    const { doc, ada } = setup();
    const id = startNote(doc, { kind: 'note' }, LOCAL_UI);
    const body = editableBody(doc, id, LOCAL_UI);
    doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      const mention = new Y.XmlElement('mention');
      mention.setAttribute('id', ada);
      mention.setAttribute('label', 'Ada');
      paragraph.insert(0, [new Y.XmlText('Spoke with '), mention, new Y.XmlText(' about Lisbon')]);
      body.insert(0, [paragraph]);
    });
    expect(noteText(record(doc, id))).toBe('Spoke with @Ada about Lisbon');
    expect(mentionedIds(body)).toEqual([ada]);
    expect(getNote(doc, id)).toMatchObject({ contactIds: [], mentionIds: [ada] });
    expect(notesOf(doc, ada)).toEqual([]);
    expect(lastNoteTimes(doc).has(ada)).toBe(false);
  });

  it('turns an older Y.Text body into paragraphs once, keeping its text', () => {
    const { doc, ada } = setup();
    const id = startNote(doc, { contactIds: [ada], kind: 'note' }, LOCAL_UI);
    const text = new Y.Text();
    doc.transact(() => {
      record(doc, id).set('body', text);
      text.insert(0, 'First line\nSecond line');
    });
    const body = editableBody(doc, id, LOCAL_UI);
    expect(body.toString()).toBe('<paragraph>First line</paragraph><paragraph>Second line</paragraph>');
    expect(editableBody(doc, id, LOCAL_UI)).toBe(body);
  });

  it('discards only a note with no text and no one on it', () => {
    const { doc, ada } = setup();
    const empty = startNote(doc, { kind: 'call' }, LOCAL_UI);
    const named = startNote(doc, { contactIds: [ada], kind: 'call' }, LOCAL_UI);
    expect(discardIfEmpty(doc, named, LOCAL_UI)).toBe(false);
    expect(discardIfEmpty(doc, empty, LOCAL_UI)).toBe(true);
    expect(getNote(doc, empty)).toBeNull();
  });

  it('moves a note to the Trash and back', () => {
    const { doc, ada } = setup();
    const id = startNote(doc, { contactIds: [ada], kind: 'call' }, LOCAL_UI);
    deleteNote(doc, id, LOCAL_UI);
    expect(listNotes(doc)).toEqual([]);
    restoreNote(doc, id, LOCAL_UI);
    expect(listNotes(doc).map((note) => note.id)).toEqual([id]);
  });
});
