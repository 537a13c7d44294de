import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson } from '../doc/people';
import { createLink } from '../doc/links';
import { LOCAL_UI } from '../doc/origins';
import { generateNetwork } from '../../e2e/fixtures/network';
import { BROKER_SHARE, communities } from './graph-communities';

// shared/ compiles without DOM or Node types; vitest runs in Node, where console exists.

/** Two tight circles, of five and seven, joined only through Bridge, plus a loner. */
function twoCircles() {
  const doc = new Y.Doc();
  const person = (name: string) => createPerson(doc, { name }, LOCAL_UI);
  const left = ['L1', 'L2', 'L3', 'L4', 'L5'].map(person);
  const right = ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7'].map(person);
  const bridge = person('Bridge');
  const loner = person('Loner');
  for (const circle of [left, right]) {
    circle.forEach((a, i) => circle.slice(i + 1).forEach((b) => createLink(doc, { from: a, to: b, strength: 4 }, LOCAL_UI)));
  }
  // Two ties on each side, so Bridge alone lies on every path between the circles.
  for (const other of [left[0]!, left[1]!, right[0]!, right[1]!]) createLink(doc, { from: bridge, to: other, strength: 2 }, LOCAL_UI);
  return { doc, left, right, bridge, loner };
}

describe('communities', () => {
  it('finds two obvious circles, numbered largest first, and a loner alone', () => {
    const { doc, left, right, loner } = twoCircles();
    const { communityOf } = communities(doc);
    expect(new Set(right.map((id) => communityOf.get(id)))).toEqual(new Set([0]));
    expect(new Set(left.map((id) => communityOf.get(id)))).toEqual(new Set([1]));
    expect(communityOf.get(loner)).toBe(2);
  });

  it('names the person joining the circles as a broker, and only them', () => {
    const { doc, bridge } = twoCircles();
    expect(communities(doc).brokers).toEqual(new Set([bridge]));
  });

  it('is the same on a replica whose maps were filled in another order', () => {
    const { doc } = twoCircles();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    expect(communities(replica)).toEqual(communities(doc));
  });

  it('ignores people in the Trash and their links', () => {
    const { doc, bridge, left, right } = twoCircles();
    deletePerson(doc, bridge, LOCAL_UI);
    const { communityOf, brokers } = communities(doc);
    expect(communityOf.has(bridge)).toBe(false);
    expect(communityOf.get(left[0]!)).not.toBe(communityOf.get(right[0]!));
    expect(brokers.size).toBe(0);
  });

  it('handles an empty network', () => {
    expect(communities(new Y.Doc())).toEqual({ communityOf: new Map(), brokers: new Set() });
  });

  // Its speed is the benchmarks' business (bench/): a timed assertion here only fails on a loaded machine.
  it('splits 2,000 people and 4,000 links into circles with a few brokers', () => {
    const doc = generateNetwork({ seed: 11, people: 2000, linksPerPerson: 2, notesPerPerson: 0 });
    const { communityOf, brokers } = communities(doc);
    const sizes = new Map<number, number>();
    for (const c of communityOf.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    expect(communityOf.size).toBe(2000);
    expect(sizes.get(0)).toBeLessThan(1000); // not one giant blob
    expect(brokers.size).toBeGreaterThan(0);
    expect(brokers.size).toBeLessThanOrEqual(2000 * BROKER_SHARE);
  });
});
