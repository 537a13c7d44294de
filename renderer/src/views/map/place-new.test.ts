import { describe, expect, it } from 'vitest';
import { GAP, placeNewPeople, shouldPlaceNear, type PlacementInput } from './place-new';

type Position = { x: number; y: number };

/** Every pair (one of them new) whose discs overlap or come closer than GAP. */
function crowdedPairs(input: PlacementInput, placed: Record<string, Position>, fresh: string[]): string[] {
  const sizes = new Map(input.nodes.map(([id, size]) => [id, size]));
  const all = { ...(input.fixed as Record<string, Position>), ...placed };
  const pairs: string[] = [];
  for (const id of fresh) {
    for (const [other, position] of Object.entries(all)) {
      if (other === id || (fresh.includes(other) && other < id)) continue;
      const distance = Math.hypot(position.x - all[id]!.x, position.y - all[id]!.y);
      if (distance < (sizes.get(id)! + sizes.get(other)!) / 2 + GAP - 0.5) pairs.push(`${id}-${other}`);
    }
  }
  return pairs;
}

const distance = (a: Position, b: Position) => Math.hypot(a.x - b.x, a.y - b.y);

describe('placing newcomers on a placed map', () => {
  it('puts a newcomer between the placed people they are linked with, overlapping no one', () => {
    const input: PlacementInput = {
      nodes: [['me', 64], ['a', 32], ['b', 32], ['n', 32]],
      edges: [['n', 'a'], ['n', 'b']],
      fixed: { me: { x: 0, y: 0 }, a: { x: 300, y: 0 }, b: { x: 300, y: 200 } },
      hub: 'me',
    };
    const placed = placeNewPeople(input);
    expect(Object.keys(placed)).toEqual(['n']);
    expect(distance(placed.n!, { x: 300, y: 100 })).toBeLessThan(40);
    expect(crowdedPairs(input, placed, ['n'])).toEqual([]);
  });

  it('spreads many newcomers linked to the same person around them instead of stacking them', () => {
    const fresh = Array.from({ length: 40 }, (_, i) => `n${String(i).padStart(2, '0')}`);
    const input: PlacementInput = {
      nodes: [['me', 64], ['a', 40], ...fresh.map((id) => [id, 26] as const)],
      edges: fresh.map((id) => ['a', id] as const),
      fixed: { me: { x: 0, y: 0 }, a: { x: 400, y: 0 } },
      hub: 'me',
    };
    const placed = placeNewPeople(input);
    expect(Object.keys(placed).sort()).toEqual(fresh);
    expect(crowdedPairs(input, placed, fresh)).toEqual([]);
    // Still near the one they know: within a few rings of them.
    for (const id of fresh) expect(distance(placed[id]!, { x: 400, y: 0 })).toBeLessThan(300);
  });

  it('places newcomers without placed links by their organisation, or else around me, and chains through new links', () => {
    const input: PlacementInput = {
      nodes: [['me', 64], ['a', 32], ['b', 32], ['colleague', 32], ['loner', 32], ['friend-of-colleague', 32]],
      edges: [['colleague', 'friend-of-colleague']],
      fixed: { me: { x: 0, y: 0 }, a: { x: 1000, y: 1000 }, b: { x: 1040, y: 1000 } },
      hub: 'me',
      groups: { a: 'acme', b: 'acme', colleague: 'acme' },
    };
    const placed = placeNewPeople(input);
    expect(distance(placed.colleague!, { x: 1020, y: 1000 })).toBeLessThan(200);
    expect(distance(placed.loner!, { x: 0, y: 0 })).toBeLessThan(400);
    expect(distance(placed['friend-of-colleague']!, placed.colleague!)).toBeLessThan(200);
    expect(crowdedPairs(input, placed, ['colleague', 'loner', 'friend-of-colleague'])).toEqual([]);
  });

  it('is deterministic and moves nobody already placed', () => {
    const input: PlacementInput = {
      nodes: [['me', 64], ['a', 32], ['n', 32], ['m', 32]],
      edges: [['n', 'a'], ['m', 'n']],
      fixed: new Map([['me', { x: 0, y: 0 }], ['a', { x: 120, y: 0 }]]),
      hub: 'me',
    };
    const first = placeNewPeople(input);
    expect(placeNewPeople(input)).toEqual(first);
    expect(Object.keys(first).sort()).toEqual(['m', 'n']);
  });

  it('leaves a map that is mostly new to the force layout', () => {
    const nodes = [['me', 64], ['a', 32], ['b', 32], ['c', 32]] as const;
    expect(shouldPlaceNear(nodes, {})).toBe(false);
    expect(shouldPlaceNear(nodes, { me: { x: 0, y: 0 } })).toBe(false);
    expect(shouldPlaceNear(nodes, { me: { x: 0, y: 0 }, a: { x: 1, y: 1 } })).toBe(true);
  });
});
