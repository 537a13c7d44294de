/**
 * Notes about people (the `notes` root): a call, a coffee, a message. A note
 * can name several people (`contactIds`: who was there), so it shows on each
 * of them. An @-mention in the text links a person without making them one
 * of those who were there: mentioned is not with (`mentionIds`, read from
 * the body, never stored beside it).
 *
 * The body is a Y.XmlFragment shaped as TipTap / y-prosemirror shape a
 * document — one `paragraph` Y.XmlElement per paragraph, each holding a
 * Y.XmlText — so a rich-text editor can later bind to it directly. Older
 * records (the e2e network fixture) hold a Y.Text body; `noteText` reads both.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { hasPrefix } from './schema';
import { ValidationError, firstIssue } from './errors';
import { NOTES } from './kinds';
import { systemClock, type Clock } from './records';
import { getPerson, isLivePerson } from './people';

/** `gave` and `received` log help given or received ("Grace reviewed my deck"); see shared/analytics/give-and-receive.ts. */
export const NOTE_KINDS = ['call', 'meeting', 'coffee', 'message', 'note', 'share', 'hello', 'gave', 'received'] as const;
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
  /** Who was there. */
  contactIds: string[];
  /** People @-mentioned in the text, whether or not they were there, in order of first mention. */
  mentionIds: string[];
  kind: NoteKind;
  at: string;
  text: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** How each kind of note is named in the UI (lists, timelines, finding notes). */
export const NOTE_KIND_LABELS: Record<NoteKind, string> = {
  call: 'Call',
  meeting: 'Meeting',
  coffee: 'Coffee',
  message: 'Message',
  note: 'Note',
  share: 'Shared',
  hello: 'Said hello',
  gave: 'Helped them',
  received: 'They helped',
};

function notes(doc: Y.Doc): Y.Map<unknown> {
  return NOTES.records(doc);
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
  const now = clock();
  const body = new Y.XmlFragment();
  const values = { contactIds: note.contactIds, kind: note.kind, at: new Date(note.at ?? now).toISOString(), body };
  // Filled once integrated: the paragraphs then belong to this document's history.
  return NOTES.create(doc, values, origin, () => now, { fill: () => fillBody(body, note.text) });
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
    if (child instanceof Y.XmlElement && child.nodeName === 'mention') return `@${child.getAttribute('label') ?? ''}`;
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
    mentionIds: noteMentions(record),
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

// ---------------------------------------------------------------------------
// Notes written in the editor: the record exists from the first moment, with
// an empty body the editor binds to, so every keystroke is saved as typed.

const contactList = z
  .array(z.string().refine((id) => hasPrefix(id, 'person'), 'A note can name only people'))
  .max(100, 'A note can name at most 100 people');
const noteTime = z.iso.datetime({
  offset: true,
  message: 'The time of a note is a date and time, such as 2026-01-02T15:00:00Z',
});

export const noteStartInput = z
  .object({
    contactIds: contactList.default([]),
    kind: z.enum(NOTE_KINDS, { message: `A note is one of ${NOTE_KINDS.join(', ')}` }),
    at: noteTime.optional(),
  })
  .strict();
export type NoteStartInput = z.input<typeof noteStartInput>;

export const noteMetaPatch = z
  .object({
    contactIds: contactList,
    kind: z.enum(NOTE_KINDS, { message: `A note is one of ${NOTE_KINDS.join(', ')}` }),
    at: noteTime,
  })
  .partial()
  .strict();
export type NoteMetaPatch = z.input<typeof noteMetaPatch>;

function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, fallbackField: string): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(String(parsed.error.issues[0]?.path[0] ?? fallbackField), firstIssue(parsed.error));
  }
  return parsed.data;
}

function noteRecord(doc: Y.Doc, id: string): Y.Map<unknown> {
  return NOTES.get(doc, id);
}

/**
 * Starts a note with an empty body for the editor to fill (a call just
 * logged). It may name no one yet; the people are added as the user picks
 * who was there.
 */
export function startNote(doc: Y.Doc, input: unknown, origin: unknown, clock: Clock = systemClock): string {
  const note = parseOrThrow(noteStartInput, input, 'note');
  const contactIds = [...new Set(note.contactIds)];
  requireLivePeople(doc, contactIds);
  const now = clock();
  const values = { contactIds, kind: note.kind, at: new Date(note.at ?? now).toISOString(), body: new Y.XmlFragment() };
  return NOTES.create(doc, values, origin, () => now);
}

/** Changes who was there, the kind or the time of a note. Throws and writes nothing on bad input. */
export function updateNoteMeta(doc: Y.Doc, id: string, patch: unknown, origin: unknown, clock: Clock = systemClock): void {
  const record = noteRecord(doc, id);
  const values = parseOrThrow(noteMetaPatch, patch, 'note');
  const contactIds = values.contactIds ? [...new Set(values.contactIds)] : undefined;
  if (contactIds) {
    const current = new Set(readNote(id, record).contactIds);
    // People already on the note may since have gone to the Trash; only newcomers must be live.
    requireLivePeople(doc, contactIds.filter((personId) => !current.has(personId)));
  }
  const at = values.at ? new Date(values.at).toISOString() : undefined;
  NOTES.update(doc, record, { contactIds, kind: values.kind, at }, origin, clock);
}

/** Marks a note as edited now (the editor calls it when typing pauses, not per keystroke). */
export function touchNote(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  const record = noteRecord(doc, id);
  doc.transact(() => NOTES.touch(record, clock().toISOString()), origin);
}

/** Moves a note to the Trash; restoreNote brings it back. */
export function deleteNote(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  NOTES.stamp(doc, noteRecord(doc, id), 'deletedAt', origin, clock);
}

export function restoreNote(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  NOTES.unstamp(doc, noteRecord(doc, id), 'deletedAt', origin, clock);
}

/**
 * Removes a note that was started and left empty (no text and no one named),
 * so an abandoned "Log a call" leaves nothing behind. Returns whether it went.
 * A note with any text or any person is never removed here.
 */
export function discardIfEmpty(doc: Y.Doc, id: string, origin: unknown): boolean {
  const record = NOTES.find(doc, id);
  if (!record) return false;
  const note = readNote(id, record);
  if (note.text.trim() !== '' || note.contactIds.length > 0) return false;
  doc.transact(() => notes(doc).delete(id), origin);
  return true;
}

/**
 * The body the editor binds to. Older records hold a Y.Text: it is replaced
 * by paragraphs of the same text, once, so the editor can work on it.
 */
export function editableBody(doc: Y.Doc, id: string, origin: unknown): Y.XmlFragment {
  const record = noteRecord(doc, id);
  const body = record.get('body');
  if (body instanceof Y.XmlFragment) return body;
  const text = body instanceof Y.Text ? body.toString() : '';
  const fragment = new Y.XmlFragment();
  doc.transact(() => {
    record.set('body', fragment);
    fillBody(fragment, text);
  }, origin);
  return fragment;
}

/** The ids of the people @-mentioned in a note's body, in order of first mention. */
export function mentionedIds(body: Y.XmlFragment): string[] {
  const found = new Set<string>();
  const walk = (node: Y.XmlFragment | Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === 'mention') {
        const id = child.getAttribute('id');
        if (typeof id === 'string' && hasPrefix(id, 'person')) found.add(id);
      } else walk(child);
    }
  };
  walk(body);
  return [...found];
}

/** The people @-mentioned in a note (none in an older Y.Text body, which holds no mentions). */
export function noteMentions(record: Y.Map<unknown>): string[] {
  const body = record.get('body');
  return body instanceof Y.XmlFragment ? mentionedIds(body) : [];
}

/** One note by id, or null when there is none. */
export function getNote(doc: Y.Doc, id: string): Note | null {
  const record = NOTES.find(doc, id);
  return record ? readNote(id, record) : null;
}
