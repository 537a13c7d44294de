/**
 * Places people who have no position yet on a map where most people
 * already have one, without moving anyone: each newcomer goes to the
 * nearest free spot by the people they are linked with (between them when
 * there are several), by the people of their organisation when they have
 * no placed link, or else on a ring around the hub (me). Newcomers placed
 * earlier count as placed for later ones, starting with those who have the
 * most placed links.
 *
 * "Free" means no overlap with anyone: a spot's distance to each neighbour
 * is at least the sum of both radii plus GAP. Candidates are tried along a
 * sunflower spiral around the target, so the spot found is the nearest
 * free one, a little off in a varying direction. Where the map is packed
 * too tightly for a newcomer within the search radius, the roomiest
 * candidate is taken.
 *
 * Linear in the graph's size plus a few hundred spatial-grid probes per
 * newcomer: 1,000 newcomers among 4,000 placed people take tens of
 * milliseconds, where a force layout holding 4,000 nodes fixed took seconds
 * and stacked the newcomers on a few spots. A force layout stays the way to
 * lay out a map that is mostly new (see `shouldPlaceNear`).
 */
import type { Position } from './layout-messages';

export interface PlacementInput {
  /** Every node with its diameter. */
  nodes: readonly (readonly [id: string, size: number])[];
  edges: readonly (readonly [source: string, target: string])[];
  /** Stored positions; ids not among `nodes` are ignored. */
  fixed: ReadonlyMap<string, Position> | Readonly<Record<string, Position>>;
  /** The node everyone is loosely tied to (me). */
  hub: string;
  /** A group key per node (an organisation): people without a placed link go by their group. */
  groups?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
}

/** Space between the rims of two people (px). */
export const GAP = 6;
/** Preferred distance from a single placed link (fcose's ideal edge length in the worker). */
const LINK_LENGTH = 90;
/** Distance from the hub for someone with neither placed links nor placed colleagues (the worker's spoke length). */
const SPOKE_LENGTH = 220;
/** Distance from the group's centre for someone placed by their organisation. */
const GROUP_OFFSET = 60;
/** Spiral candidates tried per person before settling for the roomiest. */
const MAX_CANDIDATES = 1500;
/** How much more room than their discs take the people spread out get (a draft is denser in its middle). */
const ROOM = 3;
/** Candidates a person being spread out may try before taking the roomiest (the draft's dense middle needs more). */
const SPREAD_CANDIDATES = 10_000;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

function asMap<T>(value: ReadonlyMap<string, T> | Readonly<Record<string, T>> | undefined): ReadonlyMap<string, T> {
  if (!value) return new Map();
  return value instanceof Map ? value : new Map(Object.entries(value));
}

/** The newcomers among `nodes`. */
export function unplacedIds(nodes: PlacementInput['nodes'], fixed: PlacementInput['fixed']): string[] {
  const placed = asMap(fixed);
  return nodes.filter(([id]) => !placed.has(id)).map(([id]) => id);
}

/**
 * True when newcomers should be placed by the people around them: someone
 * is placed, and newcomers are no more than the placed. Otherwise a force
 * layout makes the better picture.
 */
export function shouldPlaceNear(nodes: PlacementInput['nodes'], fixed: PlacementInput['fixed']): boolean {
  const placed = asMap(fixed);
  let known = 0;
  for (const [id] of nodes) if (placed.has(id)) known++;
  return known > 0 && nodes.length - known <= known;
}

/** FNV-1a of the id, as an angle: the same direction for the same person on every device. */
function angleOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return ((hash >>> 0) / 0x100000000) * 2 * Math.PI;
}

/** Discs (x, y, radius) in square cells, for "who is near this point". */
class DiscGrid {
  private readonly cells = new Map<number, number[]>();
  constructor(private readonly cell: number) {}

  private key(cx: number, cy: number): number {
    return (cx + 0x8000) * 0x10000 + (cy + 0x8000);
  }

  add(x: number, y: number, r: number): void {
    const key = this.key(Math.floor(x / this.cell), Math.floor(y / this.cell));
    const list = this.cells.get(key);
    if (list) list.push(x, y, r);
    else this.cells.set(key, [x, y, r]);
  }

  /**
   * The smallest gap between a disc of radius `r` at x,y and the stored discs
   * within `reach`, less GAP (negative: too close). Stops early once it is
   * below `floor`, when the caller no longer cares how much lower it is.
   */
  clearance(x: number, y: number, r: number, reach: number, floor: number): number {
    let least = Infinity;
    const x0 = Math.floor((x - reach) / this.cell);
    const x1 = Math.floor((x + reach) / this.cell);
    const y0 = Math.floor((y - reach) / this.cell);
    const y1 = Math.floor((y + reach) / this.cell);
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const list = this.cells.get(this.key(cx, cy));
        if (!list) continue;
        for (let i = 0; i < list.length; i += 3) {
          const dx = list[i]! - x;
          const dy = list[i + 1]! - y;
          const gap = Math.sqrt(dx * dx + dy * dy) - list[i + 2]! - r - GAP;
          if (gap < least) {
            least = gap;
            if (least < floor) return least;
          }
        }
      }
    }
    return least;
  }
}

/**
 * The nearest spot to `target` where a disc of diameter `size` overlaps no
 * disc in `grid`, along a sunflower spiral turned by `spin`; where there is
 * none within `tries` candidates, the roomiest one.
 */
function freeSpotNear(grid: DiscGrid, biggest: number, target: Position, size: number, spin: number, tries = MAX_CANDIDATES): Position {
  const r = size / 2;
  const reach = r + biggest / 2 + GAP;
  const step = (size + GAP) / 2;
  let best = target;
  let bestClearance = -Infinity;
  for (let i = 0; i < tries; i++) {
    const radius = step * Math.sqrt(i);
    const angle = spin + i * GOLDEN_ANGLE;
    const x = target.x + radius * Math.cos(angle);
    const y = target.y + radius * Math.sin(angle);
    // Below the roomiest so far (and negative), a candidate is of no use: stop measuring it.
    const clearance = grid.clearance(x, y, r, reach, Math.min(0, bestClearance));
    if (clearance >= 0) return { x, y };
    if (clearance > bestClearance) {
      bestClearance = clearance;
      best = { x, y };
    }
  }
  return best;
}

const round = (position: Position): Position => ({ x: Math.round(position.x * 10) / 10, y: Math.round(position.y * 10) / 10 });

/**
 * Positions for every node without one (an empty object when there is
 * none); nobody placed moves. Deterministic: the same input gives the same
 * places.
 */
export function placeNewPeople(input: PlacementInput): Record<string, Position> {
  const fixed = asMap(input.fixed);
  const groups = asMap(input.groups);
  const sizes = new Map(input.nodes.map(([id, size]) => [id, size]));
  const placed = new Map<string, Position>();
  for (const [id] of input.nodes) {
    const position = fixed.get(id);
    if (position && Number.isFinite(position.x) && Number.isFinite(position.y)) placed.set(id, position);
  }
  const newcomers = input.nodes.map(([id]) => id).filter((id) => !placed.has(id));
  const result: Record<string, Position> = {};
  if (newcomers.length === 0) return result;

  const links = new Map<string, string[]>();
  for (const [source, target] of input.edges) {
    if (source === target || !sizes.has(source) || !sizes.has(target)) continue;
    (links.get(source) ?? links.set(source, []).get(source)!).push(target);
    (links.get(target) ?? links.set(target, []).get(target)!).push(source);
  }

  const biggest = Math.max(...sizes.values(), 1);
  const grid = new DiscGrid(biggest + GAP);
  const groupSums = new Map<string, { x: number; y: number; n: number }>();
  const notePlaced = (id: string, position: Position) => {
    placed.set(id, position);
    grid.add(position.x, position.y, (sizes.get(id) ?? 0) / 2);
    const group = groups.get(id);
    if (!group) return;
    const sum = groupSums.get(group) ?? groupSums.set(group, { x: 0, y: 0, n: 0 }).get(group)!;
    sum.x += position.x;
    sum.y += position.y;
    sum.n++;
  };
  for (const [id, position] of [...placed]) notePlaced(id, position);

  // Me, or the middle of everyone placed when I am not placed myself.
  let hub = placed.get(input.hub);
  if (!hub) {
    let x = 0;
    let y = 0;
    for (const position of placed.values()) {
      x += position.x;
      y += position.y;
    }
    hub = placed.size ? { x: x / placed.size, y: y / placed.size } : { x: 0, y: 0 };
  }

  // Newcomers in buckets by how many placed links they have; the best-connected is placed first.
  const placedLinks = new Map<string, number>();
  const buckets: Set<string>[] = [];
  let most = 0;
  for (const id of newcomers) {
    const count = (links.get(id) ?? []).filter((other) => placed.has(other)).length;
    placedLinks.set(id, count);
    (buckets[count] ??= new Set()).add(id);
    most = Math.max(most, count);
  }

  const targetOf = (id: string): Position => {
    const linked = (links.get(id) ?? []).map((other) => placed.get(other)).filter((position): position is Position => Boolean(position));
    const turn = angleOf(id);
    if (linked.length >= 2) {
      return { x: linked.reduce((sum, p) => sum + p.x, 0) / linked.length, y: linked.reduce((sum, p) => sum + p.y, 0) / linked.length };
    }
    if (linked.length === 1) {
      // Beyond the one link, seen from the hub, within ±60° so a crowd of newcomers fans out.
      const [anchor] = linked as [Position];
      const away = Math.hypot(anchor.x - hub!.x, anchor.y - hub!.y) > 1 ? Math.atan2(anchor.y - hub!.y, anchor.x - hub!.x) : turn;
      const angle = away + ((turn / Math.PI - 1) * Math.PI) / 3;
      return { x: anchor.x + LINK_LENGTH * Math.cos(angle), y: anchor.y + LINK_LENGTH * Math.sin(angle) };
    }
    const group = groups.get(id);
    const sum = group ? groupSums.get(group) : undefined;
    if (sum && sum.n > 0) {
      return { x: sum.x / sum.n + GROUP_OFFSET * Math.cos(turn), y: sum.y / sum.n + GROUP_OFFSET * Math.sin(turn) };
    }
    return { x: hub!.x + SPOKE_LENGTH * Math.cos(turn), y: hub!.y + SPOKE_LENGTH * Math.sin(turn) };
  };

  for (let left = newcomers.length; left > 0; left--) {
    while (!buckets[most]?.size) most--;
    const bucket = buckets[most]!;
    const next = bucket.values().next().value as string;
    bucket.delete(next);
    placedLinks.delete(next);
    const position = freeSpotNear(grid, biggest, targetOf(next), sizes.get(next) ?? 0, angleOf(next));
    const rounded = round(position);
    result[next] = rounded;
    notePlaced(next, rounded);
    for (const other of links.get(next) ?? []) {
      const count = placedLinks.get(other);
      if (count === undefined) continue; // placed already
      buckets[count]!.delete(other);
      (buckets[count + 1] ??= new Set()).add(other);
      placedLinks.set(other, count + 1);
      most = Math.max(most, count + 1);
    }
  }
  return result;
}

export interface SpreadInput {
  /** Every node with its diameter. */
  nodes: readonly (readonly [id: string, size: number])[];
  /** Where a layout put each node, overlaps and all (a spectral draft packs thousands into a few hundred pixels). */
  targets: Readonly<Record<string, Position>>;
  /** Stored positions: these nodes stay where they are. */
  fixed: ReadonlyMap<string, Position> | Readonly<Record<string, Position>>;
  /** Me: at the middle of the picture when not fixed. */
  hub: string;
}

/**
 * Turns a draft layout into one where no two people overlap, keeping its
 * shape: the draft is scaled up until it has room for everyone (about
 * twice the area of their discs), set over the fixed people where there
 * are any, and then everyone not fixed takes the nearest free spot to
 * their scaled place, from the middle outwards. Returns positions for the
 * nodes not fixed. Deterministic.
 */
export function spreadOut(input: SpreadInput): Record<string, Position> {
  const fixed = asMap(input.fixed);
  const sizes = new Map(input.nodes.map(([id, size]) => [id, size]));
  const biggest = Math.max(...sizes.values(), 1);
  const grid = new DiscGrid(biggest + GAP);
  const isFixed = (id: string) => {
    const position = fixed.get(id);
    return Boolean(position && Number.isFinite(position.x) && Number.isFinite(position.y));
  };
  const movable = input.nodes.map(([id]) => id).filter((id) => !isFixed(id) && input.targets[id]);
  const result: Record<string, Position> = {};
  if (movable.length === 0) return result;

  // The draft's middle and extent, over the people to place.
  let cx = 0;
  let cy = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let area = 0;
  for (const id of movable) {
    const { x, y } = input.targets[id]!;
    cx += x / movable.length;
    cy += y / movable.length;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
    area += ((sizes.get(id) ?? 0) + GAP) ** 2;
  }
  const scale = Math.max(1, Math.sqrt((ROOM * area) / (Math.max(maxX - minX, 1) * Math.max(maxY - minY, 1))));

  // Where the draft's middle goes: over the fixed people's middle as the draft had it, else 0,0.
  const anchored = input.nodes.map(([id]) => id).filter((id) => isFixed(id));
  let ox = 0;
  let oy = 0;
  for (const id of anchored) {
    const actual = fixed.get(id)!;
    const drafted = input.targets[id];
    ox += (actual.x - (drafted ? (drafted.x - cx) * scale : 0)) / anchored.length;
    oy += (actual.y - (drafted ? (drafted.y - cy) * scale : 0)) / anchored.length;
    grid.add(actual.x, actual.y, (sizes.get(id) ?? 0) / 2);
  }
  const scaled = (id: string): Position =>
    id === input.hub && !anchored.length ? { x: ox, y: oy } : { x: ox + (input.targets[id]!.x - cx) * scale, y: oy + (input.targets[id]!.y - cy) * scale };

  // Me first, then from the middle outwards, so the crowded middle keeps its shape.
  const order = movable
    .map((id) => ({ id, at: scaled(id) }))
    .sort((a, b) => (a.id === input.hub ? -1 : b.id === input.hub ? 1 : Math.hypot(a.at.x - ox, a.at.y - oy) - Math.hypot(b.at.x - ox, b.at.y - oy)));
  for (const { id, at } of order) {
    const size = sizes.get(id) ?? 0;
    // A crowded middle can need a wide search; only the few who find no spot nearby pay for it.
    const position = round(freeSpotNear(grid, biggest, at, size, angleOf(id), SPREAD_CANDIDATES));
    result[id] = position;
    grid.add(position.x, position.y, size / 2);
  }
  return result;
}
