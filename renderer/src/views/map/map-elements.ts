/**
 * The people and links the map draws, from the document. "Going quiet" is
 * Follow-ups' own definition, the hello queue's people (`helloDueIds`, the
 * members of `helloQueue` without its sorting and full reads): due a hello
 * by their cadence counted in calendar days in the user's zone, and not
 * snoozed — so the map and Follow-ups never disagree about who it is.
 */
import type * as Y from 'yjs';
import { networkElements, type MapEdge, type MapNode } from '../../../../shared/analytics/graph';
import { helloDueIds } from '../../../../shared/analytics/follow-through';

/** What the map reads: what it draws, and what the hello queue reads (snoozes live on people; contact on notes and requests). */
export const MAP_ROOTS = ['contacts', 'links', 'me', 'notes', 'requests'] as const;

export function mapElements(doc: Y.Doc, now: Date, timeZone: string): { nodes: MapNode[]; edges: MapEdge[] } {
  return networkElements(doc, { dormant: helloDueIds(doc, now, timeZone) });
}
