/**
 * Circles within a network, and the people who bridge them.
 *
 * Communities: Louvain modularity optimisation over live links weighted by
 * strength (a strong tie says more about belonging than a weak one). Louvain
 * rather than label propagation: propagation tends to flood a dense
 * network into one label, and its result swings with small edits. Nodes are
 * visited in id order and ties go to the smallest community, so a document
 * gives the same communities on every replica.
 *
 * Brokers: people whose neighbours lie in at least two communities (their
 * own and another) and whose betweenness — Brandes, unweighted, estimated
 * from a bounded number of sources, on the people graph without the user,
 * who would sit between everyone — is in the top BROKER_SHARE of the network. Spanning circles alone is common; lying on
 * many shortest paths between them is what makes someone worth asking for an
 * introduction.
 */
import type * as Y from 'yjs';
import { liveLinks, livePeople } from './graph';

/** The share of people, by betweenness, who may count as brokers. */
export const BROKER_SHARE = 0.05;
const MAX_LEVELS = 10;
const MAX_PASSES = 20;
/** Enough shortest-path sources to rank betweenness; ≈ 50 ms at 2,000 people / 4,000 links on a slow machine. */
const MAX_SOURCES = 256;
/** Modularity gains closer than this are equal: float noise must not decide a move. */
const EPSILON = 1e-12;

/** An undirected weighted graph on nodes 0..n-1, without self-loops; `degree` also counts edges folded inside a node. */
interface WeightedGraph {
  degree: number[];
  neighbours: Map<number, number>[];
}

function addWeight(graph: WeightedGraph, a: number, b: number, weight: number): void {
  graph.degree[a]! += weight;
  graph.degree[b]! += weight;
  if (a === b) return;
  graph.neighbours[a]!.set(b, (graph.neighbours[a]!.get(b) ?? 0) + weight);
  graph.neighbours[b]!.set(a, (graph.neighbours[b]!.get(a) ?? 0) + weight);
}

function emptyGraph(size: number): WeightedGraph {
  return { degree: new Array<number>(size).fill(0), neighbours: Array.from({ length: size }, () => new Map()) };
}

/** Moves each node to the neighbouring community with the best modularity gain until none moves; null when nothing moved. */
function moveNodes(graph: WeightedGraph, total: number): number[] | null {
  const community = graph.degree.map((_, i) => i);
  const totals = [...graph.degree];
  let movedAny = false;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let moved = false;
    graph.neighbours.forEach((neighbours, node) => {
      const degree = graph.degree[node]!;
      const weightTo = new Map<number, number>();
      for (const [other, weight] of neighbours) weightTo.set(community[other]!, (weightTo.get(community[other]!) ?? 0) + weight);
      const own = community[node]!;
      totals[own]! -= degree;
      let best = own;
      let bestGain = (weightTo.get(own) ?? 0) - (totals[own]! * degree) / total;
      for (const [candidate, weight] of weightTo) {
        const gain = weight - (totals[candidate]! * degree) / total;
        const tie = best !== own && Math.abs(gain - bestGain) <= EPSILON && candidate < best;
        if (gain > bestGain + EPSILON || tie) [best, bestGain] = [candidate, gain];
      }
      totals[best]! += degree;
      community[node] = best;
      if (best !== own) moved = true;
    });
    if (!moved) break;
    movedAny = true;
  }
  return movedAny ? community : null;
}

/** One node per community, numbered in order of first member. */
function aggregate(graph: WeightedGraph, community: number[]): { graph: WeightedGraph; renumber: Map<number, number> } {
  const renumber = new Map<number, number>();
  for (const label of community) if (!renumber.has(label)) renumber.set(label, renumber.size);
  const next = emptyGraph(renumber.size);
  graph.neighbours.forEach((neighbours, node) => {
    const a = renumber.get(community[node]!)!;
    // Each edge is seen from both ends: add half each time.
    const selfWeight = graph.degree[node]! - [...neighbours.values()].reduce((sum, w) => sum + w, 0);
    addWeight(next, a, a, selfWeight / 2);
    for (const [other, weight] of neighbours) addWeight(next, a, renumber.get(community[other]!)!, weight / 2);
  });
  return { graph: next, renumber };
}

/** Louvain levels; returns each node's final community label (not yet numbered by size). */
function louvain(graph: WeightedGraph): number[] {
  const total = graph.degree.reduce((sum, degree) => sum + degree, 0);
  const member = graph.degree.map((_, i) => i);
  if (total === 0) return member;
  for (let level = 0; level < MAX_LEVELS; level++) {
    const community = moveNodes(graph, total);
    if (!community) break;
    const next = aggregate(graph, community);
    member.forEach((node, i) => (member[i] = next.renumber.get(community[node]!)!));
    graph = next.graph;
  }
  return member;
}

/** Neighbour lists packed into two typed arrays: the betweenness loops below run n × m times. */
interface Adjacency {
  start: Int32Array;
  target: Int32Array;
}

function pack(neighbours: readonly number[][]): Adjacency {
  const start = new Int32Array(neighbours.length + 1);
  neighbours.forEach((list, i) => (start[i + 1] = start[i]! + list.length));
  const target = new Int32Array(start[neighbours.length]!);
  neighbours.forEach((list, i) => target.set(list, start[i]!));
  return { start, target };
}

/**
 * Brandes' betweenness on the unweighted graph, from at most MAX_SOURCES
 * sources spread evenly in id order (Brandes & Pich's pivot estimate): exact
 * on small networks, and on large ones the ranking, which is all brokers
 * need, holds while the cost stays flat. Predecessors are found by distance,
 * so no lists are allocated.
 */
function betweenness({ start, target }: Adjacency): Float64Array {
  const n = start.length - 1;
  const step = Math.max(1, Math.ceil(n / MAX_SOURCES));
  const score = new Float64Array(n);
  const distance = new Int32Array(n).fill(-1);
  const paths = new Float64Array(n);
  const dependency = new Float64Array(n);
  const order = new Int32Array(n);
  for (let source = 0; source < n; source += step) {
    if (start[source] === start[source + 1]) continue;
    distance[source] = 0;
    paths[source] = 1;
    let head = 0;
    let tail = 0;
    order[tail++] = source;
    while (head < tail) {
      const v = order[head++]!;
      const next = distance[v]! + 1;
      for (let e = start[v]!; e < start[v + 1]!; e++) {
        const w = target[e]!;
        if (distance[w] === -1) {
          distance[w] = next;
          order[tail++] = w;
        }
        if (distance[w] === next) paths[w]! += paths[v]!;
      }
    }
    for (let i = tail - 1; i > 0; i--) {
      const w = order[i]!;
      const previous = distance[w]! - 1;
      const share = (1 + dependency[w]!) / paths[w]!;
      for (let e = start[w]!; e < start[w + 1]!; e++) {
        const v = target[e]!;
        if (distance[v] === previous) dependency[v]! += paths[v]! * share;
      }
      score[w]! += dependency[w]!;
    }
    // Reset only what this search touched.
    for (let i = 0; i < tail; i++) {
      const w = order[i]!;
      distance[w] = -1;
      paths[w] = 0;
      dependency[w] = 0;
    }
  }
  return score;
}

/** Community numbers 0..k-1, largest first; equal sizes in order of their smallest member id. */
function numberBySize(labels: readonly number[]): number[] {
  const sizes = new Map<number, number>();
  const first = new Map<number, number>();
  labels.forEach((label, i) => {
    sizes.set(label, (sizes.get(label) ?? 0) + 1);
    if (!first.has(label)) first.set(label, i);
  });
  const ranked = [...sizes.keys()].sort((a, b) => sizes.get(b)! - sizes.get(a)! || first.get(a)! - first.get(b)!);
  const number = new Map(ranked.map((label, rank) => [label, rank]));
  return labels.map((label) => number.get(label)!);
}

/**
 * Communities among live people over live links, and the brokers between
 * them. Every live person has a community; someone with no links is a
 * community of one.
 */
export function communities(doc: Y.Doc): { communityOf: Map<string, number>; brokers: Set<string> } {
  const ids = livePeople(doc).map((person) => person.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const graph = emptyGraph(ids.length);
  for (const link of liveLinks(doc, new Set(ids))) addWeight(graph, index.get(link.from)!, index.get(link.to)!, link.strength);

  const community = numberBySize(louvain(graph));
  const communityOf = new Map(ids.map((id, i) => [id, community[i]!]));

  const neighbours = graph.neighbours.map((map) => [...map.keys()]);
  const score = betweenness(pack(neighbours));
  const quota = Math.ceil(ids.length * BROKER_SHARE);
  const ranked = ids
    .map((_, i) => i)
    .filter((i) => score[i]! > 0)
    .sort((a, b) => score[b]! - score[a]! || a - b)
    .slice(0, quota);
  const spansCircles = (i: number) => neighbours[i]!.some((other) => community[other] !== community[i]);
  const brokers = new Set(ranked.filter(spansCircles).map((i) => ids[i]!));
  return { communityOf, brokers };
}
