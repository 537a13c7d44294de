/**
 * Introduction paths and the ego view.
 *
 * `bestPath` asks "who can introduce these two?": the cheapest chain of
 * relationships, where a strong link is cheap (cost 6 − strength) and the
 * user (`ME_NODE`) knows every live contact at a cost set by closeness. The
 * direct tie between the two ends is left out — they already know each other;
 * the question is who else connects them.
 */
import type * as Y from 'yjs';
import { TIERS, type Tier } from '../doc/people';
import { ME_NODE, type Position } from '../doc/layout';
import { compareCodeUnits, foldText } from './normalize';
import { NODE_SIZE, liveLinks, livePeople } from './graph';

/** What it costs the user to reach a contact: close people are easy to ask. */
export const ME_COST: Readonly<Record<Tier, number>> = { inner: 1, close: 2, regular: 4, acquaintance: 6 };
const MAX_STRENGTH_COST = 6;

type Graph = Map<string, Map<string, number>>;

function addEdge(graph: Graph, a: string, b: string, cost: number): void {
  for (const [from, to] of [[a, b], [b, a]] as const) {
    let edges = graph.get(from);
    if (!edges) graph.set(from, (edges = new Map()));
    // Two replicas may each have linked the same pair: the stronger link counts.
    edges.set(to, Math.min(cost, edges.get(to) ?? Infinity));
  }
}

/** People, the user and every link, weighted as introduction costs. */
function introductionGraph(doc: Y.Doc): Graph {
  const graph: Graph = new Map([[ME_NODE, new Map()]]);
  const people = livePeople(doc);
  for (const person of people) addEdge(graph, ME_NODE, person.id, ME_COST[person.tier]);
  const alive = new Set(people.map((person) => person.id));
  for (const link of liveLinks(doc, alive)) addEdge(graph, link.from, link.to, MAX_STRENGTH_COST - link.strength);
  return graph;
}

interface Entry {
  cost: number;
  id: string;
}

const before = (a: Entry, b: Entry) => a.cost < b.cost || (a.cost === b.cost && a.id < b.id);

/** A binary min-heap of (cost, id); equal costs come out in id order, which makes paths deterministic. */
class Heap {
  private readonly items: Entry[] = [];

  get size(): number {
    return this.items.length;
  }

  push(entry: Entry): void {
    const items = this.items;
    items.push(entry);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Entry {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length) {
      items[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const smallest = [left, left + 1].reduce((best, child) => (child < items.length && before(items[child]!, items[best]!) ? child : best), i);
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top;
  }
}

/** The chosen predecessor on equal costs is the smaller id, so the path never depends on iteration order. */
function dijkstra(graph: Graph, fromId: string, toId: string): { path: string[]; cost: number } | null {
  const cost = new Map([[fromId, 0]]);
  const previous = new Map<string, string>();
  const done = new Set<string>();
  const heap = new Heap();
  heap.push({ cost: 0, id: fromId });
  while (heap.size) {
    const { id } = heap.pop();
    if (done.has(id)) continue;
    done.add(id);
    if (id === toId) break;
    for (const [next, step] of graph.get(id) ?? []) {
      if (done.has(next) || (id === fromId && next === toId)) continue;
      const candidate = cost.get(id)! + step;
      const known = cost.get(next) ?? Infinity;
      if (candidate < known || (candidate === known && id < previous.get(next)!)) {
        cost.set(next, candidate);
        previous.set(next, id);
        heap.push({ cost: candidate, id: next });
      }
    }
  }
  if (!done.has(toId)) return null;
  const path = [toId];
  while (path[0] !== fromId) path.unshift(previous.get(path[0]!)!);
  return { path, cost: cost.get(toId)! };
}

/**
 * The cheapest introduction chain from one node (a person or ME_NODE) to
 * another, both ends included, without the direct tie between them. Null
 * when no chain exists or an end is not a live person; a node to itself is
 * a path of one.
 */
export function bestPath(doc: Y.Doc, fromId: string, toId: string): { path: string[]; cost: number } | null {
  const graph = introductionGraph(doc);
  if (!graph.has(fromId) || !graph.has(toId)) return null;
  if (fromId === toId) return { path: [fromId], cost: 0 };
  return dijkstra(graph, fromId, toId);
}

/**
 * Positions for the ego view: the user at (0, 0) and one ring per tier,
 * inner closest, `radius` apart. A crowded ring grows until neighbours no
 * longer overlap. Around each ring people go by organisation, then name, so
 * colleagues sit together; the first is at the top.
 */
export function egoPositions(doc: Y.Doc, options: { radius?: number } = {}): Map<string, Position> {
  const gap = options.radius ?? 160;
  const positions = new Map<string, Position>([[ME_NODE, { x: 0, y: 0 }]]);
  const byTier = new Map<Tier, { id: string; org: string; name: string }[]>(TIERS.map((tier) => [tier, []]));
  for (const person of livePeople(doc)) {
    byTier.get(person.tier)!.push({ id: person.id, org: foldText(person.org), name: foldText(person.name) });
  }
  let ringRadius = 0;
  for (const tier of TIERS) {
    const ring = byTier.get(tier)!;
    ring.sort((a, b) => compareCodeUnits(a.org, b.org) || compareCodeUnits(a.name, b.name) || compareCodeUnits(a.id, b.id));
    const spacing = NODE_SIZE[tier] * 1.5;
    ringRadius = Math.max(ringRadius + gap, (ring.length * spacing) / (2 * Math.PI));
    ring.forEach(({ id }, index) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * index) / ring.length;
      positions.set(id, { x: round(ringRadius * Math.cos(angle)), y: round(ringRadius * Math.sin(angle)) });
    });
  }
  return positions;
}

/** Hundredths of a pixel: enough for a map, and stored positions stay short. */
const round = (value: number) => Math.round(value * 100) / 100;
