/**
 * Browser mode: the host in plain Node, serving the renderer on 127.0.0.1.
 *
 *   node dist/host/browser-mode.mjs [--data-dir DIR] [--port N] [--open [--chromium PATH]] [FILE]
 *
 * With --open, the Chromium at PATH opens the app in its own window, with a
 * profile inside the data folder so the renderer's IndexedDB belongs to this
 * data folder too; without a Chromium the address is printed. `npm start`
 * picks the Chromium (build/chromium.mjs: a system one, never the headless
 * one npm installs for the tests).
 *
 * FILE, a .vcf/.vcard or a .kithbackup, is what opening it with Kith is in
 * Electron (opened-files.ts): the window imports or restores it when it
 * comes up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { beginHost, startupLines } from './host';
import { firstAnswer, startingHost, type SessionHost } from './starting-host';
import { startBrowserServer, type BrowserServer } from './server';
import { defaultDataDir, lockDataDir, readIdentity, rememberBrowserPort, storageError } from './data-dir';
import { FileOpener } from './opened-files';

declare const KITH_VERSION: string;

/** Chromium flags for an app window with its own profile and no calls home. */
export function chromiumArgs(url: string, dataDir: string): string[] {
  return [
    `--app=${url}`,
    `--user-data-dir=${join(dataDir, 'chromium-profile')}`,
    '--window-size=1200,800',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ];
}

function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
}

/**
 * Listens on the asked port; without one, on the port this data folder used
 * last time (so the page's origin and its IndexedDB stay the same), or on a
 * free one that is then remembered.
 */
async function listen<S>(host: SessionHost<S>, staticDir: string, dataDir: string, port: number | undefined): Promise<BrowserServer> {
  if (port !== undefined) return startBrowserServer({ host, staticDir, port });
  const remembered = (await readIdentity(dataDir)).browserPort;
  if (remembered) {
    try {
      return await startBrowserServer({ host, staticDir, port: remembered });
    } catch (error) {
      if (!isAddressInUse(error)) throw error;
      console.warn(`Kith: port ${remembered} is taken; using another (this browser profile's copy will reload from the host).`);
    }
  }
  const server = await startBrowserServer({ host, staticDir, port: 0 });
  await rememberBrowserPort(dataDir, server.port);
  return server;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      open: { type: 'boolean', default: false },
      chromium: { type: 'string' },
    },
  });
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const port = values.port === undefined ? undefined : Number.parseInt(values.port, 10);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new Error(`--port must be a number from 0 to 65535, not "${values.port}"`);
  }

  const unlock = await lockDataDir(dataDir).catch((error: unknown) => {
    throw storageError(error, dataDir, 'start') ?? error;
  });
  if (positionals.length > 1) throw new Error(`Kith opens one file at a time, not ${positionals.length}: ${positionals.join(', ')}`);
  // There is no second instance here to forward a file: the one on the command line waits for the first window to ask.
  const openedFiles = new FileOpener({ send: () => false, report: (line) => console.warn(line) });
  await openedFiles.handle(positionals[0] === undefined ? null : resolve(positionals[0]));
  // The window this Kith opens is served its page and first answer before the log is read (host.ts `readLogAfter`);
  // should none come, the log is read after a while anyway.
  const windowStarted = values.open ? firstAnswer() : null;
  const starting = await beginHost({
    dataDir,
    mode: 'browser',
    version: KITH_VERSION,
    p2p: {},
    pendingImportFile: () => openedFiles.take('import'),
    pendingRestoreFile: () => openedFiles.take('restore'),
    readLogAfter: windowStarted?.answered,
  });
  // Listen (and open the window) before the log is read: the window's calls wait for the host (starting-host.ts).
  const staticDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
  const server = await listen(startingHost(starting.info, starting.host, { onAppInfo: windowStarted?.onAppInfo }), staticDir, dataDir, port);
  console.log(`Kith is running at ${server.url} (data folder: ${dataDir})`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await starting.host.then((host) => host.close(), () => undefined);
    await unlock();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const browser = values.open ? openWindow(values.chromium, server.url, dataDir, stop) : null;
  const host = await starting.host.catch(async (error: unknown) => {
    // The window cannot be served without the document: close it (its exit is not a stop), and say why below.
    stopping = true;
    browser?.kill();
    await server.close();
    throw error;
  });
  for (const line of startupLines(host)) console.warn(line);
}

/** How long Chromium must run before its exit means "the user closed Kith" rather than "it could not start". */
const CHROMIUM_START_MS = 5000;

/** Opens the app window in Chromium, or prints the address; returns the Chromium it started. */
function openWindow(chromium: string | undefined, url: string, dataDir: string, stop: () => Promise<void>): ChildProcess | null {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!chromium || !hasDisplay) {
    const why = chromium ? 'there is no display' : 'no system Chromium was found to open it in';
    console.log(`Open ${url} in your browser (${why}). Ctrl+C stops Kith.`);
    return null;
  }
  const started = Date.now();
  const browser = spawn(chromium, chromiumArgs(url, dataDir), { stdio: 'ignore' });
  const fallBack = () => console.log(`Chromium could not open a window; open ${url} in your browser. Ctrl+C stops Kith.`);
  browser.on('error', fallBack);
  browser.on('exit', (code) => {
    // Closing the app window ends Kith; a Chromium that failed at once leaves the server running.
    if (code !== 0 && Date.now() - started < CHROMIUM_START_MS) fallBack();
    else void stop();
  });
  return browser;
}

main().catch((error: Error) => {
  console.error(`Kith could not start: ${error.message}`);
  process.exit(1);
});
