/**
 * The grouped map of a large network (shared/analytics/map-groups.ts) read
 * from a document: what the readers worker answers `mapOverview` and
 * `mapPeople` with. Two parts, cached apart by the worker: the groups and
 * their arrangement (people, links, notes: seconds at 30,000 people), and
 * everyone's place (the layout root, which every drag changes: milliseconds).
 */
import type * as Y from 'yjs';
import { helloDueIds } from '../analytics/follow-through';
import { networkElements, orgLegend, type MapEdge, type MapNode } from '../analytics/graph';
import {
  arrangeGroups,
  groupIdsOf,
  groupNetwork,
  memberPlaces,
  peopleInView,
  strongestLinks,
  type GroupBy,
  type Position,
  type ViewBox,
} from '../analytics/map-groups';
import { compareCodeUnits, foldText } from '../analytics/normalize';
import { ME_NODE, getPositions } from '../doc/layout';
import type { MapOverview, MapPeople } from './messages';

export interface GroupedMap {
  overview: Omit<MapOverview, 'mePosition'>;
  nodes: Map<string, MapNode>;
  edgesOf: Map<string, MapEdge[]>;
  groupOf: Map<string, string>;
  /** Each person's place in their group's disc (a stored place wins: see `placesOf`). */
  slots: Map<string, Position>;
}

export function groupedMap(doc: Y.Doc, by: GroupBy, now: Date, timeZone: string, communityOf?: ReadonlyMap<string, number>): GroupedMap {
  const { nodes, edges } = networkElements(doc, { dormant: helloDueIds(doc, now, timeZone) });
  const groupOf = groupIdsOf(nodes, by, communityOf);
  const { groups, members, links } = groupNetwork(nodes, edges, groupOf, by);
  arrangeGroups(groups);
  const slots = new Map<string, Position>();
  for (const group of groups) {
    const ids = members.get(group.id)!;
    memberPlaces(group, ids.length).forEach((place, index) => slots.set(ids[index]!, place));
  }
  const edgesOf = new Map<string, MapEdge[]>();
  for (const edge of edges) {
    for (const end of [edge.source, edge.target]) {
      const list = edgesOf.get(end);
      if (list) list.push(edge);
      else edgesOf.set(end, [edge]);
    }
  }
  const orgs = new Map<string, string>();
  const tags = new Set<string>();
  for (const node of nodes) {
    if (node.org && !orgs.has(foldText(node.org))) orgs.set(foldText(node.org), node.org);
    for (const tag of node.tags) tags.add(tag);
  }
  const me = nodes.find((node) => node.id === ME_NODE)!;
  return {
    overview: {
      people: nodes.length - 1,
      me,
      groups,
      links: strongestLinks(links),
      legend: orgLegend(nodes),
      orgs: [...orgs.values()].sort(compareCodeUnits),
      tags: [...tags].sort(compareCodeUnits),
    },
    nodes: new Map(nodes.map((node) => [node.id, node])),
    edgesOf,
    groupOf,
    slots,
  };
}

/** Everyone's place: their stored one, else their slot in their group; me at my stored place or the middle. */
export function placesOf(map: GroupedMap, doc: Y.Doc): Map<string, Position> {
  const stored = getPositions(doc);
  const places = new Map<string, Position>();
  for (const [id, slot] of map.slots) places.set(id, stored.get(id) ?? slot);
  places.set(ME_NODE, stored.get(ME_NODE) ?? { x: 0, y: 0 });
  return places;
}

/** The people drawn for a view (map-groups.ts `peopleInView`), with the links among them and their places. */
export function mapPeople(map: GroupedMap, places: ReadonlyMap<string, Position>, box: ViewBox, limit?: number): MapPeople {
  const { people, groups } = peopleInView(box, places, map.groupOf, limit);
  const drawn = new Set(people);
  const edges: MapEdge[] = [];
  for (const id of people) {
    for (const edge of map.edgesOf.get(id) ?? []) {
      // Each link once: from its source's side.
      if (edge.source === id && drawn.has(edge.target)) edges.push(edge);
    }
  }
  return {
    groups,
    nodes: people.map((id) => map.nodes.get(id)!),
    edges,
    positions: new Map(people.map((id) => [id, places.get(id)!])),
  };
}
