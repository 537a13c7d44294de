/**
 * Drawing a link on the map with cytoscape-edgehandles (STYLE §10): the edge
 * edgehandles draws is removed at once, and the two people and the drop
 * point go to the caller, who asks what the link means and records it.
 */
import { useEffect, type RefObject } from 'react';
import cytoscape from 'cytoscape';
import edgehandles from 'cytoscape-edgehandles';
import { ME_NODE } from '../../../../shared/doc/layout';
import { isGroupId } from '../../../../shared/analytics/map-groups';

cytoscape.use(edgehandles);

export type EdgeHandles = ReturnType<cytoscape.Core['edgehandles']>;
export type MapMode = 'move' | 'link';

/** A link drawn but not yet recorded: its two people and where, on the canvas, it was dropped. */
export interface DrawnLink {
  source: string;
  target: string;
  x: number;
  y: number;
}

const isPerson = (node: cytoscape.NodeSingular) => node.id() !== ME_NODE && !isGroupId(node.id());

export function attachLinkDrawing(cy: cytoscape.Core, onDrawn: (link: DrawnLink) => void): { eh: EdgeHandles; detach(): void } {
  const eh = cy.edgehandles({
    // Between two people only: not me (no person record), not a large map's groups.
    canConnect: (source, target) => !source.same(target) && isPerson(source) && isPerson(target),
    hoverDelay: 100,
    snap: false,
  });
  cy.on('ehcomplete', (_event, source, target, added) => {
    (added as cytoscape.EdgeSingular).remove();
    const rendered = (target as cytoscape.NodeSingular).renderedPosition();
    onDrawn({ source: source.id(), target: target.id(), x: rendered.x, y: rendered.y });
  });
  // A drag that ends outside the canvas must not leave a half-drawn edge.
  const stopDrawing = () => eh.stop();
  window.addEventListener('mouseup', stopDrawing);
  return {
    eh,
    detach() {
      window.removeEventListener('mouseup', stopDrawing);
      eh.destroy();
    },
  };
}

/** Link mode draws links and grabs no one; move mode drags people (except in the ego view). */
export function useDrawMode(
  cyRef: RefObject<cytoscape.Core | null>,
  ehRef: RefObject<EdgeHandles | null>,
  mode: MapMode,
  arrangement: 'free' | 'ego',
): void {
  useEffect(() => {
    const eh = ehRef.current;
    const cy = cyRef.current;
    if (!eh || !cy) return;
    if (mode === 'link') {
      eh.enableDrawMode();
      cy.autoungrabify(true);
    } else {
      eh.disableDrawMode();
      // The ego view computes places from closeness; dragging there would store nothing meaningful.
      cy.autoungrabify(arrangement === 'ego');
    }
  }, [cyRef, ehRef, mode, arrangement]);
}
