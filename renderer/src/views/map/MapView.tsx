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
 * classes), MapToolbar and MapLegend; useMapKeyboard and LinkToPopover (the
 * same map, and the same link form, from the keyboard).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type cytoscape from 'cytoscape';
import { orgLegend, type LegendEntry } from '../../../../shared/analytics/graph';
import { dayIn } from '../../../../shared/doc/days';
import { ME_NODE } from '../../../../shared/doc/layout';
import { createLink, deleteLink } from '../../../../shared/doc/links';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { deletePerson, type Person } from '../../../../shared/doc/people';
import { bestPath } from '../../../../shared/analytics/graph-paths';
import { useReader, type ReadersClient } from '../../doc/readers-client';
import { useDocValue } from '../../doc/useDocValue';
import { TIME_ZONE, useNow } from '../../doc/useNow';
import type { Suggestions } from '../../doc/suggestions';
import { Icon } from '../../ui/icons';
import { focusLanding } from '../../ui/focus';
import { MOD_LABEL } from '../../ui/keys';
import { PersonPicker } from '../../ui/PersonPicker';
import { PersonDetail } from '../PersonDetail';
import { saveWith } from '../../doc/save';
import { Connections, WhatYouShare } from '../PersonPanels';
import { decorate, type MapFilters } from './decorate';
import { LinkPanel } from './LinkPanel';
import { LinkPopover, type LinkChoice } from './LinkPopover';
import { LinkToPopover } from './LinkToPopover';
import { useDrawMode, type DrawnLink, type MapMode } from './link-drawing';
import { MAP_ROOTS, mapElements } from './map-elements';
import { MapLegend } from './MapLegend';
import { MapToolbar, type ColourBy } from './MapToolbar';
import { PathPanel } from './PathPanel';
import { ShownPeopleBar, type ShownPeople } from './ShownPeopleBar';
import { ORIGIN, applyPositions, colourOf, distinctColours, patchElements, prepareFirstFrame } from './patch-elements';
import { useCytoscape } from './useCytoscape';
import { useMapKeys } from './useMapKeys';
import { useMapKeyboard } from './useMapKeyboard';
import { useMapLayout, type Arrangement } from './useMapLayout';
import { fit, reveal } from './viewport';
import { showZoomClasses, zoomState } from './zoom-classes';
import { GROUPED_ABOVE, MAX_PEOPLE_DRAWN as MAX_DRAWN_NOTE } from '../../../../shared/analytics/map-groups';
import { fitGroupLabels, groupElements } from './group-elements';
import { chooseRenderer, webglRendererName } from './renderer-choice';
import { useGroupedMap, zoomIntoGroup } from './useGroupedMap';

/** Something asked of the map from outside it: the palette's "Link to…" (from a person, or asking whom). */
export interface MapCommand {
  linkFrom: string | null;
}

const COMMUNITIES = { kind: 'communities' } as const;
const COMMUNITY_ROOTS = ['contacts', 'links'] as const;
const NO_CIRCLES = { communityOf: new Map<string, number>(), brokers: new Set<string>() };
const NO_ELEMENTS: ReturnType<typeof mapElements> = { nodes: [], edges: [] };
const NO_POSITIONS = new Map<string, { x: number; y: number }>();
const noElements = () => NO_ELEMENTS;
const count = new Intl.NumberFormat('en');

interface MapViewProps {
  doc: Y.Doc;
  readers: ReadersClient;
  people: Person[];
  suggestions: Suggestions;
  onOpenPerson(id: string): void;
  onOpenMe(): void;
  command?: MapCommand | null;
  /** The command was taken up (so a later visit to the map does not run it again). */
  onCommandDone?(): void;
  /** People another view asked the map to show alone, until `onClearShown`. */
  shown?: ShownPeople | null;
  onClearShown?(): void;
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

export function MapView({ doc, readers, people, suggestions, onOpenPerson, onOpenMe, command, onCommandDone, shown, onClearShown }: MapViewProps) {
  const [mode, setMode] = useState<MapMode>('move');
  const [pending, setPending] = useState<DrawnLink | null>(null);
  /** "Link to…" asking for the other person: where it started, and where on the canvas to show it. */
  const [linkTo, setLinkTo] = useState<{ from: string | null; x: number; y: number } | null>(null);
  /** Counts requests to move focus to the person opened from the keyboard, once their panel has rendered. */
  const [landings, setLandings] = useState(0);
  const [selectedEdge, setSelectedEdge] = useState<string | null>(null);
  const [selectedPerson, setSelectedPerson] = useState<string | null>(null);
  // Only when someone is selected: the map renders on every settled view, and a scan of 30,000 people each time held frames.
  const person = selectedPerson ? (people.find((candidate) => candidate.id === selectedPerson) ?? null) : null;
  const [message, setMessage] = useState<string | null>(null);
  const [arrangement, setArrangement] = useState<Arrangement>('free');
  const [colourBy, setColourBy] = useState<ColourBy>('org');
  const [filters, setFilters] = useState<MapFilters>({});
  const [find, setFind] = useState('');
  const [pathTarget, setPathTarget] = useState('');
  const shownIds = useMemo(() => (shown ? new Set(shown.personIds) : undefined), [shown]);

  // The renderer is chosen once, when the map is made: WebGL for a large network on a GPU (renderer-choice.ts).
  const [renderer] = useState(() => chooseRenderer(people.length > GROUPED_ABOVE ? webglRendererName() : null, people.length));
  const { containerRef, cyRef, ehRef, followSizeRef } = useCytoscape(
    doc,
    {
      onLinkDrawn: setPending,
      onSelectLink: setSelectedEdge,
      onSelectPerson: setSelectedPerson,
      onMessage: setMessage,
      onOpenGroup: (node) => zoomIntoGroup(node.cy(), node),
    },
    renderer,
  );
  const day = useDayClock();
  // A large network is drawn by level of detail, from the readers worker (useGroupedMap): the
  // window never reads all its people and links for the map. Smaller ones show everyone.
  const grouped = people.length > GROUPED_ABOVE;
  const readElements = useCallback((current: Y.Doc) => mapElements(current, day, TIME_ZONE), [day]);
  const ownElements = useDocValue(doc, MAP_ROOTS, grouped ? noElements : readElements);
  const groupedMap = useGroupedMap(cyRef, readers, grouped, colourBy, day);
  const { overview, drawn } = groupedMap;
  const elements = useMemo(
    () => (grouped ? (overview ? { nodes: [overview.me, ...(drawn?.nodes ?? [])], edges: drawn?.edges ?? [] } : NO_ELEMENTS) : ownElements),
    [grouped, overview, drawn, ownElements],
  );
  // Distinct colours for the largest organisations, in legend order (a hash of the name would repeat colours).
  const legend = useMemo(
    () => distinctColours(grouped ? (overview?.legend ?? []) : orgLegend(elements.nodes)),
    [grouped, overview, elements.nodes],
  );
  const layout = useMapLayout(doc, grouped ? NO_ELEMENTS : elements, grouped ? 'free' : arrangement);
  const { placing, relayout, fitOnNextRef } = layout;
  const shownPositions = useMemo(
    () =>
      grouped
        ? overview
          ? new Map([[ME_NODE, overview.mePosition], ...(drawn?.positions ?? NO_POSITIONS)])
          : NO_POSITIONS
        : layout.shownPositions,
    [grouped, overview, drawn, layout.shownPositions],
  );
  const groupDefinitions = useMemo(
    () => (grouped && overview ? groupElements(overview, new Set(drawn?.groups ?? []), colourOf(legend), groupedMap.level === 'groups') : []),
    [grouped, overview, drawn, legend, groupedMap.level],
  );
  // Circles are computed on the readers' replica (seconds at 30,000 people); until they come, nobody has one.
  const circles = useReader(readers, colourBy === 'community' ? COMMUNITIES : null, COMMUNITY_ROOTS).value;
  const groups = (colourBy === 'community' && circles) || NO_CIRCLES;
  const path = useMemo(() => (pathTarget && elements ? bestPath(doc, ME_NODE, pathTarget) : null), [pathTarget, doc, elements]);
  const filterOptions = useMemo(() => {
    if (grouped) return { orgs: overview?.orgs ?? [], tags: overview?.tags ?? [] };
    const orgs = new Set<string>();
    const tags = new Set<string>();
    for (const node of elements.nodes) {
      if (node.org) orgs.add(node.org);
      for (const tag of node.tags) tags.add(tag);
    }
    return { orgs: [...orgs].sort(), tags: [...tags].sort() };
  }, [grouped, overview, elements.nodes]);
  const nameOf = useCallback(
    (id: string) =>
      elements.nodes.find((node) => node.id === id)?.name ?? people.find((candidate) => candidate.id === id)?.name ?? 'someone',
    [elements.nodes, people],
  );

  useDrawMode(cyRef, ehRef, mode, arrangement);
  useMapKeys({
    onToggleLink: () => setMode((current) => (current === 'link' ? 'move' : 'link')),
    onEscape: () => {
      ehRef.current?.stop();
      setPending(null);
      setLinkTo(null);
      setMode('move');
    },
  });

  // "Link to…" from the keyboard or the palette; when it ends (linked or cancelled) focus goes back to the map.
  const linkingByKeys = useRef(false);
  const startLinkTo = (from: string | null) => {
    const cy = cyRef.current;
    if (!cy) return;
    const node = from ? cy.getElementById(from) : cy.collection();
    const at = node.nonempty() ? node.renderedPosition() : { x: cy.width() / 2, y: cy.height() / 3 };
    linkingByKeys.current = true;
    setPending(null);
    setLinkTo({ from, x: at.x, y: at.y });
  };
  const keyboard = useMapKeyboard(cyRef, containerRef, selectedPerson, {
    onOpenPerson: (id) => {
      setSelectedEdge(null);
      setSelectedPerson(id);
      setLandings((count) => count + 1);
    },
    onOpenLink: (id) => {
      setSelectedPerson(null);
      setSelectedEdge(id);
    },
    onLinkFrom: startLinkTo,
    onOpenGroup: (id) => {
      const cy = cyRef.current;
      const node = cy?.getElementById(id);
      if (cy && node?.nonempty()) zoomIntoGroup(cy, node);
    },
    onDeleteLink: (id) => {
      const problem = saveWith(() => deleteLink(doc, id, LOCAL_UI));
      if (!problem && selectedEdge === id) setSelectedEdge(null);
      setMessage(problem ?? `Link removed. ${MOD_LABEL}+Z brings it back.`);
    },
  });
  const { refocus: refocusMap, redescribe } = keyboard;
  useEffect(() => {
    if (pending || linkTo || !linkingByKeys.current) return;
    linkingByKeys.current = false;
    refocusMap();
  }, [pending, linkTo, refocusMap]);
  useEffect(() => {
    if (landings) focusLanding();
  }, [landings]);

  const findOnMap = () => {
    const cy = cyRef.current;
    if (!cy || !find.trim()) return;
    const hits = cy
      .nodes('.search-hit')
      .filter((node) => node.id() !== ME_NODE && !node.hasClass('filtered-out'))
      .sort((a, b) => String(a.data('name')).localeCompare(String(b.data('name'))));
    if (hits.empty()) setMessage(`No one on the map matches “${find.trim()}”.`);
    else keyboard.focusPerson(hits.first().id());
  };

  // The document drives the picture: elements when they change, positions always.
  const patched = useRef<{ cy: cytoscape.Core; elements: typeof elements; legend: LegendEntry[]; extra: typeof groupDefinitions } | null>(null);
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const last = patched.current;
    if (last?.cy !== cy || last.elements !== elements || last.legend !== legend || last.extra !== groupDefinitions) {
      patched.current = { cy, elements, legend, extra: groupDefinitions };
      const first = cy.nodes().empty();
      // Names and detail go by the network's size, not by how many of its people are drawn.
      zoomState(cy).nodeCount = overview ? overview.people + 1 : elements.nodes.length;
      // A new map is fitted before its elements go in, so they are added with the classes that zoom shows.
      if (first) {
        const discs = (overview?.groups ?? []).flatMap(({ x, y, radius }) => [
          { x: x - radius, y: y - radius },
          { x: x + radius, y: y + radius },
        ]);
        fit(cy, [...elements.nodes.map((node) => shownPositions.get(node.id) ?? ORIGIN), ...discs]);
      }
      showZoomClasses(cy);
      const added = patchElements(cy, elements.nodes, elements.edges, shownPositions, colourOf(legend), groupDefinitions);
      if (groupDefinitions.length) fitGroupLabels(cy);
      if (first && added) prepareFirstFrame(cy);
    }
    applyPositions(cy, shownPositions);
    if (fitOnNextRef.current && cy.nodes().nonempty()) {
      fitOnNextRef.current = false;
      fit(cy);
    }
    // The live region counts the focused person's links: say it again once a link came or went.
    redescribe();
  }, [cyRef, elements, shownPositions, legend, groupDefinitions, overview, fitOnNextRef, redescribe]);

  // View settings only mark elements; they run again when elements change (new ones need their marks).
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    decorate(cy, {
      filters: shownIds ? { ...filters, only: shownIds } : filters,
      find,
      focus: selectedPerson,
      path: path?.path ?? [],
      colourBy,
      communityOf: groups.communityOf,
      brokers: groups.brokers,
    });
  }, [cyRef, elements, groupDefinitions, filters, shownIds, find, selectedPerson, path, colourBy, groups]);

  // People sent to the map are brought into view once, as soon as they have places.
  const fittedShown = useRef<Set<string> | undefined>(undefined);
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !shownIds || fittedShown.current === shownIds) return;
    const places = [...shownIds].flatMap((id) => shownPositions.get(id) ?? []);
    if (!places.length) return;
    fittedShown.current = shownIds;
    fit(cy, places);
  }, [cyRef, shownIds, shownPositions]);

  // The palette's "Link to…", once the people are drawn (so it opens beside the person it starts from).
  const focusedPerson = keyboard.focus ? (keyboard.focus.kind === 'person' ? keyboard.focus.id : keyboard.focus.person) : selectedPerson;
  const startCommand = useRef(() => {});
  useEffect(() => {
    startCommand.current = () => startLinkTo(command?.linkFrom ?? focusedPerson);
  });
  useEffect(() => {
    if (!command) return;
    onCommandDone?.();
    startCommand.current();
  }, [command, onCommandDone]);

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
          {grouped ? null : (
            <button type="button" className="button" onClick={() => void relayout()} disabled={placing}>
              {placing ? 'Arranging…' : 'Re-arrange'}
            </button>
          )}
        </div>
      </header>
      {shown && onClearShown ? <ShownPeopleBar shown={shown} onClear={onClearShown} /> : null}
      <MapToolbar
        grouped={grouped}
        arrangement={arrangement}
        onArrange={arrange}
        colourBy={colourBy}
        onColourBy={setColourBy}
        filters={filters}
        onFilters={setFilters}
        options={filterOptions}
        find={find}
        onFind={setFind}
        onFindEnter={findOnMap}
      />
      <div className="map-body">
        <div className="map-stage">
          <div className="map-canvas-wrap">
            <div
              ref={containerRef}
              className={`map-canvas ${mode === 'link' ? 'linking' : ''}`}
              data-testid="map"
              tabIndex={0}
              // Arrow keys move between people here, so screen readers should pass keys through.
              role="application"
              aria-label="Network map"
              aria-describedby="map-keys"
            />
            {!grouped && elements.nodes.length <= 1 ? (
              <div className="map-empty">
                <Icon name="map" size={28} />
                <p>Add people, then link who knows whom. Your network appears here.</p>
              </div>
            ) : null}
            {linkTo ? (
              <LinkToPopover
                people={people}
                from={linkTo.from}
                x={linkTo.x}
                y={linkTo.y}
                onChosen={(from, to) => {
                  const target = cyRef.current?.getElementById(to);
                  const at = target?.nonempty() ? target.renderedPosition() : { x: linkTo.x, y: linkTo.y };
                  setLinkTo(null);
                  setPending({ source: from, target: to, x: at.x, y: at.y });
                }}
                onCancel={() => setLinkTo(null)}
              />
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
            ) : grouped && !overview ? (
              <div className="toast" role="status">
                Grouping {count.format(people.length)} people…
              </div>
            ) : null}
          </div>
          {/* Under the canvas, not over it: nothing on the map is hidden behind who has the focus. */}
          <div className="map-focus-line">
            <p role="status" data-testid="map-focus" className="map-focus-who">
              {keyboard.ringShown ? keyboard.announcement : ''}
            </p>
            <p id="map-keys" className="map-keys">
              On the map: arrows move · Enter opens · Shift+L links to… · ] and [ step through links · Delete removes a link
            </p>
          </div>
          {grouped && overview ? (
            <p className="legend legend-note" data-testid="map-level">
              {groupedMap.level === 'groups'
                ? `${count.format(overview.people)} people in ${count.format(overview.groups.length)} groups by ${colourBy === 'community' && circles ? 'circle' : 'organisation'}. Zoom in, or click a group (Enter), to see its people.`
                : `People of ${drawn ? count.format(drawn.groups.length) : '…'} ${drawn?.groups.length === 1 ? 'group' : 'groups'} in view${drawn && drawn.nodes.length >= MAX_DRAWN_NOTE ? `, the ${count.format(drawn.nodes.length)} nearest the middle` : ''}. Zoom out for the groups.`}
            </p>
          ) : null}
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
              <Connections readers={readers} person={person} onOpenPerson={onOpenPerson} onOpenMe={onOpenMe} />
              <WhatYouShare readers={readers} person={person} onOpenPerson={onOpenPerson} onOpenMe={onOpenMe} />
            </PersonDetail>
          </div>
        ) : null}
      </div>
    </section>
  );
}
