import { describe, expect, it } from 'vitest';
import { GAP, placeNewPeople, shouldPlaceNear, spreadOut, type PlacementInput } from './place-new';

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

describe('spreading out a draft layout', () => {
  // A spectral draft as fcose gives it for thousands of people: three groups, each on one spot.
  const groups = { a: { x: -10, y: 0 }, b: { x: 10, y: 0 }, c: { x: 0, y: 15 } } as const;
  const ids = Object.keys(groups).flatMap((group) => Array.from({ length: 120 }, (_, i) => `${group}${String(i).padStart(3, '0')}`));
  const nodes = [['me', 64] as const, ...ids.map((id, i) => [id, 26 + (i % 4) * 6] as const)];
  const targets: Record<string, Position> = { me: { x: 0, y: 5 } };
  for (const id of ids) targets[id] = groups[id[0] as keyof typeof groups];

  it('overlaps no one, keeps each group together and apart from the others, with me in the middle', () => {
    const placed = spreadOut({ nodes, targets, fixed: {}, hub: 'me' });
    expect(Object.keys(placed).sort()).toEqual(['me', ...ids].sort());
    const input: PlacementInput = { nodes, edges: [], fixed: {}, hub: 'me' };
    expect(crowdedPairs(input, placed, Object.keys(placed))).toEqual([]);
    // Each group's people are nearer their own group's middle than any other group's.
    const middle = (group: string) => {
      const members = ids.filter((id) => id.startsWith(group)).map((id) => placed[id]!);
      return { x: members.reduce((sum, p) => sum + p.x, 0) / members.length, y: members.reduce((sum, p) => sum + p.y, 0) / members.length };
    };
    const middles = Object.fromEntries(Object.keys(groups).map((group) => [group, middle(group)]));
    for (const id of ids) {
      const own = distance(placed[id]!, middles[id[0]!]!);
      for (const other of Object.keys(groups)) if (other !== id[0]) expect(own).toBeLessThan(distance(placed[id]!, middles[other]!));
    }
    // The groups keep their arrangement: a left of b, c below both.
    expect(middles.a!.x).toBeLessThan(middles.b!.x);
    expect(middles.c!.y).toBeGreaterThan(Math.max(middles.a!.y, middles.b!.y));
    expect(placed.me).toEqual({ x: 0, y: 0 });
    // The same draft gives the same picture.
    expect(spreadOut({ nodes, targets, fixed: {}, hub: 'me' })).toEqual(placed);
  });

  it('leaves the people already placed where they are, and places the rest around them', () => {
    const fixed = { me: { x: 500, y: 500 }, a000: { x: 400, y: 500 } };
    const placed = spreadOut({ nodes, targets, fixed, hub: 'me' });
    expect(placed.me).toBeUndefined();
    expect(placed.a000).toBeUndefined();
    expect(Object.keys(placed)).toHaveLength(ids.length - 1);
    const input: PlacementInput = { nodes, edges: [], fixed, hub: 'me' };
    expect(crowdedPairs(input, placed, Object.keys(placed))).toEqual([]);
    // Set over the fixed people: the a group's middle is near a000.
    const as = ids.filter((id) => id.startsWith('a') && id !== 'a000').map((id) => placed[id]!);
    const ax = as.reduce((sum, p) => sum + p.x, 0) / as.length;
    expect(ax).toBeLessThan(500);
  });
});
