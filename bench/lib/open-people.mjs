/**
 * Opening a network of N people from IndexedDB (P1, issue 15), with the
 * window's and the host's memory measured in the same runs.
 *
 * Setup, untimed: the generated network (seed N; 3 links and 2 notes per
 * person) goes into the IndexedDB database named after the data folder's
 * docName; one first open lets the renderer sync it to the host, the
 * host's log settles and the window keeps its People list for the next
 * start (renderer/src/doc/people-cache.ts) before any timed run, so each
 * timed open is a start after the first.
 *
 * Each run, in order, back to back:
 * - P1: a fresh page navigates to the app; ms is the page's own
 *   `performance.now()` (0 = navigation start) at the first animation frame
 *   where `[data-testid="people-count"]` reads N and a
 *   `[data-testid="person-row"]` exists: the kept list, shown read-only
 *   while the stored copy loads. The row "document's list" times the same
 *   opens until that list is the document's own (the kept list's banner
 *   gone), against the same baseline. Baseline: once the page's host link
 *   is quiet and the page idle, `Y.applyUpdate` of the same bytes into a new
 *   Y.Doc in that same page (its own bundled copy of yjs).
 * - Window heap: at that same point, before the baseline, the page's JS heap
 *   after a full GC (bench/lib/memory.mjs). Baseline: a blank page of the
 *   same origin holding one Y.Doc of the same bytes, after a full GC.
 * - Host RSS: the host's VmRSS then. Baseline: a bare Node process holding
 *   one Y.Doc of the same bytes, after a full GC.
 *
 * KITH_BENCH_OPEN_PROFILE=1 adds one untimed open under the CPU profiler
 * (navigation → list drawn), logs the top functions and writes
 * bench/out/open-N-people.cpuprofile; use an unminified build
 * (bench/README.md, "Profiling the map").
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import { pageIdle, waitForQuietFile, watchHostLink, withBenchApp } from './app.mjs';
import { REPO_DIR, bundleForPage, loadNetworkGenerator } from './bundle.mjs';
import { bareDocResidentBytes, mebibytes, pageHeapAfterGc, residentBytes } from './memory.mjs';
import { applyUpdateMs, documentListReady, holdDoc, keptPeopleCount, listReady } from './page/probes.mjs';
import { summariseProfile } from './profile.mjs';
import { median, medianOfRuns } from './stats.mjs';

const OPEN_TIMEOUT_MS = 600_000;
/** No goal for memory in issue 15 ("report"): a loose one, so the rows have a ratio to read. */
const MEMORY_GOAL = 3;

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

async function openList(context, url, people, log) {
  const page = await context.newPage();
  const link = watchHostLink(page);
  await page.goto(url, { waitUntil: 'commit' });
  const ready = await page.waitForFunction(listReady, people, { polling: 'raf', timeout: OPEN_TIMEOUT_MS });
  const own = await page.waitForFunction(documentListReady, people, { polling: 'raf', timeout: OPEN_TIMEOUT_MS });
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name} at ${m.startTime.toFixed(0)} ms`));
  log(`app marks: ${marks.join(', ') || 'none'}`);
  return { page, link, ms: await ready.jsonValue(), documentMs: await own.jsonValue() };
}

/** One open under the CPU profiler, from before navigation until the list is drawn. */
async function profileOpen(context, url, people, outDir, name, log) {
  const page = await context.newPage();
  try {
    const session = await context.newCDPSession(page);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 1000 });
    await session.send('Profiler.start');
    await page.goto(url, { waitUntil: 'commit' });
    const at = await (await page.waitForFunction(listReady, people, { polling: 'raf', timeout: OPEN_TIMEOUT_MS })).jsonValue();
    const { profile } = await session.send('Profiler.stop');
    const path = join(outDir, `${name}.cpuprofile`);
    await mkdir(outDir, { recursive: true });
    await writeFile(path, JSON.stringify(profile));
    log(`profiled open: list at ${at.toFixed(0)} ms (slowed by the profiler); ${path}`);
    for (const line of summariseProfile(profile, 25)) log(line);
    await watchHostLink(page).quiet({ timeoutMs: OPEN_TIMEOUT_MS });
  } finally {
    await page.close();
  }
}

/** A blank page of the app's origin (served by Playwright) holding one Y.Doc of the update: its heap after GC. */
async function bareDocHeap(context, appUrl, baselineScript, base64) {
  const blankUrl = new URL('__kith_bench_blank__', appUrl).href;
  const blank = (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>blank</title>' });
  await context.route(blankUrl, blank);
  const page = await context.newPage();
  try {
    await page.goto(blankUrl);
    await page.evaluate(baselineScript);
    const people = await page.evaluate(holdDoc, base64);
    if (!(people > 0)) throw new Error('the baseline page applied the update but holds no people');
    return await pageHeapAfterGc(page);
  } finally {
    await page.close();
    await context.unroute(blankUrl, blank);
  }
}

export async function openPeople({ name, people, goal, runs, log, outDir }) {
  const generator = await loadNetworkGenerator();
  const started = performance.now();
  const update = Y.encodeStateAsUpdate(generator.generateNetwork({ seed: people, people, linksPerPerson: 3, notesPerPerson: 2 }));
  log(`generated ${people} people (${megabytes(update.byteLength)}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const base64 = Buffer.from(update).toString('base64');
  const baselineScript = await bundleForPage(new URL('./page/apply-update.mjs', import.meta.url).pathname);

  return withBenchApp('kith-bench-open-', { seed: update }, async ({ host, context, workDir, seededRecords: records }) => {
    log(`seeded IndexedDB ${host.docName} (${records} record${records === 1 ? '' : 's'}); first open syncs to the host…`);
    // The bare Node baseline (bareDocResidentBytes) reads the update from a file.
    const updatePath = join(workDir, 'network.yupdate');
    await writeFile(updatePath, update);

    const first = await openList(context, host.url, people, log);
    const logBytes = await waitForQuietFile(host.logPath, { minBytes: update.byteLength / 2, timeoutMs: OPEN_TIMEOUT_MS });
    await first.link.quiet({ timeoutMs: OPEN_TIMEOUT_MS });
    // Each timed open then starts as a person's second one would: with the list kept from the last (people-cache.ts).
    let kept = 0;
    while ((kept = await first.page.evaluate(keptPeopleCount)) < people) await first.page.waitForTimeout(250);
    log(`the window kept its list of ${kept} for the next start`);
    await first.page.close();
    log(`first open ${first.ms.toFixed(0)} ms; host log settled at ${megabytes(logBytes)}`);
    if (process.env.KITH_BENCH_OPEN_PROFILE === '1') await profileOpen(context, host.url, people, outDir, name, log);

    const memory = { heap: [], bareHeap: [], rss: [], bareRss: [] };
    const documentList = { ms: [], baselineMs: [] };
    const result = await medianOfRuns(
      runs,
      async () => {
        const { page, link, ms, documentMs } = await openList(context, host.url, people, log);
        let baselineMs;
        try {
          // Memory and the baseline are measured once the app has finished talking to the host and the page is idle.
          await link.quiet({ timeoutMs: OPEN_TIMEOUT_MS });
          await pageIdle(page, 30_000);
          const { bytesIn, bytesOut } = link.traffic;
          memory.heap.push(await pageHeapAfterGc(page));
          memory.rss.push(await residentBytes(host.pid));
          await page.evaluate(baselineScript);
          baselineMs = await page.evaluate(applyUpdateMs, base64);
          log(`host link during this open: ${megabytes(bytesIn)} in, ${megabytes(bytesOut)} out`);
        } finally {
          await page.close();
        }
        memory.bareHeap.push(await bareDocHeap(context, host.url, baselineScript, base64));
        memory.bareRss.push(await bareDocResidentBytes(updatePath, REPO_DIR));
        const mib = (values) => `${mebibytes(values.at(-1)).toFixed(0)} MiB`;
        log(`window heap ${mib(memory.heap)} (bare doc ${mib(memory.bareHeap)}), host RSS ${mib(memory.rss)} (bare doc ${mib(memory.bareRss)})`);
        documentList.ms.push(documentMs);
        documentList.baselineMs.push(baselineMs);
        log(`list drawn at ${ms.toFixed(0)} ms (the kept one), the document's own at ${documentMs.toFixed(0)} ms`);
        return { ms, baselineMs };
      },
      log,
    );
    const row = (suffix, description, subject, baseline) => ({
      name: `${name} ${suffix}`,
      description,
      unit: 'MiB',
      ms: mebibytes(median(subject)),
      baselineMs: mebibytes(median(baseline)),
      goal: MEMORY_GOAL,
      samples: { ms: subject.map(mebibytes), baselineMs: baseline.map(mebibytes) },
    });
    return {
      ...result,
      goal,
      details: [
        `${megabytes(update.byteLength)} of update; the host's log ${megabytes(logBytes)}`,
        `ratio run by run: ${result.samples.ms.map((ms, index) => `${(ms / result.samples.baselineMs[index]).toFixed(2)}×`).join(', ')}`,
      ],
      rows: [
        {
          name: `${name} document's list`,
          description: `the same opens until the list is the document's own (the one kept from the last start gone), vs the same Y.applyUpdate`,
          ms: median(documentList.ms),
          baselineMs: median(documentList.baselineMs),
          goal,
          samples: documentList,
        },
        row('window heap', `the window's JS heap after a GC, once opened and idle, vs a page holding one Y.Doc of the same bytes`, memory.heap, memory.bareHeap),
        row('host RSS', `the host's resident set then, vs a bare Node process holding one Y.Doc of the same bytes`, memory.rss, memory.bareRss),
      ],
    };
  });
}
