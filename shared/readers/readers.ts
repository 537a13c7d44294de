/**
 * The readers: a replica of the window's document and the views derived
 * from it that are too slow for the window's UI thread at 30,000 people —
 * the people search, duplicates, who should meet, communities, the hello
 * queue and a person's hello status, the palette's people, Pass it on's
 * ranking, the forms' field suggestions. Pure: the Worker glue
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
 * people, Pass it on's ranking, the field suggestions.
 */
import * as Y from 'yjs';
import { SyncHandshake } from '../sync/doc-sync';
import { PeopleSearch } from '../search/people-search';
import { PalettePeople } from '../search/palette';
import { suggestIntroductions } from '../analytics/should-meet';
import { communities } from '../analytics/graph-communities';
import { helloQueue, helloStatus } from '../analytics/follow-through';
import { helpedYouLately, tiesNotGivenTo } from '../analytics/give-and-receive';
import { whoWouldCare } from '../analytics/pass-it-on';
import { getPerson, listPeople } from '../doc/people';
import { collectSuggestions } from '../doc/suggestions';
import { root, type RootName } from '../doc/schema';
import { DuplicateIndex } from './duplicate-index';
import { NotesIndex, namesById } from './notes-index';
import { groupedMap, mapPeople, placesOf, type GroupedMap } from './map-model';
import { ME_NODE } from '../doc/layout';
import type { Position } from '../analytics/map-groups';
import type { FromReaders, GivingBackLists, Query, QueryKind, Results, ShouldMeetPair, ToReaders } from './messages';

/** The origin of what the readers apply from this profile's stored copy. */
export const STORED_COPY = Symbol.for('kith.origin.readers-stored-copy');

/** The roots each recomputed view reads: a change elsewhere keeps its cached answer. */
const READS: Record<'palette' | 'shouldMeet' | 'communities' | 'hellos' | 'helloStatus' | 'givingBack' | 'passItOn' | 'suggestions' | 'noteNames' | 'map' | 'mapPlaces', readonly RootName[]> = {
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
};

type Watched = Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>;

export class Readers {
  readonly doc = new Y.Doc();
  private readonly link: SyncHandshake;
  private readonly waiting: { id: number; query: Query }[] = [];
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
      if (this.synced) this.reply(message.id, message.query);
      else this.waiting.push({ id: message.id, query: message.query });
    }
  }

  /** Builds the kept views now (after the first sync, before anyone asks), so a first search does not wait for the index. */
  warm(): void {
    for (const step of this.warmSteps()) step();
  }

  /** The warm-up in steps, the people search first, for a caller that runs one per task so that queries can come between. */
  warmSteps(): (() => void)[] {
    return [() => this.peopleSearch().search(''), () => this.duplicateIndex().list(), () => this.notesIndex().list()];
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
