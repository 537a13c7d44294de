import { describe, expect, it } from 'vitest';
import type { MapGroup } from '../../../../shared/analytics/map-groups';
import type { MapOverview } from '../../../../shared/readers/messages';
import { groupElements, groupLabel, groupTitle } from './group-elements';

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
});
