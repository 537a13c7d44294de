/**
 * The map of a large network as groups (level of detail): zoomed out, each
 * circle (communities) or organisation is one node sized by its members,
 * with one edge per pair of groups weighted by the links between them;
 * zoomed in, the people of the groups in view. Pure, so the readers worker
 * computes it off the UI thread and tests run it alone.
 *
 * Where people are drawn at this size: their stored place if they have one
 * (dragged there, or a layout stored it), else a place inside their group's
 * disc — a sunflower, closest tiers in the middle. Groups are packed in rows,
 * largest first, under me. A force layout of 30,000 people would take minutes;
 * this takes milliseconds and keeps each group together.
 */
import { compareCodeUnits, foldText } from './normalize';
import type { MapEdge, MapNode } from './graph';

export type GroupBy = 'org' | 'community';

export interface Position {
  x: number;
  y: number;
}

export interface ViewBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface MapGroup {
  id: string;
  /** What the node says: the organisation, or the circle's most common organisation. */
  label: string;
  /** The organisation as spelt most often ('' for "No organisation" and for circles). */
  org: string;
  /** The circle's number (0 = the largest), for its colour; null for organisations. */
  community: number | null;
  members: number;
  x: number;
  y: number;
  /** The disc its people are placed in (model px). */
  radius: number;
}

export interface GroupLink {
  id: string;
  source: string;
  target: string;
  /** How many links join people of the two groups. */
  weight: number;
}

/** Networks above this many people are drawn as groups when zoomed out; smaller ones show everyone always. */
export const GROUPED_ABOVE = 2000;
/** From this zoom on, the people of the groups in view are drawn instead of their groups. */
export const PEOPLE_FROM_ZOOM = 0.5;
/** At most this many people are drawn at once (the nearest the middle of the view first). */
export const MAX_PEOPLE_DRAWN = 2500;
/** Each group keeps its links to this many other groups (its strongest): all pairs would be a hairball. */
export const LINKS_PER_GROUP = 6;
/** Circles smaller than this share one group ("Loosely linked"): people with no links are circles of one. */
export const MIN_CIRCLE = 3;
/** Room per person inside a group's disc (model px; people are 20–70 px across). */
export const MEMBER_SPACING = 40;
/** Space between two groups' discs in a row, and between rows (model px). */
export const GROUP_GAP = 120;
const ME_GAP = 200;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
const TIER_RANK: Record<string, number> = { inner: 0, close: 1, regular: 2, acquaintance: 3 };

export const NO_ORG_GROUP = 'group:org:';
export const LOOSE_GROUP = 'group:circle:loose';

export type Level = 'groups' | 'people';

/** Which level the map draws at `zoom`, for a network of `people`. */
export function levelAt(zoom: number, people: number): Level {
  return people > GROUPED_ABOVE && zoom < PEOPLE_FROM_ZOOM ? 'groups' : 'people';
}

export const isGroupId = (id: string) => id.startsWith('group:');

/** The disc a group of `members` people fills. */
export function groupRadius(members: number): number {
  return MEMBER_SPACING * Math.sqrt(Math.max(1, members)) + MEMBER_SPACING;
}

/** Each person's group id: their organisation (folded, so spellings agree), or their circle. */
export function groupIdsOf(nodes: readonly MapNode[], by: GroupBy, communityOf?: ReadonlyMap<string, number>): Map<string, string> {
  const ids = new Map<string, string>();
  const circleSizes = new Map<number, number>();
  if (by === 'community') for (const circle of communityOf?.values() ?? []) circleSizes.set(circle, (circleSizes.get(circle) ?? 0) + 1);
  for (const node of nodes) {
    if (node.tier === 'me') continue;
    if (by === 'org') ids.set(node.id, `group:org:${foldText(node.org)}`);
    else {
      const circle = communityOf?.get(node.id);
      ids.set(node.id, circle === undefined || (circleSizes.get(circle) ?? 0) < MIN_CIRCLE ? LOOSE_GROUP : `group:circle:${circle}`);
    }
  }
  return ids;
}

const mostCommon = (counts: Map<string, number>): string =>
  [...counts].sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]))[0]?.[0] ?? '';

/**
 * The groups of `nodes` (me excluded) by `groupOf`, with their members
 * (in drawing order: closest tiers first, then id) and every pair of groups
 * that links join, weighted by how many do. Positions are left at 0: see
 * `arrangeGroups`.
 */
export function groupNetwork(
  nodes: readonly MapNode[],
  edges: readonly MapEdge[],
  groupOf: ReadonlyMap<string, string>,
  by: GroupBy,
): { groups: MapGroup[]; members: Map<string, string[]>; links: GroupLink[] } {
  const members = new Map<string, MapNode[]>();
  for (const node of nodes) {
    const group = groupOf.get(node.id);
    if (!group) continue;
    const list = members.get(group);
    if (list) list.push(node);
    else members.set(group, [node]);
  }
  const groups: MapGroup[] = [];
  const ordered = new Map<string, string[]>();
  for (const [id, people] of members) {
    people.sort((a, b) => (TIER_RANK[a.tier] ?? 9) - (TIER_RANK[b.tier] ?? 9) || compareCodeUnits(a.id, b.id));
    ordered.set(id, people.map((person) => person.id));
    const spellings = new Map<string, number>();
    for (const person of people) if (person.org) spellings.set(person.org, (spellings.get(person.org) ?? 0) + 1);
    const org = mostCommon(spellings);
    const circle = id.startsWith('group:circle:') && id !== LOOSE_GROUP ? Number(id.slice('group:circle:'.length)) : null;
    const label =
      by === 'org'
        ? org || 'No organisation'
        : id === LOOSE_GROUP
          ? 'Loosely linked'
          : org
            ? `Circle ${circle! + 1} · ${org}`
            : `Circle ${circle! + 1}`;
    groups.push({ id, label, org: by === 'org' ? org : '', community: circle, members: people.length, x: 0, y: 0, radius: groupRadius(people.length) });
  }
  groups.sort((a, b) => b.members - a.members || compareCodeUnits(a.id, b.id));

  const weights = new Map<string, GroupLink>();
  for (const edge of edges) {
    const a = groupOf.get(edge.source);
    const b = groupOf.get(edge.target);
    if (!a || !b || a === b) continue;
    const [source, target] = compareCodeUnits(a, b) < 0 ? [a, b] : [b, a];
    const id = `grouplink:${source}|${target}`;
    const link = weights.get(id);
    if (link) link.weight++;
    else weights.set(id, { id, source, target, weight: 1 });
  }
  const links = [...weights.values()].sort((a, b) => b.weight - a.weight || compareCodeUnits(a.id, b.id));
  return { groups, members: ordered, links };
}

/** The links worth drawing: each group's `perGroup` strongest (a link stays if either end keeps it). */
export function strongestLinks(links: readonly GroupLink[], perGroup = LINKS_PER_GROUP): GroupLink[] {
  const kept = new Map<string, number>();
  const result: GroupLink[] = [];
  // `links` strongest first: each group takes its first perGroup.
  const sorted = [...links].sort((a, b) => b.weight - a.weight || compareCodeUnits(a.id, b.id));
  for (const link of sorted) {
    const a = kept.get(link.source) ?? 0;
    const b = kept.get(link.target) ?? 0;
    if (a >= perGroup && b >= perGroup) continue;
    kept.set(link.source, a + 1);
    kept.set(link.target, b + 1);
    result.push(link);
  }
  return result;
}

/** The arrangement's width to height: about a desktop window's map. */
const ASPECT = 1.6;

/**
 * Places the groups (largest first) in rows, the whole about ASPECT times as
 * wide as it is tall, centred under me at `me`; mutates and returns `groups`.
 */
export function arrangeGroups(groups: MapGroup[], me: Position = { x: 0, y: 0 }): MapGroup[] {
  const area = groups.reduce((sum, group) => sum + (2 * group.radius + GROUP_GAP) ** 2, 0);
  const rowWidth = Math.max(Math.sqrt(area * ASPECT), ...groups.map((group) => 2 * group.radius));
  const rows: MapGroup[][] = [];
  let row: MapGroup[] = [];
  let width = 0;
  for (const group of groups) {
    const size = 2 * group.radius + GROUP_GAP;
    if (row.length && width + size > rowWidth) {
      rows.push(row);
      row = [];
      width = 0;
    }
    row.push(group);
    width += size;
  }
  if (row.length) rows.push(row);
  let top = me.y + ME_GAP;
  for (const members of rows) {
    const height = Math.max(...members.map((group) => 2 * group.radius));
    const total = members.reduce((sum, group) => sum + 2 * group.radius, 0) + GROUP_GAP * (members.length - 1);
    let left = me.x - total / 2;
    for (const group of members) {
      group.x = Math.round(left + group.radius);
      group.y = Math.round(top + height / 2);
      left += 2 * group.radius + GROUP_GAP;
    }
    top += height + GROUP_GAP;
  }
  return groups;
}

/** Places inside a group's disc for its members, in order (a sunflower: even spacing, the first in the middle). */
export function memberPlaces(group: Pick<MapGroup, 'x' | 'y'>, count: number): Position[] {
  const places: Position[] = [];
  for (let i = 0; i < count; i++) {
    const radius = MEMBER_SPACING * Math.sqrt(i + 0.5);
    places.push({ x: Math.round(group.x + radius * Math.cos(i * GOLDEN_ANGLE)), y: Math.round(group.y + radius * Math.sin(i * GOLDEN_ANGLE)) });
  }
  return places;
}

export const inBox = (box: ViewBox, { x, y }: Position) => x >= box.x1 && x <= box.x2 && y >= box.y1 && y <= box.y2;

/** True when a group's disc reaches into `box`. */
export function discInBox(box: ViewBox, group: Pick<MapGroup, 'x' | 'y' | 'radius'>): boolean {
  const nearestX = Math.max(box.x1, Math.min(group.x, box.x2));
  const nearestY = Math.max(box.y1, Math.min(group.y, box.y2));
  return Math.hypot(group.x - nearestX, group.y - nearestY) <= group.radius;
}

/**
 * Who is drawn for a view at the people level: the people placed in `box`
 * (at most `limit`, nearest its middle first), and the groups they open
 * (drawn as their people, not as one node, while this view lasts).
 */
export function peopleInView(
  box: ViewBox,
  places: ReadonlyMap<string, Position>,
  groupOf: ReadonlyMap<string, string>,
  limit = MAX_PEOPLE_DRAWN,
): { people: string[]; groups: string[] } {
  const middle = { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 };
  const inside: [string, number][] = [];
  for (const [id, place] of places) {
    if (groupOf.has(id) && inBox(box, place)) inside.push([id, Math.hypot(place.x - middle.x, place.y - middle.y)]);
  }
  inside.sort((a, b) => a[1] - b[1] || compareCodeUnits(a[0], b[0]));
  const people = inside.slice(0, limit).map(([id]) => id);
  const groups = [...new Set(people.map((id) => groupOf.get(id)!))].sort(compareCodeUnits);
  return { people, groups };
}
