/**
 * Every note as a plain snapshot, kept up to date incrementally.
 *
 * Typing in a note changes the document on every keystroke. Re-reading all
 * notes (and their text) each time would make typing slower the bigger the
 * network, so this index re-reads only the notes a transaction touched, and
 * tells its listeners at most once per `settleMs` while edits keep coming.
 */
import { useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { readNote, type Note } from '../../../shared/doc/notes';
import { root } from '../../../shared/doc/schema';

// Plain comparisons: ISO times and ids sort by code unit, and localeCompare is far slower over 20,000 notes.
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const newestFirst = (a: Note, b: Note) => compare(b.at, a.at) || compare(a.id, b.id);
/** The people whose timeline shows a note: who was there, and who it mentions. */
const peopleOf = (note: Note) => (note.mentionIds.length ? [...new Set([...note.contactIds, ...note.mentionIds])] : note.contactIds);

export class NotesIndex {
  private readonly byId = new Map<string, Note>();
  private readonly dirty = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sorted: Note[] | null = null;
  private byPerson: Map<string, Note[]> | null = null;
  private version = 0;
  private readonly notes: Y.Map<Y.Map<unknown>>;

  constructor(
    doc: Y.Doc,
    private readonly settleMs = 120,
  ) {
    this.notes = root(doc, 'notes') as Y.Map<Y.Map<unknown>>;
    this.notes.forEach((record, id) => this.read(id, record));
    this.notes.observeDeep(this.onChange);
  }

  destroy(): void {
    this.notes.unobserveDeep(this.onChange);
    clearTimeout(this.timer);
  }

  private read(id: string, record: unknown): void {
    if (record instanceof Y.Map) this.byId.set(id, readNote(id, record));
    else this.byId.delete(id);
  }

  private readonly onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    for (const event of events) {
      if (event.target === this.notes) {
        for (const key of (event as Y.YMapEvent<unknown>).keysChanged) this.dirty.add(key);
      } else {
        const id = event.path[0];
        if (typeof id === 'string') this.dirty.add(id);
      }
    }
    if (this.dirty.size > 0 && this.timer === undefined) this.timer = setTimeout(this.settle, this.settleMs);
  };

  private readonly settle = (): void => {
    this.timer = undefined;
    // Typing changes only a note's text: then the orders stay, and only that note's entries are replaced.
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
    this.version++;
    for (const listener of this.listeners) listener();
  };

  /** Applies pending changes now (tests, and before reading right after a write). */
  flush(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.settle();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  get(id: string): Note | undefined {
    return this.byId.get(id);
  }

  /** Live notes, newest first. */
  list(): Note[] {
    this.sorted ??= [...this.byId.values()].filter((note) => !note.deletedAt).sort(newestFirst);
    return this.sorted;
  }

  /** Notes in the Trash, most recently removed first. */
  trashed(): Note[] {
    return [...this.byId.values()]
      .filter((note) => note.deletedAt)
      .sort((a, b) => (b.deletedAt ?? '').localeCompare(a.deletedAt ?? ''));
  }

  /** Live notes naming a person (as there, or @-mentioned), newest first. */
  of(personId: string): Note[] {
    if (!this.byPerson) {
      this.byPerson = new Map();
      for (const note of this.list()) {
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

/** Re-renders when the notes settle after a change; returns the index to read from. */
export function useNotesIndex(index: NotesIndex): NotesIndex {
  useSyncExternalStore(index.subscribe, index.getVersion);
  return index;
}
