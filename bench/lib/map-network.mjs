/**
 * The network the map benches draw: the generated network of
 * open-5000-people (seed 5000: 5,000 people, 15,000 links, 10,000 notes)
 * with a stored position for everyone, so the app lays nobody out when it
 * opens the map.
 *
 * Positions are a deterministic sunflower (golden-angle) scatter around 'me'
 * at 0,0: person i (in id order) at radius SPACING·√i, angle i·137.5°. Nodes
 * end up about SPACING apart, filling a disc — roughly what a finished force
 * layout of an ego network looks like, with no overlaps to flatter or punish
 * either renderer.
 */
import { loadNetworkGenerator, loadTypeScript } from './bundle.mjs';

export const MAP_NETWORK = { seed: 5000, people: 5000, linksPerPerson: 3, notesPerPerson: 2 };
const SPACING = 60;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
const BENCH_ORIGIN = Symbol.for('kith.origin.bench');

/** Sunflower positions for `ids` (in the given order) around 0,0, plus 'me' at 0,0. */
export function scatterPositions(ids, meNode) {
  const positions = { [meNode]: { x: 0, y: 0 } };
  ids.forEach((id, index) => {
    const i = index + 1;
    const radius = SPACING * Math.sqrt(i);
    positions[id] = { x: Math.round(radius * Math.cos(i * GOLDEN_ANGLE)), y: Math.round(radius * Math.sin(i * GOLDEN_ANGLE)) };
  });
  return positions;
}

/**
 * Builds the document (generated network + every position in the `layout`
 * root, written by the app's own setPositions) and the map's elements as
 * the app derives them (`networkElements`).
 *
 * `place(personIds)` chooses whom to place (default: everyone); the rest
 * stay without a position.
 */
export async function buildMapNetwork({ place = (ids) => ids } = {}) {
  const [generator, layout, graph] = await Promise.all([
    loadNetworkGenerator(),
    loadTypeScript('shared/doc/layout.ts'),
    loadTypeScript('shared/analytics/graph.ts'),
  ]);
  const doc = generator.generateNetwork(MAP_NETWORK);
  const elements = graph.networkElements(doc);
  const personIds = elements.nodes.filter((node) => node.id !== layout.ME_NODE).map((node) => node.id);
  const all = scatterPositions(personIds, layout.ME_NODE);
  const placedIds = new Set([layout.ME_NODE, ...place(personIds)]);
  const positions = Object.fromEntries(Object.entries(all).filter(([id]) => placedIds.has(id)));
  const skipped = layout.setPositions(doc, positions, BENCH_ORIGIN);
  if (skipped.length) throw new Error(`setPositions skipped ${skipped.length} ids, e.g. ${skipped[0]}`);
  return { doc, elements, positions, allPositions: all, meNode: layout.ME_NODE };
}

/** Bare cytoscape elements (ids and positions only) for the same graph. */
export function bareElements(elements, positions) {
  return [
    ...elements.nodes.map((node) => ({ group: 'nodes', data: { id: node.id }, position: positions[node.id] })),
    ...elements.edges.map((edge) => ({ group: 'edges', data: { id: edge.id, source: edge.source, target: edge.target } })),
  ];
}
