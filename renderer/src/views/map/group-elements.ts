/**
 * A large network's groups as cytoscape elements (shared/analytics/map-groups.ts):
 * one node per group not drawn as its people, as big as the disc its people
 * fill when zoomed in, coloured like them; one link per pair of such groups,
 * as wide as the links between them are many.
 */
import type cytoscape from 'cytoscape';
import { OTHER_ORGS_COLOR, type MapNode } from '../../../../shared/analytics/graph';
import type { MapGroup } from '../../../../shared/analytics/map-groups';
import type { MapOverview } from '../../../../shared/readers/messages';
import { COMMUNITY_COLORS } from './decorate';

export const GROUP_CLASS = 'group';
export const GROUP_LINK_CLASS = 'group-link';

const count = new Intl.NumberFormat('en');

/** "Acme · 1,204 people". */
export function groupTitle(group: Pick<MapGroup, 'label' | 'members'>): string {
  return `${group.label} · ${count.format(group.members)} ${group.members === 1 ? 'person' : 'people'}`;
}

function groupColour(group: MapGroup, colour: (node: MapNode) => string): string {
  if (group.community !== null) return COMMUNITY_COLORS[group.community % COMMUNITY_COLORS.length]!;
  if (!group.org) return OTHER_ORGS_COLOR;
  return colour({ id: group.id, name: group.label, initials: '', org: group.org, tier: 'regular', size: 0, orgColor: OTHER_ORGS_COLOR, tags: [], location: '', dormant: false });
}

/** The groups of `overview` not in `open`, and the links among them. */
export function groupElements(overview: MapOverview, open: ReadonlySet<string>, colour: (node: MapNode) => string): cytoscape.ElementDefinition[] {
  const elements: cytoscape.ElementDefinition[] = [];
  let heaviest = 1;
  for (const link of overview.links) heaviest = Math.max(heaviest, link.weight);
  for (const group of overview.groups) {
    if (open.has(group.id)) continue;
    elements.push({
      group: 'nodes',
      data: {
        id: group.id,
        name: groupTitle(group),
        org: group.org,
        members: group.members,
        size: 2 * group.radius,
        orgColor: groupColour(group, colour),
        // Readable at the overview's zoom: a share of the disc, within bounds.
        fontSize: Math.round(Math.min(420, Math.max(60, group.radius / 5))),
      },
      position: { x: group.x, y: group.y },
      classes: GROUP_CLASS,
      grabbable: false,
    });
  }
  for (const link of overview.links) {
    if (open.has(link.source) || open.has(link.target)) continue;
    elements.push({
      group: 'edges',
      data: { id: link.id, source: link.source, target: link.target, weight: link.weight, width: Math.round(4 + (56 * link.weight) / heaviest) },
      classes: GROUP_LINK_CLASS,
    });
  }
  return elements;
}
