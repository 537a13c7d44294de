/**
 * Opening a network of 5,000 people: from navigation to the rendered People
 * list, with the document in IndexedDB (as on every start after the first).
 *
 * Subject: a fresh page navigates to the app; the time is the page's own
 * `performance.now()` (0 = navigation start) at the first animation frame
 * where `[data-testid="people-count"]` reads 5,000 and a
 * `[data-testid="person-row"]` exists.
 * Baseline: in that same page, `Y.applyUpdate` of the same bytes into a new
 * Y.Doc (its own bundled copy of yjs) — the least any client must do.
 * Goal: the app takes at most 3× the baseline.
 *
 * Setup, untimed: a generated network (seed 5000; 3 links and 2 notes per
 * person) goes into the IndexedDB database named after the data folder's
 * docName; one first open lets the renderer sync it to the host, and the
 * host's log settles before any timed run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { launchChromium, pageIdle, seedIndexedDb, startHost, waitForQuietFile, watchHostLink } from '../lib/app.mjs';
import { bundleForPage, loadNetworkGenerator } from '../lib/bundle.mjs';
import { applyUpdateMs, listReady } from '../lib/page/probes.mjs';
import { medianOfRuns } from '../lib/stats.mjs';

export const description = 'open 5,000 people from IndexedDB to the rendered list, vs Y.applyUpdate of the same bytes';

const PEOPLE = 5000;
const NETWORK = { seed: 5000, people: PEOPLE, linksPerPerson: 3, notesPerPerson: 2 };
const GOAL = 3;
const OPEN_TIMEOUT_MS = 180_000;

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

async function openList(context, url) {
  const page = await context.newPage();
  const link = watchHostLink(page);
  await page.goto(url, { waitUntil: 'commit' });
  const ready = await page.waitForFunction(listReady, PEOPLE, { polling: 'raf', timeout: OPEN_TIMEOUT_MS });
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name} at ${m.startTime.toFixed(0)} ms`));
  console.log(`[open-5000-people] app marks: ${marks.join(', ')}`);
  return { page, link, ms: await ready.jsonValue() };
}

export async function run({ runs, log }) {
  const generator = await loadNetworkGenerator();
  const started = performance.now();
  const update = Y.encodeStateAsUpdate(generator.generateNetwork(NETWORK));
  const seconds = (performance.now() - started) / 1000;
  log(`generated ${PEOPLE} people (${megabytes(update.byteLength)}) in ${seconds.toFixed(1)} s`);
  const base64 = Buffer.from(update).toString('base64');
  const baselineScript = await bundleForPage(new URL('../lib/page/apply-update.mjs', import.meta.url).pathname);

  const workDir = await mkdtemp(join(tmpdir(), 'kith-bench-open-'));
  let host = null;
  let context = null;
  try {
    host = await startHost(join(workDir, 'data'));
    context = await launchChromium(join(workDir, 'profile'));
    const records = await seedIndexedDb(context, host.url, host.docName, update);
    log(`seeded IndexedDB ${host.docName} (${records} record${records === 1 ? '' : 's'}); first open syncs to the host…`);

    const first = await openList(context, host.url);
    const logBytes = await waitForQuietFile(host.logPath, { minBytes: update.byteLength / 2 });
    await first.link.quiet();
    await first.page.close();
    log(`first open ${first.ms.toFixed(0)} ms; host log settled at ${megabytes(logBytes)}`);

    const result = await medianOfRuns(
      runs,
      async () => {
        const { page, link, ms } = await openList(context, host.url);
        try {
          // The baseline runs once the app has finished talking to the host and the page is idle.
          await link.quiet();
          await pageIdle(page);
          const { bytesIn, bytesOut } = link.traffic;
          log(`host link during this open: ${megabytes(bytesIn)} in, ${megabytes(bytesOut)} out`);
          await page.evaluate(baselineScript);
          const baselineMs = await page.evaluate(applyUpdateMs, base64);
          return { ms, baselineMs };
        } finally {
          await page.close();
        }
      },
      log,
    );
    return { ...result, goal: GOAL };
  } catch (error) {
    if (host) error.message += `\nHost output:\n${host.output()}`;
    throw error;
  } finally {
    await context?.close();
    await host?.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}
