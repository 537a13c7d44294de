/**
 * The map from the keyboard. The canvas is one focusable element; inside it
 * one person (or one of their links) has the keyboard's focus, drawn as a
 * ring (`kb-focus`) and said by a live region:
 *
 * - Tab into the map focuses the selected person, else the one nearest the
 *   middle of the view; arrows move to the nearest person that way
 *   (keyboard-nav.ts), panning to keep them in view;
 * - Enter opens the focused person (or link), Shift+L asks whom to link them
 *   to, `]` and `[` step through their links, Delete removes the focused link
 *   (Ctrl/⌘+Z brings it back), Escape goes from a link back to its person.
 *
 * A click on the canvas moves the keyboard's focus to what was clicked but
 * draws no ring: the ring is for people who steer with keys.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type cytoscape from 'cytoscape';
import { ME_NODE } from '../../../../shared/doc/layout';
import { ARROW_DIRECTIONS, nearestInDirection, nearestTo, type Place } from './keyboard-nav';
import { reveal } from './viewport';
import { namesStayUp } from './zoom-classes';

export type MapFocus = { kind: 'person'; id: string } | { kind: 'link'; id: string; person: string };

export interface MapKeyboardActions {
  /** Enter on a person. */
  onOpenPerson(id: string): void;
  /** Enter on a link. */
  onOpenLink(id: string): void;
  /** Shift+L on a person. */
  onLinkFrom(id: string): void;
  /** Delete on a link. */
  onDeleteLink(id: string): void;
  /** Enter on a group of a large network's map (its people are drawn when zoomed in). */
  onOpenGroup(id: string): void;
}

const isGroup = (element: cytoscape.CollectionReturnValue) => element.isNode() && element.data('members') !== undefined;

const FOCUS_CLASS = 'kb-focus';
const CENTRE_MS = 250;

/** The people the keyboard can reach: everyone drawn, not me (no person record) and not those a filter hides. */
function reachable(cy: cytoscape.Core): cytoscape.NodeCollection {
  return cy.nodes().filter((node) => node.id() !== ME_NODE && !node.hasClass('filtered-out'));
}

function placesOf(nodes: cytoscape.NodeCollection): Place[] {
  return nodes.map((node) => ({ id: node.id(), ...node.position() }));
}

/** A person's links in the order `]` visits them: by the other person's name. */
function linksOf(cy: cytoscape.Core, personId: string): cytoscape.EdgeSingular[] {
  const node = cy.getElementById(personId);
  const other = (edge: cytoscape.EdgeSingular) => String((edge.source().id() === personId ? edge.target() : edge.source()).data('name') ?? '');
  return node
    .connectedEdges()
    .filter((edge) => !edge.hasClass('path-spoke') && !edge.hasClass('filtered-out'))
    .toArray()
    .map((edge) => edge as cytoscape.EdgeSingular)
    .sort((a, b) => other(a).localeCompare(other(b)) || a.id().localeCompare(b.id()));
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** What the live region says about the focused person or link ("Grace Hopper, US Navy, 3 links"). */
export function describeFocus(cy: cytoscape.Core, focus: MapFocus | null): string {
  if (!focus) return '';
  const element = cy.getElementById(focus.id);
  if (element.empty()) return '';
  if (focus.kind === 'person' && isGroup(element)) {
    const linked = element.connectedEdges().length;
    return `${element.data('name')}, ${plural(linked, 'linked group', 'linked groups')}. Enter shows its people.`;
  }
  if (focus.kind === 'person') {
    const org = String(element.data('org') ?? '');
    return [element.data('name'), org, plural(linksOf(cy, focus.id).length, 'link', 'links')].filter(Boolean).join(', ');
  }
  const edge = element as cytoscape.EdgeSingular;
  const kind = String(edge.data('label') || edge.data('kind') || '').replace(/-/g, ' ');
  return `Link: ${edge.source().data('name')} and ${edge.target().data('name')}${kind ? `, ${kind}` : ''}. Delete removes it.`;
}

export function useMapKeyboard(
  cyRef: RefObject<cytoscape.Core | null>,
  containerRef: RefObject<HTMLDivElement | null>,
  selectedPerson: string | null,
  actions: MapKeyboardActions,
) {
  const [focus, setFocusState] = useState<MapFocus | null>(null);
  /** True while the canvas has focus that came from the keyboard (or a program), not a click. */
  const [ringShown, setRingShown] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const focusRef = useRef<MapFocus | null>(null);
  const latest = useRef({ actions, selectedPerson });
  useEffect(() => {
    latest.current = { actions, selectedPerson };
  });

  const setFocus = useCallback(
    (next: MapFocus | null, how: { centre?: boolean; pan?: boolean } = {}) => {
      focusRef.current = next;
      setFocusState(next);
      const cy = cyRef.current;
      if (!cy) return;
      setAnnouncement(describeFocus(cy, next));
      if (!next) return;
      const element = cy.getElementById(next.id);
      // A view still moving to the last person would be measured mid-way: finish it first.
      if (how.centre || how.pan) cy.stop(true, true);
      if (how.centre) cy.animate({ center: { eles: element }, duration: CENTRE_MS });
      else if (how.pan) reveal(cy, element.connectedNodes().union(element.nodes()), { zoomOut: false });
    },
    [cyRef],
  );

  /** The focus, if it still points at something drawn and reachable; else a fresh start (the selected person, or the middle). */
  const currentOrStart = useCallback((): MapFocus | null => {
    const cy = cyRef.current;
    if (!cy) return null;
    const people = reachable(cy);
    const current = focusRef.current;
    const stillThere = (id: string) => {
      const element = cy.getElementById(id);
      return element.nonempty() && !element.hasClass('filtered-out') && (element.isEdge() || people.contains(element as cytoscape.NodeSingular));
    };
    if (current && stillThere(current.id)) return current;
    // A link gone (deleted, or hidden by a filter) leaves the focus on its person.
    if (current?.kind === 'link' && stillThere(current.person)) return { kind: 'person', id: current.person };
    const selected = latest.current.selectedPerson;
    if (selected && people.contains(cy.getElementById(selected))) return { kind: 'person', id: selected };
    const extent = cy.extent();
    const middle = nearestTo({ x: (extent.x1 + extent.x2) / 2, y: (extent.y1 + extent.y2) / 2 }, placesOf(people));
    return middle ? { kind: 'person', id: middle } : null;
  }, [cyRef]);

  // A person clicked, or opened from a panel, is where the arrows go on from.
  useEffect(() => {
    if (selectedPerson && focusRef.current?.id !== selectedPerson) setFocus({ kind: 'person', id: selectedPerson });
  }, [selectedPerson, setFocus]);

  // The ring: on the focused element while the canvas has keyboard focus, with the person's name shown.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const element = focus && ringShown ? cy.getElementById(focus.id) : cy.collection();
    element.addClass(FOCUS_CLASS);
    if (element.isNode()) element.addClass('hover-named named');
    return () => {
      if (cy.destroyed()) return;
      element.removeClass(FOCUS_CLASS);
      if (element.isNode()) {
        element.removeClass('hover-named');
        if (!namesStayUp(cy)) element.removeClass('named');
      }
    };
  }, [cyRef, focus, ringShown]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let pointerDown = false;
    const onPointerDown = () => {
      pointerDown = true;
      setRingShown(false);
    };
    const onFocus = () => {
      const byPointer = pointerDown;
      pointerDown = false;
      if (byPointer) return;
      setFocus(currentOrStart(), { pan: true });
      setRingShown(true);
    };
    const onBlur = () => setRingShown(false);

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.target !== container || event.altKey || event.ctrlKey || event.metaKey) return;
      const cy = cyRef.current;
      if (!cy) return;
      const { actions: act } = latest.current;
      const direction = ARROW_DIRECTIONS[event.key];
      const current = currentOrStart();
      if (!current) return;
      const handled = () => {
        event.preventDefault();
        setRingShown(true);
      };
      const person = current.kind === 'person' ? current.id : current.person;
      // A group: arrows move on from it, Enter zooms into it; it has no links of its own to step through.
      const onGroup = isGroup(cy.getElementById(person));

      if (direction) {
        handled();
        const from = cy.getElementById(person);
        // The first key press after a click shows where the focus is rather than moving it.
        if (!ringShown || focusRef.current === null) {
          setFocus(current, { pan: true });
          return;
        }
        const next = nearestInDirection({ id: person, ...from.position() }, placesOf(reachable(cy)), direction);
        setFocus(next ? { kind: 'person', id: next } : { kind: 'person', id: person }, { pan: true });
      } else if (event.key === 'Enter') {
        handled();
        if (onGroup) act.onOpenGroup(current.id);
        else if (current.kind === 'person') act.onOpenPerson(current.id);
        else act.onOpenLink(current.id);
      } else if (onGroup) {
        return;
      } else if (event.key === 'L' && event.shiftKey) {
        handled();
        act.onLinkFrom(person);
      } else if (event.key === ']' || event.key === '[') {
        handled();
        const links = linksOf(cy, person);
        if (links.length === 0) {
          setFocus({ kind: 'person', id: person });
          setAnnouncement(`${describeFocus(cy, { kind: 'person', id: person })}. Shift+L links them to someone.`);
          return;
        }
        const at = current.kind === 'link' ? links.findIndex((edge) => edge.id() === current.id) : -1;
        const step = event.key === ']' ? 1 : -1;
        const index = at < 0 ? (step > 0 ? 0 : links.length - 1) : (at + step + links.length) % links.length;
        setFocus({ kind: 'link', id: links[index]!.id(), person }, { pan: true });
      } else if ((event.key === 'Delete' || event.key === 'Backspace') && current.kind === 'link') {
        handled();
        act.onDeleteLink(current.id);
        setFocus({ kind: 'person', id: person });
      } else if (event.key === 'Escape' && current.kind === 'link') {
        setFocus({ kind: 'person', id: person });
      }
    };

    container.addEventListener('pointerdown', onPointerDown);
    container.addEventListener('focus', onFocus);
    container.addEventListener('blur', onBlur);
    container.addEventListener('keydown', onKeyDown);
    return () => {
      container.removeEventListener('pointerdown', onPointerDown);
      container.removeEventListener('focus', onFocus);
      container.removeEventListener('blur', onBlur);
      container.removeEventListener('keydown', onKeyDown);
    };
  }, [cyRef, containerRef, currentOrStart, setFocus, ringShown]);

  /** Puts the keyboard's focus on a person and the canvas, centred (Find, then Enter). */
  const focusPerson = useCallback(
    (id: string) => {
      setFocus({ kind: 'person', id }, { centre: true });
      containerRef.current?.focus();
      setRingShown(true);
    },
    [containerRef, setFocus],
  );

  /** Gives focus back to the canvas (after a link was chosen or cancelled), saying again what is focused. */
  const refocus = useCallback(() => {
    const container = containerRef.current;
    if (!container) return;
    container.focus();
    setFocus(currentOrStart());
    setRingShown(true);
  }, [containerRef, currentOrStart, setFocus]);

  /** Says the focused element again (its links changed). */
  const redescribe = useCallback(() => {
    const cy = cyRef.current;
    if (cy) setAnnouncement(describeFocus(cy, focusRef.current));
  }, [cyRef]);

  return { focus, ringShown, announcement, focusPerson, refocus, redescribe };
}
