/**
 * The readers answer what the direct functions answer on the window's
 * document, and keep up while the window edits between and during queries.
 *
 * The race test is seeded: a failure names its seed. Replay one with
 *   KITH_READERS_SEED=7 npx vitest run shared/readers/readers.test.ts
 * and run more with KITH_READERS_SEEDS=50 (default 6).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocSyncPeer } from '../sync/doc-sync';
import { PeopleSearch, type SearchFilters } from '../search/people-search';
import { findDuplicates } from '../doc/duplicates';
import { suggestIntroductions } from '../analytics/should-meet';
import { communities } from '../analytics/graph-communities';
import { helloQueue, helloStatus } from '../analytics/follow-through';
import { exchangesWith, helpedYouLately, logHelp, tiesNotGivenTo } from '../analytics/give-and-receive';
import { askSuggestionsFor } from '../analytics/ask-suggestions';
import { findCommonality } from '../analytics/commonality';
import { referralsOf } from '../analytics/referrals';
import { whoWouldCare } from '../analytics/pass-it-on';
import { createAsk } from '../doc/asks';
import { collectSuggestions } from '../doc/suggestions';
import { createPerson, deletePerson, getPerson, isLivePerson, listPeople, restorePerson, updatePerson } from '../doc/people';
import { createNote, deleteNote, listNotes } from '../doc/notes';
import { createLink, findLinkBetween, linksOf, otherEnd } from '../doc/links';
import { LOCAL_UI } from '../doc/origins';
import { personCommandText, rankText, wordPatterns } from '../search/palette';
import { generateNetwork, DEFAULT_NOW } from '../../e2e/fixtures/network';
import { Rng } from '../../e2e/fixtures/random';
import { Readers } from './readers';
import { ReadersLane } from './lane';
import { filterWords, lastRemovedFirst, newestFirst, noteHaystack, peopleOf } from './notes-index';
import { groupedMap, mapPeople, placesOf } from './map-model';
import { ME_NODE, setPosition } from '../doc/layout';
import type { FromReaders, Query, QueryKind, Results, ToReaders } from './messages';

const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
const SEEDS = env.KITH_READERS_SEED
  ? [Number(env.KITH_READERS_SEED)]
  : Array.from({ length: Number(env.KITH_READERS_SEEDS ?? 6) }, (_, index) => index + 1);
const TIME_ZONE = 'Europe/Madrid';

/**
 * The window's side: its document, a DocSyncPeer to the readers, and the
 * two ordered queues of a Worker's port, delivered when the test says.
 * Messages are structured-cloned on the way, as postMessage does.
 */
class Harness {
  readonly toReaders: ToReaders[] = [];
  readonly toWindow: FromReaders[] = [];
  readonly answers = new Map<number, unknown>();
  readonly readers = new Readers((message) => this.toWindow.push(structuredClone(message)));
  /** With `lane`: the worker's order (lane.ts), its steps run when the test says (`runTasks`). */
  readonly lane: ReadersLane | null;
  readonly tasks: (() => void)[] = [];
  private readonly peer: DocSyncPeer;
  private nextId = 1;
  /**
   * Queries wait in the window until it has sent its step2: from then on
   * each one posted follows every edit made before it was posted.
   */
  private held: ToReaders[] | null = [];
  /** Called as a query is posted to the readers: the moment its answer must match. */
  onPost: (message: ToReaders) => void = () => {};

  constructor(
    readonly doc: Y.Doc,
    { lane = false } = {},
  ) {
    this.lane = lane ? new ReadersLane(this.readers, (run) => this.tasks.push(run)) : null;
    this.peer = new DocSyncPeer(doc, (message) => this.toReaders.push({ type: 'sync', message: structuredClone(message) }));
  }

  start(): void {
    this.readers.begin();
    this.peer.start();
  }

  ask(query: Query): number {
    const id = this.nextId++;
    const message: ToReaders = structuredClone({ type: 'query', id, query });
    if (this.held) this.held.push(message);
    else this.post(message);
    return id;
  }

  private post(message: ToReaders): void {
    this.onPost(message);
    this.toReaders.push(message);
  }

  deliverToReaders(count = Infinity): void {
    for (let i = 0; i < count && this.toReaders.length; i++) (this.lane ?? this.readers).receive(this.toReaders.shift()!);
  }

  runTasks(count = Infinity): void {
    for (let i = 0; i < count && this.tasks.length; i++) this.tasks.shift()!();
  }

  deliverToWindow(count = Infinity): void {
    for (let i = 0; i < count && this.toWindow.length; i++) {
      const message = this.toWindow.shift()!;
      if (message.type === 'sync') {
        if (this.peer.receive(message.message) === 'step1' && this.held) {
          const held = this.held;
          this.held = null;
          held.forEach((message) => this.post(message));
        }
      } else if (message.type === 'answer') this.answers.set(message.id, message.result);
      else throw new Error(`query ${message.id} failed: ${message.error}`);
    }
  }

  flush(): void {
    while (this.toReaders.length || this.toWindow.length || this.tasks.length) {
      this.deliverToReaders();
      this.runTasks();
      this.deliverToWindow();
    }
  }

  /** Asks, delivers everything, and returns the answer. */
  query<K extends QueryKind>(query: Query<K>): Results[K] {
    const id = this.ask(query as Query);
    this.flush();
    return this.answers.get(id) as Results[K];
  }
}

/**
 * What the window computed before the readers existed, on its own document:
 * the answer to expect. Search scores depend on the index's history (a
 * re-indexed person's old terms stay counted until MiniSearch vacuums), so
 * after edits the expected search is that of the window's own index, kept as
 * the window kept it; without `search`, a fresh index.
 */
function direct(doc: Y.Doc, query: Query, kept?: PeopleSearch): unknown {
  switch (query.kind) {
    case 'search': {
      if (kept) return kept.search(query.query, query.filters, query.limit);
      const search = new PeopleSearch(doc);
      try {
        return search.search(query.query, query.filters, query.limit);
      } finally {
        search.destroy();
      }
    }
    case 'duplicates':
      return findDuplicates(doc);
    case 'duplicateCount':
      return findDuplicates(doc).length;
    case 'shouldMeet':
      return suggestIntroductions(doc, { limit: query.limit });
    case 'communities':
      return communities(doc);
    case 'hellos':
      return helloQueue(doc, new Date(query.now), query.timeZone);
    case 'givingBack': {
      const search = kept ?? new PeopleSearch(doc);
      try {
        const options = { search, limit: query.limit };
        return { helped: helpedYouLately(doc, new Date(query.now), options), ties: tiesNotGivenTo(doc, new Date(query.now), options) };
      } finally {
        if (!kept) search.destroy();
      }
    }
    case 'suggestions':
      return collectSuggestions(listPeople(doc));
    case 'helloStatus':
      return helloStatus(doc, query.personId, new Date(query.now), query.timeZone);
    case 'notesList': {
      // The Notes view's own filter, as it ran in the window over every note.
      const names = new Map(listPeople(doc).map((person) => [person.id, person.name]));
      const words = filterWords(query.filter);
      const live = listNotes(doc).sort(newestFirst);
      const found = live.filter((note) => words.every((word) => noteHaystack(note, names).includes(word)));
      return { ids: found.map((note) => note.id), total: live.length };
    }
    case 'notesOf':
      return listNotes(doc).filter((note) => peopleOf(note).includes(query.personId)).sort(newestFirst);
    case 'trashedNotes':
      return listNotes(doc, { includeDeleted: true }).filter((note) => note.deletedAt).sort(lastRemovedFirst);
    case 'passItOn': {
      const search = kept ?? new PeopleSearch(doc);
      try {
        return whoWouldCare(doc, search, query.item, { timeZone: query.timeZone, limit: query.limit });
      } finally {
        if (!kept) search.destroy();
      }
    }
    case 'mapOverview': {
      const map = groupedMap(doc, query.by, new Date(query.now), query.timeZone, query.by === 'community' ? communities(doc).communityOf : undefined);
      return { ...map.overview, mePosition: placesOf(map, doc).get(ME_NODE) };
    }
    case 'mapPeople': {
      const map = groupedMap(doc, query.by, new Date(query.now), query.timeZone, query.by === 'community' ? communities(doc).communityOf : undefined);
      return mapPeople(map, placesOf(map, doc), query.box, query.limit);
    }
    case 'exchangesWith':
      return exchangesWith(doc, query.personId);
    case 'askSuggestionsFor':
      return askSuggestionsFor(doc, query.personId);
    // The person page's panels, as they read in the window (PersonPanels.tsx).
    case 'commonalityWith':
      return isLivePerson(doc, query.personId) ? findCommonality(doc, query.personId) : [];
    case 'referralsOf':
      return isLivePerson(doc, query.personId) ? referralsOf(doc, query.personId) : { introducedBy: [], introducedToMe: [] };
    case 'connectionsOf':
      return linksOf(doc, query.personId).flatMap((link) => {
        const other = getPerson(doc, otherEnd(link, query.personId));
        return other && !other.deletedAt ? [{ link, other }] : [];
      });
    case 'palette': {
      // The command palette's own ranking over every person's two commands, as it ran in the window.
      const patterns = wordPatterns(query.query);
      return (['open', 'log'] as const)
        .flatMap((kind) => listPeople(doc).map((person) => ({ person, kind, score: rankText(personCommandText(person, kind).label, personCommandText(person, kind).keywords, patterns) })))
        .filter((match) => match.score >= 0)
        .sort((a, b) => a.score - b.score)
        .slice(0, query.limit);
    }
  }
}

/** The readers' should-meet answer in suggestIntroductions' shape (it adds both people, read). */
function comparable(query: Query, answer: unknown): unknown {
  if (query.kind !== 'shouldMeet') return answer;
  return (answer as Results['shouldMeet']).map(({ first: _first, second: _second, ...pair }) => pair);
}

/**
 * What the race through the worker's order asks: any query but those scored
 * by the search index. Its scores depend on the index's history (the
 * README's pitfall), and there the readers build it at the warm-up, on a
 * replica that may lag the window's own index by a few edits; the straight
 * race compares those kinds.
 */
const SCORED: ReadonlySet<QueryKind> = new Set(['search', 'passItOn', 'givingBack']);

function network(seed: number, people: number): Y.Doc {
  return generateNetwork({ seed, people, linksPerPerson: 2, notesPerPerson: 2 });
}

/** Queries made of words the network uses: names, organisations, note words, typos, prefixes. */
function randomQuery(rng: Rng, doc: Y.Doc): Query {
  const people = listPeople(doc);
  const person = rng.pick(people);
  const noteWords = listNotes(doc).flatMap((note) => note.text.split(/\s+/)).filter((word) => word.length > 3);
  const word = () => rng.pick([...person.name.split(' '), person.org, ...person.interests, rng.pick(noteWords.length ? noteWords : ['kite'])]);
  const text = () => {
    const chosen = word() || 'data';
    const cut = rng.chance(0.3) ? chosen.slice(0, Math.max(1, rng.between(1, chosen.length))) : chosen;
    return rng.chance(0.3) ? `${cut} ${word()}` : cut;
  };
  const filters: SearchFilters = rng.chance(0.2) ? { org: person.org } : rng.chance(0.1) ? { tier: person.tier } : {};
  const anyone = () => rng.pick(listPeople(doc, { includeDeleted: true })).id;
  switch (rng.int(18)) {
    case 17:
      return { kind: 'commonalityWith', personId: anyone() };
    case 16:
      return { kind: 'referralsOf', personId: anyone() };
    case 15:
      return { kind: 'connectionsOf', personId: anyone() };
    case 14:
      return { kind: 'exchangesWith', personId: rng.pick(listPeople(doc, { includeDeleted: true })).id };
    case 13:
      return { kind: 'askSuggestionsFor', personId: rng.pick(listPeople(doc, { includeDeleted: true })).id };
    case 12:
      return { kind: 'notesList', filter: rng.chance(0.2) ? '' : text() };
    case 11:
      return { kind: 'notesOf', personId: rng.pick(listPeople(doc, { includeDeleted: true })).id };
    case 10:
      return { kind: 'trashedNotes' };
    case 9:
      // Anyone ever in the network: in the Trash, or purged, they have no status.
      return { kind: 'helloStatus', personId: rng.pick(listPeople(doc, { includeDeleted: true })).id, now: DEFAULT_NOW, timeZone: TIME_ZONE };
    case 8:
      return { kind: 'suggestions' };
    case 7:
      return { kind: 'passItOn', item: rng.chance(0.5) ? { title: `${text()} ${word()}` } : { title: word() || 'data', text: `${text()} and ${word()}` }, timeZone: TIME_ZONE, limit: 12 };
    case 6:
      return { kind: 'duplicateCount' };
    case 0:
      return { kind: 'search', query: text(), filters, limit: rng.pick([5, 20, 100]) };
    case 1:
      return { kind: 'palette', query: text(), limit: 12 };
    case 2:
      return { kind: 'duplicates' };
    case 3:
      return { kind: 'shouldMeet', limit: 12 };
    case 4:
      return { kind: 'communities' };
    default:
      return { kind: 'hellos', now: DEFAULT_NOW, timeZone: TIME_ZONE };
  }
}

/** The map's overview, or the people in a box around someone placed (the queries lane.ts takes first). */
function mapQuery(rng: Rng): Query {
  const by = rng.pick(['org', 'community'] as const);
  if (rng.chance(0.5)) return { kind: 'mapOverview', by, now: DEFAULT_NOW, timeZone: TIME_ZONE };
  const x = rng.between(-3000, 3000);
  const y = rng.between(-3000, 3000);
  return { kind: 'mapPeople', by, now: DEFAULT_NOW, timeZone: TIME_ZONE, box: { x1: x - 2000, y1: y - 2000, x2: x + 2000, y2: y + 2000 }, limit: 50 };
}

/** One edit a person makes in the window: people (often near-copies of others, to make duplicates), notes, links, the Trash. */
function randomEdit(rng: Rng, doc: Y.Doc, step: number): void {
  const live = listPeople(doc);
  const someone = rng.pick(live);
  const clock = () => new Date(Date.parse(DEFAULT_NOW) - rng.int(400) * 86_400_000);
  switch (rng.int(9)) {
    case 8:
      createAsk(doc, { contactId: someone.id, what: `looking for ${rng.pick(['zeppelins', 'a tango teacher', 'tax law advice', someone.interests[0] ?? 'sourdough'])}` }, LOCAL_UI);
      if (step % 2) logHelp(doc, { contactId: someone.id, direction: step % 4 === 1 ? 'received' : 'gave', text: `step ${step}: read my draft` }, LOCAL_UI);
      return;
    case 0: {
      // A near-copy: the same name, a typo, an initial, or the words swapped; sometimes their email.
      const words = someone.name.split(' ');
      const name = rng.pick([
        someone.name,
        someone.name.replace(/[aeiou]/, ''),
        [`${words[0]![0]}.`, ...words.slice(1)].join(' '),
        [...words].reverse().join(' '),
      ]);
      createPerson(
        doc,
        { name: name || 'X', org: rng.chance(0.7) ? someone.org : '', emails: rng.chance(0.3) ? someone.emails : [] },
        LOCAL_UI,
        clock,
      );
      return;
    }
    case 1:
      updatePerson(doc, someone.id, 'org', rng.pick(live).org, LOCAL_UI);
      return;
    case 2:
      updatePerson(doc, someone.id, 'interests', [...someone.interests, rng.pick(['kitesurfing', 'tango', 'go', 'rust'])], LOCAL_UI);
      return;
    case 3:
      if (live.length > 10) deletePerson(doc, someone.id, LOCAL_UI);
      return;
    case 4: {
      const trashed = listPeople(doc, { includeDeleted: true }).filter((person) => person.deletedAt);
      if (trashed.length) restorePerson(doc, rng.pick(trashed).id, LOCAL_UI);
      return;
    }
    case 5: {
      const other = rng.pick(live);
      createNote(
        doc,
        {
          contactIds: [...new Set([someone.id, other.id])],
          kind: 'call',
          at: clock().toISOString(),
          // Every other one holds an ask for the person's page to read (ask-suggestions.ts).
          text: `Step ${step}: ${step % 2 ? 'they are looking for help with' : 'talked about'} ${rng.pick(['zeppelins', 'kitesurfing', 'tax law', 'sourdough'])}`,
        },
        LOCAL_UI,
      );
      return;
    }
    case 6: {
      const other = rng.pick(live);
      if (other.id !== someone.id && !findLinkBetween(doc, someone.id, other.id)) createLink(doc, { from: someone.id, to: other.id }, LOCAL_UI);
      return;
    }
    default: {
      const notes = listNotes(doc);
      if (notes.length) deleteNote(doc, rng.pick(notes).id, LOCAL_UI);
    }
  }
}

describe('the readers', () => {
  it('answer what the direct functions answer on a seeded network', () => {
    const doc = network(41, 300);
    const firstOf = (person: { name: string }) => person.name.split(' ')[0]!;
    const ada = listPeople(doc)[0]!;
    const grace = listPeople(doc).find((person) => firstOf(person) !== firstOf(ada))!;
    createNote(doc, { contactIds: [ada.id, grace.id], kind: 'call', text: `${firstOf(ada)} is looking for a designer. ${firstOf(grace)} wants intros to climate investors.` }, LOCAL_UI);
    logHelp(doc, { contactId: ada.id, direction: 'received', text: 'reviewed my deck' }, LOCAL_UI);
    updatePerson(doc, grace.id, 'introducedBy', ada.id, LOCAL_UI);
    const harness = new Harness(doc);
    harness.start();
    harness.flush();
    const rng = new Rng(41);
    const queries: Query[] = [
      { kind: 'duplicates' },
      { kind: 'shouldMeet', limit: 12 },
      { kind: 'communities' },
      { kind: 'hellos', now: DEFAULT_NOW, timeZone: TIME_ZONE },
      { kind: 'givingBack', now: DEFAULT_NOW, limit: 8 },
      { kind: 'suggestions' },
      { kind: 'notesList', filter: '' },
      { kind: 'notesList', filter: listPeople(doc)[3]!.name.split(' ')[0]! },
      { kind: 'notesOf', personId: listNotes(doc)[0]!.contactIds[0]! },
      { kind: 'trashedNotes' },
      { kind: 'helloStatus', personId: listPeople(doc)[7]!.id, now: DEFAULT_NOW, timeZone: TIME_ZONE },
      { kind: 'helloStatus', personId: 'person:nobody', now: DEFAULT_NOW, timeZone: TIME_ZONE },
      { kind: 'search', query: '', filters: {}, limit: 20 },
      { kind: 'exchangesWith', personId: ada.id },
      { kind: 'exchangesWith', personId: 'person:nobody' },
      { kind: 'askSuggestionsFor', personId: ada.id },
      { kind: 'askSuggestionsFor', personId: grace.id },
      { kind: 'commonalityWith', personId: ada.id },
      { kind: 'referralsOf', personId: ada.id },
      { kind: 'connectionsOf', personId: ada.id },
      { kind: 'connectionsOf', personId: 'person:nobody' },
      ...Array.from({ length: 24 }, () => randomQuery(rng, doc)).filter((query) => query.kind === 'search' || query.kind === 'palette' || query.kind === 'passItOn'),
    ];
    for (const query of queries) expect(comparable(query, harness.query(query)), query.kind).toEqual(direct(doc, query));
    expect(harness.query({ kind: 'search', query: listPeople(doc)[0]!.name, filters: {}, limit: 5 }).length).toBeGreaterThan(0);
    const interest = listPeople(doc).find((person) => person.interests.length)!.interests[0]!;
    expect(harness.query({ kind: 'passItOn', item: { title: interest }, timeZone: TIME_ZONE, limit: 12 }).length).toBeGreaterThan(0);
    expect(harness.query({ kind: 'notesList', filter: '' }).ids.length).toBe(listNotes(doc).length);
    expect(harness.query({ kind: 'notesOf', personId: listNotes(doc)[0]!.contactIds[0]! }).length).toBeGreaterThan(0);
    expect(harness.query({ kind: 'exchangesWith', personId: ada.id }).map((exchange) => exchange.text)).toContain('reviewed my deck');
    expect(harness.query({ kind: 'connectionsOf', personId: ada.id }).length).toBeGreaterThan(0);
    expect(harness.query({ kind: 'commonalityWith', personId: ada.id }).length).toBeGreaterThan(0);
    expect(harness.query({ kind: 'referralsOf', personId: ada.id }).introducedToMe.map((person) => person.id)).toContain(grace.id);
    expect(harness.query({ kind: 'askSuggestionsFor', personId: grace.id }).map((suggestion) => suggestion.what)).toContain('wanting intros to climate investors');
  });

  it('find the duplicates findDuplicates finds as people are added, changed, trashed and restored', () => {
    const doc = network(5, 200);
    const harness = new Harness(doc);
    harness.start();
    harness.flush();
    const rng = new Rng(5);
    for (let step = 0; step < 60; step++) {
      randomEdit(rng, doc, step);
      if (step % 5 === 0) expect(harness.query({ kind: 'duplicates' }), `step ${step}`).toEqual(findDuplicates(doc));
    }
    // The edits made near-copies: there is something to find.
    expect(findDuplicates(doc).length).toBeGreaterThan(0);
    expect(harness.query({ kind: 'duplicates' })).toEqual(findDuplicates(doc));
  });

  it('start from a stored copy and take only the rest from the window', () => {
    const doc = network(9, 150);
    const stored = Y.encodeStateAsUpdate(doc);
    createPerson(doc, { name: 'Made After The Copy', org: 'Helix' }, LOCAL_UI);
    const harness = new Harness(doc);
    harness.readers.load([stored]);
    harness.start();
    harness.deliverToReaders(); // the readers' step1 has not reached the window yet: nothing but the window's step1
    harness.deliverToWindow(); // the readers' step1 and step2 reach the window
    const step2 = harness.toReaders.find((message) => message.type === 'sync');
    expect(step2 && step2.type === 'sync' ? step2.message.length : Infinity).toBeLessThan(stored.length / 20);
    harness.flush();
    expect(harness.query({ kind: 'search', query: 'made after', filters: {}, limit: 5 }).map((hit) => hit.person.name)).toEqual(['Made After The Copy']);
  });

  it('answer a search between two steps of the warm-up as they answer it afterwards', () => {
    const doc = network(5, 120);
    const harness = new Harness(doc);
    harness.start();
    harness.flush();
    const query: Query<'search'> = { kind: 'search', query: 'ma', filters: {}, limit: 10 };
    const [search, ...rest] = harness.readers.warmSteps();
    search!();
    const early = harness.query(query);
    for (const step of rest) step();
    expect(early).toEqual(harness.query(query));
    expect(early).toEqual(direct(doc, query));
    expect(early.length).toBeGreaterThan(0);
  });

  it('answer a query asked early from the stored copy once it is in, and hold the others until the window has synced', () => {
    const stored = network(12, 80);
    const answers: FromReaders[] = [];
    const readers = new Readers((message) => answers.push(structuredClone(message)));
    const lane = new ReadersLane(readers, (run) => run());
    const query: Query<'search'> = { kind: 'search', query: 'ma', filters: {}, limit: 10 };
    lane.receive({ type: 'query', id: 1, query, early: true });
    lane.receive({ type: 'query', id: 2, query });
    // The stored copy is not in yet: nothing to answer from.
    expect(answers.filter((message) => message.type === 'answer')).toHaveLength(0);
    readers.load([Y.encodeStateAsUpdate(stored)]);
    const answered = answers.filter((message) => message.type === 'answer');
    expect(answered.map((message) => message.id)).toEqual([1]);
    const first = answered[0]!;
    expect(first.type === 'answer' ? first.result : null).toEqual(direct(stored, query));
    expect(direct(stored, query)).not.toEqual([]);
    // Asked early after the copy is in: at once; the one not asked early still waits for the window's step2.
    lane.receive({ type: 'query', id: 3, query: { kind: 'duplicateCount' }, early: true });
    expect(answers.filter((message) => message.type === 'answer').map((message) => message.id)).toEqual([1, 3]);
  });

  it('hold a query that arrives before the window has synced until it has', () => {
    const doc = network(3, 50);
    const harness = new Harness(doc);
    const id = harness.ask({ kind: 'duplicates' });
    harness.deliverToReaders();
    expect(harness.toWindow.filter((message) => message.type === 'answer')).toHaveLength(0);
    harness.start();
    harness.flush();
    expect(harness.answers.get(id)).toEqual(findDuplicates(doc));
  });

  // Straight to the readers, and through the worker's order (lane.ts: the map's queries first, one step per task).
  for (const [seed, lane] of [...SEEDS.map((seed) => [seed, false] as const), ...SEEDS.slice(0, 3).map((seed) => [seed, true] as const)]) {
    it(`keep up with edits racing queries (seed ${seed}${lane ? ', in the worker’s order' : ''})`, () => {
      const rng = new Rng(seed);
      const doc = network(seed, 120);
      const harness = new Harness(doc, { lane });
      const expected = new Map<number, { query: Query; answer: unknown; step: number }>();
      let step = 0;
      const windowSearch = new PeopleSearch(doc);
      // What the window would have computed the moment it posted the query, before any later edit.
      harness.onPost = (message) => {
        if (message.type === 'query') expected.set(message.id, { query: message.query, answer: direct(doc, message.query, windowSearch), step });
      };
      let started = false;
      try {
        for (; step < 80; step++) {
          const action = rng.int(10);
          if (!started && (action === 0 || step === 10)) {
            harness.start();
            started = true;
          }
          if (action < 4) randomEdit(rng, doc, step);
          else if (action < 6) {
            let query = lane && rng.chance(0.3) ? mapQuery(rng) : randomQuery(rng, doc);
            while (lane && SCORED.has(query.kind)) query = randomQuery(rng, doc);
            harness.ask(query);
          }
          else if (action < 8) harness.deliverToReaders(rng.between(1, 4));
          else if (lane && action === 8) harness.runTasks(rng.between(1, 3));
          else harness.deliverToWindow(rng.between(1, 4));
        }
        if (!started) harness.start();
        harness.flush();
        expect(harness.answers.size).toBe(expected.size);
        expect(expected.size).toBeGreaterThan(5);
        for (const [id, { query, answer, step }] of expected) {
          expect(comparable(query, harness.answers.get(id)), `${query.kind} asked at step ${step}`).toEqual(answer);
        }
      } catch (error) {
        const replay = `KITH_READERS_SEED=${seed} npx vitest run shared/readers/readers.test.ts${lane ? ' -t "worker’s order"' : ''}`;
        throw new Error(`seed ${seed} failed (replay: ${replay}): ${(error as Error).message}`, { cause: error });
      }
    });
  }
});

describe('the worker’s order (lane.ts)', () => {
  it('answers the map before the queries asked ahead of it, each on the document it was asked on, and warms up between queries', () => {
    const doc = network(12, 150);
    const harness = new Harness(doc, { lane: true });
    harness.start();
    harness.flush();
    const answered = () => harness.toWindow.flatMap((message) => (message.type === 'answer' ? [message.id] : []));
    const duplicates = findDuplicates(doc);
    const first = harness.ask({ kind: 'duplicates' });
    const second = harness.ask({ kind: 'shouldMeet', limit: 5 });
    const map = harness.ask({ kind: 'mapOverview', by: 'org', now: DEFAULT_NOW, timeZone: TIME_ZONE });
    harness.deliverToReaders();
    expect(harness.lane!.waiting).toBe(3);
    harness.runTasks(1);
    expect(answered()).toEqual([map]);
    // An edit after the three: the two still waiting are answered before it reaches the replica.
    const someone = listPeople(doc)[0]!;
    createPerson(doc, { name: someone.name, org: someone.org, emails: someone.emails }, LOCAL_UI);
    harness.deliverToReaders();
    expect(answered()).toEqual([map, first, second]);
    harness.deliverToWindow();
    expect(harness.answers.get(first)).toEqual(duplicates);
    expect(harness.query({ kind: 'duplicates' })).toEqual(findDuplicates(doc));
    expect(findDuplicates(doc).length).toBeGreaterThan(duplicates.length);
    // No step is left: the warm-up ran too, one view per task.
    expect(harness.tasks).toHaveLength(0);
  });
});

describe('the map of a large network', () => {
  it('answers the grouped map as the direct functions do, by organisation and by circle, and follows a drag, a new person and a new link', () => {
    const doc = network(11, 120);
    const harness = new Harness(doc);
    harness.start();
    harness.flush();
    // Before any drag, everyone of the largest group is in its disc.
    const check = (by: 'org' | 'community', wholeGroup = false) => {
      const overview = { kind: 'mapOverview', by, now: DEFAULT_NOW, timeZone: TIME_ZONE } as const;
      const answer = harness.query(overview);
      expect(answer).toEqual(direct(doc, overview));
      const largest = answer.groups[0]!;
      const box = { x1: largest.x - largest.radius, y1: largest.y - largest.radius, x2: largest.x + largest.radius, y2: largest.y + largest.radius };
      const people = { kind: 'mapPeople', by, now: DEFAULT_NOW, timeZone: TIME_ZONE, box, limit: 40 } as const;
      const drawn = harness.query(people);
      expect(drawn).toEqual(direct(doc, people));
      if (wholeGroup) expect(drawn.nodes).toHaveLength(Math.min(40, largest.members));
      return drawn;
    };
    const before = check('org', true);
    check('community', true);
    const moved = before.nodes[0]!.id;
    setPosition(doc, moved, { x: -50_000, y: -50_000 }, LOCAL_UI);
    expect(check('org').nodes.map((node) => node.id)).not.toContain(moved);
    const [a, b] = listPeople(doc);
    createPerson(doc, { name: 'Zed Newcomer', org: a!.org }, LOCAL_UI);
    if (!findLinkBetween(doc, a!.id, b!.id)) createLink(doc, { from: a!.id, to: b!.id }, LOCAL_UI);
    check('org');
    check('community');
  });
});
