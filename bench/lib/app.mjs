/**
 * Driving the built app from a bench: start browser mode's host on a data
 * folder, open Chromium on a profile, put a document into the profile's
 * IndexedDB the way y-indexeddb stores it, and wait for things to settle.
 * Nothing here changes the app; it is used as a person would use it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { REPO_DIR } from './bundle.mjs';
import { chromiumForTests } from '../../build/chromium.mjs';
import { addYIndexedDbUpdate, idleOnce } from './page/probes.mjs';

/** The built app: `dist/` (from `npm run build`), or KITH_BENCH_DIST to bench another build. */
export function distDir() {
  return process.env.KITH_BENCH_DIST ? resolve(process.env.KITH_BENCH_DIST) : join(REPO_DIR, 'dist');
}

/** Chromium (the one build/chromium.mjs picks: the system's, else the bundled one) on a persistent profile. */
export async function launchChromium(profileDir) {
  const { chromium } = await import('@playwright/test');
  const browser = chromiumForTests();
  return chromium.launchPersistentContext(profileDir, {
    headless: true,
    executablePath: browser.executablePath,
    args: browser.args,
    ...(browser.env ? { env: browser.env } : {}),
    viewport: { width: 1280, height: 800 },
  });
}

/**
 * Starts `node dist/host/browser-mode.mjs --data-dir DIR --port 0` and waits
 * for its "Kith is running at URL" line. `args` replaces `--port 0` (with
 * none, the host listens on the port the data folder remembers, or picks
 * one and remembers it, as `npm start` does); `env` is added to this
 * process's environment.
 */
export async function startHost(dataDir, { args = ['--port', '0'], env = {} } = {}) {
  const entry = join(distDir(), 'host', 'browser-mode.mjs');
  if (!existsSync(entry)) {
    throw new Error(`${entry} does not exist. Build the app first: npm run build (npm run bench builds it for you).`);
  }
  const child = spawn(process.execPath, [entry, '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));

  const url = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`The host did not start within 30 s. It said:\n${output}`)), 30_000);
    const onData = () => {
      const match = /Kith is running at (\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolvePromise(new URL(match[1]).href);
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The host exited (code ${code}) before it was ready. It said:\n${output}`));
    });
  });
  const { docName } = JSON.parse(await readFile(join(dataDir, 'kith.json'), 'utf8'));

  return {
    url,
    docName,
    /** The host's Node process (its memory is read from /proc). */
    pid: child.pid,
    logPath: join(dataDir, 'document.ylog'),
    output: () => output,
    /** Resolves when the host's process has ended (as when its app window closed). */
    exited: () => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, 'exit')),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Stores `update` as one record in the `updates` store of the IndexedDB
 * database `docName`, creating it with y-indexeddb 9's schema (version 1;
 * `updates` autoIncrement, `custom`) when it does not exist. It runs on a
 * blank page served (by Playwright, not the app) at the app's origin, so the
 * app does not run while its database is written.
 */
export async function seedIndexedDb(context, appUrl, docName, update) {
  const seedUrl = new URL('__kith_bench_seed__', appUrl).href;
  const blank = (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>seed</title>' });
  await context.route(seedUrl, blank);
  const page = await context.newPage();
  try {
    await page.goto(seedUrl);
    return await page.evaluate(addYIndexedDbUpdate, { name: docName, base64: Buffer.from(update).toString('base64') });
  } finally {
    await page.close();
    await context.unroute(seedUrl, blank);
  }
}

/**
 * The built app for one measurement, set up and torn down the same way by
 * every bench that drives it: a temporary folder (`prefix` and random
 * letters, in the OS's temp folder) with the host's data folder (`data/`)
 * and Chromium's profile (`profile/`); browser mode's host on the one
 * (`startHost`), Chromium on the other (`launchChromium`); `initScript`, if
 * given, added to every page before any opens (the seed's page included);
 * `seed`, if given, a Yjs update stored in the app's IndexedDB
 * (`seedIndexedDb`). Resolves to what
 * `measure({ host, context, workDir, seededRecords })` resolves to.
 *
 * Afterwards, whatever happened, the browser is closed, the host stopped and
 * the folder removed, each even when the one before failed. An error of the
 * setup or of `measure` gets the host's output appended and is the one
 * thrown; a teardown error is thrown only when there was none.
 */
export async function withBenchApp(prefix, { initScript, seed }, measure) {
  const workDir = await mkdtemp(join(tmpdir(), prefix));
  let host = null;
  let context = null;
  let outcome;
  try {
    host = await startHost(join(workDir, 'data'));
    context = await launchChromium(join(workDir, 'profile'));
    if (initScript) await context.addInitScript(initScript);
    const seededRecords = seed ? await seedIndexedDb(context, host.url, host.docName, seed) : 0;
    outcome = { value: await measure({ host, context, workDir, seededRecords }) };
  } catch (error) {
    if (host && error instanceof Error) error.message += `\nHost output:\n${host.output()}`;
    outcome = { error };
  }
  let teardownError = null;
  for (const step of [() => context?.close(), () => host?.stop(), () => rm(workDir, { recursive: true, force: true })]) {
    try {
      await step();
    } catch (error) {
      teardownError ??= error;
    }
  }
  if ('error' in outcome) throw outcome.error;
  if (teardownError) throw teardownError;
  return outcome.value;
}

/**
 * Resolves once the file is at least `minBytes` long and has not changed
 * (size and mtime) for `quietMs` — e.g. the host's log after a big sync.
 */
export async function waitForQuietFile(path, { minBytes = 1, quietMs = 2000, timeoutMs = 180_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let since = Date.now();
  for (;;) {
    const info = await stat(path).catch(() => null);
    const now = Date.now();
    const signature = info ? `${info.size}:${info.mtimeMs}` : 'missing';
    if (signature !== last) {
      last = signature;
      since = now;
    } else if (info && info.size >= minBytes && now - since >= quietMs) {
      return info.size;
    }
    if (now > deadline) {
      throw new Error(
        `${path} did not settle at ${minBytes} bytes or more within ${timeoutMs / 1000} s (now: ${info?.size ?? 'missing'})`,
      );
    }
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 200));
  }
}

/**
 * Watches the page's WebSocket traffic (browser mode's link to the host).
 * Attach before navigating. `quiet()` resolves once no frame has passed for
 * `quietMs`, so a measurement that follows does not share the page with a
 * sync still in flight.
 */
export function watchHostLink(page) {
  const traffic = { framesIn: 0, bytesIn: 0, framesOut: 0, bytesOut: 0 };
  let lastFrameAt = Date.now();
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      traffic.framesIn++;
      traffic.bytesIn += payload.length;
      lastFrameAt = Date.now();
    });
    socket.on('framesent', ({ payload }) => {
      traffic.framesOut++;
      traffic.bytesOut += payload.length;
      lastFrameAt = Date.now();
    });
  });
  return {
    traffic,
    async quiet({ quietMs = 1000, timeoutMs = 60_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() - lastFrameAt < quietMs) {
        if (Date.now() > deadline) throw new Error(`The page's host link did not fall quiet within ${timeoutMs / 1000} s`);
        await new Promise((resolveSleep) => setTimeout(resolveSleep, 100));
      }
    },
  };
}

/** Resolves when the page's main thread has been idle once (or after `timeoutMs`). */
export function pageIdle(page, timeoutMs = 5000) {
  return page.evaluate(idleOnce, timeoutMs);
}
