/**
 * A plain mirror of the live people and notes that search needs, kept up to
 * date from the Y.Doc's transactions.
 *
 * Transactions only mark records dirty (cheap, so typing in a note editor or
 * a large sync costs almost nothing at write time); `sync()` re-reads the
 * dirty records when a search is about to run and says which people changed,
 * so the index re-indexes exactly those.
 */
import * as Y from 'yjs';
import { root } from '../doc/schema';
import { readPerson, type Person } from '../doc/people';
import { noteMentions, noteText } from '../doc/notes';
import { foldText } from '../analytics/normalize';
import { fold, words } from './text';

export interface NoteEntry {
  id: string;
  /** Who was there and who the text @-mentions: the note's words say something about each of them. */
  personIds: readonly string[];
  /** ISO time of the call, meeting or message; '' when unknown. */
  at: string;
  text: string;
  folded: string;
}

export interface PersonEntry {
  person: Person;
  /** Folded values the filters compare against, and the first letters of the name's words. */
  keys: { org: string; tags: readonly string[]; places: readonly string[]; initials: string };
}

export class SearchCorpus {
  readonly people = new Map<string, PersonEntry>();
  /** Goes up whenever a person's own record changed (not only their notes): for caches of people alone. */
  peopleVersion = 0;
  private readonly notes = new Map<string, NoteEntry>();
  private readonly notesByPerson = new Map<string, Set<NoteEntry>>();
  private readonly contacts: Y.Map<unknown>;
  private readonly noteRecords: Y.Map<unknown>;
  private readonly dirtyPeople = new Set<string>();
  private readonly dirtyNotes = new Set<string>();

  constructor(private readonly doc: Y.Doc) {
    this.contacts = root(doc, 'contacts');
    this.noteRecords = root(doc, 'notes');
    for (const id of this.noteRecords.keys()) this.dirtyNotes.add(id);
    for (const id of this.contacts.keys()) this.dirtyPeople.add(id);
    doc.on('afterTransaction', this.onTransaction);
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
  }

  /** The live notes that mention a person. */
  notesOf(personId: string): NoteEntry[] {
    return [...(this.notesByPerson.get(personId) ?? [])];
  }

  /** Re-reads what changed since the last call; returns the ids of people to re-index. */
  sync(): Set<string> {
    if (this.dirtyPeople.size) this.peopleVersion++;
    const changed = new Set(this.dirtyPeople);
    for (const id of this.dirtyNotes) this.syncNote(id, changed);
    for (const id of changed) this.syncPerson(id);
    this.dirtyPeople.clear();
    this.dirtyNotes.clear();
    return changed;
  }

  private readonly onTransaction = (transaction: Y.Transaction): void => {
    transaction.changed.forEach((keys, type) => {
      for (const { root, key } of changedRecords(type, keys)) {
        if (root === this.contacts) this.dirtyPeople.add(key);
        else if (root === this.noteRecords) this.dirtyNotes.add(key);
      }
    });
  };

  /** Both the people a note mentioned before and those it mentions now need re-indexing. */
  private syncNote(id: string, changed: Set<string>): void {
    const before = this.notes.get(id);
    for (const personId of before ? before.personIds : []) {
      this.notesByPerson.get(personId)?.delete(before!);
      changed.add(personId);
    }
    const note = readNote(id, this.noteRecords.get(id));
    if (!note) {
      this.notes.delete(id);
      return;
    }
    this.notes.set(id, note);
    for (const personId of note.personIds) {
      let notes = this.notesByPerson.get(personId);
      if (!notes) this.notesByPerson.set(personId, (notes = new Set()));
      notes.add(note);
      changed.add(personId);
    }
  }

  private syncPerson(id: string): void {
    const record = this.contacts.get(id);
    const person = record instanceof Y.Map ? readPerson(id, record) : null;
    if (!person || person.deletedAt) this.people.delete(id);
    else this.people.set(id, { person, keys: filterKeys(person) });
  }
}

/** A shared type, as far as finding its place in the document needs. */
type Placed = { _item: Y.Item | null };

/**
 * The records a change touched, as (root map, key): the changed keys of a
 * root itself, or the one record holding a nested type (a person's tags, a
 * paragraph of a note's body).
 */
export function changedRecords(type: Placed, keys: Set<string | null>): { root: Placed; key: string }[] {
  if (!type._item) return [...keys].filter((key) => key !== null).map((key) => ({ root: type, key }));
  let current = type;
  while (current._item) {
    const { parent, parentSub } = current._item;
    if (!(parent instanceof Y.AbstractType)) return [];
    if (!parent._item) return parentSub === null ? [] : [{ root: parent, key: parentSub }];
    current = parent;
  }
  return [];
}

function readNote(id: string, record: unknown): NoteEntry | null {
  if (!(record instanceof Y.Map) || record.get('deletedAt')) return null;
  const contactIds = record.get('contactIds');
  const at = record.get('at');
  const text = noteText(record);
  const present = contactIds instanceof Y.Array ? contactIds.toArray().filter((c): c is string => typeof c === 'string') : [];
  return {
    id,
    personIds: [...new Set([...present, ...noteMentions(record)])],
    at: typeof at === 'string' ? at : '',
    text,
    folded: fold(text),
  };
}

/**
 * What filters and initials compare against, folded as analytics folds
 * (case, accents, punctuation). "Madrid, Spain" is found by "Madrid, Spain",
 * "madrid" and "Spain".
 */
function filterKeys(person: Person): PersonEntry['keys'] {
  const parts = person.location.split(',').map(foldText).filter(Boolean);
  const location = foldText(person.location);
  return {
    org: foldText(person.org),
    tags: person.tags.map(foldText),
    places: location ? [location, ...parts] : [],
    initials: words(fold(person.name)).map((word) => word[0]).join(''),
  };
}
