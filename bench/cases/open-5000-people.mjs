/**
 * P1 at 5,000 people: opening the network from IndexedDB to the rendered
 * People list, against `Y.applyUpdate` of the same bytes in the same page;
 * with the window's JS heap and the host's RSS at that size as two more
 * rows. What is measured and how: bench/lib/open-people.mjs.
 * Goal (issue 15): ≤ 2× (it was ≤ 3×).
 */
import { openPeople } from '../lib/open-people.mjs';

export const description = 'open 5,000 people from IndexedDB to the rendered list, vs Y.applyUpdate of the same bytes; window heap and host RSS';

export function run({ runs, log, outDir }) {
  return openPeople({ name: 'open-5000-people', people: 5000, goal: 2, runs, log, outDir });
}
