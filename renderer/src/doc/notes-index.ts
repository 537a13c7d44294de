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

const newestFirst = (a: Note, b: Note) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id);

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
    for (const id of this.dirty) this.read(id, this.notes.get(id));
    this.dirty.clear();
    this.sorted = null;
    this.byPerson = null;
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

  /** Live notes naming a person, newest first. */
  of(personId: string): Note[] {
    if (!this.byPerson) {
      this.byPerson = new Map();
      for (const note of this.list()) {
        for (const id of note.contactIds) {
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
