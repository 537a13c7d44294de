/**
 * What the window asks the readers and what they answer.
 *
 *   window ── load(docName) ──────────────────────► readers   (once, first)
 *   window ◄─► sync(step1 / step2 / update) ◄─────► readers   doc-sync.ts's messages
 *   window ── query(id, query) ───────────────────► readers
 *   window ◄── answer(id, result) | failed(id, why) ─ readers
 *
 * Both directions are ordered (a Worker's port is), and the window sends
 * every change of its document before any later query. So an answer is
 * computed on exactly the document the window had when it asked; a query
 * that arrives before the window's step2 waits for it.
 */
import type { SearchFilters, SearchResult } from '../search/people-search';
import type { DuplicatePair } from '../doc/duplicates';
import type { Introduction } from '../analytics/should-meet';
import type { HelloItem, HelloStatus } from '../analytics/follow-through';
import type { Person } from '../doc/people';
import type { PaletteMatch } from '../search/palette';
import type { Exchange, GentleItem } from '../analytics/give-and-receive';
import type { NoteAskSuggestion } from '../analytics/ask-suggestions';
import type { Commonality } from '../analytics/commonality';
import type { Referrals } from '../analytics/referrals';
import type { Link } from '../doc/links';
import type { Candidate, PassItem } from '../analytics/pass-it-on';
import type { Suggestions } from '../doc/suggestions';
import type { Note } from '../doc/notes';
import type { LegendEntry, MapEdge, MapNode } from '../analytics/graph';
import type { GroupBy, GroupLink, MapGroup, Position, ViewBox } from '../analytics/map-groups';

export interface Queries {
  /** The expert locator (PeopleSearch.search). */
  search: { query: string; filters: SearchFilters; limit: number };
  /** People for the command palette: every typed word starts a word of their name, organisation or role. */
  palette: { query: string; limit: number };
  duplicates: Record<never, never>;
  /** How many pairs `duplicates` would list (the People header's button), without sending them. */
  duplicateCount: Record<never, never>;
  shouldMeet: { limit: number };
  communities: Record<never, never>;
  /** The hello queue as of `now` (ISO) in `timeZone`. */
  hellos: { now: string; timeZone: string };
  /** One person's keep-in-touch status as of `now` (ISO) in `timeZone`, for their page (it reads every note for the last contact). */
  helloStatus: { personId: string; now: string; timeZone: string };
  /** Insights' giving back as of `now` (ISO): who helped lately and close ties not given to, the first `limit` of each. */
  givingBack: { now: string; limit: number };
  /** Pass it on: the first `limit` people who would care about `item`, best first, with why (days in `timeZone`). */
  passItOn: { item: PassItem; timeZone: string; limit: number };
  /** The values live people's fields already hold, most used first: what the forms offer as one types. */
  suggestions: Record<never, never>;
  /** The Notes list: the ids of the live notes "Find in notes" shows for `filter`, newest first (the window reads the rows it draws). */
  notesList: { filter: string };
  /** A person's timeline: the live notes that name them (there, or @-mentioned), newest first. */
  notesOf: { personId: string };
  /** The notes in the Trash, most recently removed first. */
  trashedNotes: Record<never, never>;
  /** A large network's map zoomed out (map-groups.ts): its groups by organisation or circle, as of `now` (ISO) in `timeZone`. */
  mapOverview: { by: GroupBy; now: string; timeZone: string };
  /** The people placed in `box` on that map (at most `limit`), and the links among them. */
  mapPeople: { by: GroupBy; now: string; timeZone: string; box: ViewBox; limit: number };
  /** A person's give and receive, newest first (exchangesWith: it reads every note, link and ask). */
  exchangesWith: { personId: string };
  /** The asks read in the notes naming a person, still to keep or dismiss, newest note first (askSuggestionsFor: every note). */
  askSuggestionsFor: { personId: string };
  /** What the user shares with a person (findCommonality: their links for mutual contacts); [] for one not live. */
  commonalityWith: { personId: string };
  /** Who introduced a person and whom they introduced (referralsOf: every person); none for one not live. */
  referralsOf: { personId: string };
  /** A person's live links to live people, strongest first, with the person at the other end (linksOf: every link). */
  connectionsOf: { personId: string };
}

export interface Connection {
  link: Link;
  other: Person;
}

export interface NotesList {
  ids: string[];
  /** Live notes in all, whatever the filter. */
  total: number;
}

export interface MapOverview {
  /** People in the network (me not counted). */
  people: number;
  me: MapNode;
  mePosition: Position;
  groups: MapGroup[];
  /** The links worth drawing between groups (each group's strongest). */
  links: GroupLink[];
  /** orgLegend of everyone: the colours are the same as on a small network's map. */
  legend: LegendEntry[];
  /** The filters' choices. */
  orgs: string[];
  tags: string[];
}

export interface MapPeople {
  /** The groups these people belong to: drawn as their people, not as one node. */
  groups: string[];
  nodes: MapNode[];
  edges: MapEdge[];
  positions: Map<string, Position>;
}

export interface GivingBackLists {
  helped: GentleItem[];
  ties: GentleItem[];
}

export interface ShouldMeetPair extends Introduction {
  first: Person;
  second: Person;
}

export interface Communities {
  communityOf: Map<string, number>;
  brokers: Set<string>;
}

export interface Results {
  search: SearchResult[];
  palette: PaletteMatch[];
  duplicates: DuplicatePair[];
  duplicateCount: number;
  shouldMeet: ShouldMeetPair[];
  communities: Communities;
  hellos: HelloItem[];
  helloStatus: HelloStatus | null;
  givingBack: GivingBackLists;
  passItOn: Candidate[];
  suggestions: Suggestions;
  notesList: NotesList;
  notesOf: Note[];
  trashedNotes: Note[];
  mapOverview: MapOverview;
  mapPeople: MapPeople;
  exchangesWith: Exchange[];
  askSuggestionsFor: NoteAskSuggestion[];
  commonalityWith: Commonality[];
  referralsOf: Referrals;
  connectionsOf: Connection[];
}

export type QueryKind = keyof Queries;
export type Query<K extends QueryKind = QueryKind> = { [Kind in K]: { kind: Kind } & Queries[Kind] }[K];

export type ToReaders =
  | { type: 'load'; docName: string }
  | { type: 'sync'; message: Uint8Array }
  /**
   * `early`: asked before the window's own copy has loaded. The window then
   * holds nothing this profile's stored copy lacks (no host link, no edits
   * yet), so the readers may answer from the stored copy before the
   * handshake; the window asks again once its copy is in.
   */
  | { type: 'query'; id: number; query: Query; early?: boolean };

export type FromReaders =
  | { type: 'sync'; message: Uint8Array }
  | { type: 'answer'; id: number; result: Results[QueryKind] }
  | { type: 'failed'; id: number; error: string };
