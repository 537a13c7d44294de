/**
 * Commitments hiding in a note: "I'll send her the deck by Friday" (mine),
 * "Alice will intro me to Grace next week" (theirs). The note view offers
 * each as a suggestion the user confirms (creating a commitment with the
 * note's id and the suggestion's key) or dismisses (kept on the note as a
 * field `dismissed:<key>`, so dismissals made apart on two devices merge).
 *
 * The reading is deliberately modest: a clause must begin with one of a few
 * phrasings ("I'll", "I will", "I'm going to", "Let me", "I promised to",
 * "I told Bob I'd", "I owe Bob", "She'll", "Alice will", "Alice promised
 * to", "Alice said she would"), questions and conditionals are skipped, and
 * so are phrasings that promise nothing ("I'll be…", "I'll never…", "Let me
 * know…"). Due phrases are read only where they are unambiguous; "12/03" or
 * "next Friday" stay in the text and leave the due day empty.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { root } from '../doc/schema';
import { NotFoundError, ValidationError, firstIssue } from '../doc/errors';
import { noteText } from '../doc/notes';
import { isLivePerson } from '../doc/people';
import { listCommitments, type CommitmentDirection } from '../doc/commitments';
import { addDays, dayIn, endOfMonth, isCalendarDay, weekdayOf } from '../doc/days';
import { foldText } from './normalize';
import { livePeople } from './graph';

export interface Suggestion {
  /** Stable for the sentence it came from (a hash of the sentence, normalised), so a dismissal sticks. */
  key: string;
  /** The sentence as written. */
  sentence: string;
  direction: CommitmentDirection;
  /** What will be done, without the subject and the due phrase: "send her the deck". */
  what: string;
  /** The due day in the user's zone, or null when the sentence gives none (or an ambiguous one). */
  due: string | null;
  /**
   * The person it is with, when the sentence names one of `people` ("Alice
   * will…", "I owe Bob…", "I'll send Grace the deck"); `openSuggestions`
   * falls back to the note's only person. Null otherwise: the user chooses.
   */
  personId: string | null;
}

export interface SuggestOptions {
  now: Date;
  /** The user's IANA zone: "tomorrow" is the day after today there. */
  timeZone: string;
  /**
   * People whose names may appear. When given, "X will…" is read only when X
   * is one of them (full name or first name), which keeps out "Traffic
   * will…"; when absent, any capitalised name is read, with no personId.
   */
  people?: readonly { id: string; name: string }[];
}

// ---------------------------------------------------------------- sentences and clauses

const BULLET = /^\s*(?:[-*•·–]|\d+[.)]|\[[ xX]?\])\s+/u;
const CONDITIONAL = /^(?:if|unless|whether|in case|maybe|perhaps)\b/i;
const CLAUSE_BREAK = /(,\s+|;\s*|:\s+|\s+[–—-]\s+|\s+(?:and|but|so|then|also)\s+)/i;
const LEAD_IN = /^(?:(?:ok|okay|so|and|then|also|but|now|yes|sure|great|anyway)\b[,!]?\s+)+/i;

/** The sentences of a text: one or more per line, split after . ! or ?, bullets removed. */
function sentencesOf(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    for (const sentence of line.replace(BULLET, '').split(/(?<=[.!?])\s+/)) {
      if (sentence.trim()) sentences.push(sentence.trim());
    }
  }
  return sentences;
}

// ---------------------------------------------------------------- who will do it

const NAME = String.raw`@?\p{Lu}[\p{L}\p{M}'-]*(?: \p{Lu}[\p{L}\p{M}'-]*){0,2}`;
const OBJECT = String.raw`(?<who>him|her|them|${NAME})`;
const I_WOULD = String.raw`(?:that )?(?:[Ii]'d|[Ii] would|[Ii]'ll|[Ii] will|to)`;

/** Phrasings of "I will", each leaving what will be done in `rest` (and whom it is for in `who`). */
const MINE = [
  new RegExp(String.raw`^(?:[Ii](?:'ll| will| shall|'m going to| am going to|'m gonna| promised to| offered to| agreed to| committed to)|[Ll]et me)\s+(?<rest>.+)$`, 'u'),
  new RegExp(String.raw`^[Ii] said ${I_WOULD}\s+(?<rest>.+)$`, 'u'),
  new RegExp(String.raw`^[Ii] (?:told|promised) ${OBJECT} ${I_WOULD}\s+(?<rest>.+)$`, 'u'),
];
/** "I owe Bob an intro": what I owe is a thing, not something to do. */
const MINE_OWED = new RegExp(String.raw`^[Ii] owe ${OBJECT}\s+(?<rest>.+)$`, 'u');

/** Phrasings of "they will", with the subject in `who` (no `i` flag: a name must be capitalised). */
const THEIRS = new RegExp(
  String.raw`^(?<who>[Ss]he|[Hh]e|[Tt]hey|${NAME})` +
    String.raw`(?:'ll| will| shall|'s going to|'re going to| is going to| are going to|'s gonna|'re gonna| is gonna| are gonna` +
    String.raw`| promised to| offered to| agreed to| committed to| said (?:she|he|they)(?:'d| would|'ll| will))\s+(?<rest>.+)$`,
  'u',
);

const PRONOUNS = new Set(['she', 'he', 'they', 'him', 'her', 'them']);

/** Capitalised words that start sentences but name no one. */
const NOT_NAMES = new Set(
  (
    'i it its this that these those there here we you everything nothing something someone somebody everyone everybody ' +
    'nobody who what which one today tomorrow tonight next then also and but so ok okay the a an my our your his their ' +
    'if when monday tuesday wednesday thursday friday saturday sunday january february march april may june july ' +
    'august september october november december'
  ).split(' '),
);

/** First words after "I will" that promise nothing, or show the phrase is about a place or thing. */
const NOT_PROMISES = new Set(
  'be never not always probably maybe perhaps possibly likely ever still know think see the a an my your his her their our this that these those'.split(' '),
);

type PersonIndex = Map<string, string> | null;

function personIndex(people: SuggestOptions['people']): PersonIndex {
  if (!people) return null;
  const index = new Map<string, string>();
  for (const person of people) {
    const full = foldText(person.name);
    const first = full.split(' ')[0];
    if (full && !index.has(full)) index.set(full, person.id);
    if (first && !index.has(first)) index.set(first, person.id);
  }
  return index;
}

/** Who a subject or object names: undefined when it names no one (so the clause is no commitment). */
function resolve(who: string | undefined, index: PersonIndex): { personId: string | null } | undefined {
  if (who === undefined) return { personId: null };
  const folded = foldText(who.replace(/^@/, ''));
  if (PRONOUNS.has(folded)) return { personId: null };
  if (!folded || folded.split(' ').some((word) => NOT_NAMES.has(word))) return undefined;
  if (!index) return { personId: null };
  const personId = index.get(folded);
  return personId ? { personId } : undefined;
}

interface Opening {
  direction: CommitmentDirection;
  personId: string | null;
  rest: string;
  /** `rest` names a thing ("an intro to Carol") rather than something to do. */
  thing?: boolean;
}

/** The commitment a clause opens, if it opens one. */
function openingOf(clause: string, index: PersonIndex): Opening | null {
  const text = clause.replace(LEAD_IN, '');
  for (const pattern of [...MINE, MINE_OWED]) {
    const match = pattern.exec(text);
    // "I owe Bob…" is my commitment whoever Bob is; only a known Bob gives a personId.
    if (!match) continue;
    const personId = resolve(match.groups!.who, index)?.personId ?? null;
    return { direction: 'mine', personId, rest: match.groups!.rest!, thing: pattern === MINE_OWED };
  }
  const match = THEIRS.exec(text);
  const who = match && resolve(match.groups!.who, index);
  return match && who ? { direction: 'theirs', personId: who.personId, rest: match.groups!.rest! } : null;
}

/** What follows "I will" is something to do: a verb, not a place ("Berlin") or a thing ("the conference"). */
function promisesSomething(what: string, thing: boolean): boolean {
  if (what.length < 2) return false;
  return thing || (/^\p{Ll}/u.test(what) && !NOT_PROMISES.has(what.split(/\s/)[0]!.toLowerCase()));
}

// ---------------------------------------------------------------- when

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(?<month>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?`;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const COUNTS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, 'a couple of': 2,
};
const PREP = String.raw`(?:(?<prep>by|on|before|until|till|for|no later than)\s+)?`;
const PART_OF_DAY = String.raw`(?:\s+(?:morning|afternoon|evening|night))?`;
/** "Friday, 27 March": the weekday before a date is part of it. */
const ON_WEEKDAY = String.raw`(?:(?:${WEEKDAYS.join('|')}),?\s+)?`;

interface DueRule {
  pattern: RegExp;
  /** The day the match means, or null when it is ambiguous (it then stays in the text). */
  day(groups: Record<string, string | undefined>, today: string): string | null;
}

/** A day and month without a year: this year's, unless it has passed, then next year's. */
function dayOfMonth(today: string, monthName: string, day: string, year: string | undefined): string | null {
  const month = String(MONTHS.indexOf(monthName.toLowerCase().slice(0, 3)) + 1).padStart(2, '0');
  const text = (y: string) => `${y}-${month}-${day.padStart(2, '0')}`;
  if (year) return isCalendarDay(text(year)) ? text(year) : null;
  const thisYear = today.slice(0, 4);
  if (!isCalendarDay(text(thisYear))) return null;
  return text(thisYear) >= today ? text(thisYear) : text(String(Number(thisYear) + 1));
}

/** The next `weekday` after today (1–7 days ahead), or from today on (0–6) when `fromToday`. */
function nextWeekday(today: string, weekday: number, fromToday: boolean): string {
  const ahead = (weekday - weekdayOf(today) + 7) % 7;
  return addDays(today, ahead === 0 && !fromToday ? 7 : ahead);
}

const rule = (source: string, day: DueRule['day']): DueRule => ({ pattern: new RegExp(String.raw`\b${PREP}${source}\b`, 'gi'), day });

const DUE_RULES: DueRule[] = [
  rule(String.raw`(?<iso>\d{4}-\d{2}-\d{2})`, (g) => (isCalendarDay(g.iso!) ? g.iso! : null)),
  rule(String.raw`${ON_WEEKDAY}(?:the\s+)?(?<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+${MONTH}(?:,?\s+(?<year>\d{4}))?`, (g, today) =>
    dayOfMonth(today, g.month!, g.day!, g.year),
  ),
  rule(String.raw`${ON_WEEKDAY}${MONTH}\s+(?<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?<year>\d{4}))?`, (g, today) =>
    dayOfMonth(today, g.month!, g.day!, g.year),
  ),
  rule(String.raw`(?:today|tonight|this (?:morning|afternoon|evening)|(?:the )?end of (?:the )?day|eod)`, (_, today) => today),
  rule(String.raw`tomorrow${PART_OF_DAY}`, (_, today) => addDays(today, 1)),
  rule(String.raw`(?:the )?end of (?:the |this )?week`, (_, today) => nextWeekday(today, 5, true)),
  rule(String.raw`(?:the )?end of (?:the |this )?month`, (_, today) => endOfMonth(today)),
  rule(String.raw`next week`, (_, today) => nextWeekday(today, 1, false)),
  rule(String.raw`(?:in|within) (?<count>\d{1,2}|a couple of|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?<unit>days?|weeks?)`, (g, today) => {
    const count = COUNTS[g.count!.toLowerCase()] ?? Number(g.count);
    return addDays(today, g.unit!.toLowerCase().startsWith('week') ? count * 7 : count);
  }),
  rule(String.raw`(?:(?<which>this coming|this|coming|next)\s+)?(?<weekday>${WEEKDAYS.join('|')})${PART_OF_DAY}`, (g, today) => {
    const which = g.which?.toLowerCase();
    // "Next Friday" is this week's Friday to some and next week's to others: left to the user.
    if (which === 'next') return null;
    return nextWeekday(today, WEEKDAYS.indexOf(g.weekday!.toLowerCase()), which === 'this');
  }),
];

interface Found {
  index: number;
  length: number;
  day: string;
}

/** The first unambiguous due phrase in `text`, with where it is. */
function findDue(text: string, today: string): Found | null {
  let best: Found | null = null;
  for (const { pattern, day } of DUE_RULES) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      if (best && match.index >= best.index) break;
      const groups = match.groups ?? {};
      const found = day(groups, today);
      if (found === null) continue;
      // "Before Friday" means by the end of Thursday.
      const due = groups.prep?.toLowerCase() === 'before' ? addDays(found, -1) : found;
      best = { index: match.index, length: match[0].length, day: due };
      break;
    }
  }
  return best;
}

/**
 * The day a due phrase typed on its own means ("tomorrow", "by Friday", "in
 * 2 weeks", "12 March", "end of month", "2026-12-01"), in the user's zone;
 * null when the text is not one whole, unambiguous due phrase ("next
 * Friday", "12/03", "soon").
 */
export function dueDayOf(phrase: string, now: Date, timeZone: string): string | null {
  const text = phrase.trim().replace(/[.!]+$/, '');
  const found = findDue(text, dayIn(now, timeZone));
  return found && found.index === 0 && found.length === text.length ? found.day : null;
}

/** Spaces collapsed, and no dangling punctuation or joining word at the end. */
function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,;:.!])/g, '$1')
    .replace(/(?:[\s,;:.!–—-]|\b(?:and|or|but)\b)+$/i, '')
    .trim();
}

function withDue(rest: string, today: string): { what: string; due: string | null } {
  const found = findDue(rest, today);
  if (!found) return { what: tidy(rest), due: null };
  return { what: tidy(rest.slice(0, found.index) + ' ' + rest.slice(found.index + found.length)), due: found.day };
}

// ---------------------------------------------------------------- suggestions

/** FNV-1a, the same in every JavaScript engine, so keys agree across devices. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

function normalise(sentence: string): string {
  return sentence.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ').replace(/[\s.!]+$/, '').trim();
}

/** The commitments one sentence opens, in order. */
function suggestionsIn(sentence: string, index: PersonIndex, today: string): Omit<Suggestion, 'key' | 'sentence'>[] {
  const text = sentence.replace(/[’‘]/g, "'").replace(/[.!]+$/, '');
  if (text.endsWith('?') || CONDITIONAL.test(text)) return [];
  const parts = text.split(CLAUSE_BREAK);
  const openings: Opening[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const opening = openingOf(parts[i]!, index);
    // A clause that opens nothing continues the last commitment: "I'll send the deck, the budget and the plan".
    if (opening) openings.push(opening);
    else if (openings.length) openings[openings.length - 1]!.rest += parts[i - 1]! + parts[i]!;
  }
  return openings.flatMap(({ direction, personId, rest, thing = false }) => {
    const { what, due } = withDue(rest, today);
    if (!promisesSomething(what, thing)) return [];
    return [{ direction, personId: personId ?? (direction === 'mine' ? personNamedIn(what, index) : null), what, due }];
  });
}

const NAMES_IN_TEXT = new RegExp(NAME, 'gu');

/** The first known person a promise of mine names ("send Grace the deck" → Grace): whom it is for. */
function personNamedIn(what: string, index: PersonIndex): string | null {
  if (!index) return null;
  for (const [name] of what.matchAll(NAMES_IN_TEXT)) {
    const words = name.split(' ');
    // "Grace Hopper Monday": the longest run of the capitalised words that names someone.
    for (let count = words.length; count > 0; count--) {
      const found = resolve(words.slice(0, count).join(' '), index)?.personId;
      if (found) return found;
    }
  }
  return null;
}

/** The commitments a text seems to make, in the order written; see the top of this file for what is read. */
export function suggestCommitments(text: string, options: SuggestOptions): Suggestion[] {
  const index = personIndex(options.people);
  const today = dayIn(options.now, options.timeZone);
  const seen = new Set<string>();
  const suggestions: Suggestion[] = [];
  for (const sentence of sentencesOf(text)) {
    const base = `s${hash(normalise(sentence))}`;
    suggestionsIn(sentence, index, today).forEach((found, n) => {
      const key = n === 0 ? base : `${base}-${n}`;
      if (seen.has(key)) return;
      seen.add(key);
      suggestions.push({ key, sentence, ...found });
    });
  }
  return suggestions;
}

// ---------------------------------------------------------------- on a note

const suggestionKey = z
  .string({ message: 'A suggestion key is text' })
  .min(1, 'A suggestion key cannot be empty')
  .max(64, 'A suggestion key is at most 64 characters');

function noteRecord(doc: Y.Doc, noteId: string): Y.Map<unknown> {
  const record = root(doc, 'notes').get(noteId);
  if (!(record instanceof Y.Map)) throw new NotFoundError(`No note with id ${noteId}`);
  return record;
}

/** A dismissal is a field of its own on the note, so two made apart on two devices both survive the merge. */
const DISMISSED_PREFIX = 'dismissed:';

/** The keys of the suggestions dismissed on a note. */
export function dismissedSuggestions(doc: Y.Doc, noteId: string): Set<string> {
  const record = root(doc, 'notes').get(noteId);
  const keys = new Set<string>();
  if (!(record instanceof Y.Map)) return keys;
  for (const field of record.keys()) {
    if (field.startsWith(DISMISSED_PREFIX) && record.get(field) === true) keys.add(field.slice(DISMISSED_PREFIX.length));
  }
  // Earlier versions kept them in one array, made on the first dismissal.
  const legacy = record.get('dismissedSuggestions');
  if (legacy instanceof Y.Array) for (const key of legacy.toArray()) if (typeof key === 'string') keys.add(key);
  return keys;
}

/** Stops offering a suggestion on a note. */
export function dismissSuggestion(doc: Y.Doc, noteId: string, key: unknown, origin: unknown): void {
  const parsed = suggestionKey.safeParse(key);
  if (!parsed.success) throw new ValidationError('key', firstIssue(parsed.error));
  const record = noteRecord(doc, noteId);
  if (dismissedSuggestions(doc, noteId).has(parsed.data)) return;
  doc.transact(() => record.set(`${DISMISSED_PREFIX}${parsed.data}`, true), origin);
}

/** The note's people first, so "Alice" on a note with Alice Smith means her rather than another Alice. */
function peopleFor(doc: Y.Doc, contactIds: readonly string[]): { id: string; name: string }[] {
  const people = livePeople(doc);
  const onNote = new Set(contactIds);
  return [...people.filter((person) => onNote.has(person.id)), ...people.filter((person) => !onNote.has(person.id))];
}

/**
 * The suggestions still to offer on a note: read from its text, less those
 * dismissed and those confirmed (a commitment from this note, even one in the
 * Trash, with the suggestion's key or the same `what`). A suggestion that
 * names no one takes the note's person when it names exactly one.
 * A note in the Trash offers none.
 */
export function openSuggestions(doc: Y.Doc, noteId: string, now: Date, timeZone: string): Suggestion[] {
  const record = noteRecord(doc, noteId);
  if (record.get('deletedAt')) return [];
  const contactIds = record.get('contactIds');
  const people = contactIds instanceof Y.Array ? contactIds.toArray().filter((id): id is string => typeof id === 'string') : [];
  const livePeopleOnNote = people.filter((id) => isLivePerson(doc, id));
  const dismissed = dismissedSuggestions(doc, noteId);
  const confirmed = listCommitments(doc, { includeDeleted: true }).filter((commitment) => commitment.noteId === noteId);
  const confirmedKeys = new Set(confirmed.map((commitment) => commitment.suggestionKey));
  const confirmedWhats = new Set(confirmed.map((commitment) => foldText(commitment.what)));
  return suggestCommitments(noteText(record), { now, timeZone, people: peopleFor(doc, people) })
    .filter((suggestion) => !dismissed.has(suggestion.key) && !confirmedKeys.has(suggestion.key))
    .filter((suggestion) => !confirmedWhats.has(foldText(suggestion.what)))
    .map((suggestion) =>
      suggestion.personId === null && livePeopleOnNote.length === 1 ? { ...suggestion, personId: livePeopleOnNote[0]! } : suggestion,
    );
}
