/**
 * Give and receive, without a ledger: what went each way between the user
 * and a person — things passed on (share notes), introductions made (links
 * of kind `introduced`, issue 3's `introduce`), help given and received
 * (notes of kind `gave` and `received`, and asks marked helped by hand or by
 * an introduction) — as a plain history, never a balance or a score.
 *
 * Insights reads two gentle lists from it: people who helped lately whom
 * the user has not given anything to in a long while, and close ties not
 * given to in a year; each with something to pass on (their open ask, or a
 * recent share that would matter to them).
 */
import * as Y from 'yjs';
import { createNote, noteText } from '../doc/notes';
import { NOTES, LINKS, PEOPLE } from '../doc/kinds';
import { ValidationError } from '../doc/errors';
import { getPerson, listPeople, type Person } from '../doc/people';
import { listAsks } from '../doc/asks';
import { listShares, readShare, sameItem } from '../doc/shares';
import { systemClock, type Clock } from '../doc/records';
import type { PeopleSearch } from '../search/people-search';
import { whoWouldCare } from './pass-it-on';

export type Direction = 'gave' | 'received';

export interface Exchange {
  at: string;
  direction: Direction;
  kind: 'share' | 'introduction' | 'help';
  /** A plain line: "Passed on: Vector databases, explained", "Introduced to Grace Hopper", "Reviewed my deck". */
  text: string;
  noteId?: string;
  linkId?: string;
  askId?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Logs help given to or received from a person, as a note on their timeline. Writes nothing on bad input. */
export function logHelp(
  doc: Y.Doc,
  input: { contactId: string; direction: Direction; text: string; at?: string },
  origin: unknown,
  clock: Clock = systemClock,
): string {
  if (input.direction !== 'gave' && input.direction !== 'received') {
    throw new ValidationError('direction', 'Say whether you helped them or they helped you');
  }
  return createNote(doc, { contactIds: [input.contactId], kind: input.direction, text: input.text, ...(input.at ? { at: input.at } : {}) }, origin, clock);
}

const firstLine = (text: string) => text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';

/**
 * Every exchange in the document, one pass over notes, introductions and
 * asks: `each` gets the person, when, which way, and a function that makes
 * the whole Exchange (its text may read another person, so only on demand).
 */
function forEachExchange(doc: Y.Doc, each: (personId: string, at: string, direction: Direction, exchange: () => Exchange) => void): void {
  for (const [noteId, record] of NOTES.entries(doc)) {
    const kind = record.get('kind');
    if (record.get('deletedAt') || (kind !== 'share' && kind !== 'gave' && kind !== 'received')) continue;
    const contactIds = record.get('contactIds');
    if (!(contactIds instanceof Y.Array)) continue;
    const at = String(record.get('at') ?? '');
    let direction: Direction;
    let make: () => Exchange;
    if (kind === 'share') {
      const share = readShare(noteId, record);
      if (!share) continue;
      direction = 'gave';
      make = () => ({ at, direction: 'gave', kind: 'share', text: `Passed on: ${share.title || share.link}`, noteId });
    } else {
      direction = kind;
      // A note's text is read only when the exchange is shown.
      make = () => ({ at, direction: kind, kind: 'help', text: firstLine(noteText(record)), noteId });
    }
    for (const personId of contactIds.toArray()) {
      if (typeof personId === 'string') each(personId, at, direction, make);
    }
  }
  for (const [linkId, record] of LINKS.entries(doc)) {
    if (record.get('deletedAt') || record.get('kind') !== 'introduced') continue;
    const ends = [String(record.get('from')), String(record.get('to'))] as const;
    const at = String(record.get('createdAt') ?? '');
    ends.forEach((personId, i) => {
      const otherId = ends[1 - i]!;
      if (PEOPLE.find(doc, otherId) === null) return;
      each(personId, at, 'gave', () => ({ at, direction: 'gave', kind: 'introduction', text: `Introduced to ${getPerson(doc, otherId)!.name}`, linkId }));
    });
  }
  for (const ask of listAsks(doc)) {
    if (!ask.helpedAt || ask.helpedBy === 'share') continue;
    const helpedAt = ask.helpedAt;
    each(ask.contactId, helpedAt, 'gave', () => ({ at: helpedAt, direction: 'gave', kind: 'help', text: `Helped with: ${ask.what}`, askId: ask.id }));
  }
}

/** Everything that went between the user and one person, newest first. */
export function exchangesWith(doc: Y.Doc, personId: string): Exchange[] {
  const found: Exchange[] = [];
  forEachExchange(doc, (id, _at, _direction, exchange) => {
    if (id === personId) found.push(exchange());
  });
  return found.sort((a, b) => b.at.localeCompare(a.at) || a.text.localeCompare(b.text));
}

/**
 * The newest time (ms) the user gave to, and received from, each person
 * with any exchange (-Infinity for a way that never happened), in one pass:
 * what a whole-network view needs from the history.
 */
export function lastExchangeTimes(doc: Y.Doc): Map<string, { gave: number; received: number }> {
  const times = new Map<string, { gave: number; received: number }>();
  forEachExchange(doc, (personId, at, direction) => {
    const time = Date.parse(at);
    if (Number.isNaN(time)) return;
    let entry = times.get(personId);
    if (!entry) times.set(personId, (entry = { gave: -Infinity, received: -Infinity }));
    if (time > entry[direction]) entry[direction] = time;
  });
  return times;
}

const NEVER = { gave: -Infinity, received: -Infinity } as const;

/** The newest time (ms) the user gave to, and received from, each of `people`. */
function lastTimes(doc: Y.Doc, people: readonly Person[]): Map<string, { gave: number; received: number }> {
  const all = lastExchangeTimes(doc);
  return new Map(people.map((person) => [person.id, all.get(person.id) ?? { ...NEVER }]));
}

export interface Suggestion {
  kind: 'ask' | 'share';
  /** "They mentioned looking for a designer", or a recent share's title. */
  text: string;
  link?: string;
}

/** Something to pass on to a person: their newest open ask, else a recent share that would matter to them. */
function suggestionFor(doc: Y.Doc, person: Person, search: PeopleSearch | undefined, now: Date): Suggestion | null {
  const ask = listAsks(doc).find((candidate) => candidate.contactId === person.id && !candidate.helpedAt);
  if (ask) return { kind: 'ask', text: `They mentioned ${ask.what}` };
  if (!search) return null;
  const recent = listShares(doc).filter((share) => now.getTime() - Date.parse(share.at) <= 90 * DAY_MS);
  const tried: { title: string; link: string }[] = [];
  for (const share of recent) {
    if (tried.some((item) => sameItem(share, item)) || tried.length >= 5) continue;
    tried.push({ title: share.title, link: share.link });
    const ranked = whoWouldCare(doc, search, { title: share.title, link: share.link }, { limit: 20 });
    if (ranked.some((candidate) => candidate.person.id === person.id)) {
      return { kind: 'share', text: share.title, ...(share.link ? { link: share.link } : {}) };
    }
  }
  return null;
}

export interface GentleItem {
  person: Person;
  /** The last time they helped the user (for the first list), or null. */
  receivedAt: string | null;
  /** The last time the user gave them anything, or null for never. */
  gaveAt: string | null;
  suggestion: Suggestion | null;
}

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

/** The first `limit` items, each with something to pass on: suggestions search the network, so only for those shown. */
function withSuggestions(doc: Y.Doc, items: Omit<GentleItem, 'suggestion'>[], limit: number | undefined, search: PeopleSearch | undefined, now: Date): GentleItem[] {
  return items.slice(0, limit).map((item) => ({ ...item, suggestion: suggestionFor(doc, item.person, search, now) }));
}

/**
 * People who helped the user in the last `latelyDays` whom the user has not
 * given anything to in `givenDays` (or ever), the most recent help first;
 * the first `limit` of them (all by default).
 */
export function helpedYouLately(
  doc: Y.Doc,
  now: Date,
  options: { latelyDays?: number; givenDays?: number; search?: PeopleSearch; limit?: number } = {},
): GentleItem[] {
  const lately = (options.latelyDays ?? 90) * DAY_MS;
  const given = (options.givenDays ?? 180) * DAY_MS;
  const people = listPeople(doc);
  const times = lastTimes(doc, people);
  const items = people
    .flatMap((person) => {
      const { gave, received } = times.get(person.id)!;
      if (now.getTime() - received > lately || now.getTime() - gave <= given) return [];
      return [{ person, receivedAt: iso(received), gaveAt: iso(gave) }];
    })
    .sort((a, b) => b.receivedAt!.localeCompare(a.receivedAt!) || a.person.name.localeCompare(b.person.name));
  return withSuggestions(doc, items, options.limit, options.search, now);
}

/**
 * Close ties (inner circle and close) the user has not given anything to in
 * `days` (default a year) — or ever, once they have been in Kith that long —
 * the longest since first; the first `limit` of them (all by default).
 */
export function tiesNotGivenTo(doc: Y.Doc, now: Date, options: { days?: number; search?: PeopleSearch; limit?: number } = {}): GentleItem[] {
  const span = (options.days ?? 365) * DAY_MS;
  const people = listPeople(doc).filter((person) => person.tier === 'inner' || person.tier === 'close');
  const times = lastTimes(doc, people);
  const items = people
    .flatMap((person) => {
      const { gave, received } = times.get(person.id)!;
      const since = Number.isFinite(gave) ? gave : Date.parse(person.createdAt);
      if (Number.isNaN(since) || now.getTime() - since < span) return [];
      return [{ person, receivedAt: iso(received), gaveAt: iso(gave) }];
    })
    .sort((a, b) => (a.gaveAt ?? '').localeCompare(b.gaveAt ?? '') || a.person.name.localeCompare(b.person.name));
  return withSuggestions(doc, items, options.limit, options.search, now);
}
