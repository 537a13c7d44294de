import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson } from './people';
import { createNote, listNotes, noteText, notesOf, paragraphsOf } from './notes';
import { ValidationError } from './errors';
import { LOCAL_UI } from './origins';
import { generateNetwork } from '../../e2e/fixtures/network';

const clock = (iso: string) => () => new Date(iso);

function twoPeople() {
  const doc = new Y.Doc();
  const ada = createPerson(doc, { name: 'Ada' }, LOCAL_UI);
  const grace = createPerson(doc, { name: 'Grace' }, LOCAL_UI);
  return { doc, ada, grace };
}

const record = (doc: Y.Doc, id: string) => doc.getMap('notes').get(id) as Y.Map<unknown>;

describe('creating notes', () => {
  it('writes the body as TipTap paragraphs in one transaction tagged with the origin', () => {
    const { doc, ada } = twoPeople();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    const id = createNote(
      doc,
      { contactIds: [ada], kind: 'coffee', text: 'Met at the Rex.\n\nShe is moving to Lisbon.\r\nSend the deck.' },
      LOCAL_UI,
      clock('2026-01-02T10:00:00Z'),
    );
    expect(id).toMatch(/^note:[0-9a-z]{16}$/);
    expect(origins).toEqual([LOCAL_UI]);
    const body = record(doc, id).get('body');
    expect(body).toBeInstanceOf(Y.XmlFragment);
    expect((body as Y.XmlFragment).toString()).toBe(
      '<paragraph>Met at the Rex.</paragraph><paragraph>She is moving to Lisbon.</paragraph><paragraph>Send the deck.</paragraph>',
    );
    expect(record(doc, id).get('contactIds')).toBeInstanceOf(Y.Array);
    expect(listNotes(doc)).toEqual([
      {
        id,
        contactIds: [ada],
        mentionIds: [],
        kind: 'coffee',
        at: '2026-01-02T10:00:00.000Z',
        text: 'Met at the Rex.\nShe is moving to Lisbon.\nSend the deck.',
        createdAt: '2026-01-02T10:00:00.000Z',
        updatedAt: '2026-01-02T10:00:00.000Z',
        deletedAt: null,
      },
    ]);
  });

  it('takes a given time in any offset, stored in UTC, and names each person once', () => {
    const { doc, ada } = twoPeople();
    const id = createNote(doc, { contactIds: [ada, ada], kind: 'call', at: '2025-12-31T23:30:00+02:00', text: 'Hi' }, LOCAL_UI);
    expect(listNotes(doc)[0]).toMatchObject({ id, contactIds: [ada], at: '2025-12-31T21:30:00.000Z' });
  });

  it('refuses bad input, writing nothing, and names the field', () => {
    const { doc, ada, grace } = twoPeople();
    deletePerson(doc, grace, LOCAL_UI);
    const cases: [unknown, string][] = [
      [{ contactIds: [], kind: 'note', text: 'x' }, 'contactIds'],
      [{ contactIds: ['person:nobody'], kind: 'note', text: 'x' }, 'contactIds'],
      [{ contactIds: [ada, grace], kind: 'note', text: 'x' }, 'contactIds'],
      [{ contactIds: ['note:abc'], kind: 'note', text: 'x' }, 'contactIds'],
      [{ contactIds: [ada], kind: 'note', text: ' \n\n ' }, 'text'],
      [{ contactIds: [ada], kind: 'note' }, 'text'],
      [{ contactIds: [ada], kind: 'lunch', text: 'x' }, 'kind'],
      [{ contactIds: [ada], kind: 'note', at: 'yesterday', text: 'x' }, 'at'],
      [{ contactIds: [ada], kind: 'note', text: 'x', mood: 'good' }, 'note'],
    ];
    for (const [input, field] of cases) {
      const before = Y.encodeStateAsUpdate(doc);
      try {
        createNote(doc, input, LOCAL_UI);
        expect.unreachable(JSON.stringify(input));
      } catch (error) {
        expect(error, JSON.stringify(input)).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).field, JSON.stringify(input)).toBe(field);
      }
      expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    }
  });

  it('splits text into paragraphs on line breaks, dropping blank lines', () => {
    expect(paragraphsOf('one\n\n\ntwo  \r\n  three\rfour')).toEqual(['one', 'two', 'three', 'four']);
  });
});

describe('reading notes', () => {
  it('reads the plain text of a Y.Text body and of an editor body with marks, breaks and lists', () => {
    const doc = new Y.Doc();
    const notes = doc.getMap('notes');
    const plain = new Y.Map<unknown>();
    notes.set('note:plain', plain);
    plain.set('body', new Y.Text('Called about the offer.'));
    expect(noteText(plain)).toBe('Called about the offer.');

    const rich = new Y.Map<unknown>();
    notes.set('note:rich', rich);
    const body = new Y.XmlFragment();
    rich.set('body', body);
    const paragraph = new Y.XmlElement('paragraph');
    const list = new Y.XmlElement('bulletList');
    body.insert(0, [paragraph, list]);
    const text = new Y.XmlText();
    paragraph.insert(0, [text, new Y.XmlElement('hardBreak'), new Y.XmlText('second line')]);
    text.insert(0, 'Bold', { bold: true });
    text.insert(4, ' move');
    const item = new Y.XmlElement('listItem');
    list.insert(0, [item]);
    const itemParagraph = new Y.XmlElement('paragraph');
    item.insert(0, [itemParagraph]);
    itemParagraph.insert(0, [new Y.XmlText('an item')]);
    expect(noteText(rich)).toBe('Bold move\nsecond line\nan item');

    const empty = new Y.Map<unknown>();
    notes.set('note:empty', empty);
    expect(noteText(empty)).toBe('');
  });

  it('shows a note naming two people on both, newest first, and leaves out notes in the Trash', () => {
    const { doc, ada, grace } = twoPeople();
    const old = createNote(doc, { contactIds: [ada], kind: 'call', at: '2025-01-01T00:00:00Z', text: 'old' }, LOCAL_UI);
    const both = createNote(doc, { contactIds: [ada, grace], kind: 'meeting', at: '2025-06-01T00:00:00Z', text: 'both' }, LOCAL_UI);
    const trashed = createNote(doc, { contactIds: [ada], kind: 'note', at: '2025-07-01T00:00:00Z', text: 'gone' }, LOCAL_UI);
    record(doc, trashed).set('deletedAt', '2025-08-01T00:00:00Z');
    expect(notesOf(doc, ada).map((note) => note.id)).toEqual([both, old]);
    expect(notesOf(doc, grace).map((note) => note.id)).toEqual([both]);
    expect(listNotes(doc).map((note) => note.id)).toEqual([both, old]);
    expect(listNotes(doc, { includeDeleted: true }).map((note) => note.id)).toEqual([trashed, both, old]);
  });

  it('reads the notes the network fixture writes (Y.Text bodies, no timestamps of their own)', () => {
    const doc = generateNetwork({ seed: 5, people: 30, notesPerPerson: 2 });
    const notes = listNotes(doc);
    expect(notes).toHaveLength(60);
    for (const note of notes) {
      expect(note.text.length).toBeGreaterThan(0);
      expect(note.contactIds.length).toBeGreaterThan(0);
      expect(note.createdAt).toBe(note.at);
    }
    expect(notes.map((note) => note.at)).toEqual(notes.map((note) => note.at).sort().reverse());
    const someone = notes[0]!.contactIds[0]!;
    expect(notesOf(doc, someone).map((note) => note.id)).toContain(notes[0]!.id);
  });
});
