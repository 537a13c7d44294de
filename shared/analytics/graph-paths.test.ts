import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson, type Tier } from '../doc/people';
import { createLink, updateLink } from '../doc/links';
import { LOCAL_UI } from '../doc/origins';
import { ME_NODE } from '../doc/layout';
import { generateNetwork } from '../../e2e/fixtures/network';
import { bestPath, egoPositions } from './graph-paths';


function network() {
  const doc = new Y.Doc();
  const person = (name: string, tier: Tier, org = '') => createPerson(doc, { name, tier, org }, LOCAL_UI);
  const link = (from: string, to: string, strength: number) => createLink(doc, { from, to, strength }, LOCAL_UI);
  const ann = person('Ann', 'inner');
  const bob = person('Bob', 'acquaintance');
  const cat = person('Cat', 'regular');
  const dan = person('Dan', 'regular');
  const eve = person('Eve', 'acquaintance');
  link(ann, bob, 5);
  link(ann, cat, 4);
  const catBob = link(cat, bob, 4);
  link(ann, dan, 5);
  link(dan, bob, 1);
  return { doc, ann, bob, cat, dan, eve, catBob };
}

describe('bestPath', () => {
  it('finds the cheapest introducer, leaving out the direct tie', () => {
    const { doc, ann, bob, cat } = network();
    // Via Cat: (6−4) + (6−4) = 4; via Dan: 1 + 5 = 6; via me: 1 + 6 = 7; direct (1) is not allowed.
    expect(bestPath(doc, ann, bob)).toEqual({ path: [ann, cat, bob], cost: 4 });
    expect(bestPath(doc, bob, ann)).toEqual({ path: [bob, cat, ann], cost: 4 });
  });

  it('respects link strengths', () => {
    const { doc, ann, bob, dan, catBob } = network();
    updateLink(doc, catBob, 'strength', 1, LOCAL_UI);
    expect(bestPath(doc, ann, bob)).toEqual({ path: [ann, dan, bob], cost: 6 });
  });

  it('starts from the user, who knows everyone at a cost by closeness, but not by their direct tie', () => {
    const { doc, ann, bob } = network();
    // me–Bob (acquaintance, 6) is the direct tie; me–Ann (inner, 1) + Ann–Bob (5 → 1) = 2.
    expect(bestPath(doc, ME_NODE, bob)).toEqual({ path: [ME_NODE, ann, bob], cost: 2 });
  });

  it('goes through the user when no one else connects two people', () => {
    const { doc, ann, eve } = network();
    expect(bestPath(doc, ann, eve)).toEqual({ path: [ann, ME_NODE, eve], cost: 7 });
  });

  it('is null when unreachable or an end is not a live person', () => {
    const { doc, ann, eve, dan } = network();
    expect(bestPath(doc, ME_NODE, eve)).toBeNull();
    expect(bestPath(doc, ann, 'person:nobody')).toBeNull();
    deletePerson(doc, dan, LOCAL_UI);
    expect(bestPath(doc, ann, dan)).toBeNull();
    expect(bestPath(doc, ann, ann)).toEqual({ path: [ann], cost: 0 });
  });

  it('breaks ties by id, whatever order the replicas wrote in', () => {
    const doc = new Y.Doc();
    const [from, to, x, y] = ['From', 'To', 'X', 'Y'].map((name) => createPerson(doc, { name, tier: 'acquaintance' }, LOCAL_UI));
    for (const middle of [y!, x!]) {
      createLink(doc, { from: from!, to: middle, strength: 4 }, LOCAL_UI);
      createLink(doc, { from: middle, to: to!, strength: 4 }, LOCAL_UI);
    }
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const expected = { path: [from, [x!, y!].sort()[0], to], cost: 4 };
    expect(bestPath(doc, from!, to!)).toEqual(expected);
    expect(bestPath(replica, from!, to!)).toEqual(expected);
  });
});

describe('egoPositions', () => {
  const distance = (p: { x: number; y: number }) => Math.hypot(p.x, p.y);

  it('puts the user at the centre and each tier on its own ring, inner closest', () => {
    const doc = new Y.Doc();
    const ids: Record<string, string> = {};
    for (const tier of ['acquaintance', 'regular', 'close', 'inner'] as const) {
      ids[tier] = createPerson(doc, { name: tier, tier }, LOCAL_UI);
    }
    const positions = egoPositions(doc, { radius: 100 });
    expect(positions.get(ME_NODE)).toEqual({ x: 0, y: 0 });
    expect([ids.inner, ids.close, ids.regular, ids.acquaintance].map((id) => distance(positions.get(id!)!))).toEqual([100, 200, 300, 400]);
  });

  it('spreads a ring evenly by organisation, then name, starting at the top', () => {
    const doc = new Y.Doc();
    const zed = createPerson(doc, { name: 'Zed', org: 'Acme', tier: 'close' }, LOCAL_UI);
    const amy = createPerson(doc, { name: 'Amy', org: 'Zeta', tier: 'close' }, LOCAL_UI);
    const bea = createPerson(doc, { name: 'bea', org: 'acme', tier: 'close' }, LOCAL_UI);
    const dee = createPerson(doc, { name: 'Dee', org: 'Beta', tier: 'close' }, LOCAL_UI);
    const positions = egoPositions(doc, { radius: 100 });
    // close is the second ring; Acme (Bea, Zed), Beta (Dee), Zeta (Amy), clockwise on screen from the top.
    expect(positions.get(bea)).toEqual({ x: 0, y: -200 });
    expect(positions.get(zed)).toEqual({ x: 200, y: 0 });
    expect(positions.get(dee)).toEqual({ x: 0, y: 200 });
    expect(positions.get(amy)).toEqual({ x: -200, y: 0 });
  });

  it('widens a crowded ring so neighbours do not overlap', () => {
    const doc = new Y.Doc();
    for (let i = 0; i < 300; i++) createPerson(doc, { name: `P${i}`, tier: 'acquaintance' }, LOCAL_UI);
    const positions = [...egoPositions(doc, { radius: 50 }).values()].slice(1);
    const gap = Math.hypot(positions[0]!.x - positions[1]!.x, positions[0]!.y - positions[1]!.y);
    expect(distance(positions[0]!)).toBeGreaterThan(200);
    expect(gap).toBeGreaterThan(26);
  });
});

describe('on a generated network of 2,000 people', () => {
  // Its speed is the benchmarks' business (bench/): a timed assertion here only fails on a loaded machine.
  it('finds the same introduction path every time', () => {
    const doc = generateNetwork({ seed: 5, people: 2000, linksPerPerson: 2, notesPerPerson: 0 });
    const people = [...egoPositions(doc).keys()].filter((id) => id !== ME_NODE);
    const found = bestPath(doc, people[0]!, people[1999]!);
    expect(found).not.toBeNull();
    expect(found!.path[0]).toBe(people[0]);
    expect(found!.path.at(-1)).toBe(people[1999]);
    expect(bestPath(doc, people[0]!, people[1999]!)).toEqual(found);
  });
});
