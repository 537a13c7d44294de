/**
 * The map's one cytoscape instance for the life of the view: created on
 * mount, its gestures wired to the caller's handlers, destroyed on unmount.
 */
import { useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import cytoscape from 'cytoscape';
import { ME_NODE, setPosition } from '../../../../shared/doc/layout';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { saveWith } from '../../doc/save';
import { attachLinkDrawing, type DrawnLink, type EdgeHandles } from './link-drawing';
import { GROUP_CLASS, GROUP_LINK_CLASS, fitGroupLabels } from './group-elements';
import { mapStyle } from './map-style';
import type { MapRenderer } from './renderer-choice';
import { namesStayUp, onSettledView, showZoomClasses } from './zoom-classes';

export interface MapGestures {
  onLinkDrawn(link: DrawnLink): void;
  /** A link tapped (null: the background). */
  onSelectLink(id: string | null): void;
  /** A person tapped (null: me or the background). */
  onSelectPerson(id: string | null): void;
  /** Something the user should read (a move that could not be saved). */
  onMessage(text: string): void;
  /** A group of a large network's map tapped (group-elements.ts). */
  onOpenGroup(node: cytoscape.NodeSingular): void;
}

const darkScheme = () => window.matchMedia('(prefers-color-scheme: dark)');

/** The map's colours from the page's CSS variables, as the current theme sets them. */
function themeStyle(container: HTMLElement) {
  const style = getComputedStyle(container);
  const css = (name: string) => style.getPropertyValue(name).trim();
  return mapStyle({ text: css('--text'), accent: css('--accent'), surface: css('--surface'), link: css('--map-link'), dark: darkScheme().matches });
}

/**
 * Keeps cytoscape's idea of its container right, and the view's centre where
 * it was when the container changes size: a panel opening beside the map
 * narrows it from one side, and the people in the middle should stay there.
 */
function sizeFollower(cy: cytoscape.Core, container: HTMLElement): () => void {
  let width = container.clientWidth;
  let height = container.clientHeight;
  return () => {
    const nextWidth = container.clientWidth;
    const nextHeight = container.clientHeight;
    // Always: cytoscape also caches the container's position, which moves when content above it changes.
    cy.resize();
    if (width && height && (nextWidth !== width || nextHeight !== height)) {
      cy.panBy({ x: (nextWidth - width) / 2, y: (nextHeight - height) / 2 });
    }
    width = nextWidth;
    height = nextHeight;
  };
}

/** `renderer`: read when the map is created (renderer-choice.ts); the instance keeps it for its life. */
export function useCytoscape(doc: Y.Doc, gestures: MapGestures, renderer: MapRenderer = 'canvas') {
  const containerRef = useRef<HTMLDivElement>(null);
  const cyRef = useRef<cytoscape.Core | null>(null);
  const ehRef = useRef<EdgeHandles | null>(null);
  const followSizeRef = useRef<() => void>(() => undefined);
  // The latest handlers, so the instance outlives renders without going stale.
  const handlers = useRef(gestures);
  useEffect(() => {
    handlers.current = gestures;
  });
  const rendererRef = useRef(renderer);

  useEffect(() => {
    const container = containerRef.current!;
    const cy = cytoscape({
      container,
      style: themeStyle(container),
      wheelSensitivity: 0.3,
      minZoom: 0.05,
      maxZoom: 4,
      hideEdgesOnViewport: true,
      textureOnViewport: true,
      boxSelectionEnabled: false,
      ...(rendererRef.current === 'webgl' ? { renderer: { name: 'canvas', webgl: true } } : {}),
    } as cytoscape.CytoscapeOptions);
    const drawing = attachLinkDrawing(cy, (link) => handlers.current.onLinkDrawn(link));
    cyRef.current = cy;
    ehRef.current = drawing.eh;
    // Automation and debugging reach the canvas's graph through its element (there is no DOM per person).
    (container as HTMLDivElement & { cy?: cytoscape.Core }).cy = cy;

    cy.on('dragfree', `node[^members]`, (event) => {
      const node = event.target as cytoscape.NodeSingular;
      const problem = saveWith(() => setPosition(doc, node.id(), node.position(), LOCAL_UI));
      if (problem) handlers.current.onMessage(problem);
    });
    cy.on('tap', `edge.${GROUP_LINK_CLASS}`, () => {
      handlers.current.onSelectLink(null);
      handlers.current.onSelectPerson(null);
    });
    cy.on('tap', `node.${GROUP_CLASS}`, (event) => {
      handlers.current.onSelectLink(null);
      handlers.current.onSelectPerson(null);
      handlers.current.onOpenGroup(event.target as cytoscape.NodeSingular);
    });
    cy.on('tap', `edge[^weight]`, (event) => {
      handlers.current.onSelectPerson(null);
      handlers.current.onSelectLink((event.target as cytoscape.EdgeSingular).id());
    });
    cy.on('tap', `node[^members]`, (event) => {
      const id = (event.target as cytoscape.NodeSingular).id();
      handlers.current.onSelectLink(null);
      handlers.current.onSelectPerson(id === ME_NODE ? null : id);
    });
    cy.on('tap', (event) => {
      if (event.target !== cy) return;
      handlers.current.onSelectLink(null);
      handlers.current.onSelectPerson(null);
    });
    cy.on('mouseover', 'node', (event) => (event.target as cytoscape.NodeSingular).addClass('hover-named named'));
    cy.on('mouseout', 'node', (event) => {
      const node = event.target as cytoscape.NodeSingular;
      node.removeClass('hover-named');
      if (!namesStayUp(cy)) node.removeClass('named');
    });
    // Zoom classes follow the view once it has settled: one restyle per gesture, of the people in view.
    const stopMarking = onSettledView(cy, () => {
      showZoomClasses(cy);
      fitGroupLabels(cy);
    });
    const followSize = sizeFollower(cy, container);
    followSizeRef.current = followSize;
    const resize = new ResizeObserver(followSize);
    resize.observe(container);
    // The colours follow the theme when the system switches between light and dark.
    const scheme = darkScheme();
    const restyle = () => cy.style(themeStyle(container));
    scheme.addEventListener('change', restyle);

    return () => {
      stopMarking();
      scheme.removeEventListener('change', restyle);
      resize.disconnect();
      drawing.detach();
      cy.destroy();
      cyRef.current = null;
      ehRef.current = null;
      followSizeRef.current = () => undefined;
    };
  }, [doc]);

  /** `followSize` takes in a size change now, before the ResizeObserver reports it. */
  return { containerRef, cyRef, ehRef, followSizeRef };
}
