/**
 * The long-task benches at 30,000 people: the generated network (seed
 * 30000; 3 links and 2 notes a person, about 67 MB of update) seeded into
 * IndexedDB and synced to the host once, as open-5000-people does; pages
 * record every long task (PerformanceObserver 'longtask', > 50 ms) from
 * their first script on. The baseline is `Y.applyUpdate` of the same bytes
 * in the same page: the one task a window that holds the whole document
 * cannot avoid (ARCHITECTURE §7: until the document itself moves to a worker).
 */
import * as Y from 'yjs';
import { pageIdle, waitForQuietFile, watchHostLink, withBenchApp } from './app.mjs';
import { bundleForPage, loadNetworkGenerator } from './bundle.mjs';
import { longestBusyStretch, startProfile, summariseProfile } from './profile.mjs';
import { applyUpdateMs, listReady, longTasksBetween, recordLongTasks, usedHeapBytes } from './page/probes.mjs';

/** KITH_BENCH_LONG_PEOPLE=N measures at N people instead (the cases keep their names). */
export const PEOPLE = Number(process.env.KITH_BENCH_LONG_PEOPLE ?? 30000);
const NETWORK = { seed: PEOPLE, people: PEOPLE, linksPerPerson: 3, notesPerPerson: 2 };
const OPEN_TIMEOUT_MS = 600_000;
const HOST_SYNC_TIMEOUT_MS = 120_000;

export const megabytes = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
export const describeTasks = (tasks) => tasks.slice(0, 5).map((task) => `${task.duration.toFixed(0)} ms at ${(task.start / 1000).toFixed(1)} s`).join(', ') || 'none';

/**
 * Sets up the network and calls `measure(session)`; cleans up after.
 * session.open() opens a fresh page to the drawn list and waits until its
 * host link is quiet and it is idle, returning the page, its clock at the
 * list and at that point, and its long tasks.
 */
export async function withNetwork(log, measure) {
  const generator = await loadNetworkGenerator();
  const started = performance.now();
  const update = Y.encodeStateAsUpdate(generator.generateNetwork(NETWORK));
  log(`generated ${PEOPLE} people (${megabytes(update.byteLength)}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const base64 = Buffer.from(update).toString('base64');
  const baselineScript = await bundleForPage(new URL('./page/apply-update.mjs', import.meta.url).pathname);
  return withBenchApp('kith-bench-long-', { initScript: recordLongTasks, seed: update }, async ({ host, context }) => {
    let opened = 0;
    const open = async () => {
      const page = await context.newPage();
      const link = watchHostLink(page);
      // KITH_BENCH_LONG_PROFILE=1: a CPU profile of the timed opens (not the first), and what ran in the longest task.
      const profiler = process.env.KITH_BENCH_LONG_PROFILE && opened++ > 0 ? await startProfile(page) : null;
      await page.goto(host.url, { waitUntil: 'commit' });
      const listAt = await (await page.waitForFunction(listReady, PEOPLE, { polling: 'raf', timeout: OPEN_TIMEOUT_MS })).jsonValue();
      await link.quiet({ timeoutMs: OPEN_TIMEOUT_MS });
      await pageIdle(page, 30_000);
      const settledAt = await page.evaluate(() => performance.now());
      if (profiler) {
        const path = new URL('../out/long-task-open.cpuprofile', import.meta.url).pathname;
        await profiler.stop(path, 0);
        const { readFile } = await import('node:fs/promises');
        const stretch = longestBusyStretch(JSON.parse(await readFile(path, 'utf8')));
        log(`profile (${path}): the longest busy stretch, ${stretch.ms.toFixed(0)} ms:\n  ${summariseProfile(stretch.profile, 12).join('\n  ')}`);
      }
      const tasks = await page.evaluate(longTasksBetween, { from: 0, to: settledAt });
      return { page, link, listAt, settledAt, tasks, heap: await page.evaluate(usedHeapBytes) };
    };
    log('first open: the window syncs the seeded copy to the host…');
    const first = await open();
    // The window's step2 (the whole seeded copy) goes to the host in 4 MiB slices; if the host did not take it,
    // every open would send it again: measured as it is, and said in the details.
    const hostSync = await waitForQuietFile(host.logPath, { minBytes: update.byteLength / 2, timeoutMs: HOST_SYNC_TIMEOUT_MS }).then(
      (bytes) => `the host's log settled at ${megabytes(bytes)} after the first open`,
      () => `the host did not take the document within ${HOST_SYNC_TIMEOUT_MS / 1000} s of the first open (the window's step2 of ${megabytes(update.byteLength)}), so every open sends it again`,
    );
    await first.page.close();
    log(`first open: list at ${(first.listAt / 1000).toFixed(1)} s; ${hostSync}`);
    const baseline = async (page) => {
      await page.evaluate(baselineScript);
      return page.evaluate(applyUpdateMs, base64);
    };
    return { ...(await measure({ open, baseline, host })), hostSync };
  });
}
