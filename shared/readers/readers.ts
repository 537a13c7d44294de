/**
 * The readers: a replica of the window's document and the views derived
 * from it that are too slow for the window's UI thread at 30,000 people —
 * the people search, duplicates, who should meet, communities, the hello
 * queue and a person's hello status, the palette's people, Pass it on's
 * ranking, the forms' field suggestions, and a person's page: give and
 * receive, the asks read in their notes, what you share, referrals and
 * connections. Pure: the Worker glue
 * (renderer/src/doc/readers.worker.ts) hands it messages and posts what it
 * says; tests drive it directly. The message flow is in messages.ts.
 *
 * Kept as the document changes (Yjs transactions mark what changed, the
 * next query re-reads only that): the search index (one person re-indexed
 * per changed person or note, search/corpus.ts), the duplicate buckets
 * (duplicate-index.ts) and the notes (notes-index.ts: the Notes list, a
 * person's timeline, the Trash's notes). Computed again when asked after a
 * change of the roots they read, and cached until the next one: should-meet,
 * communities, the hello queue, a person's hello status, the palette's
 * people, Pass it on's ranking, the field suggestions, the person page's
 * panels.
 */
import * as Y from 'yjs';
import { SyncHandshake } from '../sync/doc-sync';
import { PeopleSearch } from '../search/people-search';
import { PalettePeople } from '../search/palette';
import { suggestIntroductions } from '../analytics/should-meet';
import { communities } from '../analytics/graph-communities';
import { helloQueue, helloStatus } from '../analytics/follow-through';
import { exchangesWith, helpedYouLately, tiesNotGivenTo } from '../analytics/give-and-receive';
import { askSuggestionsFor } from '../analytics/ask-suggestions';
import { whoWouldCare } from '../analytics/pass-it-on';
import { getPerson, isLivePerson, listPeople } from '../doc/people';
import { linksOf, otherEnd } from '../doc/links';
import { findCommonality, type Commonality } from '../analytics/commonality';
import { referralsOf, type Referrals } from '../analytics/referrals';
import { collectSuggestions } from '../doc/suggestions';
import { root, type RootName } from '../doc/schema';
import { DuplicateIndex } from './duplicate-index';
import { NotesIndex, namesById } from './notes-index';
import { groupedMap, mapPeople, placesOf, type GroupedMap } from './map-model';
import { ME_NODE } from '../doc/layout';
import type { Position } from '../analytics/map-groups';
import type { Connection, FromReaders, GivingBackLists, Query, QueryKind, Results, ShouldMeetPair, ToReaders } from './messages';

/** The origin of what the readers apply from this profile's stored copy. */
export const STORED_COPY = Symbol.for('kith.origin.readers-stored-copy');

/** The roots each recomputed view reads: a change elsewhere keeps its cached answer. */
type Recomputed = 'palette' | 'shouldMeet' | 'communities' | 'hellos' | 'helloStatus' | 'givingBack' | 'passItOn' | 'suggestions' | 'noteNames' | 'map' | 'mapPlaces';
/** A person's page: give and receive, and the asks read in their notes. */
type PersonPageRecomputed = 'exchangesWith' | 'askSuggestionsFor' | 'commonalityWith' | 'referralsOf' | 'connectionsOf';
const READS: Record<Recomputed | PersonPageRecomputed, readonly RootName[]> = {
  palette: ['contacts'],
  shouldMeet: ['contacts', 'links'],
  communities: ['contacts', 'links'],
  hellos: ['contacts', 'notes', 'requests'],
  helloStatus: ['contacts', 'notes', 'requests'],
  givingBack: ['contacts', 'notes', 'links', 'asks'],
  passItOn: ['contacts', 'notes', 'asks', 'aliases'],
  suggestions: ['contacts'],
  noteNames: ['contacts'],
  // What networkElements and the hello queue read; places are apart, as every drag changes them.
  map: ['contacts', 'links', 'me', 'notes', 'requests'],
  mapPlaces: ['contacts', 'links', 'me', 'notes', 'requests', 'layout'],
  exchangesWith: ['contacts', 'notes', 'links', 'asks'],
  askSuggestionsFor: ['contacts', 'notes', 'asks'],
  commonalityWith: ['me', 'contacts', 'links', 'aliases'],
  referralsOf: ['contacts'],
  connectionsOf: ['contacts', 'links'],
};

type Watched = Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>;

export class Readers {
  readonly doc = new Y.Doc();
  private readonly link: SyncHandshake;
  private readonly waiting: { id: number; query: Query; early: boolean }[] = [];
  /** This profile's stored copy is in (load): early queries can be answered from it. */
  private storedIn = false;
  private search: PeopleSearch | null = null;
  private duplicates: DuplicateIndex | null = null;
  private notes: NotesIndex | null = null;
  private readonly versions = new Map<RootName, number>();
  private readonly watched: [RootName, Watched][];
  private readonly cached = new Map<string, { key: string; value: unknown }>();

  constructor(private readonly post: (message: FromReaders, transfer?: ArrayBuffer[]) => void) {
    // Each sync message is encoded afresh, so its buffer can be handed over rather than copied.
    this.link = new SyncHandshake(this.doc, {
      origin: this,
      send: (message) => post({ type: 'sync', message }, [message.buffer as ArrayBuffer]),
    });
    const names = [...new Set(Object.values(READS).flat())];
    this.watched = names.map((name) => [name, root(this.doc, name) as unknown as Watched]);
    this.doc.on('afterTransaction', this.count);
  }

  /** True once the window's step2 is applied: from then on answers follow the window's document. */
  get synced(): boolean {
    return this.link.receivedStep2;
  }

  /**
   * What this profile's stored copy holds, applied before the handshake, so
   * that the window's step2 carries only what it lacks (encoding a whole
   * 67 MB document would hold the window's UI thread for seconds).
   */
  load(updates: readonly Uint8Array[]): void {
    Y.transact(this.doc, () => updates.forEach((update) => Y.applyUpdate(this.doc, update)), STORED_COPY);
    this.storedIn = true;
    const early = this.waiting.filter((asked) => asked.early);
    this.waiting.splice(0, this.waiting.length, ...this.waiting.filter((asked) => !asked.early));
    for (const { id, query } of early) this.reply(id, query);
  }

  /** A query can be answered now: after the window's step2, or, asked early, once the stored copy is in (messages.ts). */
  canAnswer(message: { early?: boolean }): boolean {
    return this.synced || (message.early === true && this.storedIn);
  }

  /** Opens the handshake: tells the window what this replica has. */
  begin(): void {
    this.link.begin();
  }

  receive(message: ToReaders): void {
    if (message.type === 'sync') {
      // The window's own messages: one that does not decode is a bug there, and is refused whole.
      this.link.receive(message.message);
      if (this.synced) this.answerWaiting();
    } else if (message.type === 'query') {
      if (this.canAnswer(message)) this.reply(message.id, message.query);
      else this.waiting.push({ id: message.id, query: message.query, early: message.early === true });
    }
  }

  /** Builds the kept views now (after the first sync, before anyone asks), so a first search does not wait for the index. */
  warm(): void {
    for (const step of this.warmSteps()) step();
  }

  /** The warm-up one view at a time, so a query can be answered between two of them (lane.ts). */
  warmSteps(): (() => void)[] {
    return [() => void this.peopleSearch().search(''), () => void this.duplicateIndex().list(), () => void this.notesIndex().list()];
  }

  answer<K extends QueryKind>(query: Query<K>): Results[K] {
    return this.compute(query as Query) as Results[K];
  }

  private compute(query: Query): Results[QueryKind] {
    switch (query.kind) {
      case 'search':
        return this.peopleSearch().search(query.query, query.filters, query.limit);
      case 'duplicates':
        return this.duplicateIndex().list();
      case 'duplicateCount':
        return this.duplicateIndex().list().length;
      case 'palette':
        return this.recomputed('palette', '', () => new PalettePeople(listPeople(this.doc))).best(query.query, query.limit);
      case 'shouldMeet':
        return this.recomputed('shouldMeet', String(query.limit), () => shouldMeet(this.doc, query.limit));
      case 'communities':
        return this.recomputed('communities', '', () => communities(this.doc));
      case 'hellos':
        return this.recomputed('hellos', `${query.now} ${query.timeZone}`, () => helloQueue(this.doc, new Date(query.now), query.timeZone));
      case 'helloStatus':
        return this.recomputed('helloStatus', `${query.personId} ${query.now} ${query.timeZone}`, () =>
          helloStatus(this.doc, query.personId, new Date(query.now), query.timeZone),
        );
      case 'givingBack':
        return this.recomputed('givingBack', `${query.now} ${query.limit}`, () => givingBack(this.doc, new Date(query.now), query.limit, this.peopleSearch()));
      case 'notesList': {
        const found = this.notesIndex().find(query.filter, this.recomputed('noteNames', '', () => namesById(this.doc)));
        return { ids: found.map((note) => note.id), total: this.notesIndex().list().length };
      }
      case 'notesOf':
        return this.notesIndex().of(query.personId);
      case 'trashedNotes':
        return this.notesIndex().trashed();
      case 'suggestions':
        return this.recomputed('suggestions', '', () => collectSuggestions(listPeople(this.doc)));
      case 'passItOn':
        return this.recomputed('passItOn', JSON.stringify([query.item, query.timeZone, query.limit]), () =>
          whoWouldCare(this.doc, this.peopleSearch(), query.item, { timeZone: query.timeZone, limit: query.limit }),
        );
      case 'mapOverview': {
        const { map, places } = this.groupedMap(query);
        return { ...map.overview, mePosition: places.get(ME_NODE)! };
      }
      case 'mapPeople': {
        const { map, places } = this.groupedMap(query);
        return mapPeople(map, places, query.box, query.limit);
      }
      case 'exchangesWith':
        return this.recomputed('exchangesWith', query.personId, () => exchangesWith(this.doc, query.personId));
      case 'askSuggestionsFor':
        return this.recomputed('askSuggestionsFor', query.personId, () => askSuggestionsFor(this.doc, query.personId));
      case 'commonalityWith':
        return this.recomputed('commonalityWith', query.personId, () => commonalityWith(this.doc, query.personId));
      case 'referralsOf':
        return this.recomputed('referralsOf', query.personId, () => liveReferrals(this.doc, query.personId));
      case 'connectionsOf':
        return this.recomputed('connectionsOf', query.personId, () => connectionsOf(this.doc, query.personId));
    }
  }

  private reply(id: number, query: Query): void {
    try {
      this.post({ type: 'answer', id, result: this.compute(query) });
    } catch (error) {
      this.post({ type: 'failed', id, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private answerWaiting(): void {
    for (const { id, query } of this.waiting.splice(0)) this.reply(id, query);
  }

  /** The grouped map and everyone's place on it, each cached until what it reads changes. */
  private groupedMap(query: { by: 'org' | 'community'; now: string; timeZone: string }): { map: GroupedMap; places: Map<string, Position> } {
    const key = `${query.by} ${query.now} ${query.timeZone}`;
    const circles = query.by === 'community' ? this.recomputed('communities', '', () => communities(this.doc)).communityOf : undefined;
    const map = this.recomputed('map', key, () => groupedMap(this.doc, query.by, new Date(query.now), query.timeZone, circles));
    const places = this.recomputed('mapPlaces', key, () => placesOf(map, this.doc));
    return { map, places };
  }

  private peopleSearch(): PeopleSearch {
    return (this.search ??= new PeopleSearch(this.doc));
  }

  private duplicateIndex(): DuplicateIndex {
    return (this.duplicates ??= new DuplicateIndex(this.doc));
  }

  private notesIndex(): NotesIndex {
    return (this.notes ??= new NotesIndex(this.doc));
  }

  /** The cached value while none of the roots `kind` reads changed (and `key` is the same), else a fresh one. */
  private recomputed<T>(kind: keyof typeof READS, key: string, make: () => T): T {
    const full = `${READS[kind].map((name) => this.versions.get(name) ?? 0).join(',')} ${key}`;
    const hit = this.cached.get(kind);
    if (hit?.key === full) return hit.value as T;
    const value = make();
    this.cached.set(kind, { key: full, value });
    return value;
  }

  private readonly count = (transaction: Y.Transaction): void => {
    for (const [name, type] of this.watched) {
      if (transaction.changedParentTypes.has(type) || transaction.changed.has(type)) this.versions.set(name, (this.versions.get(name) ?? 0) + 1);
    }
  };
}

/** Insights' two giving-back lists, each with something to pass on for the first `limit` (suggestions search the network). */
export function givingBack(doc: Y.Doc, now: Date, limit: number, search: PeopleSearch): GivingBackLists {
  return { helped: helpedYouLately(doc, now, { search, limit }), ties: tiesNotGivenTo(doc, now, { search, limit }) };
}

/** People who should meet, with both people read, as Insights shows them. */
export function shouldMeet(doc: Y.Doc, limit: number): ShouldMeetPair[] {
  return suggestIntroductions(doc, { limit }).flatMap((pair) => {
    const first = getPerson(doc, pair.a);
    const second = getPerson(doc, pair.b);
    return first && second ? [{ ...pair, first, second }] : [];
  });
}

/** What the user shares with a person, as their page shows it: nothing for someone not live. */
export function commonalityWith(doc: Y.Doc, personId: string): Commonality[] {
  return isLivePerson(doc, personId) ? findCommonality(doc, personId) : [];
}

/** A person's referrals, as their page shows them: none for someone not live. */
export function liveReferrals(doc: Y.Doc, personId: string): Referrals {
  return isLivePerson(doc, personId) ? referralsOf(doc, personId) : { introducedBy: [], introducedToMe: [] };
}

/** A person's links to live people, strongest first, each with the person at the other end. */
export function connectionsOf(doc: Y.Doc, personId: string): Connection[] {
  return linksOf(doc, personId).flatMap((link) => {
    const other = getPerson(doc, otherEnd(link, personId));
    return other && !other.deletedAt ? [{ link, other }] : [];
  });
}
