/**
 * Who among my contacts should meet: pairs who are not linked but share a
 * town, a school, interests, a past employer or people — and, when asked,
 * the introduction itself, recorded as a link and a note.
 *
 * How it stays fast for thousands of people. Comparing every pair field by
 * field is millions of comparisons. Instead each person's values become
 * tokens ("school|mit", "contact|person:…"); the people holding a token form
 * a bucket, and a first pass adds each bucket's weight to every pair inside
 * it. A rarer value says more about a pair, so a token weighs
 * KIND_WEIGHT × ln(1 + people / holders) (as Adamic–Adar weighs mutual
 * friends). Buckets with more than BUCKET_LIMIT people (a very common
 * interest) weigh little and would make most of the work, so the first pass
 * skips them; the second pass scores the best few pairs (SHORTLIST, or five
 * per suggestion asked for) exactly, every field included, with reasons.
 */
import * as Y from 'yjs';
import { ValidationError } from '../doc/errors';
import { listPeople, type Person } from '../doc/people';
import type { Clock } from '../doc/records';
import { checkNewLink, createLink, neighbourIndex } from '../doc/links';
import { checkNewNote, createNote } from '../doc/notes';
import { ASKS } from '../doc/kinds';
import { markAskHelped } from '../doc/asks';
import { compareCodeUnits, createMatcher, type Matcher } from './normalize';
import { placeKey, sharedFacets, type Facet, type FacetKind } from './facets';
import { nameList } from './commonality';

export interface Introduction {
  /** The two people, `a` before `b` in id order. */
  a: string;
  b: string;
  /** Higher is a better match; comparable within one network, rounded to two decimals. */
  score: number;
  reasons: string[];
}

type TokenKind = FacetKind | 'contact';

/** How much one shared value of each kind says about a pair, before rarity. */
const KIND_WEIGHT: Readonly<Record<TokenKind, number>> = {
  hometown: 3,
  school: 3,
  pastOrg: 2.5,
  interest: 2,
  contact: 2,
  location: 1.5,
  expertise: 1.5,
  tag: 0.75,
  // Colleagues now can meet at work; a shared current employer is no reason to introduce them.
  org: 0,
};
const COMPLEMENT_WEIGHT = 2;
const BUCKET_LIMIT = 150;
const SHORTLIST = 100;
const DEFAULT_LIMIT = 20;

interface Role {
  field: 'tags' | 'expertise';
  value: string;
  /** Completes "Ana Diaz …". */
  says: string;
}

/** Two people who need each other: they meet whatever else they share, once something else brings them up. */
const COMPLEMENTS: readonly (readonly [Role, Role])[] = [
  [{ field: 'tags', value: 'founder', says: 'is a founder' }, { field: 'tags', value: 'investor', says: 'is an investor' }],
  [{ field: 'tags', value: 'founder', says: 'is a founder' }, { field: 'tags', value: 'angel', says: 'is an angel investor' }],
  [{ field: 'tags', value: 'hiring', says: 'is hiring' }, { field: 'tags', value: 'recruiter', says: 'is a recruiter' }],
  [
    { field: 'expertise', value: 'Fundraising', says: 'knows fundraising' },
    { field: 'expertise', value: 'Venture capital', says: 'works in venture capital' },
  ],
];

/** Everything the scoring reads, built once per call. */
interface Network {
  people: Person[];
  byId: Map<string, Person>;
  match: Matcher;
  neighbours: Map<string, Set<string>>;
  /** How many people hold each token. */
  holders: Map<string, number>;
}

const token = (kind: TokenKind, key: string) => `${kind}|${key}`;

/** A person's tokens, each once. */
function tokensOf(network: Pick<Network, 'match' | 'neighbours'>, person: Person): string[] {
  const { match } = network;
  const tokens = new Set<string>();
  const add = (kind: TokenKind, key: string) => key !== '' && tokens.add(token(kind, key));
  add('hometown', placeKey(match, person.hometown));
  add('location', placeKey(match, person.location));
  add('org', match(person.org));
  for (const value of person.schools) add('school', match(value));
  for (const value of person.interests) add('interest', match(value));
  for (const value of person.expertise) add('expertise', match(value));
  for (const value of person.tags) add('tag', match(value));
  for (const value of person.pastOrgs) add('pastOrg', match(value));
  for (const id of network.neighbours.get(person.id) ?? []) add('contact', id);
  return [...tokens];
}

/** The live people (in id order, so every replica walks them alike), their tokens and the shared lookups. */
function readNetwork(doc: Y.Doc): { network: Network; tokens: string[][]; buckets: Map<string, number[]> } {
  const people = listPeople(doc).sort((a, b) => compareCodeUnits(a.id, b.id));
  const partial = { match: createMatcher(doc), neighbours: neighbourIndex(doc) };
  const tokens = people.map((person) => tokensOf(partial, person));
  const buckets = new Map<string, number[]>();
  tokens.forEach((own, index) => {
    for (const key of own) {
      const bucket = buckets.get(key);
      if (bucket) bucket.push(index);
      else buckets.set(key, [index]);
    }
  });
  const holders = new Map([...buckets].map(([key, members]) => [key, members.length]));
  const byId = new Map(people.map((person) => [person.id, person]));
  return { network: { ...partial, people, byId, holders }, tokens, buckets };
}

function weight(network: Network, kind: TokenKind, holders: number): number {
  return KIND_WEIGHT[kind] * Math.log(1 + network.people.length / Math.max(holders, 2));
}

/** Holders of a past employer include its current staff: a past and a present there are a shared history. */
function orgHolders(network: Network, key: string): number {
  return (network.holders.get(token('pastOrg', key)) ?? 0) + (network.holders.get(token('org', key)) ?? 0);
}

/** Whom a holder of a token shares it with, and what it weighs. */
interface Reach {
  partners: number[][];
  amount: number;
}

/** A token's reach, or null when its bucket is too large to walk (or holds one person). */
function reachOf(network: Network, buckets: Map<string, number[]>, key: string): Reach | null {
  const [kind, value] = key.split('|', 2) as [TokenKind, string];
  let partners = [buckets.get(key)!];
  let size = partners[0]!.length;
  if (kind === 'org' || kind === 'pastOrg') {
    // Someone who works now where another used to shares that history; two current colleagues do not.
    const past = buckets.get(token('pastOrg', value)) ?? [];
    partners = kind === 'org' ? [past] : [past, buckets.get(token('org', value)) ?? []];
    size = orgHolders(network, value);
  }
  if (size < 2 || size > BUCKET_LIMIT) return null;
  return { partners, amount: weight(network, kind === 'org' ? 'pastOrg' : kind, size) };
}

/** The best pairs so far, best first; ties go to the lower pair key, so the result never depends on timing. */
class Leaders {
  readonly entries: { key: number; score: number }[] = [];
  constructor(private readonly size: number) {}

  wouldTake(key: number, score: number): boolean {
    const last = this.entries[this.size - 1];
    return !last || score > last.score || (score === last.score && key < last.key);
  }

  take(key: number, score: number): void {
    let at = this.entries.length;
    while (at > 0 && !this.beats(this.entries[at - 1]!, key, score)) at--;
    this.entries.splice(at, 0, { key, score });
    if (this.entries.length > this.size) this.entries.pop();
  }

  private beats(entry: { key: number; score: number }, key: number, score: number): boolean {
    return entry.score > score || (entry.score === score && entry.key < key);
  }
}

function alreadyAcquainted(network: Network, a: Person, b: Person): boolean {
  return network.neighbours.get(a.id)?.has(b.id) === true || a.introducedBy === b.id || b.introducedBy === a.id;
}

/**
 * First pass, one person (row) at a time: the weight of the walkable buckets
 * they share with each later person, summed in a typed array, then the best
 * `count` pairs not yet acquainted.
 */
function shortlist(network: Network, tokens: string[][], buckets: Map<string, number[]>, count: number): [Person, Person][] {
  const { people } = network;
  const n = people.length;
  const reach = new Map([...buckets.keys()].map((key) => [key, reachOf(network, buckets, key)]));
  const row = new Float64Array(n);
  const touched: number[] = [];
  const leaders = new Leaders(count);
  for (let i = 0; i < n; i++) {
    for (const key of tokens[i]!) {
      const reached = reach.get(key);
      if (!reached) continue;
      for (const members of reached.partners) {
        for (const j of members) {
          if (j <= i) continue;
          if (row[j] === 0) touched.push(j);
          row[j]! += reached.amount;
        }
      }
    }
    for (const j of touched) {
      if (leaders.wouldTake(i * n + j, row[j]!) && !alreadyAcquainted(network, people[i]!, people[j]!)) {
        leaders.take(i * n + j, row[j]!);
      }
      row[j] = 0;
    }
    touched.length = 0;
  }
  return leaders.entries.map(({ key }) => [people[Math.floor(key / n)]!, people[key % n]!]);
}

interface Reason {
  text: string;
  weight: number;
}

function facetReason(network: Network, facet: Facet, a: Person, b: Person): Reason {
  const { match } = network;
  const holders = (kind: TokenKind, key: string) => weight(network, kind, network.holders.get(token(kind, key)) ?? 0);
  switch (facet.kind) {
    case 'hometown':
      return { text: `Both from ${facet.a}`, weight: holders('hometown', placeKey(match, facet.a)) };
    case 'location':
      return { text: `Both based in ${facet.a}`, weight: holders('location', placeKey(match, facet.a)) };
    case 'school':
      return { text: `Both studied at ${facet.a}`, weight: holders('school', match(facet.a)) };
    case 'interest':
      return { text: `Both interested in ${facet.a}`, weight: holders('interest', match(facet.a)) };
    case 'expertise':
      return { text: `Both have expertise in ${facet.a}`, weight: holders('expertise', match(facet.a)) };
    case 'tag':
      return { text: `Both tagged "${facet.a}"`, weight: holders('tag', match(facet.a)) };
    case 'org':
      return { text: `Both work at ${facet.a}`, weight: holders('org', match(facet.a)) };
    case 'pastOrg': {
      const amount = weight(network, 'pastOrg', orgHolders(network, match(facet.a)));
      if (facet.now === 'a') return { text: `${a.name} works at ${facet.a}, where ${b.name} used to work`, weight: amount };
      if (facet.now === 'b') return { text: `${b.name} works at ${facet.b}, where ${a.name} used to work`, weight: amount };
      return { text: `Both worked at ${facet.a}`, weight: amount };
    }
  }
}

function complementReasons(match: Matcher, a: Person, b: Person): Reason[] {
  const has = (person: Person, role: Role) => person[role.field].some((value) => match(value) === match(role.value));
  const reasons: Reason[] = [];
  for (const [first, second] of COMPLEMENTS) {
    for (const [x, y] of [[a, b], [b, a]] as const) {
      if (has(x, first) && has(y, second)) {
        reasons.push({ text: `${x.name} ${first.says} and ${y.name} ${second.says}`, weight: COMPLEMENT_WEIGHT });
      }
    }
  }
  return reasons;
}

function mutualReason(network: Network, a: Person, b: Person): Reason | null {
  const theirs = network.neighbours.get(b.id) ?? new Set<string>();
  // Summed in id order so the score's rounding is the same everywhere; named in name order to read well.
  const mutual = [...(network.neighbours.get(a.id) ?? [])].filter((id) => theirs.has(id)).sort(compareCodeUnits);
  if (mutual.length === 0) return null;
  const names = mutual.map((id) => network.byId.get(id)!.name).sort(compareCodeUnits);
  const amount = mutual.reduce((sum, id) => sum + weight(network, 'contact', network.neighbours.get(id)!.size), 0);
  const text = mutual.length === 1 ? `Both know ${names[0]}` : `${mutual.length} mutual contacts: ${nameList(names)}`;
  return { text, weight: amount };
}

/** Second pass: everything a pair shares, most personal first, with the exact score. */
function explain(network: Network, a: Person, b: Person): Introduction {
  // Reasons of no weight are what KIND_WEIGHT leaves out: a shared current employer.
  const reasons = [
    ...sharedFacets(network.match, a, b).map((facet) => facetReason(network, facet, a, b)),
    ...complementReasons(network.match, a, b),
  ].filter((reason) => reason.weight > 0);
  const mutual = mutualReason(network, a, b);
  if (mutual) reasons.push(mutual);
  const score = reasons.reduce((sum, reason) => sum + reason.weight, 0);
  return { a: a.id, b: b.id, score: Math.round(score * 100) / 100, reasons: reasons.map((reason) => reason.text) };
}

const byScore = (x: Introduction, y: Introduction) =>
  y.score - x.score || compareCodeUnits(x.a, y.a) || compareCodeUnits(x.b, y.b);

/** Pairs of my live contacts who are not linked, best first (ties in id order). */
export function suggestIntroductions(doc: Y.Doc, options: { limit?: number } = {}): Introduction[] {
  const limit = Math.max(0, Math.floor(options.limit ?? DEFAULT_LIMIT));
  if (limit === 0) return [];
  const { network, tokens, buckets } = readNetwork(doc);
  return shortlist(network, tokens, buckets, Math.max(SHORTLIST, limit * 5))
    .map(([a, b]) => explain(network, a, b))
    .sort(byScore)
    .slice(0, limit);
}

function introductionText(network: Network, a: Person, b: Person, text: string): string {
  const reasons = explain(network, a, b).reasons;
  const lines = [`Introduced ${a.name} to ${b.name}.`];
  if (reasons.length) lines.push(`Why: ${reasons.join('. ')}.`);
  if (text.trim()) lines.push(text);
  return lines.join('\n');
}

const systemClock: Clock = () => new Date();

/**
 * Records that I introduced `a` to `b`, in one transaction: a link of kind
 * 'introduced', one note naming both (so it shows on each) saying why, and
 * each of `askIds` — open asks of either of them that the introduction
 * answers — marked helped by it. Refuses, writing nothing, a
 * self-introduction, a person not in the network, two people who are
 * already linked, or an ask that is not one of theirs.
 */
export function introduce(
  doc: Y.Doc,
  a: string,
  b: string,
  options: { text?: string; askIds?: readonly string[] },
  origin: unknown,
  clock: Clock = systemClock,
): { linkId: string; noteId: string } {
  if (a === b) throw new ValidationError('b', 'A person cannot be introduced to themself');
  if (options.text !== undefined && typeof options.text !== 'string') {
    throw new ValidationError('text', 'The note about an introduction is text');
  }
  const askIds = options.askIds ?? [];
  if (!Array.isArray(askIds)) throw new ValidationError('askIds', 'The asks an introduction answers are a list');
  for (const askId of askIds) {
    const ask = typeof askId === 'string' ? ASKS.find(doc, askId) : null;
    if (!ask || (ask.get('contactId') !== a && ask.get('contactId') !== b) || ask.get('deletedAt')) {
      throw new ValidationError('askIds', 'That ask is not one of theirs; reopen the introduction and try again');
    }
  }
  const link = { from: a, to: b, kind: 'introduced' };
  checkNewLink(doc, link);
  const { network } = readNetwork(doc);
  const text = introductionText(network, network.byId.get(a)!, network.byId.get(b)!, options.text ?? '');
  const note = { contactIds: [a, b], kind: 'note', text };
  checkNewNote(doc, note);
  const now = clock();
  const written = { linkId: '', noteId: '' };
  // The operations' own transactions join this one, so a reader sees both records or neither.
  doc.transact(() => {
    written.linkId = createLink(doc, link, origin, () => now);
    written.noteId = createNote(doc, note, origin, () => now);
    for (const askId of askIds) markAskHelped(doc, askId, { by: 'introduction', ref: written.linkId }, origin, () => now);
  }, origin);
  return written;
}
