/**
 * The network map. It displays the document and turns gestures into
 * operations (STYLE §10): dragging a person moves them (setPosition),
 * drawing from one person to another opens a choice of link kind and then
 * calls createLink — the edge edgehandles drew is removed at once, and the
 * document change draws the real one.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import cytoscape from 'cytoscape';
import edgehandles from 'cytoscape-edgehandles';
import {
  ORG_PALETTE,
  OTHER_ORGS_COLOR,
  networkElements,
  orgLegend,
  type LegendEntry,
  type MapEdge,
  type MapNode,
} from '../../../../shared/analytics/graph';
import { foldText } from '../../../../shared/analytics/normalize';
import { ME_NODE, getPositions, setPosition, setPositions } from '../../../../shared/doc/layout';
import { createLink } from '../../../../shared/doc/links';
import { AUTO_LAYOUT, LOCAL_UI } from '../../../../shared/doc/origins';
import { useDocValue } from '../../doc/useDocValue';
import { PersonDetail, saveWith } from '../PersonDetail';
import { Connections, WhatYouShare } from '../PersonPanels';
import { TIERS, deletePerson, type Person, type Tier } from '../../../../shared/doc/people';
import type { Suggestions } from '../../doc/suggestions';
import { Icon } from '../../ui/icons';
import { LinkPopover, type LinkChoice } from './LinkPopover';
import { LinkPanel } from './LinkPanel';
import { LayoutClient } from './layout-client';
import { placeNewPeople, shouldPlaceNear } from './place-new';
import { PathPanel } from './PathPanel';
import { decorate, type MapFilters } from './decorate';
import { bestPath, egoPositions } from '../../../../shared/analytics/graph-paths';
import { communities } from '../../../../shared/analytics/graph-communities';
import { PersonPicker } from '../../ui/PersonPicker';
import { TIER_LABELS } from '../ProfileFields';
import { mapStyle } from './map-style';
import type { Position } from './layout-messages';

cytoscape.use(edgehandles);

const ELEMENT_ROOTS = ['contacts', 'links', 'me', 'notes'] as const;
const LAYOUT_ROOTS = ['layout'] as const;
/** Below this many people every name is shown; above it, names appear on hover, and on people in view once zoomed in. */
const NAMES_ALWAYS_UP_TO = 150;
const NAMES_FROM_ZOOM = 1.4;
/**
 * Rings and initials (the `detail` class, map-style.ts): on everyone of a
 * network this small; on a larger one on the people in view from this zoom
 * on, where the biggest initials become readable (below it they are under
 * cytoscape's min-zoomed-font-size anyway and a 2 px ring is a fraction of
 * a pixel). Leaving them out of the overview saves styling 5,000 people with
 * eight more properties before the first frame; marking only who is in
 * view keeps zooming in from restyling all of them at once (a 2 s freeze).
 * Once marked, people keep the class.
 */
const DETAIL_ALWAYS_UP_TO = 1000;
const DETAIL_FROM_ZOOM = 0.25;
/** People this far (a share of the view's size) outside the view are marked too, so a short pan shows them ready. */
const VIEW_MARGIN = 0.25;
/** Marking waits until the view has been still this long (ms), so a gesture restyles once, at its end. */
const MARK_AFTER_MS = 100;
/** Distance between the closeness rings of the ego view: close enough that names stay readable when it fits. */
const EGO_RING_GAP = 90;
/** Fitting a handful of people should not blow them up to poster size. */
const MAX_FIT_ZOOM = 1.2;

const ORIGIN: Position = { x: 0, y: 0 };

/**
 * What the map shows at its current zoom, per cytoscape instance. Not in
 * cy.scratch(): setting the core's scratch makes cytoscape restyle every
 * element (once per zoom event, that froze wheel zooming for seconds).
 */
interface ZoomState {
  nodeCount: number;
  /** Every person has `detail` (a small network). */
  detailShown: boolean;
  /** Every person has `named` (a small network). */
  namesShown: boolean;
  /** Some people were named for being in view: zooming out must take the names away again. */
  namedInView: boolean;
}
const zoomStates = new WeakMap<cytoscape.Core, ZoomState>();
function zoomState(cy: cytoscape.Core): ZoomState {
  let state = zoomStates.get(cy);
  if (!state) zoomStates.set(cy, (state = { nodeCount: 0, detailShown: false, namesShown: false, namedInView: false }));
  return state;
}

/** Model coordinates of the view, widened by VIEW_MARGIN on each side. */
function viewBox(cy: cytoscape.Core): { x1: number; y1: number; x2: number; y2: number } {
  const { x1, y1, x2, y2, w, h } = cy.extent();
  return { x1: x1 - w * VIEW_MARGIN, y1: y1 - h * VIEW_MARGIN, x2: x2 + w * VIEW_MARGIN, y2: y2 + h * VIEW_MARGIN };
}

const inBox = (box: ReturnType<typeof viewBox>, { x, y }: Position) => x >= box.x1 && x <= box.x2 && y >= box.y1 && y <= box.y2;

/** The zoom classes a person added at `position` starts with (so they are styled once). */
function zoomClassesAt(cy: cytoscape.Core, box: ReturnType<typeof viewBox>, position: Position): string {
  const { detailShown, namesShown } = zoomState(cy);
  const zoom = cy.zoom();
  const detail = detailShown || (zoom >= DETAIL_FROM_ZOOM && inBox(box, position));
  const named = namesShown || (zoom >= NAMES_FROM_ZOOM && inBox(box, position));
  return `${detail ? ' detail' : ''}${named ? ' named' : ''}`;
}

/** Shows every point (node centres; by default every node's) with a margin. */
function fit(cy: cytoscape.Core, points: Iterable<Position> = cy.nodes().map((node) => node.position())) {
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
  const padding = 60;
  const width = Math.max(1, cy.width() - 2 * padding);
  const height = Math.max(1, cy.height() - 2 * padding);
  const zoom = Math.max(cy.minZoom(), Math.min(MAX_FIT_ZOOM, width / Math.max(1, maxX - minX), height / Math.max(1, maxY - minY)));
  cy.viewport({ zoom, pan: { x: cy.width() / 2 - zoom * (minX + maxX) / 2, y: cy.height() / 2 - zoom * (minY + maxY) / 2 } });
}

type Mode = 'move' | 'link';

interface PendingLink {
  source: string;
  target: string;
  x: number;
  y: number;
}

interface MapViewProps {
  doc: Y.Doc;
  people: Person[];
  suggestions: Suggestions;
  onOpenPerson(id: string): void;
  onOpenMe(): void;
}

function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function themeStyle() {
  return mapStyle({
    text: cssColor('--text'),
    muted: cssColor('--muted'),
    accent: cssColor('--accent'),
    surface: cssColor('--surface'),
    border: cssColor('--border'),
  });
}

/** Distinct colours for the largest organisations, in legend order. */
function distinctColours(legend: LegendEntry[]): LegendEntry[] {
  let next = 0;
  return legend.map((entry) =>
    entry.org === '' || entry.color === OTHER_ORGS_COLOR ? entry : { ...entry, color: ORG_PALETTE[next++ % ORG_PALETTE.length]! },
  );
}

/** Each node's colour from the legend; organisations outside it share the "Other" colour. */
function colourOf(legend: LegendEntry[]): (node: MapNode) => string {
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
 * Returns how many elements were added.
 */
function patchElements(
  cy: cytoscape.Core,
  nodes: MapNode[],
  edges: MapEdge[],
  positions: Map<string, Position>,
  colour: (node: MapNode) => string,
): number {
  // New elements go in with one add (after the batch of changes): one event and one style pass
  // instead of one per element.
  const added: cytoscape.ElementDefinition[] = [];
  cy.batch(() => {
    const wantedNodes = new Set(nodes.map((node) => node.id));
    const wantedEdges = new Set(edges.map((edge) => edge.id));
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
function prepareFirstFrame(cy: cytoscape.Core): void {
  // The renderer's own queue first (its "rendered style" of every element), which its first frame
  // would otherwise redo; then every bounding box, from those results.
  (cy as unknown as { renderer?: () => { flushRenderedStyleQueue?: () => void } }).renderer?.()?.flushRenderedStyleQueue?.();
  cy.elements().boundingBox();
}

/**
 * Names and rings/initials by zoom (NAMES_*, DETAIL_*): on every person of
 * a small network; on a large one, on the people in view once zoomed in far
 * enough, and names off again when zoomed out. Called before each patch and
 * when the view has settled — never per added element, which made opening
 * a map of 5,000 people quadratic. On an empty map it only sets the flags:
 * patchElements gives new people their classes in their definitions.
 */
function showZoomClasses(cy: cytoscape.Core): void {
  const state = zoomState(cy);
  const everyDetail = state.detailShown || state.nodeCount <= DETAIL_ALWAYS_UP_TO;
  const everyName = state.nodeCount <= NAMES_ALWAYS_UP_TO;
  const detailChanged = everyDetail !== state.detailShown;
  const namesChanged = everyName !== state.namesShown;
  state.detailShown = everyDetail;
  state.namesShown = everyName;
  if (cy.nodes().empty()) return;
  const zoom = cy.zoom();
  const detailInView = !everyDetail && zoom >= DETAIL_FROM_ZOOM;
  const namesInView = !everyName && zoom >= NAMES_FROM_ZOOM;
  const namesGone = !everyName && !namesInView && (namesChanged || state.namedInView);
  if (!detailChanged && !namesChanged && !detailInView && !namesInView && !namesGone) return;
  const box = viewBox(cy);
  const inView = detailInView || namesInView ? cy.nodes().filter((node) => inBox(box, node.position())) : cy.collection();
  const newlyDetailed = detailChanged ? cy.nodes() : detailInView ? inView.not('.detail') : cy.collection();
  const newlyNamed = everyName && namesChanged ? cy.nodes() : namesInView ? inView.not('.named') : cy.collection();
  if (newlyDetailed.empty() && newlyNamed.empty() && !namesGone) return;
  cy.batch(() => {
    newlyDetailed.addClass('detail');
    newlyDetailed.connectedEdges('[kind = "introduced"]').addClass('detail');
    newlyNamed.addClass('named');
    if (namesGone) cy.nodes('.named').not('.hover-named').removeClass('named');
  });
  if (namesInView) state.namedInView = true;
  if (namesGone) state.namedInView = false;
}

/** True when a person's name stays up without hovering: a small network, or zoomed in to names. */
function namesStayUp(cy: cytoscape.Core): boolean {
  return zoomState(cy).namesShown || cy.zoom() >= NAMES_FROM_ZOOM;
}

/**
 * Places for people without one when most people have one (place-new.ts),
 * or null: nobody to place, or a map mostly new, which the force layout
 * lays out instead.
 */
function placeNewcomers(elements: { nodes: MapNode[]; edges: MapEdge[] }, positions: Map<string, Position>): Record<string, Position> | null {
  if (elements.nodes.every((node) => positions.has(node.id))) return null;
  const nodes = elements.nodes.map((node) => [node.id, node.size] as const);
  if (!shouldPlaceNear(nodes, positions)) return null;
  return placeNewPeople({
    nodes,
    edges: elements.edges.map((edge) => [edge.source, edge.target] as const),
    fixed: positions,
    hub: ME_NODE,
    groups: new Map(elements.nodes.filter((node) => node.org).map((node) => [node.id, foldText(node.org)])),
  });
}

/** Moves nodes to their stored positions (except one being dragged). */
function applyPositions(cy: cytoscape.Core, positions: Map<string, Position>) {
  cy.batch(() => {
    positions.forEach((position, id) => {
      const node = cy.getElementById(id);
      if (node.empty() || node.grabbed()) return;
      const current = node.position();
      if (current.x !== position.x || current.y !== position.y) node.position(position);
    });
  });
}

export function MapView({ doc, people, suggestions, onOpenPerson, onOpenMe }: MapViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const cyRef = useRef<cytoscape.Core | null>(null);
  const ehRef = useRef<ReturnType<cytoscape.Core['edgehandles']> | null>(null);
  const layoutRef = useRef<LayoutClient | null>(null);
  /** Set when a layout has placed people: fit the view once their positions are drawn. */
  const fitOnNextPositions = useRef(false);
  const [mode, setMode] = useState<Mode>('move');
  const [pending, setPending] = useState<PendingLink | null>(null);
  const [selectedEdge, setSelectedEdge] = useState<string | null>(null);
  const [selectedPerson, setSelectedPerson] = useState<string | null>(null);
  const person = people.find((candidate) => candidate.id === selectedPerson) ?? null;
  const [message, setMessage] = useState<string | null>(null);
  const [placing, setPlacing] = useState(false);
  const [arrangement, setArrangement] = useState<'free' | 'ego'>('free');
  const [colourBy, setColourBy] = useState<'org' | 'community'>('org');
  const [filters, setFilters] = useState<MapFilters>({});
  const [find, setFind] = useState('');
  const [pathTarget, setPathTarget] = useState('');

  const elements = useDocValue(doc, ELEMENT_ROOTS, networkElements);
  const positions = useDocValue(doc, LAYOUT_ROOTS, getPositions);
  // Distinct colours for the largest organisations, in legend order (a hash of the name would repeat colours).
  const legend = useMemo(() => distinctColours(orgLegend(elements.nodes)), [elements.nodes]);
  const ego = useMemo(() => (arrangement === 'ego' && elements ? egoPositions(doc, { radius: EGO_RING_GAP }) : null), [arrangement, doc, elements]);
  // On a mostly placed map, people never placed get a place at once, by the people they know
  // (stored by the effect below); the force layout is for maps that are mostly new.
  const nearby = useMemo(() => placeNewcomers(elements, positions), [elements, positions]);
  const freePositions = useMemo(
    () => (nearby && Object.keys(nearby).length ? new Map([...positions, ...Object.entries(nearby)]) : positions),
    [positions, nearby],
  );
  const shownPositions = ego ?? freePositions;
  const groups = useMemo(
    () => (colourBy === 'community' && elements ? communities(doc) : { communityOf: new Map<string, number>(), brokers: new Set<string>() }),
    [colourBy, doc, elements],
  );
  const path = useMemo(() => (pathTarget && elements ? bestPath(doc, ME_NODE, pathTarget) : null), [pathTarget, doc, elements]);
  const filterOptions = useMemo(() => {
    const orgs = new Set<string>();
    const tags = new Set<string>();
    for (const node of elements.nodes) {
      if (node.org) orgs.add(node.org);
      for (const tag of node.tags) tags.add(tag);
    }
    return { orgs: [...orgs].sort(), tags: [...tags].sort() };
  }, [elements.nodes]);
  const nameOf = useCallback((id: string) => elements.nodes.find((node) => node.id === id)?.name ?? 'someone', [elements.nodes]);

  // One cytoscape instance for the life of the view.
  useEffect(() => {
    const container = containerRef.current!;
    const cy = cytoscape({
      container,
      style: themeStyle(),
      wheelSensitivity: 0.3,
      minZoom: 0.05,
      maxZoom: 4,
      hideEdgesOnViewport: true,
      textureOnViewport: true,
      boxSelectionEnabled: false,
    });
    const eh = cy.edgehandles({
      canConnect: (source, target) => !source.same(target) && source.id() !== ME_NODE && target.id() !== ME_NODE,
      hoverDelay: 100,
      snap: false,
    });
    cyRef.current = cy;
    ehRef.current = eh;
    // Automation and debugging reach the canvas's graph through its element (there is no DOM per person).
    (container as HTMLDivElement & { cy?: cytoscape.Core }).cy = cy;
    layoutRef.current = new LayoutClient();

    cy.on('ehcomplete', (_event, source, target, added) => {
      (added as cytoscape.EdgeSingular).remove();
      const rendered = (target as cytoscape.NodeSingular).renderedPosition();
      setPending({ source: source.id(), target: target.id(), x: rendered.x, y: rendered.y });
    });
    cy.on('dragfree', 'node', (event) => {
      const node = event.target as cytoscape.NodeSingular;
      const problem = saveWith(() => setPosition(doc, node.id(), node.position(), LOCAL_UI));
      if (problem) setMessage(problem);
    });
    cy.on('tap', 'edge', (event) => {
      setSelectedPerson(null);
      setSelectedEdge((event.target as cytoscape.EdgeSingular).id());
    });
    cy.on('tap', 'node', (event) => {
      const id = (event.target as cytoscape.NodeSingular).id();
      setSelectedEdge(null);
      setSelectedPerson(id === ME_NODE ? null : id);
    });
    cy.on('tap', (event) => {
      if (event.target !== cy) return;
      setSelectedEdge(null);
      setSelectedPerson(null);
    });
    cy.on('mouseover', 'node', (event) => (event.target as cytoscape.NodeSingular).addClass('hover-named named'));
    cy.on('mouseout', 'node', (event) => {
      const node = event.target as cytoscape.NodeSingular;
      node.removeClass('hover-named');
      if (!namesStayUp(cy)) node.removeClass('named');
    });
    // Zoom classes follow the view once it has settled: one restyle per gesture, of the people in view.
    let marking: ReturnType<typeof setTimeout> | undefined;
    cy.on('viewport', () => {
      clearTimeout(marking);
      marking = setTimeout(() => showZoomClasses(cy), MARK_AFTER_MS);
    });
    // cytoscape caches the container's position: keep it right when the layout around it changes.
    const resize = new ResizeObserver(() => cy.resize());
    resize.observe(container);
    // A drag that ends outside the canvas must not leave a half-drawn edge.
    const stopDrawing = () => eh.stop();
    window.addEventListener('mouseup', stopDrawing);

    return () => {
      clearTimeout(marking);
      window.removeEventListener('mouseup', stopDrawing);
      resize.disconnect();
      layoutRef.current?.destroy();
      eh.destroy();
      cy.destroy();
      cyRef.current = null;
    };
  }, [doc]);

  // Places found by the people around them are stored at once (the patch below draws them there
  // from `nearby` already), before the long first patch of a big map.
  useEffect(() => {
    if (!nearby) return;
    const stored = getPositions(doc);
    const fresh = Object.fromEntries(Object.entries(nearby).filter(([id]) => !stored.has(id)));
    // As for the force layout's places: a save that fails is retried with the next change.
    if (Object.keys(fresh).length) saveWith(() => setPositions(doc, fresh, AUTO_LAYOUT));
  }, [doc, nearby]);

  // The document drives the picture: elements when they change, positions always.
  const patched = useRef<{ cy: cytoscape.Core; elements: typeof elements; legend: LegendEntry[] } | null>(null);
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const last = patched.current;
    if (last?.cy !== cy || last.elements !== elements || last.legend !== legend) {
      patched.current = { cy, elements, legend };
      const first = cy.nodes().empty();
      zoomState(cy).nodeCount = elements.nodes.length;
      // A new map is fitted before its elements go in, so they are added with the classes that zoom shows.
      if (first) fit(cy, elements.nodes.map((node) => shownPositions.get(node.id) ?? ORIGIN));
      showZoomClasses(cy);
      const added = patchElements(cy, elements.nodes, elements.edges, shownPositions, colourOf(legend));
      if (first && added) prepareFirstFrame(cy);
    }
    applyPositions(cy, shownPositions);
    if (fitOnNextPositions.current && cy.nodes().nonempty()) {
      fitOnNextPositions.current = false;
      fit(cy);
    }
  }, [elements, shownPositions, legend]);

  // View settings only mark elements; they run again when elements change (new ones need their marks).
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    decorate(cy, {
      filters,
      find,
      focus: selectedPerson,
      path: path?.path ?? [],
      colourBy,
      communityOf: groups.communityOf,
      brokers: groups.brokers,
    });
  }, [elements, filters, find, selectedPerson, path, colourBy, groups]);

  // Otherwise people never placed get a place from the force layout, off the UI thread; placed people stay put.
  useEffect(() => {
    const unplaced = elements.nodes.filter((node) => !positions.has(node.id));
    if (unplaced.length === 0 || nearby || !layoutRef.current) return;
    let cancelled = false;
    setPlacing(true);
    const onMap = new Set(elements.nodes.map((node) => node.id));
    const fixed = Object.fromEntries([...positions].filter(([id]) => onMap.has(id)));
    void layoutRef.current
      .layout({
        nodes: elements.nodes.map((node) => [node.id, node.size]),
        edges: elements.edges.map((edge) => [edge.source, edge.target]),
        fixed,
        hub: ME_NODE,
      })
      .then((placed) => {
        if (cancelled) return;
        setPlacing(false);
        const fresh = Object.fromEntries(Object.entries(placed).filter(([id]) => !getPositions(doc).has(id)));
        fitOnNextPositions.current = positions.size === 0;
        if (Object.keys(fresh).length) saveWith(() => setPositions(doc, fresh, AUTO_LAYOUT));
      });
    return () => {
      cancelled = true;
    };
  }, [doc, elements, positions, nearby]);

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
  }, [mode, arrangement]);

  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), 6000);
    return () => clearTimeout(timer);
  }, [message]);

  const arrange = (next: 'free' | 'ego') => {
    if (next === arrangement) return;
    fitOnNextPositions.current = true;
    setArrangement(next);
  };

  const confirmLink = (choice: LinkChoice): string | null => {
    if (!pending) return null;
    const problem = saveWith(() =>
      createLink(doc, { from: pending.source, to: pending.target, kind: choice.kind, label: choice.label, strength: choice.strength }, LOCAL_UI),
    );
    if (!problem) setPending(null);
    return problem;
  };

  const relayout = async () => {
    const client = layoutRef.current;
    if (!client) return;
    setPlacing(true);
    const placed = await client.layout({
      nodes: elements.nodes.map((node) => [node.id, node.size]),
      edges: elements.edges.map((edge) => [edge.source, edge.target]),
      fixed: {},
      hub: ME_NODE,
    });
    setPlacing(false);
    fitOnNextPositions.current = true;
    saveWith(() => setPositions(doc, placed, LOCAL_UI));
  };

  return (
    <section className="view map-view" aria-labelledby="map-title">
      <header className="view-header">
        <div>
          <h1 id="map-title">Map</h1>
          <p className="muted">
            {mode === 'link'
              ? 'Drag from one person to another to link them. Press L or Esc to go back to moving people.'
              : 'Drag people to arrange them; switch to Link (L) to draw who knows whom.'}
          </p>
        </div>
        <div className="header-actions">
          <div className="segmented" role="group" aria-label="Map mode">
            <button type="button" aria-pressed={mode === 'move'} onClick={() => setMode('move')}>
              Move
            </button>
            <button type="button" aria-pressed={mode === 'link'} onClick={() => setMode('link')}>
              Link
            </button>
          </div>
          <button type="button" className="button" onClick={() => void relayout()} disabled={placing}>
            {placing ? 'Arranging…' : 'Re-arrange'}
          </button>
        </div>
      </header>
      <div className="map-toolbar" aria-label="Map view">
        <div className="segmented" role="group" aria-label="Arrangement">
          <button type="button" aria-pressed={arrangement === 'free'} onClick={() => arrange('free')}>
            Free
          </button>
          <button type="button" aria-pressed={arrangement === 'ego'} onClick={() => arrange('ego')}>
            Me at the centre
          </button>
        </div>
        <div className="segmented" role="group" aria-label="Colour by">
          <button type="button" aria-pressed={colourBy === 'org'} onClick={() => setColourBy('org')}>
            Organisations
          </button>
          <button type="button" aria-pressed={colourBy === 'community'} onClick={() => setColourBy('community')}>
            Circles
          </button>
        </div>
        <select aria-label="Organisation filter" value={filters.org ?? ''} onChange={(event) => setFilters({ ...filters, org: event.target.value || undefined })}>
          <option value="">Any organisation</option>
          {filterOptions.orgs.map((org) => (
            <option key={org}>{org}</option>
          ))}
        </select>
        <select aria-label="Tag filter" value={filters.tag ?? ''} onChange={(event) => setFilters({ ...filters, tag: event.target.value || undefined })}>
          <option value="">Any tag</option>
          {filterOptions.tags.map((tag) => (
            <option key={tag}>{tag}</option>
          ))}
        </select>
        <select
          aria-label="Closeness filter"
          value={filters.tier ?? ''}
          onChange={(event) => setFilters({ ...filters, tier: (event.target.value || undefined) as Tier | undefined })}
        >
          <option value="">Any closeness</option>
          {TIERS.map((tier) => (
            <option key={tier} value={tier}>
              {TIER_LABELS[tier]}
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" checked={Boolean(filters.dormantOnly)} onChange={(event) => setFilters({ ...filters, dormantOnly: event.target.checked })} />
          Going quiet
        </label>
        <input className="map-find" type="search" aria-label="Find on the map" placeholder="Find on the map" value={find} onChange={(event) => setFind(event.target.value)} />
        <div className="map-path-picker">
          <PersonPicker label="Who can introduce me to…" people={people} value={pathTarget} onCommit={(id) => { setPathTarget(id); return null; }} testId="path-target" placeholder="Who can introduce me to…" />
        </div>
      </div>
      <div className="map-body">
        <div className="map-canvas-wrap">
          <div
            ref={containerRef}
            className={`map-canvas ${mode === 'link' ? 'linking' : ''}`}
            data-testid="map"
            tabIndex={0}
            aria-label="Network map"
            onKeyDown={(event) => {
              if (event.key === 'l' || event.key === 'L') setMode((current) => (current === 'link' ? 'move' : 'link'));
              else if (event.key === 'Escape') setMode('move');
            }}
          />
          {elements.nodes.length <= 1 ? (
            <div className="map-empty">
              <Icon name="map" size={28} />
              <p>Add people, then link who knows whom. Your network appears here.</p>
            </div>
          ) : null}
          {pending ? (
            <LinkPopover
              title={`Link ${nameOf(pending.source)} and ${nameOf(pending.target)}`}
              x={pending.x}
              y={pending.y}
              onConfirm={confirmLink}
              onCancel={() => setPending(null)}
            />
          ) : null}
          {message ? (
            <div className="toast" role="status">
              {message}
            </div>
          ) : null}
          {colourBy === 'community' ? (
            <p className="legend legend-note">
              Colours are circles: people more linked to each other than to the rest. A double ring marks a broker who
              bridges circles.
            </p>
          ) : legend.length > 0 ? (
            <ul className="legend" aria-label="Organisations">
              {legend.map((entry) => (
                <li key={entry.org}>
                  <span className="swatch" style={{ background: entry.color }} />
                  {entry.org} <span className="muted">{entry.count}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        {pathTarget ? (
          <PathPanel
            path={path?.path ?? null}
            target={nameOf(pathTarget)}
            nameOf={nameOf}
            edges={elements.edges}
            onClose={() => setPathTarget('')}
          />
        ) : selectedEdge ? (
          <LinkPanel doc={doc} linkId={selectedEdge} nameOf={nameOf} onClose={() => setSelectedEdge(null)} />
        ) : person ? (
          <div className="side-panel">
            <PersonDetail
              key={person.id}
              doc={doc}
              person={person}
              people={people}
              suggestions={suggestions}
              onTrash={(trashed) => {
                deletePerson(doc, trashed.id, LOCAL_UI);
                setSelectedPerson(null);
              }}
            >
              <Connections doc={doc} person={person} onOpenPerson={onOpenPerson} onOpenMe={onOpenMe} />
              <WhatYouShare doc={doc} person={person} onOpenPerson={onOpenPerson} onOpenMe={onOpenMe} />
            </PersonDetail>
          </div>
        ) : null}
      </div>
    </section>
  );
}
