/**
 * The document's people and links onto the cytoscape graph: elements added,
 * changed and removed by id, and positions applied, restyling only what
 * changed (STYLE §10).
 */
import type cytoscape from 'cytoscape';
import { ORG_PALETTE, OTHER_ORGS_COLOR, type LegendEntry, type MapEdge, type MapNode } from '../../../../shared/analytics/graph';
import { foldText } from '../../../../shared/analytics/normalize';
import type { Position } from './layout-messages';
import { DETAIL_FROM_ZOOM, viewBox, zoomClassesAt, zoomState } from './zoom-classes';

export const ORIGIN: Position = { x: 0, y: 0 };

/** Distinct colours for the largest organisations, in legend order. */
export function distinctColours(legend: LegendEntry[]): LegendEntry[] {
  let next = 0;
  return legend.map((entry) =>
    entry.org === '' || entry.color === OTHER_ORGS_COLOR ? entry : { ...entry, color: ORG_PALETTE[next++ % ORG_PALETTE.length]! },
  );
}

/** Each node's colour from the legend; organisations outside it share the "Other" colour. */
export function colourOf(legend: LegendEntry[]): (node: MapNode) => string {
  const byOrg = new Map(legend.map((entry) => [foldText(entry.org), entry.color]));
  return (node) => (node.tier === 'me' || !node.org ? node.orgColor : (byOrg.get(foldText(node.org)) ?? OTHER_ORGS_COLOR));
}

/** The node's data as the map's style and decorations read it. */
function nodeData(node: MapNode, colour: (node: MapNode) => string): Record<string, unknown> {
  return { ...node, orgColor: colour(node), tags: undefined, tagList: node.tags };
}

const sameList = (a: unknown, b: readonly unknown[]) =>
  Array.isArray(a) && a.length === b.length && a.every((item, index) => item === b[index]);

/** True when the element's data already holds every value of `next` (so setting it would restyle for nothing). */
function sameData(current: Record<string, unknown>, next: Record<string, unknown>): boolean {
  for (const key of Object.keys(next)) {
    const value = next[key];
    if (value === undefined) continue;
    if (Array.isArray(value) ? !sameList(current[key], value) : current[key] !== value) return false;
  }
  return true;
}

/**
 * Adds, updates and removes cytoscape elements by id so the map shows
 * `nodes` and `edges`. Data is set only on elements whose data changed:
 * setting it restyles the element, and a document change elsewhere (a
 * dragged person, a stored layout) must not restyle all 20,000.
 * `extra`: elements drawn as given (a large network's groups and the links
 * between them, group-elements.ts), kept by id like the rest.
 * Returns how many elements were added.
 */
export function patchElements(
  cy: cytoscape.Core,
  nodes: MapNode[],
  edges: MapEdge[],
  positions: Map<string, Position>,
  colour: (node: MapNode) => string,
  extra: readonly cytoscape.ElementDefinition[] = [],
): number {
  // New elements go in with one add (after the batch of changes): one event and one style pass
  // instead of one per element.
  const added: cytoscape.ElementDefinition[] = [];
  cy.batch(() => {
    const wantedNodes = new Set(nodes.map((node) => node.id));
    const wantedEdges = new Set(edges.map((edge) => edge.id));
    for (const element of extra) (element.group === 'nodes' ? wantedNodes : wantedEdges).add(element.data.id!);
    cy.edges().forEach((edge) => {
      if (!wantedEdges.has(edge.id()) && !edge.hasClass('path-spoke')) edge.remove();
    });
    cy.nodes().forEach((node) => {
      if (!wantedNodes.has(node.id())) node.remove();
    });
    // Classes go into the new elements' definitions, so each is styled once, as it will be drawn.
    const box = viewBox(cy);
    const linkDetail = zoomState(cy).detailShown || cy.zoom() >= DETAIL_FROM_ZOOM;
    for (const node of nodes) {
      const existing = cy.getElementById(node.id);
      const data = nodeData(node, colour);
      if (existing.nonempty()) {
        if (!sameData(existing.data() as Record<string, unknown>, data)) existing.data(data);
        if (existing.hasClass('dormant') !== node.dormant) existing.toggleClass('dormant', node.dormant);
      } else {
        // A copy: cytoscape keeps the object it is given as the node's position and moves it in place.
        const position = { ...(positions.get(node.id) ?? ORIGIN) };
        const classes = `${zoomClassesAt(cy, box, position)}${node.dormant ? ' dormant' : ''}`.trim();
        added.push({ group: 'nodes', data, position, classes });
      }
    }
    for (const edge of edges) {
      const existing = cy.getElementById(edge.id);
      if (existing.empty()) added.push({ group: 'edges', data: edge, classes: linkDetail ? 'detail' : '' });
      else if (!sameData(existing.data() as Record<string, unknown>, { ...edge })) {
        existing.data(edge);
        if (linkDetail) existing.addClass('detail');
      }
    }
    for (const element of extra) {
      const existing = cy.getElementById(element.data.id!);
      if (existing.empty()) {
        added.push({ ...element, ...(element.position ? { position: { ...element.position } } : {}) });
        continue;
      }
      if (!sameData(existing.data() as Record<string, unknown>, element.data as Record<string, unknown>)) existing.data(element.data);
      const at = element.position;
      if (at && existing.isNode() && (existing.position().x !== at.x || existing.position().y !== at.y)) existing.position({ ...at });
    }
  });
  if (!added.length) return 0;
  if (cy.elements().nonempty()) cy.add(added);
  else {
    // A new map: people first, styled while they have no links yet (for each property it applies
    // to a node, cytoscape clears the style caches of the node's links, a walk that cost more than
    // the styling itself), then the links.
    cy.add(added.filter((element) => element.group === 'nodes')).boundingBox();
    cy.add(added.filter((element) => element.group === 'edges'));
  }
  return added.length;
}

/**
 * Styles and measures every element now, outside cytoscape's render loop.
 * Left to the first frame, that styling marks the elements dirty again
 * and cytoscape draws the whole graph twice (5,000 people and 15,000
 * links: two frames of seconds each here). Bare cytoscape does the same
 * when its preset layout fits the view.
 */
export function prepareFirstFrame(cy: cytoscape.Core): void {
  // The renderer's own queue first (its "rendered style" of every element), which its first frame
  // would otherwise redo; then every bounding box, from those results.
  (cy as unknown as { renderer?: () => { flushRenderedStyleQueue?: () => void } }).renderer?.()?.flushRenderedStyleQueue?.();
  cy.elements().boundingBox();
}

/** Moves nodes to their stored positions (except one being dragged). */
export function applyPositions(cy: cytoscape.Core, positions: Map<string, Position>) {
  cy.batch(() => {
    positions.forEach((position, id) => {
      const node = cy.getElementById(id);
      if (node.empty() || node.grabbed()) return;
      const current = node.position();
      if (current.x !== position.x || current.y !== position.y) node.position(position);
    });
  });
}
