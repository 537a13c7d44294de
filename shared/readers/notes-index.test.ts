import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { NotesIndex, namesById } from './notes-index';
import { createPerson, updatePerson } from '../doc/people';
import { createNote, deleteNote, editableBody, updateNoteMeta } from '../doc/notes';
import { LOCAL_UI } from '../doc/origins';

function setup() {
  const doc = new Y.Doc();
  const ada = createPerson(doc, { name: 'Ada' }, LOCAL_UI);
  const grace = createPerson(doc, { name: 'Grace' }, LOCAL_UI);
  const older = createNote(doc, { contactIds: [ada], kind: 'call', text: 'older', at: '2026-01-01T10:00:00Z' }, LOCAL_UI);
  const newer = createNote(doc, { contactIds: [ada, grace], kind: 'coffee', text: 'newer', at: '2026-02-01T10:00:00Z' }, LOCAL_UI);
  const index = new NotesIndex(doc);
  return { doc, ada, grace, older, newer, index };
}

const texts = (notes: { text: string }[]) => notes.map((note) => note.text);

describe('the notes index', () => {
  it('lists live notes newest first and by person', () => {
    const { index, ada, grace } = setup();
    expect(texts(index.list())).toEqual(['newer', 'older']);
    expect(texts(index.of(ada))).toEqual(['newer', 'older']);
    expect(texts(index.of(grace))).toEqual(['newer']);
  });

  it('follows typing in a note, keeping the order and every other note as it was', () => {
    const { doc, index, older, ada } = setup();
    const before = index.list();
    const paragraph = editableBody(doc, older, LOCAL_UI).get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert(5, ' but wiser');
    expect(texts(index.list())).toEqual(['newer', 'older but wiser']);
    expect(index.list()[0]).toBe(before[0]);
    expect(texts(index.of(ada))).toEqual(['newer', 'older but wiser']);
  });

  it('re-sorts when a time changes and regroups when people change', () => {
    const { doc, index, older, grace } = setup();
    index.list();
    updateNoteMeta(doc, older, { at: '2026-03-01T10:00:00Z' }, LOCAL_UI);
    expect(texts(index.list())).toEqual(['older', 'newer']);
    updateNoteMeta(doc, older, { contactIds: [grace] }, LOCAL_UI);
    expect(texts(index.of(grace))).toEqual(['older', 'newer']);
  });

  it('puts a note on the timeline of someone it @-mentions, who stays off its people', () => {
    const { doc, index, older, ada, grace } = setup();
    index.of(grace);
    const paragraph = editableBody(doc, older, LOCAL_UI).get(0) as Y.XmlElement;
    doc.transact(() => {
      const mention = new Y.XmlElement('mention');
      mention.setAttribute('id', grace);
      mention.setAttribute('label', 'Grace');
      paragraph.insert(1, [new Y.XmlText(' about '), mention]);
    });
    expect(texts(index.of(grace))).toEqual(['newer', 'older about @Grace']);
    expect(index.of(grace).find((note) => note.id === older)).toMatchObject({ contactIds: [ada], mentionIds: [grace] });
  });

  it('drops notes moved to the Trash and lists them there', () => {
    const { doc, index, newer, ada } = setup();
    deleteNote(doc, newer, LOCAL_UI);
    expect(texts(index.list())).toEqual(['older']);
    expect(texts(index.of(ada))).toEqual(['older']);
    expect(texts(index.trashed())).toEqual(['newer']);
  });

  it('finds notes by their words, the names of who was there and their kind', () => {
    const { doc, index, grace } = setup();
    const names = () => namesById(doc);
    expect(texts(index.find('', names()))).toEqual(['newer', 'older']);
    expect(texts(index.find('OLD', names()))).toEqual(['older']);
    expect(texts(index.find('grace', names()))).toEqual(['newer']);
    expect(texts(index.find('coffee newer', names()))).toEqual(['newer']);
    updatePerson(doc, grace, 'name', 'Grâce Hopper', LOCAL_UI);
    expect(texts(index.find('hopper', names()))).toEqual(['newer']);
    expect(texts(index.find('zeppelin', names()))).toEqual([]);
  });

  it('stops following the document when destroyed', () => {
    const { doc, index, older } = setup();
    index.destroy();
    deleteNote(doc, older, LOCAL_UI);
    expect(texts(index.list())).toEqual(['newer', 'older']);
  });
});
