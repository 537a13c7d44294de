/**
 * My circles and who bridges them, as a small picture: me in the middle,
 * each circle a disc sized by its members and filled by the share I am in
 * touch with, the brokers between the circles they join. Drawn with
 * cytoscape (already the map's library) from the worker's report; nothing
 * here is computed or invented. Hover shows the numbers; the list below the
 * picture holds the same, as buttons, for keyboards and screen readers.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import cytoscape from 'cytoscape';
import type { Broker, Circle, NetworkHealth } from '../../../../shared/analytics/network-health';
import type { EgoPicture } from '../../../../shared/analytics/ego-picture';
import { afterPaint } from '../../ui/after-paint';
import type { HealthReport } from './health-messages';
import type { ShownPeople } from '../map/ShownPeopleBar';

const HEIGHT = 260;
const MAX_ZOOM = 1.1;

const darkScheme = () => window.matchMedia('(prefers-color-scheme: dark)');

function colours(element: HTMLElement) {
  const style = getComputedStyle(element);
  const css = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return { text: css('--text', '#222'), muted: css('--muted', '#777'), accent: css('--accent', '#2f6f63'), broker: css('--chart-2', '#c0723a'), border: css('--border', '#ddd') };
}

function diagramStyle(element: HTMLElement): cytoscape.StylesheetJson {
  const c = colours(element);
  return [
    { selector: 'node', style: { label: 'data(label)', color: c.text, 'font-size': 12, 'text-valign': 'bottom', 'text-margin-y': 4, 'text-wrap': 'ellipsis', 'text-max-width': '130px' } },
    { selector: 'node.me', style: { width: 18, height: 18, 'background-color': c.text, color: c.muted } },
    {
      selector: 'node.circle',
      style: { width: 'data(size)', height: 'data(size)', 'background-color': c.accent, 'background-opacity': 'data(fill)' as unknown as number, 'border-width': 1.5, 'border-color': c.accent },
    },
    { selector: 'node.broker', style: { width: 14, height: 14, 'background-color': c.broker, 'font-size': 11, color: c.muted, shape: 'diamond' } },
    { selector: 'edge', style: { width: 1, 'line-color': c.border, 'curve-style': 'straight' } },
    { selector: 'edge.bridge', style: { 'line-color': c.broker, 'line-style': 'dashed', width: 1.5 } },
    { selector: 'node.hovered', style: { 'border-width': 3, 'border-color': c.text } },
  ];
}

/**
 * The picture's elements at the positions the worker gave them
 * (shared/analytics/ego-picture.ts): me and the circles, then the brokers
 * and their bridges, so each part can be added in a task of its own.
 */
function elementsOf(picture: EgoPicture): { circles: cytoscape.ElementDefinition[]; brokers: cytoscape.ElementDefinition[] } {
  const circles: cytoscape.ElementDefinition[] = [{ data: { id: 'me', label: 'Me' }, position: { x: 0, y: 0 }, classes: 'me' }];
  for (const { circle, position, size, fill } of picture.circles) {
    circles.push({ data: { id: `circle:${circle.id}`, label: `${circle.label} · ${circle.size}`, size, fill }, position: { ...position }, classes: 'circle' });
    circles.push({ data: { id: `spoke:${circle.id}`, source: 'me', target: `circle:${circle.id}` } });
  }
  const brokers: cytoscape.ElementDefinition[] = [];
  for (const { broker, position, joined } of picture.brokers) {
    brokers.push({ data: { id: `broker:${broker.personId}`, label: broker.name }, position: { ...position }, classes: 'broker' });
    for (const id of joined) brokers.push({ data: { id: `bridge:${broker.personId}:${id}`, source: `broker:${broker.personId}`, target: `circle:${id}` }, classes: 'bridge' });
  }
  return { circles, brokers };
}

const circleText = (circle: Circle) => `${circle.label}: ${circle.size} people, in touch with ${circle.activeIds.length}`;

function brokerText(broker: Broker, report: NetworkHealth): string {
  const names = broker.circleIds.map((id) => report.circles.find((circle) => circle.id === id)?.label ?? 'another circle');
  return `${broker.name} bridges ${names.join(' and ')}${broker.active ? '' : ' (quiet lately)'}`;
}

interface EgoDiagramProps {
  report: HealthReport;
  onOpenPerson(id: string): void;
  onShowOnMap(shown: ShownPeople): void;
}

export function EgoDiagram({ report, onOpenPerson, onShowOnMap }: EgoDiagramProps) {
  const box = useRef<HTMLDivElement>(null);
  const drawn = useMemo(
    () => ({ circles: report.picture.circles.map((entry) => entry.circle), brokers: report.picture.brokers.map((entry) => entry.broker) }),
    [report],
  );
  const [hovered, setHovered] = useState<string | null>(null);
  // The latest handlers, so the picture is not rebuilt when only they change.
  const actions = useRef({ onOpenPerson, onShowOnMap });
  useEffect(() => {
    actions.current = { onOpenPerson, onShowOnMap };
  });

  useEffect(() => {
    const element = box.current;
    if (!element || !drawn.circles.length) return;
    const draw = (): (() => void) => {
      const started = performance.now();
      const parts = elementsOf(report.picture);
      // Hidden until the brokers are in and the picture fitted (the next task), so no half-drawn frame shows.
      element.style.visibility = 'hidden';
      const cy = cytoscape({
        container: element,
        style: diagramStyle(element),
        layout: { name: 'preset', fit: false },
        userZoomingEnabled: false,
        userPanningEnabled: false,
        boxSelectionEnabled: false,
        autoungrabify: true,
        autounselectify: true,
      });
      // As the map does: tests and benchmarks read the picture from its container.
      (element as HTMLDivElement & { cy?: cytoscape.Core }).cy = cy;
      const fit = () => {
        cy.resize();
        cy.fit(undefined, 30);
        // A couple of circles would be blown up to fill the box; keep them the size the labels were set for.
        if (cy.zoom() > MAX_ZOOM) {
          cy.zoom(MAX_ZOOM);
          cy.center();
        }
      };
      // The bench lines these up with the window's long tasks (bench/lib/health-ui.mjs).
      performance.measure('kith:health-draw-picture', { start: started });
      const resize = new ResizeObserver(fit);
      // Cytoscape's start and its first styling of the elements are each tens of milliseconds on a busy machine:
      // the circles, then the brokers, each in a task of their own.
      const steps = [
        () => {
          cy.add(parts.circles);
          cy.elements().boundingBox();
          return 'circles';
        },
        () => {
          cy.add(parts.brokers);
          fit();
          element.style.visibility = '';
          element.dataset.drawn = 'true';
          resize.observe(element);
          return 'brokers';
        },
      ];
      let finish: ReturnType<typeof setTimeout> | undefined;
      const next = () => {
        const step = steps.shift();
        if (!step) return;
        finish = setTimeout(() => {
          const begun = performance.now();
          performance.measure(`kith:health-draw-${step()}`, { start: begun });
          next();
        }, 0);
      };
      next();
      const describe = (id: string) => {
        if (id.startsWith('circle:')) {
          const circle = drawn.circles.find((candidate) => `circle:${candidate.id}` === id);
          return circle ? circleText(circle) : null;
        }
        const broker = drawn.brokers.find((candidate) => `broker:${candidate.personId}` === id);
        return broker ? brokerText(broker, report) : null;
      };
      cy.on('mouseover', 'node.circle, node.broker', (event) => {
        event.target.addClass('hovered');
        element.style.cursor = 'pointer';
        setHovered(describe(event.target.id()));
      });
      cy.on('mouseout', 'node', (event) => {
        event.target.removeClass('hovered');
        element.style.cursor = '';
        setHovered(null);
      });
      cy.on('tap', 'node.circle', (event) => {
        const circle = drawn.circles.find((candidate) => `circle:${candidate.id}` === event.target.id());
        if (circle) actions.current.onShowOnMap({ label: circle.label, personIds: circle.memberIds });
      });
      cy.on('tap', 'node.broker', (event) => actions.current.onOpenPerson(String(event.target.id()).slice('broker:'.length)));
      const scheme = darkScheme();
      const restyle = () => cy.style(diagramStyle(element));
      scheme.addEventListener('change', restyle);
      return () => {
        clearTimeout(finish);
        element.style.visibility = '';
        delete element.dataset.drawn;
        resize.disconnect();
        scheme.removeEventListener('change', restyle);
        cy.destroy();
      };
    };
    // Cytoscape's first draw is tens of milliseconds: a task of its own, after the report is on screen.
    let stop: (() => void) | undefined;
    const cancel = afterPaint(() => (stop = draw()));
    return () => {
      cancel();
      stop?.();
    };
  }, [drawn, report]);

  const leftOut = report.circles.length - drawn.circles.length;
  return (
    <figure className="card health-ego" data-testid="health-ego">
      <figcaption>
        <h3>Circles and bridges</h3>
        <p className="muted">
          Your circles (people who know each other), sized by members and filled by how many you are in touch with; diamonds are the
          people who bridge circles.
        </p>
      </figcaption>
      {!drawn.circles.length ? (
        <p className="health-ego-empty" data-testid="health-ego-empty">
          No circles yet. Link people who know each other on the map (Link mode, L): groups of linked people become circles here, with
          the people who bridge them.
        </p>
      ) : (
        <div className="health-ego-body">
          <div>
            <div ref={box} className="health-ego-plot" style={{ height: HEIGHT }} role="img" aria-label="Your circles and the people who bridge them; the same is listed beside it" data-testid="health-ego-plot" />
            <p className="health-ego-hover muted" aria-live="polite">
              {hovered ?? 'Hover a circle or a bridge for its numbers; click a circle to see it on the map.'}
            </p>
          </div>
          <div className="health-ego-lists">
            <ul aria-label="Circles">
              {drawn.circles.map((circle) => (
                <li key={circle.id}>
                  <button type="button" className="link-button" onClick={() => onShowOnMap({ label: circle.label, personIds: circle.memberIds })} data-testid="health-circle">
                    {circle.label}
                  </button>{' '}
                  <span className="muted">
                    {circle.size} people · in touch with {circle.activeIds.length}
                  </span>
                </li>
              ))}
              {leftOut > 0 ? (
                <li className="muted">
                  and {leftOut} smaller {leftOut === 1 ? 'circle' : 'circles'}
                </li>
              ) : null}
            </ul>
            {drawn.brokers.length ? (
              <ul aria-label="Bridges between circles">
                {drawn.brokers.map((broker) => (
                  <li key={broker.personId}>
                    <button type="button" className="link-button" onClick={() => onOpenPerson(broker.personId)} data-testid="health-broker">
                      {brokerText(broker, report)}
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">Nobody among your ties bridges two circles yet.</p>
            )}
          </div>
        </div>
      )}
    </figure>
  );
}
