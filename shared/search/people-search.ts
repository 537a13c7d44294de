/**
 * The expert locator: one full-text index (MiniSearch) over each live
 * person's fields and the text of the notes that mention them.
 *
 *   const search = new PeopleSearch(doc);
 *   search.search('kite tar', { location: 'spain' });   // per keystroke
 *   search.destroy();                                   // stop observing
 *
 * Ranking: MiniSearch's BM25 score (per-field boosts; prefix and fuzzy
 * matches weigh less than exact ones) times a closeness multiplier, so an
 * inner-circle person ranks above an acquaintance with a similar match but a
 * much better match still wins. Every word of the query must match (in any
 * field); when that finds nobody, any word may.
 *
 * Freshness: the corpus marks records dirty on every transaction and each
 * call re-indexes only the people whose record or notes changed since.
 */
import type * as Y from 'yjs';
import MiniSearch, { type Query, type SearchOptions, type SearchResult as IndexHit } from 'minisearch';
import { TIERS, type Person, type Tier } from '../doc/people';
import { SearchCorpus, type NoteEntry, type PersonEntry } from './corpus';
import { explain, FIELD_LABELS, highlight, SEARCH_FIELDS, type FieldMatch, type SearchField } from './explain';
import { foldText } from '../analytics/normalize';
import { fold, words } from './text';

export { FIELD_LABELS, type FieldMatch, type Range, type SearchField } from './explain';

export interface SearchFilters {
  /** Organisation, compared whole (case and accents ignored). */
  org?: string;
  /** One of the person's tags. */
  tag?: string;
  tier?: Tier;
  /** The whole location or one comma-separated part of it: "Madrid, Spain", "madrid" or "Spain". */
  location?: string;
}

/** Something personal to open a conversation with. */
export interface Hook {
  field: 'interests' | 'schools' | 'hometown';
  value: string;
}

export interface SearchResult {
  person: Person;
  /** Match score × closeness multiplier; 0 in a list not ranked by a match (an empty query, or single letters). */
  score: number;
  /** Why the person matched, one entry per field, in FIELD_LABELS order. */
  matches: FieldMatch[];
  hooks: Hook[];
}

export interface Facets {
  orgs: string[];
  tags: string[];
  locations: string[];
}

/** How much closeness lifts a match score. */
export const TIER_BOOST: Readonly<Record<Tier, number>> = { inner: 1.6, close: 1.3, regular: 1, acquaintance: 0.8 };
const MAX_TIER_BOOST = Math.max(...Object.values(TIER_BOOST));

const FIELD_BOOST: Readonly<Record<SearchField, number>> = {
  name: 3, org: 1.5, role: 1.5, function: 1, expertise: 2, tags: 1.5, interests: 1.2,
  location: 1, hometown: 1, schools: 1, pastOrgs: 1, notes: 0.5,
};

/** Words too common in notes to tell people apart; not indexed, and ignored in a query unless being typed. */
const STOP_WORDS = new Set(
  ('a an and are as at be but by for from had has have he her his i in is it its me my of on or our she so ' +
    'that the their them they this to was we were will with you your').split(' '),
);

export const DEFAULT_LIMIT = 20;
/** From this length a word is also a prefix of words in notes ("SRE" finds "SREs"), as it is in profiles. */
const MIN_NOTE_PREFIX = 3;
const PROFILE_FIELDS = SEARCH_FIELDS.filter((field) => field !== 'notes');
/**
 * A word in more than this share of notes (and in this many at least, so a small network keeps every
 * word) is not looked for in notes when ranking against a longer text.
 */
const COMMON_IN_NOTES = { share: 0.05, count: 100 };

type IndexedPerson = { id: string } & Record<SearchField, string>;
/** What ranking and explaining need of a MiniSearch result; a hit of several words keeps the other words' matches in `more`. */
type Hit = Pick<IndexHit, 'id' | 'score' | 'match'> & { more?: IndexHit['match'][] };
type Ranked = { hit: Hit; score: number };
type ParsedQuery = { words: string[]; initials: string[] };

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export class PeopleSearch {
  private readonly corpus: SearchCorpus;
  private readonly index = new MiniSearch<IndexedPerson>({
    fields: SEARCH_FIELDS,
    // Documents are folded when built and queries when parsed, so both split the same way.
    tokenize: words,
    processTerm: (term) => (STOP_WORDS.has(term) ? null : term),
  });
  /** Caches that depend on people's own fields only, with the corpus's peopleVersion they were made at. */
  private byCloseness = { version: -1, entries: [] as PersonEntry[] };
  /** The peopleVersion of the last listing by closeness that did not sort everyone. */
  private listedAt = -1;
  private facetCache = { version: -1, facets: { orgs: [], tags: [], locations: [] } as Facets };
  private last: { key: string; results: SearchResult[] } | null = null;
  private hitsByWord = new Map<string, Hit[]>();

  constructor(doc: Y.Doc) {
    this.corpus = new SearchCorpus(doc);
  }

  /**
   * People matching `query` (and every filter), best first. An empty query
   * lists them by closeness, then name; so does a query of single letters,
   * keeping people whose name has a word starting with each letter.
   */
  search(query: string, filters: SearchFilters = {}, limit = DEFAULT_LIMIT): SearchResult[] {
    this.refresh();
    const parsed = parseQuery(query);
    // Typing a space or a stop word changes the text but not the search.
    const key = JSON.stringify([parsed, filters, limit]);
    if (this.last?.key !== key) this.last = { key, results: this.run(parsed, filters, limit) };
    return [...this.last.results];
  }

  /**
   * People matching any of `terms` (folded words), best first, with why:
   * for ranking against a longer text (an article to pass on), where
   * requiring every word would find no one. A person matching more of the
   * words ranks higher (scores add up, times how many matched). Typos are
   * not forgiven here, only in what is typed into search.
   */
  searchAny(terms: readonly string[], limit = DEFAULT_LIMIT): SearchResult[] {
    this.refresh();
    const typed = [...new Set(terms.filter((term) => term.length > 1 && !STOP_WORDS.has(term)))];
    if (!typed.length || limit <= 0) return [];
    // Whole words and their longer forms ("database" → "databases"), but no typos: an article's words are
    // spelled as meant, and one edit turns "light" into "night" or "right". A word in many notes ("coffee",
    // "hiring") says little about who cares and costs most, so it is looked for in profiles only.
    const inNotes = (word: string) => {
      const holding = this.corpus.notesHolding(word);
      return holding < COMMON_IN_NOTES.count || holding <= COMMON_IN_NOTES.share * this.corpus.noteCount;
    };
    const query = (word: string): Query => (inNotes(word) ? wordQuery(word) : { queries: [word], fields: PROFILE_FIELDS });
    const hits = combine(this.hitsPerWord(typed, {}, () => true, { typos: false, query }), 'OR');
    return this.rankByCloseness(hits, limit).map(({ hit, score }) => this.result(hit, score, typed));
  }

  /** The distinct organisations, tags and locations of live people, alphabetical. */
  facets(): Facets {
    this.refresh();
    const { peopleVersion: version } = this.corpus;
    if (this.facetCache.version !== version) this.facetCache = { version, facets: collectFacets(this.corpus.people.values()) };
    return this.facetCache.facets;
  }

  destroy(): void {
    this.corpus.destroy();
    this.index.removeAll();
  }

  private refresh(): void {
    const changed = this.corpus.sync();
    if (!changed.size) return;
    for (const id of changed) {
      if (this.index.has(id)) this.index.discard(id);
      const entry = this.corpus.people.get(id);
      if (entry) this.index.add(indexedPerson(entry.person, this.corpus.notesOf(id)));
    }
    this.last = null;
    this.hitsByWord.clear();
  }

  private run({ words: typed, initials }: ParsedQuery, filters: SearchFilters, limit: number): SearchResult[] {
    const accepts = acceptor(filters);
    if (limit <= 0) return [];
    if (!typed.length) return this.listByCloseness(accepts, initials, limit);
    const perWord = this.hitsPerWord(typed, filters, accepts);
    let hits = combine(perWord, 'AND');
    if (!hits.length && typed.length > 1) hits = combine(perWord, 'OR');
    return this.rankByCloseness(hits, limit).map(({ hit, score }) => this.result(hit, score, typed));
  }

  /**
   * Each word's hits, sorted by score. A word's hits are kept while it stays
   * in the query, so typing "rust b", "rust be", … searches "rust" once.
   */
  private hitsPerWord(
    typed: string[],
    filters: SearchFilters,
    accepts: (entry: PersonEntry) => boolean,
    { typos = true, query = wordQuery }: { typos?: boolean; query?: (word: string) => Query } = {},
  ): Hit[][] {
    const filtering = Boolean(filters.org || filters.tag || filters.tier || filters.location);
    const options: SearchOptions = {
      prefix: true,
      fuzzy: typos ? fuzziness : false,
      boost: FIELD_BOOST,
      tokenize: (text) => [text],
      processTerm: (term) => term,
      // Only when filtering: a callback for every posting costs a quarter of a search.
      boostDocument: filtering ? (id: string) => Number(accepts(this.corpus.people.get(id)!)) : undefined,
    };
    const scope = `${typos} ${JSON.stringify(filters)}`;
    const kept = new Map<string, Hit[]>();
    const perWord = typed.map((word) => {
      const asked = query(word);
      const key = `${scope} ${JSON.stringify(asked)}`;
      const hits = this.hitsByWord.get(key) ?? kept.get(key) ?? this.index.search(asked, options);
      kept.set(key, hits);
      return hits;
    });
    this.hitsByWord = kept;
    return perWord;
  }

  private result(hit: Hit, score: number, typed: string[]): SearchResult {
    const { person } = this.corpus.people.get(hit.id)!;
    const byField = new Map<SearchField, Set<string>>();
    for (const match of [hit.match, ...(hit.more ?? [])]) {
      for (const [term, fields] of Object.entries(match)) {
        for (const field of fields as SearchField[]) {
          let terms = byField.get(field);
          if (!terms) byField.set(field, (terms = new Set()));
          terms.add(term);
        }
      }
    }
    const matches = explain(person, () => this.corpus.notesOf(person.id), { byField, typed });
    return { person, score, matches, hooks: hooksOf(person) };
  }

  /**
   * The best `limit` hits once closeness multiplies their score. Hits come
   * sorted by match score, so the walk stops at the first one that could not
   * beat the last place even with the largest multiplier.
   */
  private rankByCloseness(hits: Hit[], limit: number): Ranked[] {
    const best: Ranked[] = [];
    for (const hit of hits) {
      const last = best[limit - 1];
      if (last && hit.score * MAX_TIER_BOOST <= last.score) break;
      const score = hit.score * TIER_BOOST[this.corpus.people.get(hit.id)!.person.tier];
      if (last && score <= last.score) continue;
      let at = best.length;
      while (at > 0 && best[at - 1]!.score < score) at--;
      best.splice(at, 0, { hit, score });
      best.length = Math.min(best.length, limit);
    }
    return best;
  }

  /**
   * The first `limit` people by closeness, then name. The first listing after
   * people changed picks just those (one comparison for most people, where
   * sorting 30,000 names costs half a million); a second listing before the
   * next change sorts everyone once, for the listings after it.
   */
  private listByCloseness(accepts: (entry: PersonEntry) => boolean, initials: string[], limit: number): SearchResult[] {
    const { peopleVersion: version } = this.corpus;
    const hasInitials = (entry: PersonEntry) => initials.every((letter) => entry.keys.initials.includes(letter));
    const wanted = (entry: PersonEntry) => accepts(entry) && hasInitials(entry);
    let first: PersonEntry[];
    if (this.byCloseness.version === version) {
      first = [];
      for (const entry of this.byCloseness.entries) {
        if (first.length >= limit) break;
        if (wanted(entry)) first.push(entry);
      }
    } else if (this.listedAt !== version) {
      this.listedAt = version;
      first = firstByCloseness(this.corpus.people.values(), wanted, limit);
    } else {
      this.byCloseness = { version, entries: [...this.corpus.people.values()].sort(byClosenessThenName) };
      return this.listByCloseness(accepts, initials, limit);
    }
    return first.map((entry) => {
      const { person } = entry;
      const matches = initials.length ? [initialsMatch(person, initials)] : [];
      return { person, score: 0, matches, hooks: hooksOf(person) };
    });
  }
}

/**
 * Folded query words. Single letters are not searched as words (as a prefix
 * they match nearly everything); a query of only single letters lists people
 * by the initials of their name instead. Stop words are dropped except the
 * last word, which may be the start of a longer one ("the" → "theatre").
 */
function parseQuery(query: string): ParsedQuery {
  const all = words(fold(query));
  const longer = all.filter((word, i) => word.length > 1 && (i === all.length - 1 || !STOP_WORDS.has(word)));
  return { words: longer, initials: longer.length ? [] : all };
}

/**
 * One query word. A two-letter prefix of note text matches most notes, so
 * words that short are prefixes only in the profile fields and whole words in notes.
 */
function wordQuery(word: string): Query {
  if (word.length >= MIN_NOTE_PREFIX) return word;
  return {
    combineWith: 'OR',
    queries: [
      { queries: [word], fields: PROFILE_FIELDS },
      { queries: [word], fields: ['notes'], prefix: false },
    ],
  };
}

/**
 * The hits of several words together, scored as MiniSearch scores a query
 * tree: the sum of the words' scores times how many words matched. AND keeps
 * people every word matched; OR keeps anyone.
 */
function combine(perWord: Hit[][], mode: 'AND' | 'OR'): Hit[] {
  if (perWord.length === 1) return perWord[0]!;
  // The hits of each word are kept for the next keystroke, so they are never changed: a person's other
  // matches go in `more`, merged only for the few results that are explained.
  const merged = new Map<string, Hit & { more: IndexHit['match'][]; words: number }>();
  for (const hits of perWord) {
    for (const { id, score, match } of hits) {
      const seen = merged.get(id);
      if (!seen) {
        merged.set(id, { id, score, match, more: [], words: 1 });
        continue;
      }
      seen.score += score;
      seen.words += 1;
      seen.more.push(match);
    }
  }
  const hits = [...merged.values()].filter((hit) => mode === 'OR' || hit.words === perWord.length);
  for (const hit of hits) hit.score *= hit.words;
  return hits.sort((a, b) => b.score - a.score);
}

/**
 * Typos are forgiven only in longer words: one edit from 5 letters, two from
 * 9. (At 4 letters one edit turns "rust" into "just", a word of most notes.)
 */
function fuzziness(term: string): number {
  return term.length >= 9 ? 2 : term.length >= 5 ? 1 : 0;
}

function acceptor(filters: SearchFilters): (entry: PersonEntry) => boolean {
  const want = (value: string | undefined) => (value ? foldText(value) : '');
  const org = want(filters.org);
  const tag = want(filters.tag);
  const location = want(filters.location);
  const { tier } = filters;
  return ({ person, keys }) =>
    (!org || keys.org === org) &&
    (!tag || keys.tags.includes(tag)) &&
    (!tier || person.tier === tier) &&
    (!location || keys.places.includes(location));
}

function initialsMatch(person: Person, initials: string[]): FieldMatch {
  const nameWords = new Set(words(fold(person.name)).filter((word) => initials.includes(word[0]!)));
  return { field: 'name', fieldLabel: FIELD_LABELS.name, snippet: person.name, ranges: highlight(person.name, nameWords, initials) };
}

function indexedPerson(person: Person, notes: NoteEntry[]): IndexedPerson {
  const document = { id: person.id, notes: notes.map((note) => note.folded).join('\n') } as IndexedPerson;
  for (const field of SEARCH_FIELDS) {
    if (field === 'notes') continue;
    const value = person[field];
    document[field] = fold(Array.isArray(value) ? value.join('\n') : value);
  }
  return document;
}

function hooksOf(person: Person): Hook[] {
  const hooks: Hook[] = [
    ...person.interests.map((value) => ({ field: 'interests' as const, value })),
    ...person.schools.map((value) => ({ field: 'schools' as const, value })),
  ];
  if (person.hometown) hooks.push({ field: 'hometown', value: person.hometown });
  return hooks;
}

/** The first `limit` of `entries` that are `wanted`, in byClosenessThenName order, without sorting them all. */
export function firstByCloseness(entries: Iterable<PersonEntry>, wanted: (entry: PersonEntry) => boolean, limit: number): PersonEntry[] {
  const best: PersonEntry[] = [];
  if (limit <= 0) return best;
  for (const entry of entries) {
    if (best.length >= limit && byClosenessThenName(entry, best[best.length - 1]!) >= 0) continue;
    if (!wanted(entry)) continue;
    let low = 0;
    let high = best.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (byClosenessThenName(best[middle]!, entry) < 0) low = middle + 1;
      else high = middle;
    }
    best.splice(low, 0, entry);
    if (best.length > limit) best.pop();
  }
  return best;
}

export function byClosenessThenName(a: PersonEntry, b: PersonEntry): number {
  const closeness = TIERS.indexOf(a.person.tier) - TIERS.indexOf(b.person.tier);
  return closeness || collator.compare(a.person.name, b.person.name) || (a.person.id < b.person.id ? -1 : 1);
}

function collectFacets(entries: Iterable<PersonEntry>): Facets {
  const orgs = new Map<string, string>();
  const tags = new Map<string, string>();
  const locations = new Map<string, string>();
  // The first spelling seen stands for all that fold the same.
  const add = (into: Map<string, string>, value: string) => {
    const key = foldText(value);
    if (key && !into.has(key)) into.set(key, value.trim());
  };
  for (const { person } of entries) {
    add(orgs, person.org);
    add(locations, person.location);
    for (const tag of person.tags) add(tags, tag);
  }
  const sorted = (values: Map<string, string>) => [...values.values()].sort(collator.compare);
  return { orgs: sorted(orgs), tags: sorted(tags), locations: sorted(locations) };
}
