/**
 * P1 at 30,000 people (issue 15): opening the network (about 67 MB of
 * update) from IndexedDB to the rendered People list, against
 * `Y.applyUpdate` of the same bytes in the same page; with the window's JS
 * heap and the host's RSS at that size as two more rows. What is measured
 * and how: bench/lib/open-people.mjs. Goal ≤ 2×. Several minutes here.
 */
import { openPeople } from '../lib/open-people.mjs';

export const description = 'open 30,000 people from IndexedDB to the rendered list, vs Y.applyUpdate of the same bytes; window heap and host RSS';

export function run({ runs, log, outDir }) {
  return openPeople({ name: 'open-30000-people', people: 30000, goal: 2, runs, log, outDir });
}
