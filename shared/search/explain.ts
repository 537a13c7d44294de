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
import { foldWithOffsets } from './text';

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
type PersonSearchField = Exclude<SearchField, 'notes'>;

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

/** One match per field the index matched; `notes` is called only when a note matched. */
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
  const snippet = windowAround(note.text, foldWithOffsets(note.text).original(at));
  return { field: 'notes', fieldLabel: FIELD_LABELS.notes, snippet, ranges: highlight(snippet, words, typed), noteId: note.id };
}

/** Where the first of `words` stands as a whole word in a folded text, or -1. */
function firstWordAt(folded: string, words: ReadonlySet<string>): number {
  let first = -1;
  for (const word of words) {
    const [at] = wordPositions(folded, word, 1);
    if (at !== undefined && (first < 0 || at < first)) first = at;
  }
  return first;
}

/** Where `word` stands as a whole word in a folded text (indexOf is far faster than splitting into words). */
function wordPositions(folded: string, word: string, most = Infinity): number[] {
  const positions: number[] = [];
  for (let at = folded.indexOf(word); at >= 0 && positions.length < most; at = folded.indexOf(word, at + 1)) {
    if (isWordEdge(folded, at - 1) && isWordEdge(folded, at + word.length)) positions.push(at);
  }
  return positions;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const SPACE = /\s/;

function isWordEdge(text: string, index: number): boolean {
  return index < 0 || index >= text.length || !LETTER_OR_DIGIT.test(text[index]!);
}

/** Whole words around `position`, on one line, with "…" where text was cut. */
function windowAround(text: string, position: number): string {
  let start = Math.max(0, position - BEFORE);
  let end = Math.min(text.length, position + AFTER);
  if (start > 0) {
    while (start < position && !SPACE.test(text[start - 1]!)) start++;
    if (start === position) start = Math.max(0, position - BEFORE);
  }
  if (end < text.length) {
    while (end > position && !SPACE.test(text[end]!)) end--;
    if (end === position) end = Math.min(text.length, position + AFTER);
  }
  const body = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`;
}

/** Ranges of `text` where one of `words` stands (folded); a prefix match covers only the typed part. */
export function highlight(text: string, words: ReadonlySet<string>, typed: readonly string[]): Range[] {
  const { folded, original } = foldWithOffsets(text);
  const ranges: Range[] = [];
  for (const word of words) {
    const length = typedLength(word, typed);
    for (const at of wordPositions(folded, word)) ranges.push([original(at), original(at + length)]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

function typedLength(word: string, typed: readonly string[]): number {
  let longest = 0;
  for (const prefix of typed) if (prefix.length > longest && word.startsWith(prefix)) longest = prefix.length;
  return longest || word.length;
}
