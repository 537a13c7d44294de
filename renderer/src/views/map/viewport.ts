/** Where the map's view looks. */
import type cytoscape from 'cytoscape';
import type { Position } from './layout-messages';

/** Fitting a handful of people should not blow them up to poster size. */
const MAX_FIT_ZOOM = 1.2;
const FIT_PADDING = 60;

/** Shows every point (node centres; by default every node's) with a margin. */
export function fit(cy: cytoscape.Core, points: Iterable<Position> = cy.nodes().map((node) => node.position())) {
  // From the positions alone: cy.fit() would first style every element (≈2 s at 20,000).
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { x, y } of points) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  if (!Number.isFinite(minX)) return;
  const width = Math.max(1, cy.width() - 2 * FIT_PADDING);
  const height = Math.max(1, cy.height() - 2 * FIT_PADDING);
  const zoom = Math.max(cy.minZoom(), Math.min(MAX_FIT_ZOOM, width / Math.max(1, maxX - minX), height / Math.max(1, maxY - minY)));
  cy.viewport({ zoom, pan: { x: cy.width() / 2 - zoom * (minX + maxX) / 2, y: cy.height() / 2 - zoom * (minY + maxY) / 2 } });
}
