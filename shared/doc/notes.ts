/**
 * Notes about people (the `notes` root): a call, a coffee, a message. A note
 * can name several people (`contactIds`), so it shows on each of them.
 *
 * The body is a Y.XmlFragment shaped as TipTap / y-prosemirror shape a
 * document — one `paragraph` Y.XmlElement per paragraph, each holding a
 * Y.XmlText — so a rich-text editor can later bind to it directly. Older
 * records (the e2e network fixture) hold a Y.Text body; `noteText` reads both.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { hasPrefix, newId, root } from './schema';
import { ValidationError, firstIssue } from './errors';
import { getPerson, isLivePerson, type Clock } from './people';

export const NOTE_KINDS = ['call', 'meeting', 'coffee', 'message', 'note', 'share'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

const MAX_TEXT = 100_000;

export const noteInput = z
  .object({
    contactIds: z
      .array(z.string().refine((id) => hasPrefix(id, 'person'), 'A note can name only people'))
      .min(1, 'A note needs at least one person')
      .max(100, 'A note can name at most 100 people'),
    kind: z.enum(NOTE_KINDS, { message: `A note is one of ${NOTE_KINDS.join(', ')}` }),
    at: z.iso.datetime({ offset: true, message: 'The time of a note is a date and time, such as 2026-01-02T15:00:00Z' }).optional(),
    text: z
      .string({ message: 'A note needs some text' })
      .trim()
      .min(1, 'A note needs some text')
      .max(MAX_TEXT, `A note can be at most ${MAX_TEXT} characters`),
  })
  .strict();
export type NoteInput = z.input<typeof noteInput>;
export type NewNote = z.output<typeof noteInput>;

export interface Note {
  id: string;
  contactIds: string[];
  kind: NoteKind;
  at: string;
  text: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

const systemClock: Clock = () => new Date();

function notes(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return root(doc, 'notes') as Y.Map<Y.Map<unknown>>;
}

function requireLivePeople(doc: Y.Doc, ids: readonly string[]): void {
  for (const id of ids) {
    if (isLivePerson(doc, id)) continue;
    const person = getPerson(doc, id);
    throw new ValidationError(
      'contactIds',
      person ? `${person.name} is in the Trash; restore them before adding a note` : 'One of these people is not in your network',
    );
  }
}

/** Checks a new note against the rules and the document without writing; returns the clean values. */
export function checkNewNote(doc: Y.Doc, input: unknown): NewNote {
  const parsed = noteInput.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(String(parsed.error.issues[0]?.path[0] ?? 'note'), firstIssue(parsed.error));
  }
  const contactIds = [...new Set(parsed.data.contactIds)];
  requireLivePeople(doc, contactIds);
  return { ...parsed.data, contactIds };
}

/** One paragraph per non-empty line: blank lines separate paragraphs rather than becoming empty ones. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function fillBody(body: Y.XmlFragment, text: string): void {
  const paragraphs = paragraphsOf(text).map((line) => {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(line)]);
    return paragraph;
  });
  body.insert(0, paragraphs);
}

/** Adds a note; returns the new id. Throws ValidationError and writes nothing on bad input. */
export function createNote(doc: Y.Doc, input: unknown, origin: unknown, clock: Clock = systemClock): string {
  const note = checkNewNote(doc, input);
  const id = newId('note');
  const now = clock().toISOString();
  const record = new Y.Map<unknown>();
  doc.transact(() => {
    const contactIds = new Y.Array<string>();
    contactIds.push(note.contactIds);
    const body = new Y.XmlFragment();
    record.set('contactIds', contactIds);
    record.set('kind', note.kind);
    record.set('at', new Date(note.at ?? now).toISOString());
    record.set('body', body);
    record.set('createdAt', now);
    record.set('updatedAt', now);
    notes(doc).set(id, record);
    // Filled once integrated: the paragraphs then belong to this document's history.
    fillBody(body, note.text);
  }, origin);
  return id;
}

function plainText(text: Y.XmlText): string {
  return text
    .toDelta()
    .map((op: { insert?: unknown }) => (typeof op.insert === 'string' ? op.insert : ''))
    .join('');
}

/**
 * The text of an XML node. An element holding text is a paragraph-like block
 * (its hard breaks become newlines); an element holding only elements (a
 * list, a quote) joins its blocks line by line.
 */
function xmlText(node: Y.XmlFragment): string {
  const children = node.toArray();
  const inline = children.some((child) => child instanceof Y.XmlText);
  const parts = children.map((child) => {
    if (child instanceof Y.XmlText) return plainText(child);
    if (child instanceof Y.XmlElement && child.nodeName === 'hardBreak') return '\n';
    return child instanceof Y.XmlFragment ? xmlText(child) : '';
  });
  return parts.join(inline ? '' : '\n');
}

/** The plain text of a note's body, whether a Y.XmlFragment (editor) or a Y.Text (older records). */
export function noteText(record: Y.Map<unknown>): string {
  const body = record.get('body');
  if (body instanceof Y.XmlFragment) return xmlText(body);
  if (body instanceof Y.Text) return body.toString();
  return '';
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A plain snapshot of a note; missing fields (older records) read as defaults. */
export function readNote(id: string, record: Y.Map<unknown>): Note {
  const contactIds = record.get('contactIds');
  const kind = record.get('kind');
  const at = asString(record.get('at'));
  const createdAt = asString(record.get('createdAt')) || at;
  const deletedAt = record.get('deletedAt');
  return {
    id,
    contactIds: contactIds instanceof Y.Array ? contactIds.toArray().filter((item) => typeof item === 'string') : [],
    kind: (NOTE_KINDS as readonly unknown[]).includes(kind) ? (kind as NoteKind) : 'note',
    at,
    text: noteText(record),
    createdAt,
    updatedAt: asString(record.get('updatedAt')) || createdAt,
    deletedAt: typeof deletedAt === 'string' ? deletedAt : null,
  };
}

const newestFirst = (a: Note, b: Note) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id);

/** Notes newest first; those in the Trash only when asked. */
export function listNotes(doc: Y.Doc, options: { includeDeleted?: boolean } = {}): Note[] {
  const found: Note[] = [];
  notes(doc).forEach((record, id) => {
    if (!(record instanceof Y.Map) || (record.get('deletedAt') && !options.includeDeleted)) return;
    found.push(readNote(id, record));
  });
  return found.sort(newestFirst);
}

/** The notes that name a person, newest first. */
export function notesOf(doc: Y.Doc, personId: string): Note[] {
  const found: Note[] = [];
  notes(doc).forEach((record, id) => {
    if (!(record instanceof Y.Map) || record.get('deletedAt')) return;
    const contactIds = record.get('contactIds');
    if (contactIds instanceof Y.Array && contactIds.toArray().includes(personId)) found.push(readNote(id, record));
  });
  return found.sort(newestFirst);
}
