/**
 * Where the circles-and-bridges picture puts its discs and diamonds
 * (Insights' EgoDiagram), worked out from the report in the health worker,
 * so the window only draws given positions (cytoscape's preset layout).
 * Model units: the picture fits its box near zoom 1 and labels stay readable.
 */
import type { Broker, Circle, NetworkHealth } from './network-health';

/** More circles than this crowd a small picture; the list below it says how many are left out. */
export const CIRCLES_DRAWN = 8;
const RADIUS = 110;

export interface Point {
  x: number;
  y: number;
}

export interface PictureCircle {
  circle: Circle;
  position: Point;
  /** Diameter, by the square root of its members against the largest drawn. */
  size: number;
  /** Background opacity: the share of members I am in touch with. */
  fill: number;
}

export interface PictureBroker {
  broker: Broker;
  position: Point;
  /** The drawn circles they join, each a dashed line. */
  joined: number[];
}

export interface EgoPicture {
  circles: PictureCircle[];
  brokers: PictureBroker[];
}

/**
 * Circles evenly round me at the origin (two side by side); a broker halfway
 * between the drawn circles it joins — moved off me when that halfway point
 * is where I am — and nudged apart when several join the same circles.
 * Brokers joining fewer than two drawn circles are left out.
 */
export function egoPicture(report: Pick<NetworkHealth, 'circles' | 'brokers'>): EgoPicture {
  const drawn = report.circles.slice(0, CIRCLES_DRAWN);
  const largest = Math.max(1, ...drawn.map((circle) => circle.size));
  const place = new Map<number, Point>();
  const start = drawn.length === 2 ? Math.PI : -Math.PI / 2;
  const circles = drawn.map((circle, i): PictureCircle => {
    const angle = start + (2 * Math.PI * i) / drawn.length;
    const position = { x: RADIUS * Math.cos(angle), y: RADIUS * Math.sin(angle) };
    place.set(circle.id, position);
    return { circle, position, size: 18 + 38 * Math.sqrt(circle.size / largest), fill: 0.12 + 0.7 * (circle.activeIds.length / circle.size) };
  });
  const sameJoin = new Map<string, number>();
  const brokers: PictureBroker[] = [];
  for (const broker of report.brokers) {
    const joined = broker.circleIds.filter((id) => place.has(id));
    if (joined.length < 2) continue;
    const key = joined.join(' ');
    const nth = sameJoin.get(key) ?? 0;
    sameJoin.set(key, nth + 1);
    let x = joined.reduce((sum, id) => sum + place.get(id)!.x, 0) / joined.length;
    let y = joined.reduce((sum, id) => sum + place.get(id)!.y, 0) / joined.length;
    if (Math.hypot(x, y) < RADIUS / 3) {
      // Opposite circles: halfway is me. Go round instead, across the line between them, alternating sides.
      const [a, b] = [place.get(joined[0]!)!, place.get(joined[1]!)!];
      const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
      const side = nth % 2 ? 1 : -1;
      x = (side * -(b.y - a.y) * RADIUS * 0.55) / length;
      y = (side * (b.x - a.x) * RADIUS * 0.55) / length;
    }
    const step = Math.floor(nth / 2) * 16;
    brokers.push({ broker, position: { x: x + step, y: y + step }, joined });
  }
  return { circles, brokers };
}
