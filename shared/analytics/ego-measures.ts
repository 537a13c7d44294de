/**
 * Ego-network measures as plain functions of numbers, with the reference
 * definitions they follow. network-health.ts reads the document and feeds
 * them; the tests check them against networkx 2.8.8 on hand-built graphs.
 *
 * Undefined is `null`, never NaN: an index of nobody has no value (a Blau
 * index of no alters is undefined, not 0 or 1; networkx and igraph give nan
 * for an ego with no alters).
 */

/**
 * Blau's heterogeneity index 1 − Σ pᵢ² over the sizes of known categories:
 * 0 when everyone is in one category, approaching 1 as ties spread evenly
 * over many. Null when no category is known.
 */
export function blauIndex(counts: Iterable<number>): number | null {
  let total = 0;
  let squares = 0;
  const sizes = [...counts];
  for (const count of sizes) total += count;
  if (total === 0) return null;
  for (const count of sizes) squares += (count / total) ** 2;
  return 1 - squares;
}

/**
 * Krackhardt & Stern's E-I index (E − I) / (E + I): −1 when every tie is
 * inside my group, +1 when every tie is outside it. Null without ties.
 */
export function eiIndex(external: number, internal: number): number | null {
  const total = external + internal;
  return total === 0 ? null : (external - internal) / total;
}

/** An undirected weighted tie between two alters (no self-loops, at most one per pair). */
export interface AlterTie {
  a: number;
  b: number;
  weight: number;
}

export interface BurtMeasures {
  /** Burt's effective size: alters less their redundancy. */
  effectiveSize: number | null;
  /** effectiveSize / number of alters. */
  efficiency: number | null;
  /** Burt's aggregate constraint: high when my alters are tied to each other. */
  constraint: number | null;
}

/**
 * Burt's effective size and constraint of an ego tied to alters 0..n-1 with
 * weights `egoWeights`, whose alters are tied among themselves by `ties`,
 * as networkx 2.8.8 defines them on that graph (`effective_size(G, nodes=[ego],
 * weight='weight')`, `constraint(G, nodes=[ego], weight='weight')`):
 *
 * - pᵤᵥ = (aᵤᵥ + aᵥᵤ) / Σₓ (aᵤₓ + aₓᵤ), the share of u's tie weight spent on v;
 * - mᵤᵥ = (aᵤᵥ + aᵥᵤ) / maxₓ (aᵤₓ + aₓᵤ), v's weight relative to u's strongest tie;
 * - effective size = Σᵥ (1 − Σ_w p_ego,w · m_v,w), over alters v and w ≠ v;
 * - constraint = Σᵥ (p_ego,v + Σ_w p_ego,w · p_w,v)².
 *
 * In the graph these measures see, the ego is tied to every alter, so
 * networkx's "whole graph" and "ego network" readings are the same graph.
 * O(alters + ties).
 */
export function burtMeasures(egoWeights: readonly number[], ties: readonly AlterTie[]): BurtMeasures {
  const n = egoWeights.length;
  if (n === 0) return { effectiveSize: null, efficiency: null, constraint: null };
  // Each alter's total tie weight (the ego's tie included) and strongest tie.
  const total = Float64Array.from(egoWeights);
  const strongest = Float64Array.from(egoWeights);
  let egoTotal = 0;
  for (const weight of egoWeights) egoTotal += weight;
  for (const { a, b, weight } of ties) {
    total[a]! += weight;
    total[b]! += weight;
    if (weight > strongest[a]!) strongest[a] = weight;
    if (weight > strongest[b]!) strongest[b] = weight;
  }
  const pEgo = (v: number) => egoWeights[v]! / egoTotal;
  // redundancy[v] = Σ_w p_ego,w · m_v,w; indirect[v] = Σ_w p_ego,w · p_w,v.
  const redundancy = new Float64Array(n);
  const indirect = new Float64Array(n);
  for (const { a, b, weight } of ties) {
    redundancy[a]! += (pEgo(b) * weight) / strongest[a]!;
    redundancy[b]! += (pEgo(a) * weight) / strongest[b]!;
    indirect[b]! += (pEgo(a) * weight) / total[a]!;
    indirect[a]! += (pEgo(b) * weight) / total[b]!;
  }
  let effectiveSize = 0;
  let constraint = 0;
  for (let v = 0; v < n; v++) {
    effectiveSize += 1 - redundancy[v]!;
    constraint += (pEgo(v) + indirect[v]!) ** 2;
  }
  return { effectiveSize, efficiency: effectiveSize / n, constraint };
}

const DAY_MS = 24 * 3600 * 1000;

/** Silence beyond this many times a tie's own usual interval puts it at risk (see `tieRhythm`). */
export const RHYTHM_RISK_FACTOR = 8;

export interface TieRhythm {
  /** The median gap, in days, between contacts a day or more apart. */
  usualIntervalDays: number;
  /** Days since the last contact. */
  silenceDays: number;
  /** silenceDays / usualIntervalDays. */
  silenceRatio: number;
  /** The silence exceeds RHYTHM_RISK_FACTOR × the usual interval. */
  goingQuiet: boolean;
}

/**
 * A tie's own rhythm from the times (ms) we were in touch, at `now`. Issue 14
 * cites published tie-decay studies that put the risk of a tie being lost
 * around 8× the previous interval between contacts. Kith uses the median of
 * all gaps rather than the last one: a single burst (three messages one
 * afternoon) would otherwise make a monthly friend look "quiet" after a
 * week. Contacts less than a day apart count as one. Null with fewer than
 * two contacts a day apart: there is no rhythm to measure yet.
 */
export function tieRhythm(times: readonly number[], now: number): TieRhythm | null {
  const sorted = times.filter((time) => time <= now).sort((a, b) => a - b);
  const gaps: number[] = [];
  let previous = sorted[0];
  for (const time of sorted) {
    if (time - previous! >= DAY_MS) {
      gaps.push((time - previous!) / DAY_MS);
      previous = time;
    }
  }
  if (!gaps.length) return null;
  gaps.sort((a, b) => a - b);
  const middle = gaps.length >> 1;
  const usualIntervalDays = gaps.length % 2 ? gaps[middle]! : (gaps[middle - 1]! + gaps[middle]!) / 2;
  const silenceDays = (now - sorted[sorted.length - 1]!) / DAY_MS;
  const silenceRatio = silenceDays / usualIntervalDays;
  return { usualIntervalDays, silenceDays, silenceRatio, goingQuiet: silenceRatio > RHYTHM_RISK_FACTOR };
}
