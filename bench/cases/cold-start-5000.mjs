/**
 * P6 (issue 15): a cold start of browser mode to the first interactive
 * People list, against a static page's first paint in the same browser.
 *
 * Subject: what `npm start` runs once its build is done and Electron is
 * found missing, `node dist/host/browser-mode.mjs --open --chromium PATH
 * --data-dir DIR`, on a data folder that already holds the generated
 * network of 5,000 people (seed 5000) in the host's log and in the app
 * window's IndexedDB (a start after the first). Timed from spawning that
 * process to the first animation frame in which, after the list's first
 * row was drawn, the results of one keystroke typed into People's search
 * ("/" to focus it, then "s", sent as soon as the row is seen) are on
 * screen: interactive means the list is drawn and search answers. The host
 * opens its window itself (`--app=URL`, its own profile in the data
 * folder); PATH is a small script that runs the Chromium the benches use
 * (build/chromium.mjs, with its flags) headless and with a DevTools port,
 * through which the bench watches the page.
 * Baseline, alternating: the same script spawned with `--app=` a static
 * page (served by this process) on its own profile, timed to the page's
 * first paint (PerformanceObserver 'paint').
 * Both profiles were used once, untimed, before the timed runs. The build
 * `npm start` does first (node build/build.mjs) is not in either.
 * Goal ≤ 1.5×. Electron: skipped where its binary cannot be had (the
 * detail line says why).
 */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import * as Y from 'yjs';
import { launchChromium, seedIndexedDb, startHost, waitForQuietFile, watchHostLink } from '../lib/app.mjs';
import { REPO_DIR, loadNetworkGenerator } from '../lib/bundle.mjs';
import { coldStartReached, coldStartTimes, paintAt, timeOriginAt, watchInteractive } from '../lib/page/cold-start-probes.mjs';
import { listReady } from '../lib/page/probes.mjs';
import { median, medianOfRuns } from '../lib/stats.mjs';
import { chromiumForTests } from '../../build/chromium.mjs';
import { findElectron } from '../../build/electron-binary.mjs';

export const description = 'cold start of browser mode to an interactive People list of 5,000, vs a static page\'s first paint in the same browser';

const PEOPLE = 5000;
const START_TIMEOUT_MS = 180_000;
const STATIC_PAGE = '<!doctype html><html lang="en"><meta charset="utf-8"><title>Kith</title><body><h1>People</h1><p>A static page.</p></body></html>';

const shellQuote = (text) => `'${String(text).replaceAll("'", `'\\''`)}'`;
const epochNow = () => performance.timeOrigin + performance.now();

/** The --chromium script: the benches' Chromium, headless, with a DevTools port written to its profile's DevToolsActivePort. */
async function writeChromiumScript(path) {
  const browser = chromiumForTests();
  const env = Object.entries(browser.env ?? {}).map(([key, value]) => `export ${key}=${shellQuote(value)}`);
  const flags = [...browser.args, '--headless=new', '--remote-debugging-port=0'].map(shellQuote).join(' ');
  await writeFile(path, ['#!/bin/sh', ...env, `exec ${shellQuote(browser.executablePath)} ${flags} "$@"`, ''].join('\n'));
  await chmod(path, 0o755);
}

/** Waits for Chromium's DevTools port (written once it listens) and connects to it. */
async function connect(profileDir, deadline) {
  const { chromium } = await import('@playwright/test');
  const portFile = join(profileDir, 'DevToolsActivePort');
  for (;;) {
    const text = await readFile(portFile, 'utf8').catch(() => '');
    const port = Number(text.split('\n')[0]);
    if (port > 0) return chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    if (Date.now() > deadline) throw new Error(`Chromium wrote no DevTools port to ${portFile}`);
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 20));
  }
}

/** The window's page once it exists (its first navigation may still be under way). */
async function appPage(browser, url, deadline) {
  for (;;) {
    const page = browser.contexts().flatMap((context) => context.pages()).find((candidate) => candidate.url().startsWith(url));
    if (page) return page;
    if (Date.now() > deadline) throw new Error(`no page at ${url} appeared in the started Chromium`);
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 20));
  }
}

/** Waits until the page's document is the app's own (not the blank one before its navigation commits); resolves to its timeOrigin. */
async function appDocument(page, url, deadline) {
  for (;;) {
    const timeOrigin = await page.evaluate(timeOriginAt, url).catch(() => null);
    if (timeOrigin !== null) return timeOrigin;
    if (Date.now() > deadline) throw new Error(`the window never showed ${url}`);
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 20));
  }
}

async function startApp({ dataDir, chromiumScript }) {
  const profileDir = join(dataDir, 'chromium-profile');
  await rm(join(profileDir, 'DevToolsActivePort'), { force: true });
  const spawnedAt = epochNow();
  const deadline = Date.now() + START_TIMEOUT_MS;
  // DISPLAY: the host opens a window only where there is a display; this Chromium runs headless, so any value will do.
  const host = await startHost(dataDir, { args: ['--open', '--chromium', chromiumScript], env: { DISPLAY: process.env.DISPLAY ?? ':0' } });
  const hostReadyAt = epochNow();
  const browser = await connect(profileDir, deadline);
  return { host, browser, spawnedAt, hostReadyAt, deadline };
}

/** Closes the app window, as a person would; the host then stops itself. */
async function closeApp({ host, browser }) {
  try {
    const session = await browser.newBrowserCDPSession();
    await session.send('Browser.close').catch(() => {});
  } finally {
    await Promise.race([host.exited(), new Promise((resolveSleep) => setTimeout(resolveSleep, 15_000))]);
    await host.stop();
  }
}

async function coldStart(paths) {
  const app = await startApp(paths);
  try {
    const page = await appPage(app.browser, app.host.url, app.deadline);
    const timeOrigin = await appDocument(page, app.host.url, app.deadline);
    if (!(await page.evaluate(watchInteractive, PEOPLE))) throw new Error('the People list was drawn before the bench could watch it');
    await page.waitForFunction(coldStartReached, 'listAt', { polling: 100, timeout: START_TIMEOUT_MS });
    await page.keyboard.press('/');
    await page.keyboard.press('s');
    await page.waitForFunction(coldStartReached, 'resultsAt', { polling: 100, timeout: START_TIMEOUT_MS });
    const probe = await page.evaluate(coldStartTimes);
    const paint = await page.evaluate(paintAt, 'first-contentful-paint');
    const at = (pageMs) => timeOrigin + pageMs - app.spawnedAt;
    return {
      ms: at(probe.resultsAt),
      split: {
        host: app.hostReadyAt - app.spawnedAt,
        navigation: timeOrigin - app.spawnedAt,
        paint: paint === false ? null : at(paint),
        list: at(probe.listAt),
        keySent: probe.keyAt - probe.listAt,
        echo: probe.echoAt - probe.keyAt,
        results: probe.resultsAt - probe.keyAt,
      },
    };
  } finally {
    await closeApp(app);
  }
}

/** The baseline: the same Chromium script opening a static page, to its first paint. */
async function staticFirstPaint({ chromiumScript, staticUrl, profileDir }) {
  await rm(join(profileDir, 'DevToolsActivePort'), { force: true });
  const spawnedAt = epochNow();
  const child = spawn(chromiumScript, [`--app=${staticUrl}`, `--user-data-dir=${profileDir}`, '--window-size=1200,800'], { stdio: 'ignore' });
  const deadline = Date.now() + START_TIMEOUT_MS;
  let browser = null;
  try {
    browser = await connect(profileDir, deadline);
    const page = await appPage(browser, staticUrl, deadline);
    const handle = await page.waitForFunction(paintAt, 'first-paint', { polling: 50, timeout: START_TIMEOUT_MS });
    return (await page.evaluate(() => performance.timeOrigin)) + (await handle.jsonValue()) - spawnedAt;
  } finally {
    const exited = child.exitCode === null ? once(child, 'exit') : Promise.resolve();
    if (browser) await (await browser.newBrowserCDPSession()).send('Browser.close').catch(() => {});
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Fills the data folder as a first session would: the network in the window's IndexedDB, synced to the host's log. */
async function seed(dataDir, log) {
  const generator = await loadNetworkGenerator();
  const update = Y.encodeStateAsUpdate(generator.generateNetwork({ seed: PEOPLE, people: PEOPLE, linksPerPerson: 3, notesPerPerson: 2 }));
  // No --port: the host picks a port and remembers it, so every later start has the same origin (and IndexedDB).
  const host = await startHost(dataDir, { args: [] });
  let context = null;
  try {
    context = await launchChromium(join(dataDir, 'chromium-profile'));
    await seedIndexedDb(context, host.url, host.docName, update);
    const page = await context.newPage();
    const link = watchHostLink(page);
    await page.goto(host.url);
    await page.waitForFunction(listReady, PEOPLE, { polling: 'raf', timeout: START_TIMEOUT_MS });
    const bytes = await waitForQuietFile(host.logPath, { minBytes: update.byteLength / 2 });
    await link.quiet();
    log(`seeded ${PEOPLE} people: IndexedDB and the host's log (${(bytes / 1e6).toFixed(1)} MB)`);
  } finally {
    await context?.close();
    await host.stop();
  }
}

function electronLine() {
  if (!existsSync(join(REPO_DIR, 'node_modules', 'electron'))) return 'Electron: not measured (the electron package is not installed)';
  const found = findElectron(REPO_DIR);
  return found.path
    ? `Electron: not measured yet by this case although its binary is at ${found.path}`
    : `Electron: skipped, ${found.reason}`;
}

export async function run({ runs, log }) {
  const workDir = await mkdtemp(join(tmpdir(), 'kith-bench-cold-'));
  const server = createServer((request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(STATIC_PAGE));
  try {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const paths = {
      dataDir: join(workDir, 'data'),
      chromiumScript: join(workDir, 'chromium.sh'),
      staticUrl: `http://127.0.0.1:${server.address().port}/`,
      profileDir: join(workDir, 'static-profile'),
    };
    await writeChromiumScript(paths.chromiumScript);
    await seed(paths.dataDir, log);
    const warm = await coldStart(paths);
    const warmBaseline = await staticFirstPaint(paths);
    log(`untimed first starts: app ${warm.ms.toFixed(0)} ms, static page ${warmBaseline.toFixed(0)} ms`);

    const splits = [];
    const result = await medianOfRuns(
      runs,
      async () => {
        const subject = await coldStart(paths);
        splits.push(subject.split);
        const { host, navigation, paint, list, keySent, echo, results } = subject.split;
        log(
          `host listening at ${host.toFixed(0)} ms, page navigating at ${navigation.toFixed(0)}, first contentful paint ${paint?.toFixed(0) ?? '?'}, ` +
            `list drawn ${list.toFixed(0)}; key sent ${keySent.toFixed(0)} ms after it, echoed in ${echo.toFixed(0)} ms, results ${results.toFixed(0)} ms after the key`,
        );
        return { ms: subject.ms, baselineMs: await staticFirstPaint(paths) };
      },
      log,
    );
    const of = (key) => median(splits.map((split) => split[key] ?? Number.NaN)).toFixed(0);
    return {
      ...result,
      goal: 1.5,
      details: [
        `medians from the spawn: host listening ${of('host')} ms, the window's page navigating ${of('navigation')} ms, its first contentful paint ${of('paint')} ms, the list drawn ${of('list')} ms`,
        `the keystroke: sent ${of('keySent')} ms after the list was seen, in the search box ${of('echo')} ms later, its results ${of('results')} ms after the key`,
        electronLine(),
      ],
    };
  } finally {
    server.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
