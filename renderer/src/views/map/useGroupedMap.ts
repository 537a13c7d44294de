/**
 * A large network's map by level of detail (shared/analytics/map-groups.ts):
 * zoomed out, its groups (organisations, or circles once they are computed
 * and chosen); zoomed in, the people placed in view. Both come from the
 * readers worker, so the window never reads 30,000 people to draw the map:
 * it holds the groups and at most MAX_PEOPLE_DRAWN people.
 */
import { useEffect, useMemo, useState, type RefObject } from 'react';
import type cytoscape from 'cytoscape';
import { MAX_PEOPLE_DRAWN, PEOPLE_FROM_ZOOM, levelAt, type GroupBy, type Level, type ViewBox } from '../../../../shared/analytics/map-groups';
import type { RootName } from '../../../../shared/doc/schema';
import type { MapOverview, MapPeople } from '../../../../shared/readers/messages';
import { useReader, type ReadersClient } from '../../doc/readers-client';
import { TIME_ZONE } from '../../doc/useNow';
import { onSettledView, viewBox } from './zoom-classes';

/** What the grouped map reads: the map's elements, the hello queue's roots, and places. */
const GROUPED_READS: readonly RootName[] = ['contacts', 'links', 'me', 'notes', 'requests', 'layout'];
const ZOOM_MS = 300;

interface View {
  zoom: number;
  box: ViewBox;
}

const rounded = ({ x1, y1, x2, y2 }: ViewBox): ViewBox => ({ x1: Math.floor(x1), y1: Math.floor(y1), x2: Math.ceil(x2), y2: Math.ceil(y2) });
const sameBox = (a: ViewBox, b: ViewBox) => a.x1 === b.x1 && a.y1 === b.y1 && a.x2 === b.x2 && a.y2 === b.y2;

export interface GroupedMap {
  overview: MapOverview | undefined;
  /** The people drawn (at the people level), or undefined. */
  drawn: MapPeople | undefined;
  level: Level;
  /** The worker is still working out what to draw. */
  computing: boolean;
}

export function useGroupedMap(cyRef: RefObject<cytoscape.Core | null>, readers: ReadersClient, grouped: boolean, by: GroupBy, day: Date): GroupedMap {
  const now = day.toISOString();
  const overviewQuery = useMemo(() => (grouped ? { kind: 'mapOverview' as const, by, now, timeZone: TIME_ZONE } : null), [grouped, by, now]);
  const overview = useReader(readers, overviewQuery, GROUPED_READS);

  // The view, once it has settled (as zoom-classes marks it): one query per gesture, not per frame.
  const [view, setView] = useState<View | null>(null);
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !grouped) return;
    return onSettledView(cy, () => {
      const next = { zoom: cy.zoom(), box: rounded(viewBox(cy)) };
      // The same view again (a drag that came back, a resize of nothing): no render, no query.
      setView((before) => (before && before.zoom === next.zoom && sameBox(before.box, next.box) ? before : next));
    });
  }, [cyRef, grouped]);

  const level: Level = view && overview.value ? levelAt(view.zoom, overview.value.people) : 'groups';
  const box = view?.box;
  const peopleQuery = useMemo(
    () => (grouped && level === 'people' && box ? { kind: 'mapPeople' as const, by, now, timeZone: TIME_ZONE, box, limit: MAX_PEOPLE_DRAWN } : null),
    [grouped, level, box, by, now],
  );
  const people = useReader(readers, peopleQuery, GROUPED_READS);
  return {
    overview: overview.value,
    drawn: level === 'people' ? people.value : undefined,
    level,
    computing: overview.computing || (level === 'people' && people.computing),
  };
}

/**
 * Zooms into a group (a click or Enter on it): centred on it, close enough
 * that its people are drawn, and as far out as shows all of it if that is closer.
 */
export function zoomIntoGroup(cy: cytoscape.Core, group: cytoscape.NodeSingular): void {
  const size = Number(group.data('size')) || 1;
  const fitting = Math.min(cy.width(), cy.height()) / (size * 1.1);
  const zoom = Math.min(cy.maxZoom(), Math.max(PEOPLE_FROM_ZOOM * 1.25, Math.min(1, fitting)));
  const { x, y } = group.position();
  cy.stop(true, true);
  cy.animate({ zoom, pan: { x: cy.width() / 2 - zoom * x, y: cy.height() / 2 - zoom * y }, duration: ZOOM_MS });
}
