/**
 * The network map. It displays the document and turns gestures into
 * operations (STYLE §10): dragging a person moves them (setPosition),
 * drawing from one person to another opens a choice of link kind and then
 * calls createLink — the edge edgehandles drew is removed at once, and the
 * document change draws the real one.
 *
 * The pieces: useCytoscape (the instance and its gestures), link-drawing
 * (edgehandles), useMapLayout (where people are drawn), patch-elements and
 * zoom-classes (the document onto the graph), decorate (view settings as
 * classes), MapToolbar and MapLegend.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type cytoscape from 'cytoscape';
import { orgLegend, type LegendEntry } from '../../../../shared/analytics/graph';
import { dayIn } from '../../../../shared/doc/days';
import { ME_NODE } from '../../../../shared/doc/layout';
import { createLink } from '../../../../shared/doc/links';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { deletePerson, type Person } from '../../../../shared/doc/people';
import { bestPath } from '../../../../shared/analytics/graph-paths';
import { useReader, type ReadersClient } from '../../doc/readers-client';
import { useDocValue } from '../../doc/useDocValue';
import { TIME_ZONE, useNow } from '../../doc/useNow';
import type { Suggestions } from '../../doc/suggestions';
import { Icon } from '../../ui/icons';
import { PersonPicker } from '../../ui/PersonPicker';
import { PersonDetail } from '../PersonDetail';
import { saveWith } from '../../doc/save';
import { Connections, WhatYouShare } from '../PersonPanels';
import { decorate, type MapFilters } from './decorate';
import { LinkPanel } from './LinkPanel';
import { LinkPopover, type LinkChoice } from './LinkPopover';
import { useDrawMode, type DrawnLink, type MapMode } from './link-drawing';
import { MAP_ROOTS, mapElements } from './map-elements';
import { MapLegend } from './MapLegend';
import { MapToolbar, type ColourBy } from './MapToolbar';
import { PathPanel } from './PathPanel';
import { ORIGIN, applyPositions, colourOf, distinctColours, patchElements, prepareFirstFrame } from './patch-elements';
import { useCytoscape } from './useCytoscape';
import { useMapKeys } from './useMapKeys';
import { useMapLayout, type Arrangement } from './useMapLayout';
import { fit, reveal } from './viewport';
import { showZoomClasses, zoomState } from './zoom-classes';

const COMMUNITIES = { kind: 'communities' } as const;
const COMMUNITY_ROOTS = ['contacts', 'links'] as const;
const NO_CIRCLES = { communityOf: new Map<string, number>(), brokers: new Set<string>() };

interface MapViewProps {
  doc: Y.Doc;
  readers: ReadersClient;
  people: Person[];
  suggestions: Suggestions;
  onOpenPerson(id: string): void;
  onOpenMe(): void;
}

/**
 * The time, moving on only when the user's day turns: going quiet counts
 * calendar days, so the map reads the document again then and not each minute.
 */
function useDayClock(): Date {
  const now = useNow(60_000);
  const [day, setDay] = useState(now);
  if (dayIn(now, TIME_ZONE) !== dayIn(day, TIME_ZONE)) setDay(now);
  return day;
}

export function MapView({ doc, readers, people, suggestions, onOpenPerson, onOpenMe }: MapViewProps) {
  const [mode, setMode] = useState<MapMode>('move');
  const [pending, setPending] = useState<DrawnLink | null>(null);
  const [selectedEdge, setSelectedEdge] = useState<string | null>(null);
  const [selectedPerson, setSelectedPerson] = useState<string | null>(null);
  const person = people.find((candidate) => candidate.id === selectedPerson) ?? null;
  const [message, setMessage] = useState<string | null>(null);
  const [arrangement, setArrangement] = useState<Arrangement>('free');
  const [colourBy, setColourBy] = useState<ColourBy>('org');
  const [filters, setFilters] = useState<MapFilters>({});
  const [find, setFind] = useState('');
  const [pathTarget, setPathTarget] = useState('');

  const day = useDayClock();
  const readElements = useCallback((current: Y.Doc) => mapElements(current, day, TIME_ZONE), [day]);
  const elements = useDocValue(doc, MAP_ROOTS, readElements);
  // Distinct colours for the largest organisations, in legend order (a hash of the name would repeat colours).
  const legend = useMemo(() => distinctColours(orgLegend(elements.nodes)), [elements.nodes]);
  const { shownPositions, placing, relayout, fitOnNextRef } = useMapLayout(doc, elements, arrangement);
  // Circles are computed on the readers' replica (seconds at 30,000 people); until they come, nobody has one.
  const circles = useReader(readers, colourBy === 'community' ? COMMUNITIES : null, COMMUNITY_ROOTS).value;
  const groups = (colourBy === 'community' && circles) || NO_CIRCLES;
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

  const { containerRef, cyRef, ehRef, followSizeRef } = useCytoscape(doc, {
    onLinkDrawn: setPending,
    onSelectLink: setSelectedEdge,
    onSelectPerson: setSelectedPerson,
    onMessage: setMessage,
  });
  useDrawMode(cyRef, ehRef, mode, arrangement);
  useMapKeys({
    onToggleLink: () => setMode((current) => (current === 'link' ? 'move' : 'link')),
    onEscape: () => {
      ehRef.current?.stop();
      setPending(null);
      setMode('move');
    },
  });

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
    if (fitOnNextRef.current && cy.nodes().nonempty()) {
      fitOnNextRef.current = false;
      fit(cy);
    }
  }, [cyRef, elements, shownPositions, legend, fitOnNextRef]);

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
  }, [cyRef, elements, filters, find, selectedPerson, path, colourBy, groups]);

  // A panel beside the map narrows it (the view keeps its centre), and the people the panel is about
  // stay in view: the path's and a link's people, zoomed out to if need be; a person with their
  // links if they fit, else alone.
  const pathKey = path?.path.join(' ') ?? '';
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    followSizeRef.current();
    const nodes = (ids: string[]) => cy.nodes().filter((node) => ids.includes(node.id()));
    if (pathTarget) reveal(cy, nodes(pathKey ? pathKey.split(' ') : [pathTarget]), { zoomOut: true });
    else if (selectedEdge) reveal(cy, cy.getElementById(selectedEdge).connectedNodes(), { zoomOut: true });
    else if (selectedPerson) {
      const focus = cy.getElementById(selectedPerson);
      if (!reveal(cy, focus.closedNeighborhood().nodes(), { zoomOut: false })) reveal(cy, focus.nodes(), { zoomOut: false });
    }
  }, [cyRef, followSizeRef, pathTarget, pathKey, selectedEdge, selectedPerson]);

  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), 6000);
    return () => clearTimeout(timer);
  }, [message]);

  const arrange = (next: Arrangement) => {
    if (next === arrangement) return;
    fitOnNextRef.current = true;
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

  return (
    <section className="view map-view" aria-labelledby="map-title">
      <header className="view-header">
        <div>
          <h1 id="map-title">Map</h1>
          <p className="muted">
            {mode === 'link'
              ? 'Drag from one person to another to link them. L or Esc: back to moving.'
              : 'Drag people to arrange them; switch to Link (L) to draw who knows whom.'}
          </p>
        </div>
        <div className="header-actions">
          <div className="map-path-picker">
            <PersonPicker
              label="Who can introduce me to…"
              people={people}
              value={pathTarget}
              onCommit={(id) => {
                setPathTarget(id);
                return null;
              }}
              testId="path-target"
              placeholder="Who can introduce me to…"
            />
          </div>
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
      <MapToolbar
        arrangement={arrangement}
        onArrange={arrange}
        colourBy={colourBy}
        onColourBy={setColourBy}
        filters={filters}
        onFilters={setFilters}
        options={filterOptions}
        find={find}
        onFind={setFind}
      />
      <div className="map-body">
        <div className="map-stage">
          <div className="map-canvas-wrap">
            <div
              ref={containerRef}
              className={`map-canvas ${mode === 'link' ? 'linking' : ''}`}
              data-testid="map"
              tabIndex={0}
              aria-label="Network map"
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
            ) : colourBy === 'community' && !circles ? (
              <div className="toast" role="status">
                Finding circles…
              </div>
            ) : null}
          </div>
          <MapLegend colourBy={colourBy} legend={legend} />
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
