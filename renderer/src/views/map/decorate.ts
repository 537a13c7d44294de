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
  if (filters.org && fold(node.data('org') ?? '') !== fold(filters.org)) return false;
  if (filters.tag && !(node.data('tagList') as string[] | undefined)?.some((tag) => fold(tag) === fold(filters.tag!))) return false;
  if (filters.tier && node.data('tier') !== filters.tier) return false;
  if (filters.dormantOnly && !node.data('dormant')) return false;
  return true;
}

export const COMMUNITY_COLORS = ORG_PALETTE;

/**
 * Graphs where a pass has left marks that a later pass must clear (a new
 * graph has none). Kept here, not in cy.scratch(): setting the core's
 * scratch makes cytoscape restyle every element.
 */
const marked = new WeakSet<cytoscape.Core>();

/** True when the settings mark nothing: no filter, search, circles, path or focus. */
function marksNothing({ filters, find, focus, path, colourBy }: Decorations): boolean {
  const filtering = Boolean(filters.org || filters.tag || filters.tier || filters.dormantOnly);
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
    cy.elements().removeClass('filtered-out faded search-hit on-path broker by-community');
    cy.remove('.path-spoke');

    const hidden = cy.nodes().filter((node) => !passes(node, settings.filters));
    hidden.addClass('filtered-out');
    hidden.connectedEdges().addClass('filtered-out');

    const needle = fold(settings.find);
    if (needle) {
      cy.nodes()
        .filter((node) => fold(`${node.data('name')} ${node.data('org')}`).includes(needle))
        .addClass('search-hit');
    }

    if (settings.colourBy === 'community') {
      cy.nodes().forEach((node) => {
        const community = settings.communityOf.get(node.id());
        if (community === undefined) return;
        node.data('communityColor', COMMUNITY_COLORS[community % COMMUNITY_COLORS.length]);
        node.addClass('by-community');
        if (settings.brokers.has(node.id())) node.addClass('broker');
      });
    }

    if (settings.path.length > 1) markPath(cy, settings.path);
    else if (settings.focus) {
      const focus = cy.getElementById(settings.focus);
      if (focus.nonempty()) cy.elements().not(focus.closedNeighborhood()).addClass('faded');
    }
  });
}

/** Marks the path's people and links; hops from me (which has no link records) get a drawn spoke. */
function markPath(cy: cytoscape.Core, path: string[]): void {
  const onPath = cy.collection();
  path.forEach((id, index) => {
    onPath.merge(cy.getElementById(id));
    const next = path[index + 1];
    if (!next) return;
    const link = cy.getElementById(id).edgesWith(cy.getElementById(next));
    if (link.nonempty()) onPath.merge(link);
    else onPath.merge(cy.add({ group: 'edges', data: { id: `path:${id}:${next}`, source: id, target: next }, classes: 'path-spoke' }));
  });
  onPath.addClass('on-path');
  cy.elements().not(onPath).addClass('faded');
}

export const TIER_OPTIONS = TIERS;
