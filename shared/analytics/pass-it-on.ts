/**
 * Who would care: given something to pass on (a title, a link, a paragraph),
 * the people it would matter to, best first, each with why — the fields and
 * words that matched ("Interests: vector databases", "said in a note on
 * 3 March: …") and their open asks ("asking about vector databases, 3
 * March") — and a starter line that names the reason.
 *
 * People's fields and the notes that name them are matched through the
 * people search index (shared/search: case, accents and prefixes, so
 * "database" finds "databases"); the item's words are singular and widened
 * by the aliases ("ML" also looks for "machine learning"). Open asks are
 * matched here, word by word, and weigh most: someone who asked for this is
 * the first to tell. Anyone it was already passed to (a share note with the
 * same link, or the same title) is left out. Nothing here calls the network.
 */
import type * as Y from 'yjs';
import type { Person } from '../doc/people';
import { getPerson } from '../doc/people';
import { NOTES } from '../doc/kinds';
import { openAsks, type Ask } from '../doc/asks';
import { sharedWith } from '../doc/shares';
import { highlight, type Range } from '../search/explain';
import type { PeopleSearch, SearchField } from '../search/people-search';
import { fold, words } from '../search/text';
import { listAliases } from './normalize';
import { matchedEntry, matchedPhrase, starterLine } from './pass-it-on-starters';
import type { NoteKind } from '../doc/notes';

export { starterLine } from './pass-it-on-starters';

export interface PassItem {
  title: string;
  link?: string;
  /** A paragraph about it: pasted text, a description. */
  text?: string;
}

export type ReasonField = Exclude<SearchField, 'name'> | 'asks';

export interface Reason {
  field: ReasonField;
  /** "Interests", "Notes", "Their ask". */
  label: string;
  /** Plain text to show, with `ranges` ([start, end) offsets) to highlight; never markup. */
  snippet: string;
  ranges: Range[];
  /** A sentence for the reason: "asked about vector databases on 3 March", "interested in vector databases". */
  sentence: string;
  noteId?: string;
  askId?: string;
  /** When the note or ask is from (ISO). */
  at?: string;
  /** The note's kind (a call, a coffee…), for the starter to say which conversation. */
  noteKind?: NoteKind;
}

export interface Candidate {
  person: Person;
  score: number;
  /** The strongest first: asks, then what they know and like, then notes. */
  reasons: Reason[];
  /** The item's words that matched them (folded), for highlighting. */
  words: string[];
  /** Their open asks this would answer: marked helped when it is passed on. */
  askIds: string[];
  /** One line to send, naming the reason. */
  starter: string;
}

export interface RankOptions {
  limit?: number;
  /** The user's zone, for the days in sentences ("on 3 March"). */
  timeZone?: string;
}

const DEFAULT_LIMIT = 12;
/**
 * How many people the index is asked for, per place in the list, before asks and exclusions
 * reorder them: each one asked for is explained, which is most of a ranking's cost past the search.
 */
const SEARCH_DEPTH_PER_PLACE = 2;
const MIN_SEARCH_DEPTH = 20;
const MAX_WORDS = 40;

/** Words that say nothing about a topic: English function words and the vocabulary of links and articles. */
const STOP = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by can ' +
    'could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it ' +
    'its itself just me more most my no nor not now of off on once only or other our out over own same she should so some such than ' +
    'that the their them then there these they this those through to too under until up very was we were what when where which while ' +
    'who whom why will with would you your yours new how why best guide intro introduction read reading article post blog news ' +
    'http https www com org net html htm php amp index page today week year years day days one two three first get got make made ' +
    'thing things way ways really many much lot lots like just via using use used want wants need needs looking look find'
  ).split(' '),
);

/** "databases" → "database", leaving "class", "campus", "analysis" and short acronyms ("aws") alone. */
export function singular(word: string): string {
  if (word.length <= 3 || !word.endsWith('s') || /(ss|us|is)$/.test(word)) return word;
  if (/ies$/.test(word) && word.length > 4) return `${word.slice(0, -3)}y`;
  return word.slice(0, -1);
}

/** The words of a link's path and query ("…/vector-databases-explained?ref=x" → vector, databases, explained, ref, x). */
function linkWords(link: string): string {
  try {
    const url = new URL(link);
    return decodeURIComponent(`${url.pathname} ${url.search}`).replace(/[^\p{L}\p{N}]+/gu, ' ');
  } catch {
    return '';
  }
}

/**
 * The item's words to look for: folded, singular, without stop words, plus
 * the other spellings of any alias the item names ("ML" → machine, learning).
 */
export function itemWords(item: PassItem, doc?: Y.Doc): string[] {
  const folded = fold([item.title, item.text ?? '', item.link ? linkWords(item.link) : ''].join(' '));
  const all = words(folded);
  const found = new Set<string>();
  for (const word of all) {
    if (word.length < 3 || STOP.has(word) || /^\d+$/.test(word)) continue;
    found.add(singular(word));
  }
  const padded = ` ${all.map(singular).join(' ')} `;
  const groups = new Map<string, Set<string>>();
  for (const { canonical, variant } of doc ? listAliases(doc) : []) {
    const group = groups.get(canonical) ?? new Set([canonical]);
    group.add(variant);
    groups.set(canonical, group);
  }
  for (const spellings of groups.values()) {
    const keys = [...spellings].map((spelling) => words(fold(spelling)).map(singular).join(' ')).filter(Boolean);
    if (!keys.some((key) => padded.includes(` ${key} `))) continue;
    for (const key of keys) for (const word of key.split(' ')) if (!STOP.has(word)) found.add(word);
  }
  return [...found].slice(0, MAX_WORDS);
}

/** An ask's words that one of `terms` matches: the same word, or one a prefix of the other (plurals, "vector" / "vectors"). */
function askMatches(ask: Ask, terms: readonly string[]): Set<string> {
  const matched = new Set<string>();
  for (const word of words(fold(ask.what))) {
    if (word.length < 2 || STOP.has(word)) continue;
    const base = singular(word);
    if (terms.some((term) => term === base || (term.length >= 4 && base.startsWith(term)) || (base.length >= 4 && term.startsWith(base)))) {
      matched.add(word);
    }
  }
  return matched;
}

const FIELD_ORDER: ReasonField[] = ['asks', 'expertise', 'interests', 'tags', 'role', 'function', 'org', 'pastOrgs', 'schools', 'location', 'hometown', 'notes'];

/** One formatter per zone: making one costs more than ranking a person. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayText(iso: string, timeZone: string | undefined): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return '';
  const key = timeZone ?? '';
  let format = dayFormats.get(key);
  if (!format) dayFormats.set(key, (format = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone })));
  return format.format(time);
}

function sentenceFor(field: ReasonField, snippet: string, ranges: readonly Range[], at: string, timeZone?: string): string {
  const value = matchedEntry(field, snippet, ranges);
  const day = at ? dayText(at, timeZone) : '';
  switch (field) {
    case 'asks':
      return `${snippet}${day ? ` (${day})` : ''}`;
    case 'expertise':
      return `knows about ${value}`;
    case 'interests':
      return `interested in ${value}`;
    case 'tags':
      return `tagged ${value}`;
    case 'notes':
      return `you talked about ${matchedPhrase(snippet, ranges)}${day ? ` on ${day}` : ''}`;
    case 'org':
      return `works at ${value}`;
    case 'pastOrgs':
      return `used to work at ${value}`;
    case 'role':
    case 'function':
      return `works as ${value}`;
    case 'schools':
      return `studied at ${value}`;
    case 'location':
    case 'hometown':
      return `is in ${value}`;
  }
}

/**
 * The people `item` would matter to, best first (see the top of this file).
 * `search` is the document's people search (built once, kept warm).
 */
export function whoWouldCare(doc: Y.Doc, search: PeopleSearch, item: PassItem, options: RankOptions = {}): Candidate[] {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const terms = itemWords(item, doc);
  if (!terms.length || limit <= 0) return [];
  const already = sharedWith(doc, item);
  const byPerson = new Map<string, { person: Person; score: number; reasons: Reason[]; words: Set<string>; askIds: string[] }>();

  const results = search.searchAny(terms, Math.max(MIN_SEARCH_DEPTH, limit * SEARCH_DEPTH_PER_PLACE) + already.size);
  const top = results[0]?.score || 1;
  for (const result of results) {
    if (already.has(result.person.id)) continue;
    const reasons: Reason[] = [];
    const matchedWords = new Set<string>();
    for (const match of result.matches) {
      if (match.field === 'name' || !match.ranges.length) continue;
      const note = match.noteId ? NOTES.find(doc, match.noteId) : null;
      // A share told them of something else: it says what I sent, not what they care about.
      if (note?.get('kind') === 'share') continue;
      const at = typeof note?.get('at') === 'string' ? (note.get('at') as string) : '';
      for (const [start, end] of match.ranges) matchedWords.add(fold(match.snippet.slice(start, end)));
      reasons.push({
        field: match.field,
        label: match.fieldLabel,
        snippet: match.snippet,
        ranges: match.ranges,
        sentence: sentenceFor(match.field, match.snippet, match.ranges, at, options.timeZone),
        ...(match.noteId ? { noteId: match.noteId, at, noteKind: note?.get('kind') as NoteKind } : {}),
      });
    }
    if (!reasons.length) continue;
    byPerson.set(result.person.id, { person: result.person, score: result.score / top, reasons, words: matchedWords, askIds: [] });
  }

  for (const ask of openAsks(doc)) {
    if (already.has(ask.contactId)) continue;
    const matched = askMatches(ask, terms);
    if (!matched.size) continue;
    let entry = byPerson.get(ask.contactId);
    if (!entry) {
      const person = getPerson(doc, ask.contactId);
      if (!person) continue;
      entry = { person, score: 0, reasons: [], words: new Set(), askIds: [] };
      byPerson.set(ask.contactId, entry);
    }
    const ranges = highlight(ask.what, new Set([...matched].map(fold)), []);
    entry.reasons.push({
      field: 'asks',
      label: 'Their ask',
      snippet: ask.what,
      ranges,
      sentence: sentenceFor('asks', ask.what, ranges, ask.createdAt, options.timeZone),
      askId: ask.id,
      at: ask.createdAt,
      ...(ask.noteId ? { noteId: ask.noteId } : {}),
    });
    entry.askIds.push(ask.id);
    for (const word of matched) entry.words.add(fold(word));
    // An ask outweighs any match in the profile or notes; more of its words matching, more so.
    entry.score += 1 + matched.size / 4;
  }

  return [...byPerson.values()]
    .map(({ person, score, reasons, words: matched, askIds }) => {
      const sorted = reasons.sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
      return { person, score, reasons: sorted, words: [...matched], askIds, starter: starterLine(person, sorted[0]) };
    })
    .sort((a, b) => b.score - a.score || a.person.name.localeCompare(b.person.name) || a.person.id.localeCompare(b.person.id))
    .slice(0, limit);
}
