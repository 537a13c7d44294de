/**
 * The whole network health report for 5,000 people with 3 links each, in
 * Node (bench/lib/network-health.mjs). Baseline: one pass over the same
 * links building an adjacency list. Goal (issue 14): ≤ 1 s; the ratio's
 * goal is loose, so the table shows what the report costs beyond reading
 * the links.
 */
import { runNetworkHealth } from '../lib/network-health.mjs';

export const description = 'network health report, 5,000 people / 15,000 links, vs one adjacency-list pass over the links';

export function run(context) {
  return runNetworkHealth({ people: 5000, goalMs: 1000, goal: 100 }, context);
}
