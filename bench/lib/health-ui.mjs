/**
 * Does the window stay responsive while the network health report is made?
 * The built app on a generated network (seeded into IndexedDB as in
 * open-5000-people): once the People list is up, the host synced and the
 * page idle, Ctrl+5 opens Insights and the page's long tasks (> 50 ms) are
 * recorded until the report's first metric is on screen, then until the
 * page is idle again. Each long task is put beside the health client's User
 * Timing entries (health-client.ts): the encoding of what the worker lacks
 * (`kith:health-send`), the report's arrival (`kith:health-report`) and
 * its drawing (`kith:health-draw-…`: each chart, the picture's start, its
 * circles, its brokers), which a task's line names; a task that ends after
 * the arrival is the report's rendering (its charts and picture are drawn
 * after the first paint, each in tasks of their own). The other long tasks belong
 * to Insights' other sections, which run in the window (Who should meet,
 * Giving back), or to opening the view. KITH_BENCH_HEALTH_UI_PROFILE=1 adds
 * a CPU profile of the window from Ctrl+5 to idle (build an unminified copy
 * first, as README's "Profiling the map" says).
 */
import { join } from 'node:path';
import * as Y from 'yjs';
import { pageIdle, waitForQuietFile, watchHostLink, withBenchApp } from './app.mjs';
import { REPO_DIR, loadNetworkGenerator } from './bundle.mjs';
import { startProfile } from './profile.mjs';
import { listReady } from './page/probes.mjs';
import { healthTimeline, recordLongTasks, reportShown } from './page/health-probes.mjs';

const TIMEOUT_MS = 15 * 60_000;

export async function healthUiCheck(people, log) {
  const { generateNetwork } = await loadNetworkGenerator();
  const update = Y.encodeStateAsUpdate(generateNetwork({ seed: people, people, linksPerPerson: 3 }));
  return withBenchApp('kith-bench-health-ui-', { seed: update }, async ({ host, context }) => {
    const page = await context.newPage();
    const link = watchHostLink(page);
    await page.goto(host.url);
    await page.waitForFunction(listReady, people, { polling: 1000, timeout: TIMEOUT_MS });
    await waitForQuietFile(host.logPath, { minBytes: update.byteLength / 2, timeoutMs: TIMEOUT_MS });
    await link.quiet({ timeoutMs: TIMEOUT_MS });
    await pageIdle(page, 30_000);
    log(`health-ui: ${people.toLocaleString('en')} people open, synced and idle; opening Insights`);

    const opened = await page.evaluate(recordLongTasks);
    const profiler = process.env.KITH_BENCH_HEALTH_UI_PROFILE ? await startProfile(page) : null;
    await page.keyboard.press('Control+5');
    const shownHandle = await page.waitForFunction(reportShown, undefined, { polling: 'raf', timeout: TIMEOUT_MS });
    const shown = await shownHandle.jsonValue();
    await pageIdle(page, 30_000);
    if (profiler) for (const line of await profiler.stop(join(REPO_DIR, 'bench', 'out', `health-ui-${people}.cpuprofile`), 25)) log(line);
    const { tasks, entries } = await page.evaluate(healthTimeline);
    const send = entries.find((entry) => entry.name === 'kith:health-send');
    const arrived = entries.find((entry) => entry.name === 'kith:health-report');
    const overlaps = (task, entry) => entry && task.start < entry.start + entry.duration && entry.start < task.start + task.duration;
    // From the report's arrival on, the window draws it (its charts and picture are drawn after the first paint).
    const health = tasks.filter((task) => overlaps(task, send) || (arrived && task.start + task.duration >= arrived.start));
    const other = tasks.filter((task) => !health.includes(task));
    const longest = (list) => (list.length ? Math.max(...list.map((task) => task.duration)) : 0);
    const at = (ms) => `${((ms - opened) / 1000).toFixed(1)} s`;
    return [
      `health-ui ${people.toLocaleString('en')}: report on screen ${at(shown)} after Ctrl+5; encoding what the worker lacked took ${send ? Math.round(send.duration) : '?'} ms; report arrived at ${arrived ? at(arrived.start) : '?'}`,
      `health-ui ${people.toLocaleString('en')}: longest window task from health ${Math.round(longest(health))} ms (${health.length} over 50 ms); from Insights' other sections ${Math.round(longest(other))} ms (${other.length} over 50 ms)`,
      ...tasks.map((task) => {
        const during = entries.filter((entry) => overlaps(task, entry)).map((entry) => `${entry.name.slice('kith:health-'.length)} ${Math.round(entry.duration)} ms`);
        return `health-ui ${people.toLocaleString('en')}:   long task at ${at(task.start)}: ${Math.round(task.duration)} ms${health.includes(task) ? ' (health)' : ''}${during.length ? `, during ${during.join(', ')}` : ''}`;
      }),
    ];
  });
}
