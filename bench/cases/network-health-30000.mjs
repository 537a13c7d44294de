/**
 * The whole network health report for 30,000 people (LinkedIn's cap on
 * connections) with 3 links each, in Node (bench/lib/network-health.mjs).
 * Baseline: one pass over the same links building an adjacency list. Goal
 * (issue 14): ≤ 5 s; the ratio's goal is loose, as in network-health-5000.
 */
import { runNetworkHealth } from '../lib/network-health.mjs';

export const description = 'network health report, 30,000 people / 90,000 links, vs one adjacency-list pass over the links';

export function run(context) {
  return runNetworkHealth({ people: 30000, goalMs: 5000, goal: 100 }, context);
}
