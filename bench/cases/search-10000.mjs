/**
 * Per-keystroke people search over 10,000 people and 50,000 notes, in Node.
 *
 * Subject: `PeopleSearch` (shared/search/people-search.ts). Each run builds
 * a fresh index (timed: constructor plus the first call, which indexes), then
 * types each query one keystroke at a time and times `search(prefix)`.
 * Baseline: a naive case-insensitive substring scan of the same fields and
 * note texts (plain strings extracted once from the same document, untimed):
 * a person matches when every word typed occurs in one of their fields or
 * notes, `text.toLowerCase().includes(word)`. Keystrokes alternate between
 * subject and baseline so both share the machine's state.
 * Reported: ms = p50 of the search's keystrokes, baseline = p50 of the
 * scan's. Goal: ≤ 0.1× the scan and ≤ 10 ms. Details: build time, p95s, and a
 * scan over texts lower-cased in advance (the least any unindexed search does).
 */
import { loadNetworkGenerator, loadTypeScript } from '../lib/bundle.mjs';
import { median, medianOfRuns, percentile } from '../lib/stats.mjs';
import { keystrokes, loweredScan, naiveScan, scanData } from '../lib/search-scan.mjs';

export const description = 'search 10,000 people + 50,000 notes per keystroke, vs a naive substring scan';

const NETWORK = { seed: 10000, people: 10000, linksPerPerson: 3, notesPerPerson: 5 };
const GOAL = 0.1;
const GOAL_MS = 10;
/** Words that occur in names, organisations, interests, expertise, places and note text. */
const QUERIES = [
  'sofia martinez',
  'northwind',
  'photography',
  'kubernetes',
  'reorganised',
  'lisbon',
  'rust berlin',
  'deck',
  'climbing gym',
  'hiring',
];
function time(fn) {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

const ms = (value) => `${value.toFixed(1)} ms`;

export async function run({ runs, log }) {
  const generator = await loadNetworkGenerator();
  const { PeopleSearch } = await loadTypeScript('shared/search/people-search.ts');
  const started = performance.now();
  const doc = generator.generateNetwork(NETWORK);
  const people = scanData(doc);
  for (const person of people) person.lowered = person.texts.map((text) => text.toLowerCase());
  log(`generated ${people.length} people and ${doc.getMap('notes').size} notes in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const keys = keystrokes(QUERIES);
  const perRun = [];
  const result = await medianOfRuns(
    runs,
    async () => {
      let search;
      const buildMs = time(() => {
        search = new PeopleSearch(doc);
        search.search('');
      });
      const times = { search: [], scan: [], lowered: [] };
      for (const key of keys) {
        times.search.push(time(() => search.search(key)));
        times.scan.push(time(() => naiveScan(people, key)));
        times.lowered.push(time(() => loweredScan(people, key)));
      }
      search.destroy();
      const summary = {
        buildMs,
        searchP95: percentile(times.search, 95),
        scanP95: percentile(times.scan, 95),
        loweredP50: median(times.lowered),
      };
      perRun.push(summary);
      log(`build ${ms(buildMs)}; p95 search ${ms(summary.searchP95)}, scan ${ms(summary.scanP95)}; pre-lowered scan p50 ${ms(summary.loweredP50)}`);
      return { ms: median(times.search), baselineMs: median(times.scan) };
    },
    log,
  );
  const of = (key) => median(perRun.map((summary) => summary[key]));
  const details = [
    `${keys.length} keystrokes of ${QUERIES.length} queries; medians over runs`,
    `index build ${ms(of('buildMs'))}`,
    `p95 search ${ms(of('searchP95'))}, scan ${ms(of('scanP95'))}`,
    `a scan over texts lower-cased in advance: p50 ${ms(of('loweredP50'))}`,
  ];
  return { ...result, goal: GOAL, goalMs: GOAL_MS, details };
}
