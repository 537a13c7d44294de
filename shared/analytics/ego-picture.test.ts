import { describe, expect, it } from 'vitest';
import { CIRCLES_DRAWN, egoPicture } from './ego-picture';
import type { Broker, Circle } from './network-health';

const circle = (id: number, size: number, active: number): Circle => ({
  id,
  label: `Circle ${id}`,
  size,
  memberIds: Array.from({ length: size }, (_, i) => `c${id}-${i}`),
  activeIds: Array.from({ length: active }, (_, i) => `c${id}-${i}`),
});
const broker = (personId: string, circleIds: number[]): Broker => ({ personId, name: personId, circleIds, active: true });
const round = ({ x, y }: { x: number; y: number }) => ({ x: Math.round(x * 10) / 10 + 0, y: Math.round(y * 10) / 10 + 0 });

describe('egoPicture', () => {
  it('puts two circles side by side, sized and filled by their members, and brokers off me, alternating sides', () => {
    const picture = egoPicture({
      circles: [circle(0, 16, 4), circle(1, 4, 4)],
      brokers: [broker('a', [0, 1]), broker('b', [0, 1]), broker('c', [0, 1]), broker('lone', [0, 7])],
    });
    expect(picture.circles.map((entry) => round(entry.position))).toEqual([
      { x: -110, y: 0 },
      { x: 110, y: 0 },
    ]);
    // 18 + 38·√(size / largest); 0.12 + 0.7 · in touch / size.
    expect(picture.circles.map((entry) => entry.size)).toEqual([56, 37]);
    expect(picture.circles.map((entry) => entry.fill)).toEqual([0.12 + 0.7 * 0.25, 0.12 + 0.7]);
    // Halfway between opposite circles is me: 0.55 × 110 across the line instead; the third of a pair is nudged 16 along both axes.
    expect(picture.brokers.map((entry) => [entry.broker.personId, round(entry.position), entry.joined])).toEqual([
      ['a', { x: 0, y: -60.5 }, [0, 1]],
      ['b', { x: 0, y: 60.5 }, [0, 1]],
      ['c', { x: 16, y: -44.5 }, [0, 1]],
    ]);
  });

  it('draws at most CIRCLES_DRAWN circles, evenly round me from the top, and brokers halfway between the drawn ones they join', () => {
    const circles = Array.from({ length: CIRCLES_DRAWN + 2 }, (_, i) => circle(i, 20 - i, 1));
    const picture = egoPicture({ circles, brokers: [broker('near', [0, 1]), broker('far', [0, CIRCLES_DRAWN + 1])] });
    expect(picture.circles).toHaveLength(CIRCLES_DRAWN);
    expect(round(picture.circles[0]!.position)).toEqual({ x: 0, y: -110 });
    expect(round(picture.circles[2]!.position)).toEqual({ x: 110, y: 0 });
    // Halfway between the top circle and the next one clockwise, 45° round.
    const step = 110 * Math.SQRT1_2;
    expect(picture.brokers.map((entry) => [entry.broker.personId, round(entry.position)])).toEqual([['near', round({ x: step / 2, y: (-110 - step) / 2 })]]);
  });

  it('draws nothing for a network without circles', () => {
    expect(egoPicture({ circles: [], brokers: [broker('a', [0, 1])] })).toEqual({ circles: [], brokers: [] });
  });
});
