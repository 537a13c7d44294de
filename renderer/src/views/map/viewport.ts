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

/** Space (screen px) kept between revealed people and the map's edges. */
const REVEAL_MARGIN = 48;
/** Room under a person for their name label (model px). */
const LABEL_ROOM = 22;
/** Long enough to follow where the view goes, short enough not to wait for it. */
const REVEAL_MS = 250;

/**
 * Brings `nodes` into view after the map's box changed (a panel opened
 * beside it): pans as little as it takes, and when they do not fit at this
 * zoom, zooms out to fit them if `zoomOut`, else leaves the view alone.
 * Returns false when they did not fit and the view was left alone.
 */
export function reveal(cy: cytoscape.Core, nodes: cytoscape.NodeCollection, { zoomOut }: { zoomOut: boolean }): boolean {
  if (nodes.empty()) return true;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  nodes.forEach((node) => {
    const { x, y } = node.position();
    const radius = Number(node.data('size') ?? 0) / 2;
    x1 = Math.min(x1, x - radius);
    y1 = Math.min(y1, y - radius);
    x2 = Math.max(x2, x + radius);
    y2 = Math.max(y2, y + radius + LABEL_ROOM);
  });
  const zoom = cy.zoom();
  const view = cy.extent();
  const margin = REVEAL_MARGIN / zoom;
  const fits = x2 - x1 <= view.w - 2 * margin && y2 - y1 <= view.h - 2 * margin;
  if (!fits) {
    if (!zoomOut) return false;
    const fitZoom = Math.min(
      (cy.width() - 2 * REVEAL_MARGIN) / Math.max(1, x2 - x1),
      (cy.height() - 2 * REVEAL_MARGIN) / Math.max(1, y2 - y1),
    );
    const nextZoom = Math.max(cy.minZoom(), Math.min(zoom, fitZoom));
    cy.animate({
      zoom: nextZoom,
      pan: { x: cy.width() / 2 - nextZoom * (x1 + x2) / 2, y: cy.height() / 2 - nextZoom * (y1 + y2) / 2 },
      duration: REVEAL_MS,
    });
    return true;
  }
  const shift = (low: number, high: number, viewLow: number, viewHigh: number) =>
    low < viewLow + margin ? low - (viewLow + margin) : high > viewHigh - margin ? high - (viewHigh - margin) : 0;
  const dx = shift(x1, x2, view.x1, view.x2);
  const dy = shift(y1, y2, view.y1, view.y2);
  if (dx || dy) cy.animate({ panBy: { x: -dx * zoom, y: -dy * zoom }, duration: REVEAL_MS });
  return true;
}
