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

const LINE_CHARS = 16;

/** The name in lines of at most about LINE_CHARS characters (a longer word keeps a line of its own), then the head count. */
export function groupLabel(group: Pick<MapGroup, 'label' | 'members'>): string {
  const lines: string[] = [];
  for (const word of group.label.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= LINE_CHARS) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return [...lines, `${count.format(group.members)} ${group.members === 1 ? 'person' : 'people'}`].join('\n');
}

/**
 * The label's font size (model px): its longest line spans most of the disc, within bounds
 * (a small group's label is then too small to draw at the overview's zoom: cytoscape leaves it out).
 */
function fontSizeFor(group: MapGroup, label: string): number {
  const longest = Math.max(8, ...label.split('\n').map((line) => line.length));
  return Math.round(Math.min(400, Math.max(24, (1.5 * group.radius) / (0.6 * longest))));
}

/**
 * The groups of `overview` not in `open`, and the links among them.
 * `labelled`: the overview shows each group's name in its disc; zoomed in
 * among people, a neighbouring group's name would be a wall of letters.
 */
export function groupElements(
  overview: MapOverview,
  open: ReadonlySet<string>,
  colour: (node: MapNode) => string,
  labelled = true,
): cytoscape.ElementDefinition[] {
  const elements: cytoscape.ElementDefinition[] = [];
  let heaviest = 1;
  for (const link of overview.links) heaviest = Math.max(heaviest, link.weight);
  for (const group of overview.groups) {
    if (open.has(group.id)) continue;
    const label = groupLabel(group);
    elements.push({
      group: 'nodes',
      data: {
        id: group.id,
        name: groupTitle(group),
        label: labelled ? label : '',
        org: group.org,
        members: group.members,
        size: 2 * group.radius,
        orgColor: groupColour(group, colour),
        fontSize: fontSizeFor(group, label),
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
