/**
 * The network as a map draws it: one node per live person plus the user
 * (`ME_NODE`), one edge per live link between two live people. Plain data,
 * ready for cytoscape's `data` (the map's style reads `size`, `orgColor`,
 * `tier`, `initials`, `strength` and `kind`).
 *
 * Everything here is a pure function of the document, walked in id order,
 * so every replica draws the same map. Who is going quiet is the hello
 * queue's rule (follow-through.ts, `helloDueIds`); the caller passes its
 * answer in, so there is one rule.
 */
import * as Y from 'yjs';
import { root } from '../doc/schema';
import { readPerson, type Person, type Tier } from '../doc/people';
import { readLink, type Link, type LinkKind } from '../doc/links';
import { getMe } from '../doc/me';
import { ME_NODE } from '../doc/layout';
import { compareCodeUnits, foldText } from './normalize';

export interface MapNode {
  id: string;
  name: string;
  initials: string;
  org: string;
  tier: Tier | 'me';
  /** Diameter in pixels: the user largest, then by closeness. */
  size: number;
  orgColor: string;
  tags: string[];
  location: string;
  /** Due a hello by the hello queue's rule (the set the caller passes to `networkElements`). */
  dormant: boolean;
}

export interface MapEdge {
  /** The link's id, so a gesture on the edge maps to a link operation. */
  id: string;
  source: string;
  target: string;
  kind: LinkKind;
  /** The link's own label ('' when it has none). */
  label: string;
  /** 1–5. */
  strength: number;
}

export const NODE_SIZE: Readonly<Record<Tier | 'me', number>> = {
  me: 64,
  inner: 48,
  close: 40,
  regular: 32,
  acquaintance: 26,
};

/** How often to be in touch when a person has no cadence of their own. */
export const DEFAULT_CADENCE_DAYS: Readonly<Record<Tier, number>> = {
  inner: 14,
  close: 30,
  regular: 90,
  acquaintance: 180,
};

/**
 * Calm, mutually distinguishable colours (Tableau 10 without its grey, plus
 * two light tints); white initials stay readable on each.
 */
export const ORG_PALETTE = [
  '#4E79A7', '#F28E2B', '#59A14F', '#E15759', '#76B7B2', '#EDC948',
  '#B07AA1', '#FF9DA7', '#9C755F', '#A0CBE8', '#FFBE7D', '#D4A6C8',
] as const;
export const NO_ORG_COLOR = '#9AA0A6';
export const OTHER_ORGS_COLOR = '#C4C8CC';

/** Live people, in id order. */
export function livePeople(doc: Y.Doc): Person[] {
  const people: Person[] = [];
  root(doc, 'contacts').forEach((record, id) => {
    if (record instanceof Y.Map && !record.get('deletedAt')) people.push(readPerson(id, record));
  });
  return people.sort((a, b) => compareCodeUnits(a.id, b.id));
}

/** Live links whose two ends are distinct people in `alive`, in id order. */
export function liveLinks(doc: Y.Doc, alive: ReadonlySet<string>): Link[] {
  const links: Link[] = [];
  root(doc, 'links').forEach((record, id) => {
    if (!(record instanceof Y.Map) || record.get('deletedAt')) return;
    const link = readLink(id, record);
    if (link.from !== link.to && alive.has(link.from) && alive.has(link.to)) links.push(link);
  });
  return links.sort((a, b) => compareCodeUnits(a.id, b.id));
}

/** The first letters of the first and last words: "María José García" → "MG". */
export function initialsOf(name: string): string {
  const words = name.split(/\s+/).map((word) => word.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
  if (!words.length) return '?';
  const first = [...words[0]!][0]!;
  const last = words.length > 1 ? [...words[words.length - 1]!][0]! : '';
  return (first + last).toUpperCase();
}

/** FNV-1a: a hash that is the same in every JavaScript engine, so colours agree across devices. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A colour per organisation from its folded name, so "ACME", "Acme" and
 * "Açme" agree and a colour never shifts as people are added. With more
 * organisations than colours some share one; the legend says which.
 */
export function orgColor(org: string): string {
  const key = foldText(org);
  return key ? ORG_PALETTE[hash(key) % ORG_PALETTE.length]! : NO_ORG_COLOR;
}

/** Newest note time (ms) per person, over live notes; unparsable times are ignored. */
export function lastNoteTimes(doc: Y.Doc): Map<string, number> {
  const last = new Map<string, number>();
  root(doc, 'notes').forEach((record) => {
    if (!(record instanceof Y.Map) || record.get('deletedAt')) return;
    const at = Date.parse(String(record.get('at') ?? ''));
    const contactIds = record.get('contactIds');
    if (Number.isNaN(at) || !(contactIds instanceof Y.Array)) return;
    for (const id of contactIds.toArray()) {
      if (typeof id === 'string' && at > (last.get(id) ?? -Infinity)) last.set(id, at);
    }
  });
  return last;
}

/** How many days may pass between contacts with a person: their own cadence, or their tier's. */
export function cadenceOf(person: Pick<Person, 'cadenceDays' | 'tier'>): number {
  return person.cadenceDays ?? DEFAULT_CADENCE_DAYS[person.tier];
}

function meNode(doc: Y.Doc): MapNode {
  const me = getMe(doc);
  const name = me.name || 'Me';
  return {
    id: ME_NODE,
    name,
    initials: initialsOf(name),
    org: me.org,
    tier: 'me',
    size: NODE_SIZE.me,
    orgColor: orgColor(me.org),
    tags: me.tags,
    location: me.location,
    dormant: false,
  };
}

/**
 * The map's elements: the user first, then people and links in id order.
 * `dormant`: the people due a hello (`helloDueIds`), marked as going quiet.
 */
export function networkElements(doc: Y.Doc, options: { dormant?: ReadonlySet<string> } = {}): { nodes: MapNode[]; edges: MapEdge[] } {
  const people = livePeople(doc);
  const nodes = [meNode(doc)];
  for (const person of people) {
    nodes.push({
      id: person.id,
      name: person.name,
      initials: initialsOf(person.name),
      org: person.org,
      tier: person.tier,
      size: NODE_SIZE[person.tier],
      orgColor: orgColor(person.org),
      tags: person.tags,
      location: person.location,
      dormant: options.dormant?.has(person.id) ?? false,
    });
  }
  const alive = new Set(people.map((person) => person.id));
  const edges = liveLinks(doc, alive).map(({ id, from, to, kind, label, strength }) => ({
    id,
    source: from,
    target: to,
    kind,
    label,
    strength,
  }));
  return { nodes, edges };
}

export interface LegendEntry {
  /** The organisation as most people spell it; "Other" for the rest; '' for people with no organisation. */
  org: string;
  color: string;
  count: number;
}

export const LEGEND_SIZE = 12;

/** The most common spelling of one organisation, ties broken by code units. */
function usualSpelling(spellings: Map<string, number>): string {
  return [...spellings].sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]))[0]![0];
}

/**
 * The organisations on the map, largest first (the user's node is not
 * counted): the top LEGEND_SIZE, then "Other", then '' (no organisation).
 */
export function orgLegend(nodes: readonly MapNode[]): LegendEntry[] {
  const groups = new Map<string, Map<string, number>>();
  let withoutOrg = 0;
  for (const node of nodes) {
    if (node.tier === 'me') continue;
    const key = foldText(node.org);
    if (!key) {
      withoutOrg++;
      continue;
    }
    let spellings = groups.get(key);
    if (!spellings) groups.set(key, (spellings = new Map()));
    spellings.set(node.org, (spellings.get(node.org) ?? 0) + 1);
  }
  const ranked = [...groups.values()]
    .map((spellings) => {
      const org = usualSpelling(spellings);
      let count = 0;
      for (const n of spellings.values()) count += n;
      return { org, color: orgColor(org), count };
    })
    .sort((a, b) => b.count - a.count || compareCodeUnits(a.org, b.org));
  const legend = ranked.slice(0, LEGEND_SIZE);
  const others = ranked.slice(LEGEND_SIZE).reduce((sum, entry) => sum + entry.count, 0);
  if (others) legend.push({ org: 'Other', color: OTHER_ORGS_COLOR, count: others });
  if (withoutOrg) legend.push({ org: '', color: NO_ORG_COLOR, count: withoutOrg });
  return legend;
}
