/**
 * How the map's view settings mark the graph: classes on cytoscape
 * elements only, never document changes.
 */
import type cytoscape from 'cytoscape';
import { TIERS, type Tier } from '../../../../shared/doc/people';
import { ME_NODE } from '../../../../shared/doc/layout';
import { ORG_PALETTE } from '../../../../shared/analytics/graph';

export interface MapFilters {
  org?: string;
  tag?: string;
  tier?: Tier;
  dormantOnly?: boolean;
  /** Only these people (a selection another view sent to the map, such as an Insights bar). */
  only?: ReadonlySet<string>;
}

export interface Decorations {
  filters: MapFilters;
  /** Text to highlight people by (name or organisation). */
  find: string;
  /** The person whose neighbourhood stays in focus. */
  focus: string | null;
  /** Nodes of an introduction path, in order. */
  path: string[];
  colourBy: 'org' | 'community';
  communityOf: Map<string, number>;
  brokers: Set<string>;
}

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase()
    .trim();

function passes(node: cytoscape.NodeSingular, filters: MapFilters): boolean {
  if (node.id() === ME_NODE) return true;
  // A large map's group stands for people of many kinds: only an organisation filter can rule out an organisation's group.
  if (node.data('members') !== undefined) return !filters.org || !node.data('org') || fold(node.data('org')) === fold(filters.org);
  if (filters.org && fold(node.data('org') ?? '') !== fold(filters.org)) return false;
  if (filters.tag && !(node.data('tagList') as string[] | undefined)?.some((tag) => fold(tag) === fold(filters.tag!))) return false;
  if (filters.tier && node.data('tier') !== filters.tier) return false;
  if (filters.dormantOnly && !node.data('dormant')) return false;
  if (filters.only && !filters.only.has(node.id())) return false;
  return true;
}

export const COMMUNITY_COLORS = ORG_PALETTE;

/**
 * Graphs where a pass has left marks that a later pass must clear (a new
 * graph has none). Kept here, not in cy.scratch(): setting the core's
 * scratch makes cytoscape restyle every element.
 */
const marked = new WeakSet<cytoscape.Core>();

/** Every class decorate() sets; nothing else touches them. */
const MARKS = ['filtered-out', 'faded', 'search-hit', 'on-path', 'broker', 'by-community'] as const;
type Mark = (typeof MARKS)[number];

/** True when the settings mark nothing: no filter, search, circles, path or focus. */
function marksNothing({ filters, find, focus, path, colourBy }: Decorations): boolean {
  const filtering = Boolean(filters.org || filters.tag || filters.tier || filters.dormantOnly || filters.only);
  return !filtering && !fold(find) && !focus && path.length <= 1 && colourBy !== 'community';
}

/**
 * Applies every view setting in one batch; cheap to call after any change.
 * When the settings mark nothing and nothing is marked (a map just opened,
 * or after a plain pass) it touches no element: walking 20,000 of them for
 * nothing is time the first frame waits for.
 */
export function decorate(cy: cytoscape.Core, settings: Decorations): void {
  const plain = marksNothing(settings);
  if (plain && !marked.has(cy)) return;
  if (plain) marked.delete(cy);
  else marked.add(cy);
  cy.batch(() => {
    cy.remove('.path-spoke');
    // The marks each element should have; only the elements whose marks differ are touched, so
    // moving the focus from one person to another restyles two neighbourhoods, not the whole map.
    const want = new Map<string, Set<Mark>>();
    const mark = (elements: { forEach(each: (element: cytoscape.SingularElementArgument) => void): unknown }, name: Mark) =>
      elements.forEach((element) => {
        const marks = want.get(element.id());
        if (marks) marks.add(name);
        else want.set(element.id(), new Set([name]));
      });

    const hidden = cy.nodes().filter((node) => !passes(node, settings.filters));
    mark(hidden, 'filtered-out');
    mark(hidden.connectedEdges(), 'filtered-out');

    const needle = fold(settings.find);
    if (needle) mark(cy.nodes().filter((node) => fold(`${node.data('name')} ${node.data('org')}`).includes(needle)), 'search-hit');

    if (settings.colourBy === 'community') {
      cy.nodes().forEach((node) => {
        const community = settings.communityOf.get(node.id());
        if (community === undefined) return;
        const color = COMMUNITY_COLORS[community % COMMUNITY_COLORS.length];
        if (node.data('communityColor') !== color) node.data('communityColor', color);
        mark(node, 'by-community');
        if (settings.brokers.has(node.id())) mark(node, 'broker');
      });
    }

    if (settings.path.length > 1) {
      const onPath = pathElements(cy, settings.path);
      mark(onPath, 'on-path');
      mark(cy.elements().not(onPath), 'faded');
    } else if (settings.focus) {
      const focus = cy.getElementById(settings.focus);
      if (focus.nonempty()) mark(cy.elements().not(focus.closedNeighborhood()), 'faded');
    }

    // Gathered per mark, so each change is one call (and one 'class' event), not one per element.
    const gaining = new Map<Mark, cytoscape.Collection>();
    const losing = new Map<Mark, cytoscape.Collection>();
    cy.elements().forEach((element) => {
      const marks = want.get(element.id());
      for (const name of MARKS) {
        const should = marks?.has(name) ?? false;
        if (element.hasClass(name) === should) continue;
        const list = should ? gaining : losing;
        (list.get(name) ?? list.set(name, cy.collection()).get(name)!).merge(element);
      }
    });
    for (const [name, elements] of losing) elements.toggleClass(name, false);
    for (const [name, elements] of gaining) elements.toggleClass(name, true);
  });
}

/** The path's people and links; hops from me (which has no link records) get a drawn spoke. */
function pathElements(cy: cytoscape.Core, path: string[]): cytoscape.Collection {
  const onPath = cy.collection();
  path.forEach((id, index) => {
    onPath.merge(cy.getElementById(id));
    const next = path[index + 1];
    // A large map draws only the people in view: a hop to someone not drawn has nothing to join.
    if (!next || cy.getElementById(id).empty() || cy.getElementById(next).empty()) return;
    const link = cy.getElementById(id).edgesWith(cy.getElementById(next));
    if (link.nonempty()) onPath.merge(link);
    else onPath.merge(cy.add({ group: 'edges', data: { id: `path:${id}:${next}`, source: id, target: next }, classes: 'path-spoke' }));
  });
  return onPath;
}

export const TIER_OPTIONS = TIERS;
