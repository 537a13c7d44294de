import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson } from '../doc/people';
import { createLink } from '../doc/links';
import { ME_NODE, setPosition } from '../doc/layout';
import { LOCAL_UI } from '../doc/origins';
import { networkElements, type MapEdge, type MapNode } from './graph';
import {
  GROUPED_ABOVE,
  LOOSE_GROUP,
  MIN_CIRCLE,
  NO_ORG_GROUP,
  PEOPLE_FROM_ZOOM,
  arrangeGroups,
  discInBox,
  groupIdsOf,
  groupNetwork,
  groupRadius,
  levelAt,
  memberPlaces,
  peopleInView,
  strongestLinks,
  type GroupLink,
} from './map-groups';
import { groupedMap, mapPeople, placesOf } from '../readers/map-model';

const node = (id: string, org: string, tier: MapNode['tier'] = 'regular'): MapNode => ({
  id,
  name: id,
  initials: id.slice(0, 2),
  org,
  tier,
  size: 30,
  orgColor: '#000',
  tags: [],
  location: '',
  dormant: false,
});
const edge = (source: string, target: string): MapEdge => ({ id: `link:${source}-${target}`, source, target, kind: 'knows', label: '', strength: 3 });

describe('levelAt', () => {
  it('draws a small network as people at every zoom', () => {
    for (const zoom of [0.05, 0.2, PEOPLE_FROM_ZOOM, 2]) expect(levelAt(zoom, GROUPED_ABOVE)).toBe('people');
  });

  it('draws a large network as groups below PEOPLE_FROM_ZOOM and as people from it on', () => {
    expect(levelAt(0.05, 30_000)).toBe('groups');
    expect(levelAt(PEOPLE_FROM_ZOOM - 0.01, GROUPED_ABOVE + 1)).toBe('groups');
    expect(levelAt(PEOPLE_FROM_ZOOM, 30_000)).toBe('people');
    expect(levelAt(3, 30_000)).toBe('people');
  });
});

describe('grouping', () => {
  const nodes = [
    node(ME_NODE, 'Acme', 'me'),
    node('a1', 'Acme', 'acquaintance'),
    node('a2', 'acme'),
    node('a4', 'Acme'),
    node('a3', 'ACME ', 'inner'),
    node('g1', 'Globex'),
    node('g2', 'Globex'),
    node('n1', ''),
  ];
  const edges = [edge('a1', 'a2'), edge('a1', 'g1'), edge('a2', 'g1'), edge('a3', 'g2'), edge('g1', 'n1'), edge('g1', 'g2')];

  it('groups people by organisation (spellings folded together), me in none, with members and the usual spelling', () => {
    const groupOf = groupIdsOf(nodes, 'org');
    expect(groupOf.has(ME_NODE)).toBe(false);
    expect(groupOf.get('a1')).toBe(groupOf.get('a3'));
    expect(groupOf.get('n1')).toBe(NO_ORG_GROUP);
    const { groups, members } = groupNetwork(nodes, edges, groupOf, 'org');
    expect(groups.map((group) => [group.label, group.members])).toEqual([
      ['Acme', 4],
      ['Globex', 2],
      ['No organisation', 1],
    ]);
    // Closest tiers in the middle of the disc: first in drawing order.
    expect(members.get(groupOf.get('a1')!)).toEqual(['a3', 'a2', 'a4', 'a1']);
    expect(groups[0]!.radius).toBe(groupRadius(4));
  });

  it('weighs the link between two groups by the links between their people, and leaves links inside a group out', () => {
    const groupOf = groupIdsOf(nodes, 'org');
    const { links } = groupNetwork(nodes, edges, groupOf, 'org');
    const weight = (a: string, b: string) =>
      links.find((link) => [link.source, link.target].sort().join() === [groupOf.get(a)!, groupOf.get(b)!].sort().join())?.weight;
    expect(weight('a1', 'g1')).toBe(3);
    expect(weight('g1', 'n1')).toBe(1);
    expect(links).toHaveLength(2);
    expect(links.every((link) => link.source !== link.target)).toBe(true);
  });

  it('groups by circle, with circles smaller than MIN_CIRCLE together', () => {
    const communityOf = new Map([
      ['a1', 0],
      ['a2', 0],
      ['a3', 0],
      ['a4', 0],
      ['g1', 1],
      ['g2', 1],
      ['n1', 2],
    ]);
    const groupOf = groupIdsOf(nodes, 'community', communityOf);
    expect(MIN_CIRCLE).toBe(3);
    expect(groupOf.get('a1')).toBe('group:circle:0');
    expect(groupOf.get('g1')).toBe(LOOSE_GROUP);
    expect(groupOf.get('n1')).toBe(LOOSE_GROUP);
    const { groups } = groupNetwork(nodes, edges, groupOf, 'community');
    expect(groups.map((group) => [group.label, group.members, group.community])).toEqual([
      ['Circle 1 · Acme', 4, 0],
      ['Loosely linked', 3, null],
    ]);
  });

  it('keeps each group’s strongest links', () => {
    const links: GroupLink[] = [
      { id: 'l1', source: 'A', target: 'B', weight: 9 },
      { id: 'l2', source: 'A', target: 'C', weight: 5 },
      { id: 'l3', source: 'A', target: 'D', weight: 1 },
      { id: 'l4', source: 'C', target: 'D', weight: 2 },
    ];
    // Strongest first, a link stays while either of its groups has room: with one each, A and B take l1,
    // C takes l2, D takes l4, and l3 is left with both its groups full; with two each, D has room for l3.
    expect(strongestLinks(links, 1).map((link) => link.id)).toEqual(['l1', 'l2', 'l4']);
    expect(strongestLinks(links, 2).map((link) => link.id)).toEqual(['l1', 'l2', 'l4', 'l3']);
  });
});

describe('arrangement and view', () => {
  it('packs groups without overlapping, under me, and places members inside their disc', () => {
    const groups = groupNetwork(
      Array.from({ length: 300 }, (_, i) => node(`p${String(i).padStart(3, '0')}`, `Org ${i % 7 === 0 ? 'big' : i % 13}`)),
      [],
      groupIdsOf(Array.from({ length: 300 }, (_, i) => node(`p${String(i).padStart(3, '0')}`, `Org ${i % 7 === 0 ? 'big' : i % 13}`)), 'org'),
      'org',
    ).groups;
    arrangeGroups(groups);
    for (const [i, a] of groups.entries()) {
      expect(a.y - a.radius).toBeGreaterThan(0);
      for (const b of groups.slice(i + 1)) expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual(a.radius + b.radius);
      for (const place of memberPlaces(a, a.members)) expect(Math.hypot(place.x - a.x, place.y - a.y)).toBeLessThanOrEqual(a.radius);
    }
  });

  it('draws the people placed in view, nearest the middle first up to the limit, and names the groups they open', () => {
    const places = new Map([
      ['a', { x: 0, y: 0 }],
      ['b', { x: 50, y: 0 }],
      ['c', { x: 90, y: 0 }],
      ['d', { x: 500, y: 0 }],
    ]);
    const groupOf = new Map([
      ['a', 'group:org:x'],
      ['b', 'group:org:y'],
      ['c', 'group:org:y'],
      ['d', 'group:org:z'],
    ]);
    const box = { x1: -100, y1: -100, x2: 100, y2: 100 };
    expect(peopleInView(box, places, groupOf)).toEqual({ people: ['a', 'b', 'c'], groups: ['group:org:x', 'group:org:y'] });
    expect(peopleInView(box, places, groupOf, 2)).toEqual({ people: ['a', 'b'], groups: ['group:org:x', 'group:org:y'] });
    expect(discInBox(box, { x: 150, y: 0, radius: 60 })).toBe(true);
    expect(discInBox(box, { x: 200, y: 200, radius: 100 })).toBe(false);
  });
});

describe('the grouped map of a document', () => {
  it('draws everyone in their group’s disc unless they have a stored place, and the links among the people drawn', () => {
    const doc = new Y.Doc();
    const ids = Array.from({ length: 12 }, (_, i) => createPerson(doc, { name: `P${i}`, org: i < 8 ? 'Acme' : 'Globex' }, LOCAL_UI));
    createLink(doc, { from: ids[0]!, to: ids[1]!, kind: 'knows' }, LOCAL_UI);
    createLink(doc, { from: ids[0]!, to: ids[9]!, kind: 'knows' }, LOCAL_UI);
    createLink(doc, { from: ids[2]!, to: ids[10]!, kind: 'knows' }, LOCAL_UI);
    setPosition(doc, ids[11]!, { x: 99_999, y: 99_999 }, LOCAL_UI);
    const map = groupedMap(doc, 'org', new Date('2025-06-01T00:00:00Z'), 'UTC');
    expect(map.overview.people).toBe(12);
    expect(map.overview.groups.map((group) => [group.label, group.members])).toEqual([
      ['Acme', 8],
      ['Globex', 4],
    ]);
    expect(map.overview.links).toEqual([expect.objectContaining({ weight: 2 })]);
    expect(map.overview.legend.map((entry) => entry.org)).toEqual(['Acme', 'Globex']);

    const places = placesOf(map, doc);
    expect(places.get(ids[11]!)).toEqual({ x: 99_999, y: 99_999 });
    const acme = map.overview.groups[0]!;
    const acmeBox = { x1: acme.x - acme.radius, y1: acme.y - acme.radius, x2: acme.x + acme.radius, y2: acme.y + acme.radius };
    const drawn = mapPeople(map, places, acmeBox);
    expect(drawn.groups).toEqual([acme.id]);
    expect(drawn.nodes.map((person) => person.id).sort()).toEqual(ids.slice(0, 8).sort());
    // Only the link with both people drawn.
    expect(drawn.edges.map((link) => [link.source, link.target])).toEqual([[ids[0], ids[1]]]);
    expect(networkElements(doc).nodes).toHaveLength(13);
  });
});
