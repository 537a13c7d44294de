/**
 * Places people who have no position yet, off the UI thread.
 *
 * On a map where most people are placed, newcomers go by the people they
 * are linked with (place-new.ts: tens of milliseconds, nobody else moves).
 * A map that is mostly new — or "Re-arrange", which sends nothing fixed —
 * gets a force layout: a headless cytoscape runs fcose with everyone
 * already placed held fixed. Draft quality (spectral only) takes ≈0.6 s for
 * 2,000 nodes here where the default takes minutes — but it stacks nodes of
 * simple shapes (a star) on top of each other, so small networks get the
 * default quality.
 */
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { LayoutRequest, LayoutResult } from './layout-messages';
import { placeNewPeople, shouldPlaceNear } from './place-new';

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
    quality: nodes.length <= FULL_QUALITY_UP_TO ? 'default' : 'draft',
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
  (self as unknown as Worker).postMessage({ id, positions } satisfies LayoutResult);
};
