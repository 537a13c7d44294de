/**
 * Places people who have no position yet, off the UI thread.
 *
 * On a map where most people are placed, newcomers go by the people they
 * are linked with (place-new.ts: tens of milliseconds, nobody else moves).
 * A map that is mostly new — or "Re-arrange", which sends nothing fixed —
 * gets a force layout: a headless cytoscape runs fcose. Up to
 * FULL_QUALITY_UP_TO people, at its default quality, everyone tied loosely
 * to me and everyone already placed held fixed. Beyond that the default
 * takes minutes, so fcose gives a draft (spectral only, seconds) of the
 * links alone — tied to me, the draft put 5,000 people on 15 spots — and
 * spreadOut (place-new.ts) scales the draft until everyone has room and
 * moves each person to the nearest free spot, so the draft's shape stays
 * and no two people overlap; people already placed stay where they are.
 */
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { LayoutRequest, LayoutResult } from './layout-messages';
import { placeNewPeople, shouldPlaceNear, spreadOut } from './place-new';

cytoscape.use(fcose);

/** Up to this many people the force refinement runs too (well under a second here). */
const FULL_QUALITY_UP_TO = 400;

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { id, nodes, edges, fixed, hub, groups } = event.data;
  if (shouldPlaceNear(nodes, fixed)) {
    const positions = placeNewPeople({ nodes, edges, fixed, hub, groups });
    (self as unknown as Worker).postMessage({ id, positions } satisfies LayoutResult);
    return;
  }
  const positions = nodes.length <= FULL_QUALITY_UP_TO ? forceLayout(event.data) : spreadOut({ nodes, targets: draftOfLinks(nodes, edges), fixed, hub });
  (self as unknown as Worker).postMessage({ id, positions } satisfies LayoutResult);
};

/** fcose at its default quality, tied to me, with the placed people held fixed. */
function forceLayout({ nodes, edges, fixed, hub }: LayoutRequest): LayoutResult['positions'] {
  // fcose packs separate components only with another extension; tying everyone to the hub (me)
  // makes one component, and an ego-like picture: people spread around me, linked people close.
  const spokes = nodes.filter(([node]) => node !== hub).map(([node]) => [hub, node] as [string, string]);
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [{ selector: 'node', style: { width: 'data(size)', height: 'data(size)' } }],
    elements: [
      ...nodes.map(([id, size]) => ({ group: 'nodes' as const, data: { id, size } })),
      ...edges.map(([source, target], index) => ({ group: 'edges' as const, data: { id: `e${index}`, source, target } })),
      ...spokes.map(([source, target], index) => ({ group: 'edges' as const, data: { id: `s${index}`, source, target, spoke: true } })),
    ],
  });
  const fixedNodes = Object.entries(fixed).map(([nodeId, position]) => ({ nodeId, position }));
  cy.layout({
    name: 'fcose',
    quality: 'default',
    randomize: true,
    animate: false,
    nodeRepulsion: 9000,
    idealEdgeLength: (edge: cytoscape.EdgeSingular) => (edge.data('spoke') ? 220 : 90),
    edgeElasticity: (edge: cytoscape.EdgeSingular) => (edge.data('spoke') ? 0.05 : 0.45),
    fixedNodeConstraint: fixedNodes.length ? fixedNodes : undefined,
  } as cytoscape.LayoutOptions).run();
  const positions: LayoutResult['positions'] = {};
  cy.nodes().forEach((node) => {
    if (!(node.id() in fixed)) positions[node.id()] = { ...node.position() };
  });
  cy.destroy();
  return positions;
}

/** fcose's spectral draft of the links alone: the network's shape, with people packed on top of each other. */
function draftOfLinks(nodes: LayoutRequest['nodes'], edges: LayoutRequest['edges']): LayoutResult['positions'] {
  const cy = cytoscape({
    headless: true,
    elements: [
      ...nodes.map(([id]) => ({ group: 'nodes' as const, data: { id } })),
      ...edges.map(([source, target], index) => ({ group: 'edges' as const, data: { id: `e${index}`, source, target } })),
    ],
  });
  cy.layout({ name: 'fcose', quality: 'draft', randomize: true, animate: false } as cytoscape.LayoutOptions).run();
  const positions: LayoutResult['positions'] = {};
  cy.nodes().forEach((node) => {
    positions[node.id()] = { ...node.position() };
  });
  cy.destroy();
  return positions;
}
