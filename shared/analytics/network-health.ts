/**
 * Network health: is my network large, diverse, deep, and does it span
 * boundaries? One pure, deterministic report of the document at `now` in the
 * user's time zone (issue 14).
 *
 * The model. The ego is the user ("me", graph.ts's ME_NODE). Every live
 * person in the network is one of my ties — the map draws me at the hub of
 * everyone — so the ego network is the whole people graph plus me:
 *
 * - me–person ties carry the person's closeness as the weight, on the link
 *   strength scale 1–5: inner 5, close 4, regular 3 (a link's default
 *   strength), acquaintance 2;
 * - person–person ties are live links weighted by their strength.
 *
 * Because I am tied to every person, networkx's whole-graph reading of
 * Burt's measures and the ego-network reading coincide (an alter has no
 * neighbours outside my ego network); the tests build this graph in
 * networkx by hand and compare.
 *
 * "In touch" has one definition in the app: follow-through.ts's hello queue.
 * Dormant ties are `helloDueIds` (a hello is due by their cadence and they
 * are not snoozed); every other live person is active. The history below
 * reconstructs the same rule month by month from the document's dates.
 *
 * Walks are in id order and results are rounded, so every replica shows the
 * same report.
 */
import * as Y from 'yjs';
import { root } from '../doc/schema';
import { getMe } from '../doc/me';
import { readPersonFields, type Tier } from '../doc/people';
import { readNote } from '../doc/notes';
import { addDays, dayIn, endOfMonth } from '../doc/days';
import { cadenceOf, liveLinks } from './graph';
import { communitiesOf, type IndexedTie } from './graph-communities';
import { helloDueIds } from './follow-through';
import { findCommonality } from './commonality';
import { compareCodeUnits, createMatcher, type Matcher } from './normalize';
import { lastExchangeTimes } from './give-and-receive';
import { blauIndex, burtMeasures, eiIndex, tieRhythm, type TieRhythm } from './ego-measures';

const DAY_MS = 24 * 3600 * 1000;

/** The fields the report reads: reading only these keeps a report of 30,000 people from reading every list of everyone. */
const HEALTH_FIELDS = ['name', 'org', 'function', 'location', 'tier', 'cadenceDays', 'interests', 'schools', 'hometown', 'family', 'introducedBy'] as const;
type HealthPerson = ReturnType<typeof readPersonFields<(typeof HEALTH_FIELDS)[number]>>;

/** Live people, in id order (as graph.ts's livePeople), with the report's fields. */
function livePeople(doc: Y.Doc): HealthPerson[] {
  const people: HealthPerson[] = [];
  root(doc, 'contacts').forEach((record, id) => {
    if (record instanceof Y.Map && !record.get('deletedAt')) people.push(readPersonFields(id, record, HEALTH_FIELDS));
  });
  return people.sort((a, b) => compareCodeUnits(a.id, b.id));
}
/** Notes within this many days count as recent depth. */
export const RECENT_NOTE_DAYS = 90;
export const HISTORY_MONTHS = 12;
export const RECONNECT_SHOWN = 10;
export const BROKERS_SHOWN = 8;
/** A last note's summary: its first line, cut to this many characters so a starter stays one sentence. */
const SUMMARY_LENGTH = 90;
/** Me–person tie weight by closeness, on the link strength scale. */
export const TIER_WEIGHT: Readonly<Record<Tier, number>> = { inner: 5, close: 4, regular: 3, acquaintance: 2 };

export type MetricId =
  | 'activeTies'
  | 'dormantTies'
  | 'newTiesPerMonth'
  | 'blauOrg'
  | 'blauFunction'
  | 'blauLocation'
  | 'eiOrg'
  | 'effectiveSize'
  | 'constraint'
  | 'circlesReached'
  | 'contextKnown'
  | 'recentNotes'
  | 'bothWays';

export type MetricGroup = 'size' | 'diversity' | 'structure' | 'depth';

export interface Metric {
  id: MetricId;
  group: MetricGroup;
  label: string;
  /** Null when it has no meaning yet (no ties, nothing known). */
  value: number | null;
  /** For diversity: the share of ties whose value is known; for others, absent. */
  coverage?: number;
  meaning: string;
  raise: string;
}

export interface Circle {
  /** The community number of graph-communities.ts (0 = the largest). */
  id: number;
  /** The most common organisation when it holds at least half the circle, else "<best-linked member>'s circle". */
  label: string;
  size: number;
  /** Every member, in id order. */
  memberIds: string[];
  /** Members I am in touch with, in id order. */
  activeIds: string[];
}

export interface Broker {
  personId: string;
  name: string;
  /** The circles they have ties in (their own first), by circle id. */
  circleIds: number[];
  /** I am in touch with them. */
  active: boolean;
}

export interface OnlyBridge {
  personId: string;
  name: string;
  circle: Circle;
}

export interface QuietTie {
  personId: string;
  name: string;
  rhythm: TieRhythm;
}

export interface ReconnectCandidate {
  personId: string;
  name: string;
  /** 0–1: 0.4 × once close + 0.35 × well placed + 0.25 × silent for long. */
  score: number;
  reasons: string[];
  /** Days since the last contact (or since being added, if never). */
  silentDays: number;
  lastNote: { id: string; at: string; summary: string } | null;
  starter: string;
}

export interface MonthPoint {
  /** "2026-03". */
  month: string;
  /** Live people added by the end of the month (those with a readable createdAt). */
  ties: number;
  active: number;
  dormant: number;
  newTies: number;
  blauOrg: number | null;
  blauFunction: number | null;
  blauLocation: number | null;
}

export interface Action {
  kind: 'reconnect' | 'bridge' | 'quiet-circle' | 'function' | 'rhythm' | 'context';
  text: string;
  personIds: string[];
  /** People to see on the map for an action about a group (a circle I no longer reach). */
  show?: { label: string; personIds: string[] };
}

export interface OrgBar {
  org: string;
  count: number;
  /** The organisation is mine. */
  inside: boolean;
  /** The ties at this organisation, in id order. */
  personIds: string[];
}

/** Ties in one function, split by the organisational boundary: at my organisation, at another, or unknown. */
export interface FunctionBar {
  name: string;
  count: number;
  insideIds: string[];
  outsideIds: string[];
  orgUnknownIds: string[];
}

export interface NetworkHealth {
  asOf: string;
  ties: number;
  metrics: Metric[];
  orgs: OrgBar[];
  /** Ties by function, largest first. */
  functions: FunctionBar[];
  circles: Circle[];
  /** People bridging two or more circles, the most between first (at most BROKERS_SHOWN). */
  brokers: Broker[];
  onlyBridges: OnlyBridge[];
  goingQuiet: QuietTie[];
  reconnect: ReconnectCandidate[];
  history: MonthPoint[];
  actions: Action[];
  /** Fields a metric would use that Kith does not have. */
  leftOut: string[];
}

export interface HealthOptions {
  now: Date;
  timeZone: string;
}

/** Six decimals: enough for any chart, and float noise never differs between replicas. */
const round = (value: number | null) => (value === null ? null : Math.round(value * 1e6) / 1e6);
const share = (part: number, whole: number) => (whole ? round(part / whole) : null);

interface Contacts {
  /** Every time (ms) we were in touch: notes naming them, requests asked or answered. */
  times: Map<string, number[]>;
  /** The newest note per person. */
  lastNote: Map<string, { id: string; at: number }>;
}

function push(map: Map<string, number[]>, id: string, time: number): void {
  const list = map.get(id);
  if (list) list.push(time);
  else map.set(id, [time]);
}

/** One pass over notes and requests, read as follow-through.ts reads them for "last in touch". */
function readContacts(doc: Y.Doc): Contacts {
  const times = new Map<string, number[]>();
  const lastNote = new Map<string, { id: string; at: number }>();
  root(doc, 'notes').forEach((record, id) => {
    if (!(record instanceof Y.Map) || record.get('deletedAt')) return;
    const at = Date.parse(String(record.get('at') ?? ''));
    const contactIds = record.get('contactIds');
    if (Number.isNaN(at) || !(contactIds instanceof Y.Array)) return;
    for (const person of contactIds.toArray()) {
      if (typeof person !== 'string') continue;
      push(times, person, at);
      const last = lastNote.get(person);
      if (!last || at > last.at || (at === last.at && compareCodeUnits(id, last.id) < 0)) lastNote.set(person, { id, at });
    }
  });
  root(doc, 'requests').forEach((record) => {
    if (!(record instanceof Y.Map) || record.get('deletedAt')) return;
    const person = record.get('contactId');
    if (typeof person !== 'string') return;
    for (const field of ['receivedAt', 'answeredAt']) {
      const at = Date.parse(String(record.get(field) ?? ''));
      if (!Number.isNaN(at)) push(times, person, at);
    }
  });
  return { times, lastNote };
}

/** Category sizes of one field over people, by the matcher's key, with their members' ids; the most common spelling names each. */
function categories(people: readonly HealthPerson[], value: (person: HealthPerson) => string, matcher: Matcher) {
  const groups = new Map<string, { count: number; spellings: Map<string, number>; ids: string[] }>();
  let known = 0;
  for (const person of people) {
    const text = value(person);
    const key = text ? matcher(text) : '';
    if (!key) continue;
    known++;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { count: 0, spellings: new Map(), ids: [] }));
    group.count++;
    group.ids.push(person.id);
    group.spellings.set(text, (group.spellings.get(text) ?? 0) + 1);
  }
  const named = [...groups].map(([key, { count, spellings, ids }]) => ({
    key,
    count,
    ids,
    name: [...spellings].sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]))[0]![0],
  }));
  named.sort((a, b) => b.count - a.count || compareCodeUnits(a.name, b.name));
  return { known, groups: named };
}

const DIVERSITY_FIELDS = [
  { id: 'blauOrg', field: 'org', label: 'Organisations', word: 'organisation' },
  { id: 'blauFunction', field: 'function', label: 'Functions', word: 'function' },
  { id: 'blauLocation', field: 'location', label: 'Places', word: 'location' },
] as const;

const hasContext = (person: HealthPerson) =>
  person.interests.length > 0 || person.schools.length > 0 || person.hometown !== '' || person.family !== '';

const TIER_CLOSENESS: Readonly<Record<Tier, number>> = { inner: 1, close: 0.75, regular: 0.5, acquaintance: 0.25 };
/** Silence that counts as fully "long" for a dormant tie: two years. */
const LONG_SILENCE_DAYS = 730;

// ---------------------------------------------------------------- time in the user's zone

/**
 * The first instant of `day` in `timeZone`, to the minute (zone offsets are
 * whole minutes): a search between UTC midnight ± 14 hours.
 */
function startOfDay(day: string, timeZone: string): number {
  const utc = Date.parse(`${day}T00:00:00Z`);
  let low = utc - 15 * 3600 * 1000;
  let high = utc + 15 * 3600 * 1000;
  while (high - low > 60 * 1000) {
    const middle = low + Math.floor((high - low) / 2 / 60000) * 60000;
    if (dayIn(middle, timeZone) < day) low = middle;
    else high = middle;
  }
  return high;
}

// ---------------------------------------------------------------- the report

export function networkHealth(doc: Y.Doc, { now, timeZone }: HealthOptions): NetworkHealth {
  const nowMs = now.getTime();
  const people = livePeople(doc);
  const alive = new Set(people.map((person) => person.id));
  const index = new Map(people.map((person, i) => [person.id, i]));
  const links = liveLinks(doc, alive);
  const me = getMe(doc);
  const matcher = createMatcher(doc);
  const contacts = readContacts(doc);
  const lastContact = new Map<string, number>();
  for (const [id, times] of contacts.times) lastContact.set(id, times.reduce((a, b) => (b > a ? b : a)));
  const dormant = helloDueIds(doc, now, timeZone, lastContact);
  const isActive = (id: string) => !dormant.has(id);
  const ties = links.map((link) => ({ a: index.get(link.from)!, b: index.get(link.to)!, weight: link.strength }));
  const { communityOf, brokers } = communitiesOf(
    people.map((person) => person.id),
    ties,
  );

  const degree = new Int32Array(people.length);
  for (const { a, b } of ties) {
    degree[a]!++;
    degree[b]!++;
  }

  // Size.
  const dormantPeople = people.filter((person) => dormant.has(person.id));
  const activeCount = people.length - dormantPeople.length;
  const history = reconstruct(people, contacts, matcher, nowMs, timeZone);
  const newPerMonth = history.length ? history.reduce((sum, point) => sum + point.newTies, 0) / history.length : 0;

  // Diversity.
  const diversity = DIVERSITY_FIELDS.map((spec) => ({ spec, ...categories(people, (person) => person[spec.field], matcher) }));
  const myOrg = me.org ? matcher(me.org) : '';
  const orgs = diversity[0]!.groups.map((group) => ({ org: group.name, count: group.count, inside: myOrg !== '' && group.key === myOrg, personIds: group.ids }));
  const orgOf = (person: HealthPerson) => (person.org ? matcher(person.org) : '');
  const functions: FunctionBar[] = diversity[1]!.groups.map((group) => {
    const bar: FunctionBar = { name: group.name, count: group.count, insideIds: [], outsideIds: [], orgUnknownIds: [] };
    for (const id of group.ids) {
      const org = orgOf(people[index.get(id)!]!);
      (org === '' ? bar.orgUnknownIds : myOrg !== '' && org === myOrg ? bar.insideIds : bar.outsideIds).push(id);
    }
    return bar;
  });
  const internal = orgs.find((bar) => bar.inside)?.count ?? 0;
  const external = diversity[0]!.known - internal;

  // Structural holes.
  const burt = burtMeasures(
    people.map((person) => TIER_WEIGHT[person.tier]),
    ties,
  );
  const circles = circlesOf(people, communityOf, degree, isActive, matcher);
  const brokerTies = brokersBetween(people, brokers, ties, communityOf, circles, isActive);
  const onlyBridges: OnlyBridge[] = circles
    .filter((circle) => circle.activeIds.length === 1)
    .map((circle) => ({ personId: circle.activeIds[0]!, name: people[index.get(circle.activeIds[0]!)!]!.name, circle }));

  // Depth. Give and receive is #13's history (give-and-receive.ts); introducing me to someone is receiving too.
  const introducers = new Set(people.map((person) => person.introducedBy).filter(Boolean));
  const exchanged = lastExchangeTimes(doc);
  const recentFrom = nowMs - RECENT_NOTE_DAYS * DAY_MS;
  let contextKnown = 0;
  let recent = 0;
  let bothWays = 0;
  for (const person of people) {
    if (hasContext(person)) contextKnown++;
    const last = contacts.lastNote.get(person.id);
    if (last && last.at >= recentFrom && last.at <= nowMs) recent++;
    const ways = exchanged.get(person.id);
    const gave = ways !== undefined && ways.gave > -Infinity;
    const received = (ways !== undefined && ways.received > -Infinity) || introducers.has(person.id);
    if (gave && received) bothWays++;
  }

  // Rhythm and reconnecting.
  const goingQuiet: QuietTie[] = [];
  for (const person of people) {
    const rhythm = tieRhythm(contacts.times.get(person.id) ?? [], nowMs);
    if (rhythm?.goingQuiet) goingQuiet.push({ personId: person.id, name: person.name, rhythm: roundRhythm(rhythm) });
  }
  goingQuiet.sort((a, b) => b.rhythm.silenceRatio - a.rhythm.silenceRatio || compareCodeUnits(a.personId, b.personId));

  const circleById = new Map(circles.map((circle) => [circle.id, circle]));
  const reconnect = rankReconnect(doc, {
    people: dormantPeople,
    contacts,
    nowMs,
    myOrg,
    matcher,
    brokers,
    circleOf: (id) => circleById.get(communityOf.get(id)!),
  });

  const n = people.length;
  const metrics: Metric[] = [
    metric('activeTies', 'size', 'Active ties', activeCount, 'People you are in touch with within their keep-in-touch cadence.', 'Say hello to people in your hello queue.'),
    metric('dormantTies', 'size', 'Dormant ties', n - activeCount, 'People whose hello is overdue by their cadence: not lost, but quiet.', 'Reconnect with one dormant tie a week; the list below starts with the most valuable.'),
    metric('newTiesPerMonth', 'size', 'New ties a month', round(newPerMonth), `People added per month over the last ${HISTORY_MONTHS} months.`, 'Add the people you meet, the day you meet them.'),
    ...diversity.map(({ spec, known, groups }) => ({
      id: spec.id,
      group: 'diversity' as const,
      label: `${spec.label} mix`,
      value: round(blauIndex(groups.map((group) => group.count))),
      coverage: share(known, n) ?? 0,
      meaning: `Blau's index: the chance that two ties picked at random differ in ${spec.word} (0 = all the same; unknowns left out).`,
      raise: `Meet people in ${spec.word === 'location' ? 'places' : `${spec.word}s`} you have few ties in, and fill in the ${spec.word} of those you know.`,
    })),
    metric('eiOrg', 'diversity', 'Beyond my organisation', round(myOrg ? eiIndex(external, internal) : null), 'E-I index: +1 when all your ties are outside your organisation, −1 when all are inside (your profile\'s organisation; unknowns left out).', myOrg ? 'Keep ties outside your organisation alive; they bring what your colleagues cannot.' : 'Set your organisation in your profile to see this.'),
    metric('effectiveSize', 'structure', 'Effective size', round(burt.effectiveSize), "Burt's effective size: how many of your ties are non-redundant, weighted by closeness and link strength.", 'Get to know people who do not know your other ties.'),
    metric('constraint', 'structure', 'Constraint', round(burt.constraint), "Burt's constraint: how much your ties are tied to each other (lower means more brokerage opportunity).", 'Spread your time across circles that do not overlap.'),
    metric('circlesReached', 'structure', 'Circles reached', circles.filter((circle) => circle.activeIds.length > 0).length, 'Circles (communities of linked people) in which you are in touch with someone.', 'Reconnect with someone in a circle you no longer reach.'),
    metric('contextKnown', 'depth', 'Personal context', share(contextKnown, n), 'The share of ties whose interests, schools or hometown, or family you know.', 'Note what people care about after you talk.'),
    metric('recentNotes', 'depth', 'Recent notes', share(recent, n), `The share of ties with a note in the last ${RECENT_NOTE_DAYS} days.`, 'Write a line after each call or coffee.'),
    metric('bothWays', 'depth', 'Both ways', share(bothWays, n), 'The share of ties with whom help went both ways: you gave (passed something on, introduced them, helped) and received (help logged from them, or they introduced you to someone).', 'Pass something on to people who helped you, and log the help you get.'),
  ];

  const health: NetworkHealth = {
    asOf: now.toISOString(),
    ties: n,
    metrics,
    orgs,
    functions,
    circles,
    brokers: brokerTies,
    onlyBridges,
    goingQuiet,
    reconnect,
    history,
    actions: [],
    leftOut: ['industry (Kith has no industry field)'],
  };
  health.actions = actionsFor(health, diversity[1]!.groups, people);
  return health;
}

function metric(id: MetricId, group: MetricGroup, label: string, value: number | null, meaning: string, raise: string): Metric {
  return { id, group, label, value, meaning, raise };
}

function roundRhythm(rhythm: TieRhythm): TieRhythm {
  return {
    usualIntervalDays: round(rhythm.usualIntervalDays)!,
    silenceDays: round(rhythm.silenceDays)!,
    silenceRatio: round(rhythm.silenceRatio)!,
    goingQuiet: rhythm.goingQuiet,
  };
}

/** Circles of two or more people, largest first; a person with no links is no circle. */
function circlesOf(
  people: readonly HealthPerson[],
  communityOf: ReadonlyMap<string, number>,
  degree: Int32Array,
  isActive: (id: string) => boolean,
  matcher: Matcher,
): Circle[] {
  const members = new Map<number, number[]>();
  people.forEach((person, i) => {
    const id = communityOf.get(person.id)!;
    const list = members.get(id);
    if (list) list.push(i);
    else members.set(id, [i]);
  });
  const circles: Circle[] = [];
  for (const [id, list] of [...members].sort((a, b) => a[0] - b[0])) {
    if (list.length < 2) continue;
    const group = list.map((i) => people[i]!);
    const top = categories(group, (person) => person.org, matcher).groups[0];
    const hub = list.reduce((best, i) => (degree[i]! > degree[best]! ? i : best), list[0]!);
    circles.push({
      id,
      label: top && top.count * 2 >= list.length ? top.name : `${people[hub]!.name}'s circle`,
      size: list.length,
      memberIds: group.map((person) => person.id),
      activeIds: group.filter((person) => isActive(person.id)).map((person) => person.id),
    });
  }
  return circles;
}

/** Brokers (graph-communities.ts, most between first) with the circles their ties reach, those reaching two or more. */
function brokersBetween(
  people: readonly HealthPerson[],
  brokers: ReadonlySet<string>,
  ties: readonly IndexedTie[],
  communityOf: ReadonlyMap<string, number>,
  circles: readonly Circle[],
  isActive: (id: string) => boolean,
): Broker[] {
  const isCircle = new Set(circles.map((circle) => circle.id));
  const reached = new Map<string, Set<number>>();
  for (const id of brokers) reached.set(id, new Set([communityOf.get(id)!]));
  for (const { a, b } of ties) {
    const [idA, idB] = [people[a]!.id, people[b]!.id];
    reached.get(idA)?.add(communityOf.get(idB)!);
    reached.get(idB)?.add(communityOf.get(idA)!);
  }
  const found: Broker[] = [];
  for (const id of brokers) {
    const [own, ...others] = [...reached.get(id)!].filter((circle) => isCircle.has(circle));
    if (own === undefined || !others.length) continue;
    const person = people.find((candidate) => candidate.id === id)!;
    found.push({ personId: id, name: person.name, circleIds: [own, ...others.sort((x, y) => x - y)], active: isActive(id) });
    if (found.length === BROKERS_SHOWN) break;
  }
  return found;
}

interface ReconnectInput {
  people: readonly HealthPerson[];
  contacts: Contacts;
  nowMs: number;
  myOrg: string;
  matcher: Matcher;
  brokers: ReadonlySet<string>;
  circleOf: (id: string) => Circle | undefined;
}

/**
 * Dormant ties ranked by the value Levin, Walter & Murnighan found in
 * reconnecting ("Dormant ties: the value of reconnecting", Organization
 * Science 22(4), 2011): ties once strong, to people well placed elsewhere,
 * and silent long enough to have gathered new knowledge.
 */
function rankReconnect(doc: Y.Doc, input: ReconnectInput): ReconnectCandidate[] {
  const ranked = input.people.map((person) => {
    const times = input.contacts.times.get(person.id) ?? [];
    const last = times.length ? Math.max(...times.filter((time) => time <= input.nowMs), -Infinity) : -Infinity;
    const from = Number.isFinite(last) ? last : Date.parse(person.createdAt);
    const silentDays = Number.isNaN(from) ? 0 : Math.max(0, (input.nowMs - from) / DAY_MS);
    const closeness = 0.7 * TIER_CLOSENESS[person.tier] + 0.3 * Math.min(1, times.length / 6);
    const reasons: string[] = [];
    if (person.tier === 'inner' || person.tier === 'close') reasons.push(`once ${person.tier}`);
    const orgKey = person.org ? input.matcher(person.org) : '';
    const outside = input.myOrg !== '' && orgKey !== '' && orgKey !== input.myOrg;
    if (outside) reasons.push(`at ${person.org}`);
    const broker = input.brokers.has(person.id);
    if (broker) reasons.push('a broker between circles');
    const circle = input.circleOf(person.id);
    const unreached = circle !== undefined && circle.activeIds.length === 0;
    if (unreached) reasons.push(`in ${circle.label}, a circle you no longer reach`);
    const placement = (Number(outside) + Number(broker) + Number(unreached)) / 3;
    const silence = Math.min(1, silentDays / LONG_SILENCE_DAYS);
    const score = round(0.4 * closeness + 0.35 * placement + 0.25 * silence)!;
    return { person, score, reasons, silentDays: Math.round(silentDays) };
  });
  ranked.sort((a, b) => b.score - a.score || compareCodeUnits(a.person.id, b.person.id));
  return ranked.slice(0, RECONNECT_SHOWN).map(({ person, score, reasons, silentDays }) => {
    const lastNote = lastNoteOf(doc, input.contacts.lastNote.get(person.id));
    return { personId: person.id, name: person.name, score, reasons, silentDays, lastNote, starter: starterFor(doc, person, lastNote) };
  });
}

function lastNoteOf(doc: Y.Doc, last: { id: string; at: number } | undefined): ReconnectCandidate['lastNote'] {
  if (!last) return null;
  const record = root(doc, 'notes').get(last.id);
  if (!(record instanceof Y.Map)) return null;
  const note = readNote(last.id, record);
  const firstLine = note.text.split('\n').find((line) => line.trim()) ?? '';
  const summary = firstLine.length > SUMMARY_LENGTH ? `${firstLine.slice(0, SUMMARY_LENGTH - 1).trimEnd()}…` : firstLine.trim();
  return { id: last.id, at: new Date(last.at).toISOString(), summary };
}

function starterFor(doc: Y.Doc, person: HealthPerson, lastNote: ReconnectCandidate['lastNote']): string {
  const first = person.name.split(/\s+/)[0] || person.name;
  if (lastNote?.summary) return `Last time you noted "${lastNote.summary}" — ask ${first} how that turned out.`;
  const common = findCommonality(doc, person.id)[0];
  if (common) return common.starter;
  return `Send ${first} a short hello and ask what they are working on now.`;
}

// ---------------------------------------------------------------- the last 12 months

/** The first day of each of the last HISTORY_MONTHS months, oldest first, in the user's zone. */
function monthStarts(nowMs: number, timeZone: string): string[] {
  const today = dayIn(nowMs, timeZone);
  let [year, month] = today.split('-').map(Number) as [number, number];
  const starts: string[] = [];
  for (let i = 0; i < HISTORY_MONTHS; i++) {
    starts.unshift(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`);
    if (--month === 0) [year, month] = [year - 1, 12];
  }
  return starts;
}

/**
 * Active and dormant ties and diversity at the end of each of the last
 * HISTORY_MONTHS months (the current month: today), from the dates the
 * document keeps: when each person was added (createdAt) and every time we
 * were in touch (notes' `at`, requests). The hello queue's rule, replayed: a
 * tie is dormant at a month's last day when the day of the last contact
 * before it (or of being added) plus the cadence is that day or earlier.
 * What the document does not keep is not replayed: snoozes, past cadences
 * and tiers, people deleted since, people without a readable createdAt.
 */
function reconstruct(people: readonly HealthPerson[], contacts: Contacts, matcher: Matcher, nowMs: number, timeZone: string): MonthPoint[] {
  const today = dayIn(nowMs, timeZone);
  const created = people.map((person) => Date.parse(person.createdAt));
  const cadence = people.map(cadenceOf);
  // Everyone's contact times in one array, each person's run sorted: one typed array, not one per person.
  const timesStart = new Int32Array(people.length + 1);
  people.forEach((person, i) => (timesStart[i + 1] = timesStart[i]! + (contacts.times.get(person.id)?.length ?? 0)));
  const allTimes = new Float64Array(timesStart[people.length]!);
  people.forEach((person, i) => {
    let end = timesStart[i]!;
    // Insertion sort: a person's run is a handful of times.
    for (const time of contacts.times.get(person.id) ?? []) {
      let at = end++;
      while (at > timesStart[i]! && allTimes[at - 1]! > time) allTimes[at] = allTimes[--at]!;
      allTimes[at] = time;
    }
  });
  // Each field's category as a small number per person (-1 unknown), read once for all months.
  const fields = (['org', 'function', 'location'] as const).map((field) => {
    const numbers = new Map<string, number>();
    const category = people.map((person) => {
      const key = person[field] ? matcher(person[field]) : '';
      if (!key) return -1;
      let number = numbers.get(key);
      if (number === undefined) numbers.set(key, (number = numbers.size));
      return number;
    });
    return { category, size: numbers.size };
  });
  const points: MonthPoint[] = [];
  for (const start of monthStarts(nowMs, timeZone)) {
    const lastDay = endOfMonth(start) < today ? endOfMonth(start) : today;
    const end = lastDay === today ? nowMs : startOfDay(addDays(lastDay, 1), timeZone) - 1;
    const monthStart = startOfDay(start, timeZone);
    const dormantBefore = new Map<number, number>();
    const threshold = (days: number) => {
      let instant = dormantBefore.get(days);
      if (instant === undefined) dormantBefore.set(days, (instant = startOfDay(addDays(lastDay, 1 - days), timeZone)));
      return instant;
    };
    const counts = fields.map(({ size }) => new Int32Array(size));
    let ties = 0;
    let dormant = 0;
    let newTies = 0;
    for (let i = 0; i < people.length; i++) {
      if (Number.isNaN(created[i]!) || created[i]! > end) continue;
      ties++;
      if (created[i]! >= monthStart) newTies++;
      const last = lastAtOrBefore(allTimes, timesStart[i]!, timesStart[i + 1]!, end);
      if ((Number.isFinite(last) ? last : created[i]!) < threshold(cadence[i]!)) dormant++;
      for (let f = 0; f < fields.length; f++) {
        const category = fields[f]!.category[i]!;
        if (category >= 0) counts[f]![category]!++;
      }
    }
    const [org, func, location] = counts.map((sizes) => round(blauIndex(sizes)));
    points.push({
      month: start.slice(0, 7),
      ties,
      active: ties - dormant,
      dormant,
      newTies,
      blauOrg: org!,
      blauFunction: func!,
      blauLocation: location!,
    });
  }
  return points;
}

/** The largest time ≤ end in times[from..to), which ascend, or -Infinity. */
function lastAtOrBefore(times: Float64Array, from: number, to: number, end: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (times[middle]! <= end) low = middle + 1;
    else high = middle;
  }
  return low > from ? times[low - 1]! : -Infinity;
}

// ---------------------------------------------------------------- this week

/** A function that holds at least this share of ties with a known function is a concentration worth naming. */
const FUNCTION_CONCENTRATION = 0.5;

/**
 * Three to five things to do this week, from the numbers above, most
 * valuable first; fewer only when the network gives nothing more to say.
 */
function actionsFor(health: NetworkHealth, functions: { name: string; count: number }[], people: readonly HealthPerson[]): Action[] {
  const actions: Action[] = [];
  for (const candidate of health.reconnect.slice(0, 2)) {
    actions.push({ kind: 'reconnect', text: `Reconnect with ${candidate.name}: ${candidate.starter}`, personIds: [candidate.personId] });
  }
  const bridge = health.onlyBridges[0];
  if (bridge) {
    actions.push({
      kind: 'bridge',
      text: `${bridge.name} is your only active bridge into ${bridge.circle.label} (${bridge.circle.size} people): keep in touch, and get to know one more person there.`,
      personIds: [bridge.personId],
    });
  }
  const quietCircle = health.circles.find((circle) => circle.activeIds.length === 0);
  if (quietCircle) {
    actions.push({
      kind: 'quiet-circle',
      text: `You are in touch with nobody in ${quietCircle.label} (${quietCircle.size} people): say hello to one of them.`,
      personIds: [],
      show: { label: quietCircle.label, personIds: quietCircle.memberIds },
    });
  }
  const known = functions.reduce((sum, group) => sum + group.count, 0);
  const top = functions[0];
  if (top && known >= 3 && top.count / known >= FUNCTION_CONCENTRATION) {
    const percent = Math.round((100 * top.count) / known);
    actions.push({ kind: 'function', text: `${percent}% of your ties work in ${top.name}: meet someone in another function.`, personIds: [] });
  }
  const quiet = health.goingQuiet.find((tie) => !actions.some((action) => action.personIds.includes(tie.personId)));
  if (quiet) {
    actions.push({
      kind: 'rhythm',
      text: `${quiet.name} has been quiet ${Math.round(quiet.rhythm.silenceDays)} days, ${Math.round(quiet.rhythm.silenceRatio)}× your usual ${Math.round(quiet.rhythm.usualIntervalDays)}: a short message now keeps the tie.`,
      personIds: [quiet.personId],
    });
  }
  const closeWithoutContext = people.find((person) => (person.tier === 'inner' || person.tier === 'close') && !hasContext(person));
  if (closeWithoutContext) {
    actions.push({ kind: 'context', text: `Note what ${closeWithoutContext.name} cares about — interests, where they grew up, family — next time you talk.`, personIds: [closeWithoutContext.id] });
  }
  return actions.slice(0, 5);
}
