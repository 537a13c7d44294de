/**
 * Why a person matched: for each field, a snippet of plain text and the
 * ranges in it to highlight.
 *
 * Snippets are plain text plus ranges (never markup), so the UI renders them
 * as text and nothing in a note can inject HTML. A range covers the typed
 * part of a word: for the query "kite", "…we talked about kitesurfing…"
 * highlights "kite"; a fuzzy match highlights the whole word.
 */
import type { Person } from '../doc/people';
import type { NoteEntry } from './corpus';
import { foldWithOffsets, wordsAt } from './text';

/** The searchable fields, in the order matches are listed, with their labels. */
export const FIELD_LABELS = {
  name: 'Name',
  org: 'Organisation',
  role: 'Role',
  function: 'Function',
  expertise: 'Expertise',
  tags: 'Tags',
  interests: 'Interests',
  location: 'Location',
  hometown: 'Hometown',
  schools: 'Schools',
  pastOrgs: 'Past organisations',
  notes: 'Notes',
} as const;
export type SearchField = keyof typeof FIELD_LABELS;
export const SEARCH_FIELDS = Object.keys(FIELD_LABELS) as SearchField[];
export type PersonSearchField = Exclude<SearchField, 'notes'>;

/** [start, end) offsets into a snippet. */
export type Range = readonly [start: number, end: number];

export interface FieldMatch {
  field: SearchField;
  fieldLabel: string;
  /** Plain text: the field's value (matching list entries joined by ", "), or a window of a note. */
  snippet: string;
  /** What to highlight in `snippet`, in order. */
  ranges: Range[];
  /** For a note match: the note the snippet comes from. */
  noteId?: string;
}

/** The words the index matched (folded), and the words the person typed (folded). */
export interface MatchedTerms {
  byField: ReadonlyMap<SearchField, ReadonlySet<string>>;
  typed: readonly string[];
}

const BEFORE = 40;
const AFTER = 80;

export function explain(person: Person, notes: () => NoteEntry[], terms: MatchedTerms): FieldMatch[] {
  const matches: FieldMatch[] = [];
  for (const field of SEARCH_FIELDS) {
    const words = terms.byField.get(field);
    if (!words) continue;
    const match = field === 'notes' ? noteMatch(notes(), words, terms.typed) : valueMatch(person, field, words, terms.typed);
    if (match) matches.push(match);
  }
  return matches;
}

function valueMatch(
  person: Person,
  field: PersonSearchField,
  words: ReadonlySet<string>,
  typed: readonly string[],
): FieldMatch | null {
  const value = person[field];
  let snippet = '';
  const ranges: Range[] = [];
  for (const entry of Array.isArray(value) ? value : [value]) {
    const found = highlight(entry, words, typed);
    if (!found.length) continue;
    if (snippet) snippet += ', ';
    ranges.push(...found.map(([start, end]) => [start + snippet.length, end + snippet.length] as const));
    snippet += entry;
  }
  return snippet ? { field, fieldLabel: FIELD_LABELS[field], snippet, ranges } : null;
}

/** A window of the most recent note holding a matched word, around its first occurrence. */
function noteMatch(notes: NoteEntry[], words: ReadonlySet<string>, typed: readonly string[]): FieldMatch | null {
  let best: { note: NoteEntry; at: number } | null = null;
  for (const note of notes) {
    if (best && note.at <= best.note.at) continue;
    const at = firstWordAt(note.folded, words);
    if (at >= 0) best = { note, at };
  }
  if (!best) return null;
  const { note, at } = best;
  const snippet = windowAround(note.text, foldWithOffsets(note.text).offsets[at]!);
  return { field: 'notes', fieldLabel: FIELD_LABELS.notes, snippet, ranges: highlight(snippet, words, typed), noteId: note.id };
}

/** Where the first of `words` stands as a whole word in a folded text, or -1. (indexOf is far faster than splitting.) */
function firstWordAt(folded: string, words: ReadonlySet<string>): number {
  let first = -1;
  for (const word of words) {
    for (let at = folded.indexOf(word); at >= 0 && (first < 0 || at < first); at = folded.indexOf(word, at + 1)) {
      if (isWordEdge(folded, at - 1) && isWordEdge(folded, at + word.length)) first = at;
    }
  }
  return first;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function isWordEdge(text: string, index: number): boolean {
  return index < 0 || index >= text.length || !LETTER_OR_DIGIT.test(text[index]!);
}

/** Whole words around `position`, on one line, with "…" where text was cut. */
function windowAround(text: string, position: number): string {
  const line = text.replace(/\s/g, ' '); // same length, so `position` still points at the word
  let start = Math.max(0, position - BEFORE);
  let end = Math.min(line.length, position + AFTER);
  const firstSpace = line.indexOf(' ', start);
  if (start > 0 && firstSpace >= 0 && firstSpace < position) start = firstSpace + 1;
  const lastSpace = line.lastIndexOf(' ', end);
  if (end < line.length && lastSpace > position) end = lastSpace;
  const body = line.slice(start, end).replace(/ +/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${body}${end < line.length ? '…' : ''}`;
}

/** Ranges of `text` whose folded words are among `words`; a prefix match covers only the typed part. */
export function highlight(text: string, words: ReadonlySet<string>, typed: readonly string[]): Range[] {
  const { folded, offsets } = foldWithOffsets(text);
  const ranges: Range[] = [];
  for (const { word, at } of wordsAt(folded)) {
    if (!words.has(word)) continue;
    const length = typedLength(word, typed);
    ranges.push([offsets[at]!, offsets[at + length]!]);
  }
  return ranges;
}

function typedLength(word: string, typed: readonly string[]): number {
  let longest = 0;
  for (const prefix of typed) if (prefix.length > longest && word.startsWith(prefix)) longest = prefix.length;
  return longest || word.length;
}
