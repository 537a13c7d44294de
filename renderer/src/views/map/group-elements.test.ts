import { describe, expect, it } from 'vitest';
import { GROUP_GAP, type MapGroup } from '../../../../shared/analytics/map-groups';
import type { MapOverview } from '../../../../shared/readers/messages';
import cytoscape from 'cytoscape';
import { GROUP_LABEL_MIN_PX, fitGroupLabels, groupElements, groupLabel, groupLabelFit, groupTitle } from './group-elements';
import { mapStyle } from './map-style';

const group = (id: string, label: string, members: number, community: number | null = null): MapGroup => ({
  id,
  label,
  org: community === null ? label : '',
  community,
  members,
  x: members,
  y: 0,
  radius: 40 * Math.sqrt(members) + 40,
});

const overview = (groups: MapGroup[]): MapOverview => ({
  people: groups.reduce((sum, each) => sum + each.members, 0),
  me: { id: 'me', name: 'Me', initials: 'M', org: '', tier: 'me', size: 64, orgColor: '#000', tags: [], location: '', dormant: false },
  mePosition: { x: 0, y: 0 },
  groups,
  links: [
    { id: 'l-ab', source: 'a', target: 'b', weight: 10 },
    { id: 'l-bc', source: 'b', target: 'c', weight: 1 },
  ],
  legend: [],
  orgs: [],
  tags: [],
});

describe('group elements', () => {
  const groups = [group('a', 'Open Fields Foundation', 736), group('b', 'Globex', 1), group('c', 'Initech', 20)];

  it('titles a group with its head count, and wraps a long name into short lines for its disc', () => {
    expect(groupTitle(groups[0]!)).toBe('Open Fields Foundation · 736 people');
    expect(groupTitle(groups[1]!)).toBe('Globex · 1 person');
    expect(groupLabel(groups[0]!)).toBe('Open Fields\nFoundation\n736 people');
  });

  it('draws the closed groups as discs of their size and the links among them as wide as their weight, leaving open groups to their people', () => {
    const elements = groupElements(overview(groups), new Set(['c']), () => '#123456');
    const nodes = elements.filter((element) => element.group === 'nodes');
    const edges = elements.filter((element) => element.group === 'edges');
    expect(nodes.map((node) => node.data.id)).toEqual(['a', 'b']);
    expect(nodes[0]!.data.size).toBe(2 * groups[0]!.radius);
    expect(nodes[0]!.data.orgColor).toBe('#123456');
    expect(nodes.every((node) => node.grabbable === false)).toBe(true);
    // The link to the open group goes with it; the heaviest is the widest.
    expect(edges.map((edge) => [edge.data.id, edge.data.weight])).toEqual([['l-ab', 10]]);
    expect(edges[0]!.data.width).toBe(60);
  });

  it('leaves the labels out among people', () => {
    expect(groupElements(overview(groups), new Set(), () => '#000', false).filter((element) => element.group === 'nodes').map((node) => node.data.label)).toEqual(['', '', '']);
  });

  it('keeps a name readable at any zoom: in the disc while big enough, at a readable size over a small disc, on hover alone where there is no room', () => {
    expect(groupLabelFit(120, 3000, 0.2)).toEqual({ kind: 'inside' });
    const small = groupLabelFit(24, 400, 0.1);
    expect(small).toMatchObject({ kind: 'small' });
    if (small.kind !== 'small') return;
    // GROUP_LABEL_MIN_PX on screen, as wide as the disc and most of the gap around it.
    expect(small.font * 0.1).toBeGreaterThanOrEqual(GROUP_LABEL_MIN_PX);
    expect(small.width).toBeGreaterThan(400);
    expect(small.width).toBeLessThan(400 + GROUP_GAP);
    expect(groupLabelFit(24, 100, 0.02)).toEqual({ kind: 'none' });
  });

  it('marks the groups of a map by the fit of their labels, and draws a hovered one’s name at a readable size', () => {
    const cy = cytoscape({ headless: true, styleEnabled: true, style: mapStyle({ text: '#111', accent: '#2f6f63', surface: '#fff', link: '#999', dark: false }) });
    cy.add(groupElements(overview([group('a', 'Open Fields Foundation', 736), group('b', 'Globex', 1), group('c', 'Initech', 20)]), new Set(), () => '#123456'));
    cy.zoom(0.05);
    fitGroupLabels(cy);
    const [big, tiny] = [cy.$id('a'), cy.$id('b')];
    const onScreen = (node: cytoscape.NodeSingular) => parseFloat(node.style('font-size')) * cy.zoom();
    expect(big.hasClass('label-small') || big.hasClass('label-none')).toBe(false);
    expect(tiny.hasClass('label-none')).toBe(true);
    expect(tiny.style('label')).toBe('');
    tiny.addClass('hover-named named');
    expect(tiny.style('label')).toBe('Globex\n1 person');
    expect(onScreen(tiny)).toBeGreaterThanOrEqual(GROUP_LABEL_MIN_PX);
    // Zoomed in a little: room for the small one's name over its disc.
    tiny.removeClass('hover-named named');
    cy.zoom(0.25);
    fitGroupLabels(cy);
    expect(tiny.hasClass('label-small')).toBe(true);
    expect(tiny.style('label')).toBe('Globex\n1 person');
    expect(onScreen(tiny)).toBeGreaterThanOrEqual(GROUP_LABEL_MIN_PX);
    cy.destroy();
  });
});
