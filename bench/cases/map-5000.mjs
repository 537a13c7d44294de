/**
 * The network map with 5,000 people and 15,000 links, everyone already
 * placed: time to first render after switching to the Map, and frame times
 * during a scripted pan and zoom.
 *
 * Subject: the app (browser mode, Chromium) opened on the People list with
 * the network in IndexedDB; once the page is idle, Ctrl+2. The time runs
 * from the key press (a capturing keydown listener) to two animation frames
 * after the frame where the map's cytoscape (`[data-testid="map"]`.cy)
 * holds every node and edge.
 * Baseline: bare cytoscape (its own bundle, default style,
 * hideEdgesOnViewport + textureOnViewport, the app's wheel sensitivity and
 * zoom bounds, preset layout) on the same elements and positions, in a blank
 * page of the app's origin with a container of the map's size; timed from
 * before `cytoscape({ … })` to two animation frames after it returns.
 * Goal: the app's first render takes at most 1.5× the baseline's.
 *
 * Then, on each, the same mouse script: four drags of 240 px on empty
 * background (left, right, left, right) and 8 wheel notches in, 8 out at
 * the centre. The page records animation-frame deltas; details report the
 * median fps (goal ≥ 20 for the app), mean fps and p95/max frame times.
 * With KITH_BENCH_MAP_WEBGL=1 the baseline is also drawn once with
 * cytoscape's WebGL renderer (a detail line; off by default: on SwiftShader
 * its frames take seconds and the short gesture alone took ≈ 90 s).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { launchChromium, pageIdle, seedIndexedDb, startHost, waitForQuietFile, watchHostLink } from '../lib/app.mjs';
import { bundleForPage } from '../lib/bundle.mjs';
import { bareElements, buildMapNetwork, MAP_NETWORK } from '../lib/map-network.mjs';
import { listReady } from '../lib/page/probes.mjs';
import { armMapWatch, emptyMapPoint, mapReady, mapRect, mapZoom, startFrames, stopFrames } from '../lib/page/map-probes.mjs';
import { median, medianOfRuns, percentile } from '../lib/stats.mjs';
import { startProfile } from '../lib/profile.mjs';

export const description = 'map of 5,000 people / 15,000 links: first render after Ctrl+2 and pan/zoom fps, vs bare cytoscape';

const GOAL = 1.5;
const FPS_GOAL = 20;
const OPEN_TIMEOUT_MS = 180_000;
const MAP_TIMEOUT_MS = 120_000;
const DRAG_PX = 240;
const DRAG_STEPS = 15;
const WHEEL_EVENTS = 16;

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const withTimeout = (promise, ms, what) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms))]);

/**
 * Wheel deltas like a touchpad's: uneven and fractional. cytoscape 3.34
 * samples the first four wheel events (clamped to 5 px) and, when they are
 * equal whole numbers like a mouse wheel's ±100, divides every later delta
 * by that step — so with the app's wheelSensitivity 0.3 a mouse notch
 * zooms < 1 % and a scripted zoom would barely move.
 */
const wheelDelta = (index) => 60 + (index % 2 ? 0.25 : -0.25);

/**
 * The same gesture on whichever map the page shows; resolves to frame
 * deltas of the pan and of the zoom, and the zoom levels it went through.
 */
async function panAndZoom(page, { drags = 4, wheelEvents = WHEEL_EVENTS } = {}) {
  const rect = await page.evaluate(mapRect);
  await page.evaluate(startFrames);
  const sides = [['left', 1], ['right', -1]];
  for (let drag = 0; drag < drags; drag++) {
    const [side, direction] = sides[drag % 2];
    const start = (await page.evaluate(emptyMapPoint, side)) ?? {
      x: rect.left + (side === 'left' ? 8 : rect.width - 8),
      y: rect.top + 8,
    };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let step = 1; step <= DRAG_STEPS; step++) {
      await page.mouse.move(start.x + (direction * DRAG_PX * step) / DRAG_STEPS, start.y);
    }
    await page.mouse.up();
  }
  const pan = await page.evaluate(stopFrames);
  const zoomBefore = await page.evaluate(mapZoom);
  await page.mouse.move(rect.left + rect.width / 2, rect.top + rect.height / 2);
  await page.evaluate(startFrames);
  for (let event = 0; event < wheelEvents; event++) await page.mouse.wheel(0, -wheelDelta(event));
  const zoomIn = await page.evaluate(mapZoom);
  for (let event = 0; event < wheelEvents; event++) await page.mouse.wheel(0, wheelDelta(event));
  // Let the wheel's viewport state end (cytoscape waits 150 ms), so the full redraw after it counts too.
  await page.waitForTimeout(300);
  const zoom = await page.evaluate(stopFrames);
  return { pan, zoom, zoomBefore, zoomIn, zoomAfter: await page.evaluate(mapZoom) };
}

/** Median fps (1000 / median frame time), and the mean fps over the gesture's whole duration. */
function frameStats(deltas) {
  if (!deltas.length) return { p50: NaN, p95: NaN, max: NaN, fps: NaN, meanFps: NaN, frames: 0, seconds: 0 };
  const p50 = median(deltas);
  const seconds = deltas.reduce((sum, delta) => sum + delta, 0) / 1000;
  return { p50, p95: percentile(deltas, 95), max: Math.max(...deltas), fps: 1000 / p50, meanFps: deltas.length / seconds, frames: deltas.length, seconds };
}

const describeFrames = (label, deltas) => {
  const { p50, p95, max, fps, meanFps, frames, seconds } = frameStats(deltas);
  return (
    `${label} ${fps.toFixed(1)} fps median / ${meanFps.toFixed(1)} mean ` +
    `(frame p50 ${p50.toFixed(0)}, p95 ${p95.toFixed(0)}, max ${max.toFixed(0)} ms; ${frames} frames in ${seconds.toFixed(1)} s)`
  );
};

export async function run({ runs, log, outDir }) {
  let started = performance.now();
  const network = await buildMapNetwork();
  const update = Y.encodeStateAsUpdate(network.doc);
  const expected = { nodes: network.elements.nodes.length, edges: network.elements.edges.length };
  const elements = bareElements(network.elements, network.positions);
  log(
    `generated ${MAP_NETWORK.people} people, ${expected.nodes} nodes / ${expected.edges} edges, all placed ` +
      `(${megabytes(update.byteLength)}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const bareScript = await bundleForPage(new URL('../lib/page/bare-map.mjs', import.meta.url).pathname);

  const workDir = await mkdtemp(join(tmpdir(), 'kith-bench-map-'));
  let host = null;
  let context = null;
  const blankRoutes = [];
  try {
    host = await startHost(join(workDir, 'data'));
    context = await launchChromium(join(workDir, 'profile'));
    await seedIndexedDb(context, host.url, host.docName, update);

    // A blank page at the app's origin for the baseline (served by Playwright, not the app).
    const blankUrl = new URL('__kith_bench_map__', host.url).href;
    const blank = (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>map baseline</title><body style="margin:0">' });
    await context.route(blankUrl, blank);
    blankRoutes.push([blankUrl, blank]);

    const openApp = async () => {
      const page = await context.newPage();
      const link = watchHostLink(page);
      await page.goto(host.url, { waitUntil: 'commit' });
      await page.waitForFunction(listReady, MAP_NETWORK.people, { polling: 'raf', timeout: OPEN_TIMEOUT_MS });
      return { page, link };
    };

    log('first open syncs the seeded network to the host…');
    started = performance.now();
    const first = await openApp();
    const logBytes = await waitForQuietFile(host.logPath, { minBytes: update.byteLength / 2 });
    await first.link.quiet();
    await first.page.close();
    log(`host log settled at ${megabytes(logBytes)} after ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // KITH_BENCH_MAP_PROFILE=1: a CPU profile of the first timed switch (it inflates that run's time).
    const profile = process.env.KITH_BENCH_MAP_PROFILE === '1';
    let profiled = false;
    await mkdir(outDir, { recursive: true });
    let size = null;
    const frames = { app: { pan: [], zoom: [] }, bare: { pan: [], zoom: [] } };
    const splits = [];
    const zooms = { app: [], bare: [] };

    const measureApp = async () => {
      const { page, link } = await openApp();
      try {
        await link.quiet();
        await pageIdle(page);
        await page.evaluate(armMapWatch, expected);
        const profiler = profile && !profiled ? await startProfile(page) : null;
        await page.keyboard.press('Control+2');
        const ready = await withTimeout(page.evaluate(mapReady), MAP_TIMEOUT_MS, 'the map');
        if (profiler) {
          profiled = true;
          const path = join(outDir, 'map-5000-switch.cpuprofile');
          for (const line of await profiler.stop(path)) log(`profile: ${line}`);
          log(`profile of Ctrl+2 → first render written to ${path}`);
        }
        splits.push(ready);
        size = await page.evaluate(mapRect);
        await pageIdle(page);
        const gesture = await panAndZoom(page);
        frames.app.pan.push(...gesture.pan);
        frames.app.zoom.push(...gesture.zoom);
        zooms.app.push(gesture);
        return ready.ms;
      } finally {
        await page.close();
      }
    };

    const measureBare = async ({ webgl = false, gesture: gestureOptions } = {}) => {
      const page = await context.newPage();
      try {
        await page.goto(blankUrl);
        await page.evaluate(bareScript);
        await page.evaluate((els) => globalThis.__kithBench.setMapElements(els), elements);
        const first = await withTimeout(
          page.evaluate((options) => globalThis.__kithBench.bareMapFirstRenderMs(options), { width: size.width, height: size.height, webgl }),
          MAP_TIMEOUT_MS,
          'the bare map',
        );
        if (first.nodes !== expected.nodes || first.edges !== expected.edges) {
          throw new Error(`the bare map holds ${first.nodes} nodes / ${first.edges} edges, not ${expected.nodes} / ${expected.edges}`);
        }
        await pageIdle(page);
        const gesture = await panAndZoom(page, gestureOptions);
        return { ms: first.ms, zoom: first.zoom, gesture };
      } finally {
        await page.close();
      }
    };

    const result = await medianOfRuns(
      runs,
      async () => {
        const ms = await measureApp();
        const bare = await measureBare();
        frames.bare.pan.push(...bare.gesture.pan);
        frames.bare.zoom.push(...bare.gesture.zoom);
        zooms.bare.push(bare.gesture);
        const last = splits.at(-1);
        log(
          `app: cy created ${last.cyMs.toFixed(0)} ms, all elements ${last.elementsMs.toFixed(0)} ms, rendered ${last.ms.toFixed(0)} ms after Ctrl+2; ` +
            `${describeFrames('pan', zooms.app.at(-1).pan)}; ${describeFrames('bare pan', bare.gesture.pan)}`,
        );
        return { ms, baselineMs: bare.ms };
      },
      log,
    );

    const details = [];
    const appPan = frameStats([...frames.app.pan, ...frames.app.zoom]);
    const barePan = frameStats([...frames.bare.pan, ...frames.bare.zoom]);
    details.push(
      `pan+zoom (all runs' frames): app ${appPan.fps.toFixed(1)} fps median (frame p50 ${appPan.p50.toFixed(0)} ms, p95 ${appPan.p95.toFixed(0)} ms), ` +
        `bare ${barePan.fps.toFixed(1)} fps (p50 ${barePan.p50.toFixed(0)} ms, p95 ${barePan.p95.toFixed(0)} ms); ` +
        `median pan ≥ ${FPS_GOAL} fps: ${appPan.fps >= FPS_GOAL ? 'met' : 'NOT met'}`,
    );
    details.push(`${describeFrames('drag: app', frames.app.pan)}; ${describeFrames('bare', frames.bare.pan)}`);
    details.push(`${describeFrames('wheel: app', frames.app.zoom)}; ${describeFrames('bare', frames.bare.zoom)}`);
    details.push(
      `first render split (medians): cy created ${median(splits.map((s) => s.cyMs)).toFixed(0)} ms, ` +
        `all elements in cy ${median(splits.map((s) => s.elementsMs)).toFixed(0)} ms, rendered ${median(splits.map((s) => s.ms)).toFixed(0)} ms after Ctrl+2`,
    );
    details.push(
      `views: fit zoom app ${median(splits.map((s) => s.zoom)).toFixed(3)}, ` +
        `wheel-in zoom app ${median(zooms.app.map((g) => g.zoomIn)).toFixed(3)} / bare ${median(zooms.bare.map((g) => g.zoomIn)).toFixed(3)}, ` +
        `after app ${median(zooms.app.map((g) => g.zoomAfter)).toFixed(3)} / bare ${median(zooms.bare.map((g) => g.zoomAfter)).toFixed(3)}; ` +
        `map ${size.width}×${size.height} px`,
    );

    if (process.env.KITH_BENCH_MAP_WEBGL === '1') {
      try {
        // One drag and a short zoom: its frames take seconds here (SwiftShader).
        const webgl = await measureBare({ webgl: true, gesture: { drags: 1, wheelEvents: 6 } });
        const all = [...webgl.gesture.pan, ...webgl.gesture.zoom];
        details.push(
          `bare WebGL renderer (one run, shorter gesture, not in the ratio): first render ${webgl.ms.toFixed(0)} ms; ${describeFrames('pan+zoom', all)}`,
        );
      } catch (error) {
        details.push(`bare WebGL renderer: could not run (${String(error.message ?? error).split('\n')[0]})`);
      }
    }
    return { ...result, goal: GOAL, details };
  } catch (error) {
    if (host) error.message += `\nHost output:\n${host.output()}`;
    throw error;
  } finally {
    for (const [url, handler] of blankRoutes) await context?.unroute(url, handler).catch(() => {});
    await context?.close();
    await host?.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}
