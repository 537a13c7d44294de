/**
 * The window's share of a big import or restore, in the built app (browser
 * mode: the host in Node, the window in Chromium), as a person runs it: the
 * longest main-thread task while it goes on (PerformanceObserver
 * 'longtask', > 50 ms; issue 12 asks for no frame over 200 ms throughout).
 *
 *   importInWindow   a network already in the profile's IndexedDB (synced to
 *                    the host first, untimed); the file chosen in the import
 *                    dialog; "read": until its preview shows (the worker
 *                    reads and plans); "write": from the Import button until
 *                    the result shows and the page is idle (the worker
 *                    writes and slices, the window applies the slices)
 *   restoreInWindow  an empty network; the backup chosen in Import and
 *                    export, until "Restored N people" shows and the page is idle
 *
 * KITH_BENCH_IMPORT_PROFILE=1: a CPU profile of the write (or the restore),
 * and what ran in its longest busy stretch (names need an unminified build).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pageIdle, watchHostLink, withBenchApp } from './app.mjs';
import { longestBusyStretch, startProfile, summariseProfile } from './profile.mjs';
import { listReady, longTasksBetween, recordLongTasks } from './page/probes.mjs';

const STEP_TIMEOUT_MS = 900_000;
const IMPORT_DIR = 'kith-bench-import-';

const now = (page) => page.evaluate(() => performance.now());

/** The long tasks of `page` that started between two of its clocks, longest first. */
async function tasksOf(page, from, to) {
  return page.evaluate(longTasksBetween, { from, to });
}

async function profiled(page, log, what, run) {
  if (!process.env.KITH_BENCH_IMPORT_PROFILE) return run();
  const profiler = await startProfile(page);
  const result = await run();
  const path = new URL(`../out/${what}.cpuprofile`, import.meta.url).pathname;
  await profiler.stop(path, 0);
  const { readFile } = await import('node:fs/promises');
  const stretch = longestBusyStretch(JSON.parse(await readFile(path, 'utf8')));
  log(`profile of the ${what} (${path}): the longest busy stretch, ${stretch.ms.toFixed(0)} ms:\n  ${summariseProfile(stretch.profile, 12).join('\n  ')}`);
  return result;
}

/**
 * Imports `file` ({ name, bytes }) into the window of a network that holds
 * `people` (its update `baseUpdate`), with the preview's defaults. Resolves
 * to the long tasks of the read and of the write, and their wall times (s).
 */
export async function importInWindow({ baseUpdate, people, file, log }) {
  return withBenchApp(IMPORT_DIR, { initScript: recordLongTasks, seed: baseUpdate }, async ({ host, context, workDir }) => {
    const page = await context.newPage();
    const link = watchHostLink(page);
    await page.goto(host.url, { waitUntil: 'commit' });
    await page.waitForFunction(listReady, people, { polling: 'raf', timeout: STEP_TIMEOUT_MS });
    // The first open sends the seeded copy to the host: over before the import starts.
    await link.quiet({ quietMs: 2000, timeoutMs: STEP_TIMEOUT_MS });
    await pageIdle(page, 30_000);
    const path = join(workDir, file.name);
    await writeFile(path, file.bytes);
    const dialog = page.getByRole('dialog');
    const readFrom = await now(page);
    await page.getByTestId('import-file').setInputFiles(path);
    await dialog.getByRole('heading', { name: 'Ready to import' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    const readTo = await now(page);
    const importButton = dialog.getByRole('button', { name: /^Import [\d,]+ (people|person)$/ });
    const label = await importButton.textContent();
    const writeFrom = await now(page);
    await profiled(page, log, 'import-write', async () => {
      await importButton.click();
      await dialog.getByTestId('import-result').waitFor({ timeout: STEP_TIMEOUT_MS });
      await pageIdle(page, 30_000);
    });
    const writeTo = await now(page);
    const result = await dialog.getByTestId('import-result').textContent();
    log(`window: "${label}" → "${result}"`);
    return {
      read: { tasks: await tasksOf(page, readFrom, readTo), seconds: (readTo - readFrom) / 1000 },
      write: { tasks: await tasksOf(page, writeFrom, writeTo), seconds: (writeTo - writeFrom) / 1000 },
    };
  });
}

/** Restores the backup `text` (named `name`) into an empty network; resolves to the long tasks from choosing it to the restored network, and the wall time (s). */
export async function restoreInWindow({ name, text, people, log }) {
  return withBenchApp(IMPORT_DIR, { initScript: recordLongTasks }, async ({ host, context, workDir }) => {
    const page = await context.newPage();
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Import and export' }).click();
    await pageIdle(page, 30_000);
    const path = join(workDir, name);
    await writeFile(path, text);
    const from = await now(page);
    await profiled(page, log, 'restore', async () => {
      await page.getByTestId('restore-file').setInputFiles(path);
      await page.getByRole('status').filter({ hasText: `Restored ${people.toLocaleString('en-US')} people` }).waitFor({ timeout: STEP_TIMEOUT_MS });
      await pageIdle(page, 30_000);
    });
    const to = await now(page);
    return { tasks: await tasksOf(page, from, to), seconds: (to - from) / 1000 };
  });
}
