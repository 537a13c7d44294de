/**
 * A large network's groups as cytoscape elements (shared/analytics/map-groups.ts):
 * one node per group not drawn as its people, as big as the disc its people
 * fill when zoomed in, coloured like them; one link per pair of such groups,
 * as wide as the links between them are many.
 */
import type cytoscape from 'cytoscape';
import { OTHER_ORGS_COLOR, type MapNode } from '../../../../shared/analytics/graph';
import { GROUP_GAP, type MapGroup } from '../../../../shared/analytics/map-groups';
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

/** The smallest a group's name is drawn on screen (px): below it, the name is drawn at this size instead. */
export const GROUP_LABEL_MIN_PX = 12;
/** The narrowest room (screen px) a name is wrapped into; a disc with less shows its name on hover and focus only. */
const GROUP_LABEL_MIN_ROOM_PX = 44;

export type GroupLabelFit =
  | { kind: 'inside' }
  /** Drawn at GROUP_LABEL_MIN_PX on screen, wrapped to the disc and half the gap on each side: model px for the style. */
  | { kind: 'small'; font: number; width: number; outline: number }
  | { kind: 'none' };

/**
 * How a group's label reads at `zoom`: in its disc as sized (`fontSize`,
 * model px) while that is readable; else at a readable size on screen,
 * over the disc and as wide as its place in the row; else, when even that
 * place is too narrow for a few letters, only on hover or keyboard focus.
 */
export function groupLabelFit(fontSize: number, size: number, zoom: number): GroupLabelFit {
  if (fontSize * zoom >= GROUP_LABEL_MIN_PX) return { kind: 'inside' };
  const room = size + GROUP_GAP * 0.8;
  if (room * zoom < GROUP_LABEL_MIN_ROOM_PX) return { kind: 'none' };
  return { kind: 'small', font: Math.ceil(GROUP_LABEL_MIN_PX / zoom), width: Math.floor(room), outline: Math.ceil(3 / zoom) };
}

/**
 * Gives each group on the map its label fit for the current zoom (classes
 * `label-small` and `label-none`, map-style.ts). Called when the view has
 * settled and after a patch: a few dozen groups, restyled only where the
 * fit changed.
 */
export function fitGroupLabels(cy: cytoscape.Core): void {
  const zoom = cy.zoom();
  cy.batch(() => {
    cy.nodes(`.${GROUP_CLASS}`).forEach((node) => {
      const fit = groupLabelFit(Number(node.data('fontSize')) || 0, Number(node.data('size')) || 0, zoom);
      node.toggleClass('label-small', fit.kind === 'small');
      node.toggleClass('label-none', fit.kind === 'none');
      // The hover and focus name of a disc too small for one is drawn as a small disc's would be.
      const readable = fit.kind === 'small' ? fit : groupLabelFit(0, Math.max(Number(node.data('size')) || 0, GROUP_LABEL_MIN_ROOM_PX / zoom), zoom);
      if (readable.kind !== 'small') return;
      const { font, width, outline } = readable;
      if (node.data('labelFont') !== font || node.data('labelWidth') !== width) node.data({ labelFont: font, labelWidth: width, labelOutline: outline });
    });
  });
}
