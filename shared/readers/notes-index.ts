/**
 * Every note as a plain snapshot, kept as the document changes: the Notes
 * list, a person's timeline and the Trash's notes, on the readers' replica.
 *
 * Typing in a note changes the document on every keystroke, and at 30,000
 * people there are 60,000 notes: a transaction only marks the notes it
 * touched, and the next read re-reads those. While only texts change the
 * orders stand and only the changed entries are replaced.
 */
import * as Y from 'yjs';
import { NOTE_KIND_LABELS, readNote, type Note } from '../doc/notes';
import { readPersonFields } from '../doc/people';
import { root } from '../doc/schema';
import { foldText } from '../analytics/normalize';
import { changedRecordIds, touches } from './changed-records';

// Plain comparisons: ISO times and ids sort by code unit, and localeCompare is far slower over 60,000 notes.
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const newestFirst = (a: Note, b: Note) => compare(b.at, a.at) || compare(a.id, b.id);
/** The Trash's order (ids break ties: several notes go to the Trash in one millisecond with their person). */
export const lastRemovedFirst = (a: Note, b: Note) => compare(b.deletedAt ?? '', a.deletedAt ?? '') || compare(a.id, b.id);
/** The people whose timeline shows a note: who was there, and who it mentions. */
export const peopleOf = (note: Note) => (note.mentionIds.length ? [...new Set([...note.contactIds, ...note.mentionIds])] : note.contactIds);

/** What "Find in notes" looks in: the text, the names of who was there, the kind. */
export function noteHaystack(note: Note, names: ReadonlyMap<string, string>): string {
  return foldText(`${note.text} ${note.contactIds.map((id) => names.get(id) ?? '').join(' ')} ${NOTE_KIND_LABELS[note.kind]}`);
}

/** The words of a filter, folded as the haystacks are. */
export const filterWords = (filter: string) => foldText(filter).split(/\s+/).filter(Boolean);

export class NotesIndex {
  private readonly byId = new Map<string, Note>();
  private readonly dirty = new Set<string>();
  private sorted: Note[] | null = null;
  private byPerson: Map<string, Note[]> | null = null;
  private readonly notes: Y.Map<unknown>;

  constructor(private readonly doc: Y.Doc) {
    this.notes = root(doc, 'notes') as Y.Map<unknown>;
    this.notes.forEach((record, id) => this.read(id, record));
    doc.on('afterTransaction', this.mark);
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.mark);
  }

  private read(id: string, record: unknown): void {
    if (record instanceof Y.Map) this.byId.set(id, readNote(id, record as Y.Map<unknown>));
    else this.byId.delete(id);
  }

  private readonly mark = (transaction: Y.Transaction): void => {
    if (!touches(transaction, this.notes)) return;
    for (const id of changedRecordIds(transaction, this.notes)) this.dirty.add(id);
  };

  /** Re-reads the notes changed since the last read. */
  private settle(): void {
    if (this.dirty.size === 0) return;
    let reorder = false;
    let regroup = false;
    const replaced = new Map<string, Note>();
    for (const id of this.dirty) {
      const before = this.byId.get(id);
      this.read(id, this.notes.get(id));
      const after = this.byId.get(id);
      if (!before || !after || before.at !== after.at || before.deletedAt !== after.deletedAt) reorder = regroup = true;
      else if (peopleOf(before).join() !== peopleOf(after).join()) regroup = true;
      if (after) replaced.set(id, after);
    }
    this.dirty.clear();
    const swap = (list: Note[]) => list.map((note) => replaced.get(note.id) ?? note);
    this.sorted = reorder || !this.sorted ? null : swap(this.sorted);
    if (regroup || !this.byPerson) this.byPerson = null;
    else {
      for (const note of replaced.values()) {
        for (const personId of peopleOf(note)) {
          const list = this.byPerson.get(personId);
          if (list) this.byPerson.set(personId, swap(list));
        }
      }
    }
  }

  /** Live notes, newest first. */
  list(): Note[] {
    this.settle();
    this.sorted ??= [...this.byId.values()].filter((note) => !note.deletedAt).sort(newestFirst);
    return this.sorted;
  }

  /** The live notes "Find in notes" shows for `filter` (every word in the text, the names or the kind), newest first. */
  find(filter: string, names: ReadonlyMap<string, string>): Note[] {
    const words = filterWords(filter);
    const all = this.list();
    if (words.length === 0) return all;
    return all.filter((note) => {
      const haystack = noteHaystack(note, names);
      return words.every((word) => haystack.includes(word));
    });
  }

  /** Notes in the Trash, most recently removed first. */
  trashed(): Note[] {
    this.settle();
    return [...this.byId.values()].filter((note) => note.deletedAt).sort(lastRemovedFirst);
  }

  /** Live notes naming a person (as there, or @-mentioned), newest first. */
  of(personId: string): Note[] {
    const all = this.list();
    if (!this.byPerson) {
      this.byPerson = new Map();
      for (const note of all) {
        for (const id of peopleOf(note)) {
          const list = this.byPerson.get(id);
          if (list) list.push(note);
          else this.byPerson.set(id, [note]);
        }
      }
    }
    return this.byPerson.get(personId) ?? [];
  }
}

/** The names of the people not in the Trash, by id: what the Notes list shows and finds a note's people by. */
export function namesById(doc: Y.Doc): Map<string, string> {
  const names = new Map<string, string>();
  (root(doc, 'contacts') as Y.Map<unknown>).forEach((record, id) => {
    if (record instanceof Y.Map && !record.get('deletedAt')) names.set(id, readPersonFields(id, record as Y.Map<unknown>, ['name']).name);
  });
  return names;
}
