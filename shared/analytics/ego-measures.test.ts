import { describe, expect, it } from 'vitest';
import { RHYTHM_RISK_FACTOR, blauIndex, burtMeasures, eiIndex, tieRhythm } from './ego-measures';

/*
 * The reference graph, built by hand in networkx (Debian's python3-networkx 2.8.8
 * under /usr/bin/python3 and 3.6.1 give the same numbers; 2.8.8 prints the
 * weighted effective size as 3.4999999999999996) and igraph 0.10.2, which agrees
 * on constraint:
 *
 *   G = nx.Graph()
 *   for k, w in {'A': 5, 'B': 4, 'C': 3, 'D': 3, 'E': 2}.items(): G.add_edge('me', k, weight=w)
 *   for a, b, w in [('A','B',5), ('A','C',2), ('B','C',3), ('D','E',1), ('C','D',4)]: G.add_edge(a, b, weight=w)
 *   nx.effective_size(G, nodes=['me'], weight='weight')['me']  # 3.5
 *   nx.constraint(G, nodes=['me'], weight='weight')['me']      # 0.5729587178008458
 *   nx.effective_size(G, nodes=['me'])['me']                   # 3.0
 *   nx.constraint(G, nodes=['me'])['me']                       # 0.5541666666666668
 *   g.constraint([me], weights='weight')                       # igraph: 0.5729587178008458
 */
const EGO = [5, 4, 3, 3, 2];
const TIES = [
  { a: 0, b: 1, weight: 5 },
  { a: 0, b: 2, weight: 2 },
  { a: 1, b: 2, weight: 3 },
  { a: 3, b: 4, weight: 1 },
  { a: 2, b: 3, weight: 4 },
];

describe('burtMeasures', () => {
  it('matches networkx on a weighted ego network', () => {
    const { effectiveSize, constraint, efficiency } = burtMeasures(EGO, TIES);
    expect(effectiveSize).toBeCloseTo(3.5, 12);
    expect(constraint).toBeCloseTo(0.5729587178008458, 12);
    expect(efficiency).toBeCloseTo(3.5 / 5, 12);
  });

  it('matches networkx unweighted (every weight 1)', () => {
    const { effectiveSize, constraint } = burtMeasures(
      EGO.map(() => 1),
      TIES.map((tie) => ({ ...tie, weight: 1 })),
    );
    expect(effectiveSize).toBeCloseTo(3.0, 12);
    expect(constraint).toBeCloseTo(0.5541666666666668, 12);
  });

  it('gives a star its alters as effective size and Σ p² as constraint (networkx: 5.0, 0.2179930795847751)', () => {
    const { effectiveSize, constraint } = burtMeasures(EGO, []);
    expect(effectiveSize).toBe(5);
    expect(constraint).toBeCloseTo(0.2179930795847751, 12);
  });

  it('is null, not NaN, for an ego with no alters', () => {
    expect(burtMeasures([], [])).toEqual({ effectiveSize: null, efficiency: null, constraint: null });
  });
});

describe('blauIndex and eiIndex', () => {
  it('computes 1 − Σp² by hand', () => {
    expect(blauIndex([3, 1])).toBeCloseTo(1 - (0.75 ** 2 + 0.25 ** 2), 12); // 0.375
    expect(blauIndex([1, 1, 1, 1])).toBeCloseTo(0.75, 12);
    expect(blauIndex([7])).toBe(0);
  });

  it('is undefined (null) with no known alters', () => {
    expect(blauIndex([])).toBeNull();
    expect(blauIndex([0, 0])).toBeNull();
  });

  it('runs from −1 (all inside) to +1 (all outside)', () => {
    expect(eiIndex(0, 4)).toBe(-1);
    expect(eiIndex(4, 0)).toBe(1);
    expect(eiIndex(1, 2)).toBeCloseTo(-1 / 3, 12);
    expect(eiIndex(0, 0)).toBeNull();
  });
});

describe('tieRhythm', () => {
  const DAY = 24 * 3600 * 1000;
  const start = Date.parse('2026-01-01T10:00:00Z');
  const every10 = [0, 10, 20, 30].map((day) => start + day * DAY);

  it('flags a silence longer than 8× the median interval, and not at exactly 8×', () => {
    expect(RHYTHM_RISK_FACTOR).toBe(8);
    const atEight = tieRhythm(every10, start + (30 + 80) * DAY)!;
    expect(atEight).toEqual({ usualIntervalDays: 10, silenceDays: 80, silenceRatio: 8, goingQuiet: false });
    const past = tieRhythm(every10, start + (30 + 81) * DAY)!;
    expect(past.goingQuiet).toBe(true);
    expect(past.silenceRatio).toBeCloseTo(8.1, 12);
  });

  it('uses the median, so one burst does not set the rhythm', () => {
    const times = [0, 30, 60, 90, 91].map((day) => start + day * DAY);
    // Gaps 30, 30, 30, 1: median 30, where the last gap alone would be 1.
    const rhythm = tieRhythm(times, start + 120 * DAY)!;
    expect(rhythm.usualIntervalDays).toBe(30);
    expect(rhythm.goingQuiet).toBe(false);
  });

  it('counts contacts less than a day apart as one and needs two to measure', () => {
    expect(tieRhythm([start, start + 3600 * 1000], start + 100 * DAY)).toBeNull();
    expect(tieRhythm([start], start + 100 * DAY)).toBeNull();
    expect(tieRhythm([], start)).toBeNull();
  });

  it('ignores contacts after now (a clock moved back)', () => {
    const rhythm = tieRhythm([...every10, start + 500 * DAY], start + 40 * DAY)!;
    expect(rhythm.silenceDays).toBe(10);
  });
});
