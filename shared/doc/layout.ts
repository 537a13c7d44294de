/**
 * Map positions (the `layout` root): a node id → a plain `{ x, y }` object,
 * where a node is a person (`person:…`) or the user themself (`ME_NODE`).
 *
 * A position is one plain value, not a nested Y.Map: x and y change together
 * on a drag, and two devices moving one node concurrently should leave it in
 * one of the two places, not at the x of one and the y of the other.
 * Positions of people in the Trash stay, so a restored person returns to
 * where they were; `purgePerson` removes them.
 */
import * as Y from 'yjs';
import { root } from './schema';
import { ValidationError } from './errors';
import { getPerson, isLivePerson } from './people';

/** The node that stands for the user, at the centre of their network. */
export const ME_NODE = 'me';

export interface Position {
  x: number;
  y: number;
}

function layout(doc: Y.Doc): Y.Map<unknown> {
  return root(doc, 'layout');
}

const isPlaceable = (doc: Y.Doc, nodeId: string) => nodeId === ME_NODE || isLivePerson(doc, nodeId);

/** The clean position, or throws: NaN or Infinity would break the map on every replica. */
function checkPosition(position: unknown): Position {
  const { x, y } = (position ?? {}) as Partial<Position>;
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw new ValidationError('position', 'A map position needs finite x and y numbers');
  }
  return { x, y };
}

function readPosition(value: unknown): Position | null {
  if (typeof value !== 'object' || value === null) return null;
  const { x, y } = value as Partial<Position>;
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
}

/** Writes only positions that differ, so re-applying a layout syncs nothing. */
function writePositions(doc: Y.Doc, positions: ReadonlyMap<string, Position>, origin: unknown): void {
  const map = layout(doc);
  const changed = [...positions].filter(([id, { x, y }]) => {
    const current = readPosition(map.get(id));
    return !current || current.x !== x || current.y !== y;
  });
  if (!changed.length) return;
  doc.transact(() => {
    for (const [id, position] of changed) map.set(id, { x: position.x, y: position.y });
  }, origin);
}

/** Places one node (a drag). Throws ValidationError, writing nothing, for a bad position or a person not in the network. */
export function setPosition(doc: Y.Doc, nodeId: string, position: Position, origin: unknown): void {
  const clean = checkPosition(position);
  if (!isPlaceable(doc, nodeId)) {
    const person = getPerson(doc, nodeId);
    throw new ValidationError(
      'nodeId',
      person ? `${person.name} is in the Trash; restore them to place them on the map` : 'That person is not in your network',
    );
  }
  writePositions(doc, new Map([[nodeId, clean]]), origin);
}

/**
 * Places many nodes in one transaction, so a whole layout is one undo step.
 * A non-finite position throws and writes nothing. Ids that are not live
 * people (someone deleted while a layout ran in a worker) are skipped rather
 * than refused, so the rest of the layout still lands; they are returned.
 */
export function setPositions(
  doc: Y.Doc,
  positions: ReadonlyMap<string, Position> | Readonly<Record<string, Position>>,
  origin: unknown,
): string[] {
  const entries = positions instanceof Map ? [...positions] : Object.entries(positions);
  const clean = new Map<string, Position>();
  const skipped: string[] = [];
  for (const [id, position] of entries) {
    const checked = checkPosition(position);
    if (isPlaceable(doc, id)) clean.set(id, checked);
    else skipped.push(id);
  }
  writePositions(doc, clean, origin);
  return skipped;
}

/** Every stored position, including those of people in the Trash; malformed entries (a buggy peer) are skipped. */
export function getPositions(doc: Y.Doc): Map<string, Position> {
  const positions = new Map<string, Position>();
  layout(doc).forEach((value, id) => {
    const position = readPosition(value);
    if (position) positions.set(id, position);
  });
  return positions;
}

/** Forgets the positions of these nodes in one transaction (e.g. "re-arrange these"), so a layout places them anew. */
export function clearPositions(doc: Y.Doc, ids: Iterable<string>, origin: unknown): void {
  const map = layout(doc);
  const present = [...new Set(ids)].filter((id) => map.has(id));
  if (!present.length) return;
  doc.transact(() => {
    for (const id of present) map.delete(id);
  }, origin);
}
