/**
 * Moving between people on the map with the arrow keys: which person is
 * "the next one to the right" of another. Plain geometry on model
 * coordinates (y grows downwards, as on screen), so it is tested alone.
 */

export type Direction = 'left' | 'right' | 'up' | 'down';

export interface Place {
  id: string;
  x: number;
  y: number;
}

export const ARROW_DIRECTIONS: Readonly<Record<string, Direction>> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/** How far `to` lies along `direction` from `from` (main), and how far off that line (cross). */
function offsets(from: Place, to: Place, direction: Direction): { main: number; cross: number } {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  switch (direction) {
    case 'right':
      return { main: dx, cross: Math.abs(dy) };
    case 'left':
      return { main: -dx, cross: Math.abs(dy) };
    case 'down':
      return { main: dy, cross: Math.abs(dx) };
    case 'up':
      return { main: -dy, cross: Math.abs(dx) };
  }
}

/**
 * The person an arrow key moves to: the nearest one within 45° of the
 * arrow's direction; when no one is, the best one anywhere on that side,
 * where being off the line counts twice as much as being far along it.
 * Null when no one lies that way. Ties go to the lower id, so the choice
 * never depends on the order people are listed in.
 */
export function nearestInDirection(from: Place, places: Iterable<Place>, direction: Direction): string | null {
  let best: { id: string; inCone: boolean; score: number } | null = null;
  for (const place of places) {
    if (place.id === from.id) continue;
    const { main, cross } = offsets(from, place, direction);
    if (main <= 0) continue;
    const inCone = cross <= main;
    const score = inCone ? Math.hypot(main, cross) : main + 2 * cross;
    const better =
      !best ||
      (inCone && !best.inCone) ||
      (inCone === best.inCone && (score < best.score || (score === best.score && place.id < best.id)));
    if (better) best = { id: place.id, inCone, score };
  }
  return best?.id ?? null;
}

/** The person nearest a point (the middle of the view, where Tab into the map starts); ties go to the lower id. */
export function nearestTo(point: { x: number; y: number }, places: Iterable<Place>): string | null {
  let best: { id: string; distance: number } | null = null;
  for (const place of places) {
    const distance = Math.hypot(place.x - point.x, place.y - point.y);
    if (!best || distance < best.distance || (distance === best.distance && place.id < best.id)) best = { id: place.id, distance };
  }
  return best?.id ?? null;
}
