/**
 * Per-keystroke people search over 30,000 people and 150,000 notes, as the
 * readers worker answers it (issue 15's P4 row), in Node.
 *
 * Subject: the readers' core (shared/readers/readers.ts, the code the
 * worker runs) holding the generated network, loaded as the worker loads
 * the stored copy, its kept views built once (`warm`, timed and reported).
 * Each keystroke is the People view's query (`search`, limit 100) answered
 * and structured-cloned, as it crosses the worker's port. Baseline,
 * alternating keystroke by keystroke: the naive substring scan of
 * search-10000 (bench/lib/search-scan.mjs). ms and baseline are the p50
 * keystrokes of each run, medians over runs. Goal: ≤ 0.1× the scan and
 * ≤ 10 ms. Not timed: the port's own hop (a few ms at most in Chromium).
 */
import * as Y from 'yjs';
import { loadNetworkGenerator, loadTypeScript } from '../lib/bundle.mjs';
import { median, medianOfRuns, percentile } from '../lib/stats.mjs';
import { keystrokes, loweredScan, naiveScan, scanData } from '../lib/search-scan.mjs';

export const description = 'search 30,000 people + 150,000 notes per keystroke in the readers worker, vs a naive substring scan';

const NETWORK = { seed: 30000, people: 30000, linksPerPerson: 3, notesPerPerson: 5 };
const GOAL = 0.1;
const GOAL_MS = 10;
const LIMIT = 100;
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
  const { Readers } = await loadTypeScript('shared/readers/readers.ts');
  let started = performance.now();
  const doc = generator.generateNetwork(NETWORK);
  const people = scanData(doc);
  for (const person of people) person.lowered = person.texts.map((text) => text.toLowerCase());
  const update = Y.encodeStateAsUpdate(doc);
  log(`generated ${people.length} people and ${doc.getMap('notes').size} notes (${(update.byteLength / 1e6).toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  doc.destroy();

  const readers = new Readers(() => {});
  started = performance.now();
  readers.load([update]);
  const loadMs = performance.now() - started;
  const warmMs = time(() => readers.warm());
  log(`readers: stored copy applied in ${ms(loadMs)}, index and duplicates built in ${ms(warmMs)}`);

  const keys = keystrokes(QUERIES);
  const ask = (key) => structuredClone(readers.answer({ kind: 'search', query: key, filters: {}, limit: LIMIT }));
  const perRun = [];
  const result = await medianOfRuns(
    runs,
    async () => {
      const times = { search: [], scan: [], lowered: [] };
      for (const key of keys) {
        times.search.push(time(() => ask(key)));
        times.scan.push(time(() => naiveScan(people, key)));
        times.lowered.push(time(() => loweredScan(people, key)));
      }
      const summary = { searchP95: percentile(times.search, 95), scanP95: percentile(times.scan, 95), loweredP50: median(times.lowered) };
      perRun.push(summary);
      log(`p95 search ${ms(summary.searchP95)}, scan ${ms(summary.scanP95)}; pre-lowered scan p50 ${ms(summary.loweredP50)}`);
      return { ms: median(times.search), baselineMs: median(times.scan) };
    },
    log,
  );
  const of = (key) => median(perRun.map((summary) => summary[key]));
  const details = [
    `${keys.length} keystrokes of ${QUERIES.length} queries, limit ${LIMIT}, answer structured-cloned; medians over runs`,
    `the worker's start: stored copy applied ${ms(loadMs)}, search index and duplicate buckets built ${ms(warmMs)}`,
    `p95 search ${ms(of('searchP95'))}, scan ${ms(of('scanP95'))}`,
    `a scan over texts lower-cased in advance: p50 ${ms(of('loweredP50'))}`,
  ];
  return { ...result, goal: GOAL, goalMs: GOAL_MS, details };
}
