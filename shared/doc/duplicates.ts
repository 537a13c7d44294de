/**
 * Likely duplicate people; merge.ts merges a pair the user confirms.
 *
 * Detection puts people into buckets (by email, by phone, by pieces of the
 * name) and compares only people who share a bucket: 10,000 generated people
 * take about a second on a 2-core machine, instead of comparing all 50 million
 * pairs.
 */
import * as Y from 'yjs';
import { readPerson, type Person } from './people';
import { PEOPLE } from './kinds';
import { foldText } from '../analytics/normalize';

export interface DuplicatePair {
  /** The record created first: the one to keep, unless the user says otherwise. */
  a: Person;
  b: Person;
  /** Why they look like one person, as sentences. */
  reasons: string[];
}

/** Pairs of live people who are likely one person, those with most reasons first. */
export function findDuplicates(doc: Y.Doc): DuplicatePair[] {
  const people: Candidate[] = [];
  for (const [id, record] of PEOPLE.entries(doc)) if (!record.get('deletedAt')) people.push(candidate(id, record));
  const pairs = new Pairs();
  const consider = (a: Candidate, b: Candidate) => pairs.consider(a, b);
  eachPairByKey(people, emailKeys, consider);
  eachPairByKey(people, phoneTails, consider);
  similarNames(people, consider);
  return pairs.list();
}

/**
 * What detection reads of a person; the whole person is read only for the
 * pairs found. Its blocking keys (emails, phone tails, name pieces) come
 * from these fields alone, so an index can keep them per person.
 */
export interface Candidate extends DuplicateCandidate {
  /** Set for people of a document: read in full for the pairs found. */
  record?: Y.Map<unknown>;
  named: NamedParts;
}

/** What the rules read of someone, who need not be in a document (an import's contacts). */
export interface DuplicateCandidate {
  id: string;
  name: string;
  org: string;
  emails: readonly string[];
  phones: readonly string[];
  /** Orders a pair: the older record is its `a`, as in findDuplicates. */
  createdAt: string;
}

export interface CrossPair<K extends DuplicateCandidate, I extends DuplicateCandidate> {
  known: K;
  incoming: I;
  reasons: string[];
}

/**
 * The pairs findDuplicates would find among `known` and `incoming` together
 * that join one of each: same keys, same judgement (`judgePair`), but no pair
 * inside either set is ever proposed. Each blocking key is looked up from
 * one side in the other side's buckets, so 30,000 incoming contacts that
 * share names with each other cost nothing here; planning an import needs
 * only these pairs.
 *
 * Sorted as findDuplicates sorts (most reasons first, then by the names of
 * the older and the newer), and where that ties, in the order of `known`.
 */
export function findDuplicatesBetween<K extends DuplicateCandidate, I extends DuplicateCandidate>(known: readonly K[], incoming: readonly I[]): CrossPair<K, I>[] {
  if (!known.length || !incoming.length) return [];
  // Many people share an organisation: each is folded once.
  const orgs = new Map<string, string>();
  const foldOrg = (org: string) => {
    let folded = orgs.get(org);
    if (folded === undefined) orgs.set(org, (folded = foldText(org)));
    return folded;
  };
  const toCandidate = (entry: DuplicateCandidate, order: number): Side => ({
    order,
    person: { id: entry.id, name: entry.name, org: entry.org, emails: entry.emails, phones: entry.phones, createdAt: entry.createdAt, named: nameParts(entry.name, entry.org, foldOrg) },
  });
  const knownSide = known.map(toCandidate);
  const incomingSide = incoming.map(toCandidate);
  const judged = new Set<number>();
  const found: { a: Candidate; b: Candidate; reasons: string[]; k: number; i: number }[] = [];
  const consider = (k: Side, i: Side) => {
    const key = k.order * incoming.length + i.order;
    if (judged.has(key)) return;
    judged.add(key);
    const [a, b] = olderFirst(k.person, i.person);
    const reasons = judgePair(a, b);
    if (reasons.length) found.push({ a, b, reasons, k: k.order, i: i.order });
  };
  eachCrossPairByKey(knownSide, incomingSide, (side) => emailKeys(side.person), consider);
  eachCrossPairByKey(knownSide, incomingSide, (side) => phoneTails(side.person), consider);
  similarNamesBetween(knownSide, incomingSide, consider);
  return found
    .sort((x, y) => y.reasons.length - x.reasons.length || x.a.name.localeCompare(y.a.name) || x.b.name.localeCompare(y.b.name) || x.k - y.k || x.i - y.i)
    .map(({ reasons, k, i }) => ({ known: known[k]!, incoming: incoming[i]! , reasons }));
}

/** One candidate of findDuplicatesBetween, with its place in the list it came in. */
interface Side {
  order: number;
  person: Candidate;
}

interface NamedSide extends Named {
  side: Side;
}

/** Calls `visit` once for each pair of one `known` and one `incoming` item that share a key (more than once when they share several). */
function eachCrossPairByKey<T>(known: T[], incoming: T[], keys: (item: T) => string[], visit: (k: T, i: T) => void): void {
  const buckets = groupBy(known, keys);
  for (const item of incoming) {
    for (const key of new Set(keys(item))) for (const other of buckets.get(key) ?? []) visit(other, item);
  }
}

/**
 * similarNames across two sets: the same three kinds of bucket, each built
 * from one side and looked up from the other, so that only pairs of one
 * known and one incoming name are proposed.
 */
function similarNamesBetween(known: Side[], incoming: Side[], consider: (k: Side, i: Side) => void): void {
  const named = (sides: Side[], offset: number): NamedSide[] =>
    sides
      .filter((side) => side.person.named.name !== '')
      .map((side, index) => ({ index: offset + index, person: side.person, name: side.person.named.name, org: side.person.named.org, side }));
  const knownNames = named(known, 0);
  const incomingNames = named(incoming, knownNames.length);
  const compare = (k: NamedSide, i: NamedSide) => {
    if (k.org && i.org && k.org !== i.org) return;
    consider(k.side, i.side);
  };
  eachCrossPairByKey(knownNames, incomingNames, (entry) => [entry.person.named.sorted], compare);
  const initialsOf = (entry: NamedSide) => [entry.person.named.initials];
  const withInitial = (entries: NamedSide[]) => groupBy(entries.filter((entry) => entry.person.named.hasInitial), initialsOf);
  const knownWithInitial = withInitial(knownNames);
  for (const entry of incomingNames) for (const other of knownWithInitial.get(entry.person.named.initials) ?? []) compare(other, entry);
  const incomingWithInitial = withInitial(incomingNames);
  for (const entry of knownNames) for (const other of incomingWithInitial.get(entry.person.named.initials) ?? []) compare(entry, other);
  // Either side's pieces can be indexed (the pigeonhole works from either); the larger side's are, and the smaller looks them up.
  const knownIndexed = knownNames.length >= incomingNames.length;
  eachEditCandidateBetween(knownIndexed ? knownNames : incomingNames, knownIndexed ? incomingNames : knownNames, (indexed, probe) => {
    const [k, i] = knownIndexed ? [indexed, probe] : [probe, indexed];
    if (Math.abs(k.name.length - i.name.length) <= maxEdits(Math.min(k.name.length, i.name.length))) compare(k, i);
  });
}

export function candidate(id: string, record: Y.Map<unknown>): Candidate {
  const text = (field: string) => (typeof record.get(field) === 'string' ? (record.get(field) as string) : '');
  const list = (field: string) => {
    const value = record.get(field);
    return value instanceof Y.Array ? value.toArray().filter((item): item is string => typeof item === 'string') : [];
  };
  const name = text('name');
  const org = text('org');
  return { id, record, name, org, emails: list('emails'), phones: list('phones'), createdAt: text('createdAt'), named: nameParts(name, org) };
}

/**
 * Why two people look like one, as sentences (emails, then phone, then
 * name), or none. Every blocking key only proposes pairs; this decides, so
 * the batch and an incremental index agree on the same two records.
 */
export function judgePair(one: Candidate, two: Candidate): string[] {
  const [a, b] = olderFirst(one, two);
  const reasons: string[] = [];
  const theirs = new Set(emailKeys(b));
  for (const email of [...new Set(emailKeys(a))].sort()) if (theirs.has(email)) reasons.push(`Same email ${email}`);
  const phone = phoneReason(a, b);
  if (phone) reasons.push(phone);
  const name = nameReason(a, b);
  if (name) reasons.push(name);
  return reasons;
}

/** The pairs found, in the order the lists show them: most reasons first, then by name (ties by id). */
export function sortPairs(pairs: DuplicatePair[]): DuplicatePair[] {
  const byId = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return pairs.sort(
    (x, y) =>
      y.reasons.length - x.reasons.length ||
      x.a.name.localeCompare(y.a.name) ||
      x.b.name.localeCompare(y.b.name) ||
      byId(x.a.id, y.a.id) ||
      byId(x.b.id, y.b.id),
  );
}

class Pairs {
  private readonly found = new Map<string, { a: Candidate; b: Candidate; reasons: string[] }>();

  consider(one: Candidate, two: Candidate): void {
    if (one === two) return;
    const [a, b] = olderFirst(one, two);
    const key = `${a.id} ${b.id}`;
    if (this.found.has(key)) return;
    this.found.set(key, { a, b, reasons: judgePair(a, b) });
  }

  list(): DuplicatePair[] {
    const people = new Map<Candidate, Person>();
    const read = (found: Candidate) => {
      let person = people.get(found);
      if (!person) people.set(found, (person = readPerson(found.id, found.record!)));
      return person;
    };
    const pairs = [...this.found.values()].filter(({ reasons }) => reasons.length > 0);
    return sortPairs(pairs.map(({ a, b, reasons }) => ({ a: read(a), b: read(b), reasons })));
  }
}

export function olderFirst(one: Candidate, two: Candidate): [Candidate, Candidate] {
  const oneFirst = one.createdAt < two.createdAt || (one.createdAt === two.createdAt && one.id < two.id);
  return oneFirst ? [one, two] : [two, one];
}

/** Calls `visit` once for each pair of items that share a key. */
function eachPairByKey<T>(items: T[], keys: (item: T) => string[], visit: (a: T, b: T, key: string) => void): void {
  const buckets = groupBy(items, keys);
  for (const [key, bucket] of buckets) {
    for (let i = 0; i < bucket.length; i++) for (let j = i + 1; j < bucket.length; j++) visit(bucket[i]!, bucket[j]!, key);
  }
}

function groupBy<T>(items: T[], keys: (item: T) => string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of new Set(keys(item))) {
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
  }
  return groups;
}

// ---------------------------------------------------------------- emails and phones

/** The keys a person's emails are compared by. */
export function emailKeys(person: Candidate): string[] {
  return person.emails.map((email) => email.trim().toLowerCase());
}

interface PhoneNumber {
  digits: string;
  /** Written with its country code (+44 or 0044) rather than as a national number. */
  international: boolean;
}

/** Fewer digits than this do not tell people apart (extensions, short codes). */
const MIN_PHONE_DIGITS = 7;

function phoneNumber(text: string): PhoneNumber | null {
  const trimmed = text.trim();
  let digits = trimmed.replace(/\D/g, '');
  let international = trimmed.startsWith('+');
  if (!international && digits.startsWith('00')) {
    digits = digits.slice(2);
    international = true;
  }
  return digits.length >= MIN_PHONE_DIGITS ? { digits, international } : null;
}

/**
 * One number written two ways: the same digits (+44… and 0044… alike), or a
 * national number (its trunk 0 dropped) that ends an international one after
 * a 1–3 digit country code. The national part must have at least 8 digits,
 * so short numbers from different countries are not taken for one.
 */
export function samePhone(first: string, second: string): boolean {
  const a = phoneNumber(first);
  const b = phoneNumber(second);
  if (!a || !b) return false;
  if (a.international === b.international) return a.digits === b.digits;
  const [withCode, national] = a.international ? [a, b] : [b, a];
  const local = national.digits.replace(/^0/, '');
  const codeLength = withCode.digits.length - local.length;
  return local.length >= 8 && codeLength >= 1 && codeLength <= 3 && withCode.digits.endsWith(local);
}

/** Two ways of writing one number always end in the same digits: the blocking keys of phones. */
export function phoneTails(person: Candidate): string[] {
  return person.phones.flatMap((phone) => phoneNumber(phone)?.digits.slice(-MIN_PHONE_DIGITS) ?? []);
}

function phoneReason(a: Candidate, b: Candidate): string | null {
  for (const one of a.phones) {
    const other = b.phones.find((phone) => samePhone(one, phone));
    if (other === undefined) continue;
    return one.trim() === other.trim() ? `Same phone ${one.trim()}` : `Same phone: ${one.trim()} and ${other.trim()}`;
  }
  return null;
}

// ---------------------------------------------------------------- names

/** A name as the name rules compare it. */
export interface NamedParts {
  /** Folded name: lower case, no accents or punctuation, single spaces. */
  name: string;
  tokens: string[];
  /** The words sorted: equal for one name written in another order. */
  sorted: string;
  /** The first letters of the words: equal for "J. R. Tolkien" and "John Ronald Tolkien". */
  initials: string;
  /** Some word is a single letter. */
  hasInitial: boolean;
  org: string;
}

function nameParts(name: string, org: string, foldOrg: (org: string) => string = foldText): NamedParts {
  const folded = foldText(name);
  const tokens = folded.split(' ').filter(Boolean);
  return {
    name: folded,
    tokens,
    sorted: tokens.toSorted().join(' '),
    initials: tokens.map((token) => token[0]).join(''),
    hasInitial: tokens.some((token) => token.length === 1),
    org: foldOrg(org),
  };
}

interface Named {
  /** Position in the list of names: pairs are numbered by it. */
  index: number;
  person: Candidate;
  name: string;
  org: string;
}

/** How many edits make two names "near-same": fewer for short names, so "Li Na" and "Li Yu" stay apart. */
export function maxEdits(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

/**
 * Proposes pairs for the name rules: near-same names (or where one has no
 * organisation). Three kinds of bucket find them: the sorted words of the
 * name (same name, or its words in another order), the initials of people
 * who wrote one (looked up by everyone's initials), and pieces of the name (edits).
 */
function similarNames(people: Candidate[], consider: (a: Candidate, b: Candidate) => void): void {
  const named: Named[] = people
    .filter((person) => person.named.name !== '')
    .map((person, index) => ({ index, person, name: person.named.name, org: person.named.org }));
  const judged = new Set<number>();
  const compare = (a: Named, b: Named) => {
    if (a === b || (a.org && b.org && a.org !== b.org)) return;
    const key = Math.min(a.index, b.index) * named.length + Math.max(a.index, b.index);
    if (judged.has(key)) return;
    judged.add(key);
    consider(a.person, b.person);
  };
  eachPairByKey(named, (entry) => [entry.person.named.sorted], compare);
  const initialsOf = (entry: Named) => [entry.person.named.initials];
  const withInitial = groupBy(
    named.filter((entry) => entry.person.named.hasInitial),
    initialsOf,
  );
  for (const entry of named) for (const other of withInitial.get(initialsOf(entry)[0]!) ?? []) compare(entry, other);
  eachEditCandidate(named, (a, b) => {
    // Only the edit rule is left to find here; lengths too far apart cannot meet it.
    if (Math.abs(a.name.length - b.name.length) <= maxEdits(Math.min(a.name.length, b.name.length))) compare(a, b);
  });
}

type NameRule = 'same' | 'order' | 'initial' | 'similar';

/** The name rule a pair meets, with where they work; null when none (or they work at two organisations). */
function nameReason(a: Candidate, b: Candidate): string | null {
  const [x, y] = [a.named, b.named];
  if (!x.name || !y.name || (x.org && y.org && x.org !== y.org)) return null;
  const rule = nameRule(x, y);
  return rule ? `${describeRule(rule, a, b)}, ${orgContext(a, b)}` : null;
}

/** The first rule two names meet, strongest first; null when none. */
function nameRule(a: NamedParts, b: NamedParts): NameRule | null {
  if (a.name === b.name) return 'same';
  if (differentInitials(a.tokens, b.tokens)) return null;
  if (a.sorted === b.sorted) return 'order';
  if (initialForName(a.tokens, b.tokens)) return 'initial';
  const limit = maxEdits(Math.min(a.name.length, b.name.length));
  return limit > 0 && editDistance(a.name, b.name, limit) <= limit ? 'similar' : null;
}

function describeRule(rule: NameRule, a: Candidate, b: Candidate): string {
  const quoted = `“${a.name}” and “${b.name}”`;
  if (rule === 'same') return `Same name “${a.name}”`;
  if (rule === 'order') return `Same name in a different order: ${quoted}`;
  return rule === 'initial' ? `Initial for a name: ${quoted}` : `Similar names ${quoted}`;
}

function orgContext(a: Candidate, b: Candidate): string {
  if (a.named.org && b.named.org) return `both at ${a.org}`;
  return a.named.org || b.named.org ? 'and one has no organisation' : 'and neither has an organisation';
}

/** "Aarav S. Nair" and "Aarav K. Nair" name two people, however similar the rest. */
function differentInitials(a: string[], b: string[]): boolean {
  return a.length === b.length && a.some((token, i) => token.length === 1 && b[i]!.length === 1 && token !== b[i]);
}

/** "J. R. Tolkien" and "John Ronald Tolkien": word for word equal, or one word an initial of the other's. */
function initialForName(a: string[], b: string[]): boolean {
  if (a.length !== b.length || a.length < 2) return false;
  let initials = 0;
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x === y) continue;
    const [short, long] = x.length <= y.length ? [x, y] : [y, x];
    if (short.length !== 1 || long.length === 1 || long[0] !== short) return false;
    initials++;
  }
  return initials > 0;
}

/**
 * Levenshtein distance, giving up (returning limit + 1) as soon as it must
 * exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = new Uint16Array(b.length + 1).map((_, j) => j);
  let current = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (current[j]! < rowMin) rowMin = current[j]!;
    }
    if (rowMin > limit) return limit + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/**
 * Calls `visit` with pairs of names that may be within their edit limit, by
 * the pigeonhole principle: cut a name into limit + 1 pieces; a name at most
 * `limit` edits away keeps one piece whole, near where it was. So each name
 * is indexed by its pieces, and looked up by the substrings of other names
 * near those places (PassJoin, with its position-aware choice of substrings). Pieces are
 * indexed per organisation too, so a person with one looks only at their
 * colleagues and at people without one.
 */
function eachEditCandidate(named: Named[], visit: (a: Named, b: Named) => void): void {
  const scopes = indexPieces(named);
  for (const entry of named) {
    // Each pair is looked up from its first name (the pigeonhole works from either side);
    // lists are in name order, so the later names are at their end.
    eachPieceMatch(scopes, entry, (others) => {
      for (let k = others.length - 1; k >= 0 && others[k]!.index > entry.index; k--) visit(entry, others[k]!);
    });
  }
}

/** eachEditCandidate across two sets: the pieces of `indexed`, looked up from each of `probes`. */
function eachEditCandidateBetween<T extends Named>(indexed: T[], probes: T[], visit: (indexed: T, probe: T) => void): void {
  const scopes = indexPieces(indexed);
  for (const probe of probes) {
    eachPieceMatch(scopes, probe, (others) => {
      for (const other of others) visit(other, probe);
    });
  }
}

const ANY_ORG = '\u0000';
/** scope (an organisation, '' for none, or any) → piece slot (length and index) → piece text → names */
type PieceIndex<T> = Map<string, Map<number, Map<string, T[]>>>;
const slot = (length: number, index: number) => length * 4 + index;

function indexPieces<T extends Named>(named: T[]): PieceIndex<T> {
  const scopes: PieceIndex<T> = new Map();
  const add = (scope: string, key: number, text: string, entry: T) => {
    let slots = scopes.get(scope);
    if (!slots) scopes.set(scope, (slots = new Map()));
    let texts = slots.get(key);
    if (!texts) slots.set(key, (texts = new Map()));
    const list = texts.get(text);
    if (list) list.push(entry);
    else texts.set(text, [entry]);
  };
  for (const entry of named) {
    for (const piece of piecesOf(entry.name.length)) {
      const text = entry.name.slice(piece.start, piece.start + piece.length);
      add(ANY_ORG, slot(entry.name.length, piece.index), text, entry);
      add(entry.org, slot(entry.name.length, piece.index), text, entry);
    }
  }
  return scopes;
}

/** Calls `visit` with each list of indexed names that holds a piece `entry` may have kept whole, near where it was. */
function eachPieceMatch<T extends Named>(scopes: PieceIndex<T>, entry: Named, visit: (others: T[]) => void): void {
  // (Plain loops here: Array.flatMap made this the slowest part of finding duplicates.)
  const lookIn: Map<number, Map<string, T[]>>[] = [];
  for (const scope of entry.org ? [entry.org, ''] : [ANY_ORG]) {
    const slots = scopes.get(scope);
    if (slots) lookIn.push(slots);
  }
  for (let length = entry.name.length - 2; length <= entry.name.length + 2; length++) {
    const limit = maxEdits(length);
    const delta = entry.name.length - length;
    if (Math.abs(delta) > limit) continue;
    for (const piece of piecesOf(length)) {
      const texts: Map<string, T[]>[] = [];
      for (const slots of lookIn) {
        const found = slots.get(slot(length, piece.index));
        if (found) texts.push(found);
      }
      // Where piece i can have moved to: by at most i edits before it, and at most limit - i after it.
      const from = Math.max(0, piece.start - piece.index, piece.start + delta - (limit - piece.index));
      const to = Math.min(piece.start + piece.index, piece.start + delta + (limit - piece.index));
      for (let start = from; start <= to; start++) {
        if (start + piece.length > entry.name.length) break;
        const text = entry.name.slice(start, start + piece.length);
        for (const found of texts) {
          const others = found.get(text);
          if (others) visit(others);
        }
      }
    }
  }
}

/** The limit + 1 pieces a name of this length is cut into (the last ones one longer when it does not divide). */
export function piecesOf(length: number): { index: number; start: number; length: number }[] {
  if (length < 1) return [];
  const count = maxEdits(length) + 1;
  const short = Math.floor(length / count);
  const longer = length - short * count;
  const pieces = [];
  let start = 0;
  for (let index = 0; index < count; index++) {
    const size = short + (index >= count - longer ? 1 : 0);
    pieces.push({ index, start, length: size });
    start += size;
  }
  return pieces;
}
