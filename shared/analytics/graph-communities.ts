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
 *
 * Speed: graphs are packed into typed arrays (CSR) and Louvain's inner loop
 * allocates nothing. graphology-communities-louvain was measured here as the
 * alternative: building its Graph of 30,000 people and 90,000 links alone
 * took ≈ 1.4 s, more than this whole Louvain.
 */
import type * as Y from 'yjs';
import { liveLinks, livePeople } from './graph';

/** The share of people, by betweenness, who may count as brokers. */
export const BROKER_SHARE = 0.05;
const MAX_LEVELS = 10;
const MAX_PASSES = 20;
/** Enough shortest-path sources to rank betweenness; ≈ 50 ms at 2,000 people / 4,000 links on a slow machine. */
const MAX_SOURCES = 256;
/**
 * Larger networks get fewer sources, so the estimate's cost stays near
 * SOURCE_BUDGET neighbour visits (128 searches of 15,000 links; 2,000
 * people with 4,000 links still get 256). On the generated networks, whose
 * ties are random, the top 5% is noisy at any count: at 30,000 people 64
 * sources agreed with 1,024 as well as 256 did (Jaccard 0.33 against 0.36);
 * at 5,000, 128 sources 0.48 and 256 0.60, at half the cost.
 */
const MIN_SOURCES = 64;
const SOURCE_BUDGET = 128 * 2 * 15_000;
/** Modularity gains closer than this are equal: float noise must not decide a move. */
const EPSILON = 1e-12;

/** An undirected tie between people `a` and `b` (indices), `a` ≠ `b`. */
export interface IndexedTie {
  a: number;
  b: number;
  weight: number;
}

/**
 * An undirected weighted graph on nodes 0..n-1 without self-loops, packed:
 * node i's neighbours are target[start[i]] … target[start[i + 1] - 1], each
 * once (parallel ties summed), in the order they first appeared. `degree`
 * also counts weight folded inside a node by aggregation.
 */
interface Graph {
  start: Int32Array;
  target: Int32Array;
  weight: Float64Array;
  degree: Float64Array;
}

/** Ties as (a, b, weight) triples, in the order they are added. */
interface Ties {
  a: Int32Array;
  b: Int32Array;
  weight: Float64Array;
  count: number;
}

function pack(size: number, ties: Ties, degree: Float64Array): Graph {
  const { a, b, weight, count } = ties;
  const rawStart = new Int32Array(size + 1);
  for (let t = 0; t < count; t++) {
    rawStart[a[t]! + 1]!++;
    rawStart[b[t]! + 1]!++;
  }
  for (let i = 0; i < size; i++) rawStart[i + 1]! += rawStart[i]!;
  const fill = rawStart.slice(0, size);
  const rawTarget = new Int32Array(rawStart[size]!);
  const rawWeight = new Float64Array(rawStart[size]!);
  for (let t = 0; t < count; t++) {
    const x = a[t]!;
    const y = b[t]!;
    rawTarget[fill[x]!] = y;
    rawWeight[fill[x]!++] = weight[t]!;
    rawTarget[fill[y]!] = x;
    rawWeight[fill[y]!++] = weight[t]!;
  }
  // Fold parallel ties into the first, keeping each node's neighbours in order of first appearance.
  const start = new Int32Array(size + 1);
  const target = new Int32Array(rawTarget.length);
  const folded = new Float64Array(rawTarget.length);
  const slot = new Int32Array(size).fill(-1);
  let out = 0;
  for (let i = 0; i < size; i++) {
    start[i] = out;
    for (let e = rawStart[i]!; e < rawStart[i + 1]!; e++) {
      const other = rawTarget[e]!;
      if (slot[other]! >= start[i]!) folded[slot[other]!]! += rawWeight[e]!;
      else {
        slot[other] = out;
        target[out] = other;
        folded[out++] = rawWeight[e]!;
      }
    }
  }
  start[size] = out;
  return { start, target: target.slice(0, out), weight: folded.slice(0, out), degree };
}

/** Moves each node to the neighbouring community with the best modularity gain until none moves; null when nothing moved. */
function moveNodes({ start, target, weight, degree }: Graph, total: number): Int32Array | null {
  const size = degree.length;
  const community = new Int32Array(size);
  for (let i = 0; i < size; i++) community[i] = i;
  const totals = Float64Array.from(degree);
  // Weight from the node being moved to each neighbouring community, valid where `seenBy` holds this visit's stamp.
  const weightTo = new Float64Array(size);
  const seenBy = new Int32Array(size);
  let stamp = 0;
  let maxDegree = 0;
  for (let i = 0; i < size; i++) maxDegree = Math.max(maxDegree, start[i + 1]! - start[i]!);
  const candidates = new Int32Array(maxDegree);
  let movedAny = false;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let moved = false;
    for (let node = 0; node < size; node++) {
      const visit = ++stamp;
      let found = 0;
      for (let e = start[node]!; e < start[node + 1]!; e++) {
        const c = community[target[e]!]!;
        if (seenBy[c] !== visit) {
          seenBy[c] = visit;
          weightTo[c] = 0;
          candidates[found++] = c;
        }
        weightTo[c]! += weight[e]!;
      }
      const own = community[node]!;
      const nodeDegree = degree[node]!;
      totals[own]! -= nodeDegree;
      let best = own;
      let bestGain = (seenBy[own] === visit ? weightTo[own]! : 0) - (totals[own]! * nodeDegree) / total;
      for (let k = 0; k < found; k++) {
        const candidate = candidates[k]!;
        const gain = weightTo[candidate]! - (totals[candidate]! * nodeDegree) / total;
        const tie = best !== own && Math.abs(gain - bestGain) <= EPSILON && candidate < best;
        if (gain > bestGain + EPSILON || tie) {
          best = candidate;
          bestGain = gain;
        }
      }
      totals[best]! += nodeDegree;
      community[node] = best;
      if (best !== own) moved = true;
    }
    if (!moved) break;
    movedAny = true;
  }
  return movedAny ? community : null;
}

/** One node per community, numbered in order of first member; `renumber` maps a community label to its node. */
function aggregate(graph: Graph, community: Int32Array): { graph: Graph; renumber: Int32Array } {
  const size = graph.degree.length;
  const renumber = new Int32Array(size).fill(-1);
  let next = 0;
  for (let node = 0; node < size; node++) if (renumber[community[node]!]! < 0) renumber[community[node]!] = next++;
  const degree = new Float64Array(next);
  for (let node = 0; node < size; node++) degree[renumber[community[node]!]!]! += graph.degree[node]!;
  // Each tie is seen from both ends: half its weight each time, in the order the Map-based original added them.
  const ties: Ties = { a: new Int32Array(graph.target.length), b: new Int32Array(graph.target.length), weight: new Float64Array(graph.target.length), count: 0 };
  for (let node = 0; node < size; node++) {
    const from = renumber[community[node]!]!;
    for (let e = graph.start[node]!; e < graph.start[node + 1]!; e++) {
      const to = renumber[community[graph.target[e]!]!]!;
      if (from === to) continue;
      ties.a[ties.count] = from;
      ties.b[ties.count] = to;
      ties.weight[ties.count++] = graph.weight[e]! / 2;
    }
  }
  return { graph: pack(next, ties, degree), renumber };
}

/** Louvain levels; returns each node's final community label (not yet numbered by size). */
function louvain(graph: Graph): Int32Array {
  let total = 0;
  for (const degree of graph.degree) total += degree;
  const member = new Int32Array(graph.degree.length);
  for (let i = 0; i < member.length; i++) member[i] = i;
  if (total === 0) return member;
  for (let level = 0; level < MAX_LEVELS; level++) {
    const community = moveNodes(graph, total);
    if (!community) break;
    const next = aggregate(graph, community);
    for (let i = 0; i < member.length; i++) member[i] = next.renumber[community[member[i]!]!]!;
    graph = next.graph;
  }
  return member;
}

/**
 * Brandes' betweenness on the unweighted graph, from at most MAX_SOURCES
 * sources spread evenly in id order (Brandes & Pich's pivot estimate): exact
 * on small networks, and on large ones the ranking, which is all brokers
 * need, holds while the cost stays flat. Each search notes a node's
 * predecessors in the node's own neighbour slots, so the way back reads
 * only those (a node has a few among its many neighbours) and nothing is
 * allocated per search.
 */
function betweenness({ start, target }: Graph): Float64Array {
  const n = start.length - 1;
  const sources = Math.min(MAX_SOURCES, Math.max(MIN_SOURCES, Math.floor(SOURCE_BUDGET / Math.max(1, target.length))));
  const step = Math.max(1, Math.ceil(n / sources));
  const score = new Float64Array(n);
  const distance = new Int32Array(n).fill(-1);
  const paths = new Float64Array(n);
  const dependency = new Float64Array(n);
  const order = new Int32Array(n);
  const predecessor = new Int32Array(target.length);
  const predecessors = new Int32Array(n);
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
        if (distance[w] === next) {
          paths[w]! += paths[v]!;
          predecessor[start[w]! + predecessors[w]!++] = v;
        }
      }
    }
    for (let i = tail - 1; i > 0; i--) {
      const w = order[i]!;
      const share = (1 + dependency[w]!) / paths[w]!;
      for (let p = start[w]!, end = p + predecessors[w]!; p < end; p++) {
        const v = predecessor[p]!;
        dependency[v]! += paths[v]! * share;
      }
      score[w]! += dependency[w]!;
    }
    // Reset only what this search touched.
    for (let i = 0; i < tail; i++) {
      const w = order[i]!;
      distance[w] = -1;
      paths[w] = 0;
      dependency[w] = 0;
      predecessors[w] = 0;
    }
  }
  return score;
}

/** Community numbers 0..k-1, largest first; equal sizes in order of their smallest member. */
function numberBySize(labels: Int32Array): Int32Array {
  const size = new Int32Array(labels.length);
  const first = new Int32Array(labels.length).fill(-1);
  const used: number[] = [];
  labels.forEach((label, i) => {
    if (first[label]! < 0) {
      first[label] = i;
      used.push(label);
    }
    size[label]!++;
  });
  used.sort((a, b) => size[b]! - size[a]! || first[a]! - first[b]!);
  const number = new Int32Array(labels.length);
  used.forEach((label, rank) => (number[label] = rank));
  return labels.map((label) => number[label]!);
}

export interface Communities {
  /** Each person's community number, 0 = the largest. */
  communityOf: Map<string, number>;
  /** In order of betweenness, the most between first. */
  brokers: Set<string>;
}

/**
 * Communities and brokers of people `ids` (in id order) tied by `ties`
 * (indices into `ids`, in link id order): for a caller that has read the
 * people and links already. Every person has a community; someone with no
 * ties is a community of one.
 */
export function communitiesOf(ids: readonly string[], ties: readonly IndexedTie[]): Communities {
  const size = ids.length;
  const packed: Ties = { a: new Int32Array(ties.length), b: new Int32Array(ties.length), weight: new Float64Array(ties.length), count: ties.length };
  const degree = new Float64Array(size);
  ties.forEach((tie, t) => {
    packed.a[t] = tie.a;
    packed.b[t] = tie.b;
    packed.weight[t] = tie.weight;
    degree[tie.a]! += tie.weight;
    degree[tie.b]! += tie.weight;
  });
  const graph = pack(size, packed, degree);
  const community = numberBySize(louvain(graph));
  const communityOf = new Map<string, number>();
  ids.forEach((id, i) => communityOf.set(id, community[i]!));

  const score = betweenness(graph);
  const quota = Math.ceil(size * BROKER_SHARE);
  const ranked: number[] = [];
  for (let i = 0; i < size; i++) if (score[i]! > 0) ranked.push(i);
  ranked.sort((a, b) => score[b]! - score[a]! || a - b);
  const spansCircles = (i: number) => {
    for (let e = graph.start[i]!; e < graph.start[i + 1]!; e++) if (community[graph.target[e]!] !== community[i]) return true;
    return false;
  };
  const brokers = new Set(ranked.slice(0, quota).filter(spansCircles).map((i) => ids[i]!));
  return { communityOf, brokers };
}

/** Communities among live people over live links, and the brokers between them. */
export function communities(doc: Y.Doc): Communities {
  const ids = livePeople(doc).map((person) => person.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const ties = liveLinks(doc, new Set(ids)).map((link) => ({ a: index.get(link.from)!, b: index.get(link.to)!, weight: link.strength }));
  return communitiesOf(ids, ties);
}
