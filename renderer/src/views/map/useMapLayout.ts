/**
 * Where the map draws people: their stored places; for people never placed,
 * a place by the people they know (on a mostly placed map) or from the force
 * layout in a worker (on a mostly new one); or, in the ego view, rings of
 * closeness around me.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type { MapEdge, MapNode } from '../../../../shared/analytics/graph';
import { egoPositions } from '../../../../shared/analytics/graph-paths';
import { foldText } from '../../../../shared/analytics/normalize';
import { ME_NODE, getPositions, setPositions } from '../../../../shared/doc/layout';
import { AUTO_LAYOUT, LOCAL_UI } from '../../../../shared/doc/origins';
import { useDocValue } from '../../doc/useDocValue';
import { saveWith } from '../../doc/save';
import { LayoutClient } from './layout-client';
import type { Position } from './layout-messages';
import { placeNewPeople, shouldPlaceNear } from './place-new';

const LAYOUT_ROOTS = ['layout'] as const;
/** Distance between the closeness rings of the ego view: close enough that names stay readable when it fits. */
const EGO_RING_GAP = 90;

export type Arrangement = 'free' | 'ego';

interface MapElements {
  nodes: MapNode[];
  edges: MapEdge[];
}

/**
 * Places for people without one when most people have one (place-new.ts),
 * or null: nobody to place, or a map mostly new, which the force layout
 * lays out instead.
 */
function placeNewcomers(elements: MapElements, positions: Map<string, Position>): Record<string, Position> | null {
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

const layoutRequest = (elements: MapElements) => ({
  nodes: elements.nodes.map((node) => [node.id, node.size] as [string, number]),
  edges: elements.edges.map((edge) => [edge.source, edge.target] as [string, string]),
  hub: ME_NODE,
});

export function useMapLayout(doc: Y.Doc, elements: MapElements, arrangement: Arrangement) {
  const positions = useDocValue(doc, LAYOUT_ROOTS, getPositions);
  const layoutRef = useRef<LayoutClient | null>(null);
  /** Set when a layout has placed people: fit the view once their positions are drawn. */
  const fitOnNextRef = useRef(false);
  const [placing, setPlacing] = useState(false);

  const ego = useMemo(() => (arrangement === 'ego' && elements ? egoPositions(doc, { radius: EGO_RING_GAP }) : null), [arrangement, doc, elements]);
  // On a mostly placed map, people never placed get a place at once, by the people they know
  // (stored by the effect below); the force layout is for maps that are mostly new.
  const nearby = useMemo(() => placeNewcomers(elements, positions), [elements, positions]);
  const freePositions = useMemo(
    () => (nearby && Object.keys(nearby).length ? new Map([...positions, ...Object.entries(nearby)]) : positions),
    [positions, nearby],
  );

  useEffect(() => {
    const client = new LayoutClient();
    layoutRef.current = client;
    return () => {
      client.destroy();
      layoutRef.current = null;
    };
  }, [doc]);

  // Places found by the people around them are stored at once (the map draws them there from
  // `nearby` already), before the long first patch of a big map.
  useEffect(() => {
    if (!nearby) return;
    const stored = getPositions(doc);
    const fresh = Object.fromEntries(Object.entries(nearby).filter(([id]) => !stored.has(id)));
    // As for the force layout's places: a save that fails is retried with the next change.
    if (Object.keys(fresh).length) saveWith(() => setPositions(doc, fresh, AUTO_LAYOUT));
  }, [doc, nearby]);

  // Otherwise people never placed get a place from the force layout, off the UI thread; placed people stay put.
  useEffect(() => {
    const unplaced = elements.nodes.filter((node) => !positions.has(node.id));
    if (unplaced.length === 0 || nearby || !layoutRef.current) return;
    let cancelled = false;
    setPlacing(true);
    const onMap = new Set(elements.nodes.map((node) => node.id));
    const fixed = Object.fromEntries([...positions].filter(([id]) => onMap.has(id)));
    void layoutRef.current.layout({ ...layoutRequest(elements), fixed }).then((placed) => {
      if (cancelled) return;
      setPlacing(false);
      const fresh = Object.fromEntries(Object.entries(placed).filter(([id]) => !getPositions(doc).has(id)));
      fitOnNextRef.current = positions.size === 0;
      if (Object.keys(fresh).length) saveWith(() => setPositions(doc, fresh, AUTO_LAYOUT));
    });
    return () => {
      cancelled = true;
    };
  }, [doc, elements, positions, nearby]);

  /** Lays everyone out afresh (the Re-arrange button). */
  const relayout = async () => {
    const client = layoutRef.current;
    if (!client) return;
    setPlacing(true);
    const placed = await client.layout({ ...layoutRequest(elements), fixed: {} });
    setPlacing(false);
    fitOnNextRef.current = true;
    saveWith(() => setPositions(doc, placed, LOCAL_UI));
  };

  return { shownPositions: ego ?? freePositions, placing, relayout, fitOnNextRef };
}
