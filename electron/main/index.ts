/**
 * Kith's main process: starts the host, serves the renderer, opens the window,
 * shows reminders as desktop notifications, and closes the host's log cleanly
 * before the app exits.
 *
 * The window opens, and IPC is served, while the host reads its log (at
 * 30,000 people seconds): the log is read once the window has been answered
 * appInfo (or after 5 s), and until the host holds its document every other
 * call waits for it (host/starting-host.ts), so the window never syncs with an
 * empty replica. The tray and the login item follow once the host is up; a
 * log that cannot be read ends the start as before (`fail`).
 *
 * Before 'ready': the data folder, the single-instance lock, the app scheme
 * and the sandbox. The folder comes first because Electron keys the lock on
 * it, so two data folders (KITH_DATA_DIR) are two Kiths side by side.
 *
 * Deep links (kith://person/<id>, kith://note/<id>): registered as the
 * protocol client; a link in argv, from a second instance or macOS's
 * open-url goes through deep-links.ts to the window. A .vcf or a
 * .kithbackup opened with Kith goes the same ways (open-file on macOS)
 * through host/opened-files.ts to the import flow or to Restore.
 *
 * Environment: KITH_DATA_DIR overrides the data folder (tests, demos);
 * KITH_DEV=1 adds View › Reload for a rebuilt renderer.
 */
import { BrowserWindow, Menu, app, dialog, ipcMain, nativeTheme, session } from 'electron';
import { mkdirSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { lockDataDir, storageError } from '../host/data-dir';
import { beginHost, startupLines } from '../host/host';
import { firstAnswer, startingHost } from '../host/starting-host';
import { registerIpc, trustedSenderCheck } from './ipc';
import { menuTemplate } from './menu';
import { desktopNotifier, notificationLink } from './notifications';
import { APP_URL, openExternalUrl, registerAppScheme, restrictApp, restrictSession, serveRenderer } from './security';
import { CLOSE_WHILE_WRITING, closesAnyway, windowOptions } from './window';
import { startTray } from './tray';
import { followOpenAtLogin } from './login-item';
import { ipcChannel, type MenuCommand } from '../../shared/host/contract';
import { DEEP_LINK_SCHEME } from '../../shared/host/deep-link';
import { DeepLinkRouter } from './deep-links';
import { FileOpener, OPENED_FILE_EVENTS } from '../host/opened-files';

declare const KITH_VERSION: string;

// The bundle is dist/electron/main.cjs, beside preload.cjs; Vite builds dist/renderer.
const PRELOAD_PATH = join(__dirname, 'preload.cjs');
const RENDERER_DIR = join(__dirname, '..', 'renderer');
// build.mjs copies the app icon beside the bundle for the tray.
const TRAY_ICON_PATH = join(__dirname, 'tray-icon.png');

let mainWindow: BrowserWindow | null = null;
let started = false;
/** What start() set up, undone in reverse order when the app quits. */
const cleanups: Array<() => unknown> = [];
let stopping: Promise<void> | null = null;
let stopped = false;

/** Links from the system (argv, a second instance, macOS open-url), kept until the window can show them. */
const deepLinks = new DeepLinkRouter({
  send(link) {
    const contents = mainWindow?.webContents;
    if (!contents || contents.isDestroyed() || contents.isLoading()) return false;
    contents.send(ipcChannel('deepLink'), link);
    return true;
  },
  report: (line) => console.warn(line),
});

/** Contacts files and backups from the system (argv, a second instance, macOS open-file), kept until the window can import or restore them. */
const openedFiles = new FileOpener({
  send(kind, file) {
    const contents = mainWindow?.webContents;
    if (!contents || contents.isDestroyed() || contents.isLoading()) return false;
    contents.send(ipcChannel(OPENED_FILE_EVENTS[kind]), file);
    return true;
  },
  report(message) {
    console.warn(message);
    if (app.isReady()) void dialog.showMessageBox({ type: 'warning', title: 'Kith could not open the file', message: message.replace(/^Kith: /, '') });
  },
});

function createWindow(): BrowserWindow {
  const theme = nativeTheme.shouldUseDarkColors ? 'dark' : 'light';
  const window = new BrowserWindow(windowOptions(PRELOAD_PATH, theme));
  deepLinks.windowLoading();
  openedFiles.windowLoading();
  window.once('ready-to-show', () => window.show());
  // The window holds its close only while it writes an import or a restore: ask, and let it go if the person says so.
  window.webContents.on('will-prevent-unload', (event) => {
    if (closesAnyway(dialog.showMessageBoxSync(window, CLOSE_WHILE_WRITING))) event.preventDefault();
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  window.loadURL(APP_URL).catch((error: Error) => {
    // Closing the window while it loads aborts the load; that is no failure.
    if (!window.isDestroyed()) fail(new Error(`The Kith window did not load: ${error.message}`));
  });
  return window;
}

function showAbout(dataDir: string): void {
  void dialog.showMessageBox({
    type: 'info',
    title: 'About Kith',
    message: `Kith ${KITH_VERSION}`,
    detail: `Your data folder: ${dataDir}`,
  });
}

async function start(): Promise<void> {
  try {
    await access(join(RENDERER_DIR, 'index.html'));
  } catch {
    throw new Error(`The Kith window is not built (no ${RENDERER_DIR}). Run "npm run build", then start Kith again.`);
  }
  const dataDir = app.getPath('userData');
  // Electron's lock keeps out a second Electron; this one keeps out browser mode on the same folder.
  cleanups.push(
    await lockDataDir(dataDir).catch((error: unknown) => {
      throw storageError(error, dataDir, 'start') ?? error;
    }),
  );
  const windowStarted = firstAnswer();
  const starting = await beginHost({
    dataDir,
    mode: 'electron',
    version: KITH_VERSION,
    notifier: desktopNotifier({ onClick: openFromNotification }),
    // Sync with this network's other devices (LAN and Hyperswarm), as in browser mode.
    p2p: {},
    openExternal: openExternalUrl,
    pendingDeepLink: () => deepLinks.take(),
    pendingImportFile: () => openedFiles.take('import'),
    pendingRestoreFile: () => openedFiles.take('restore'),
    // The window's page comes through this process (serveRenderer): it loads before the log holds the event loop.
    readLogAfter: windowStarted.answered,
  });
  // Before IPC's, so it runs after IPC has stopped taking calls; a host that never started has nothing to close.
  cleanups.push(() => starting.host.then((host) => host.close(), () => undefined));

  restrictSession(session.defaultSession);
  serveRenderer(session.defaultSession, RENDERER_DIR);
  const ipcHost = startingHost(starting.info, starting.host, { onAppInfo: windowStarted.onAppInfo });
  cleanups.push(registerIpc(ipcMain, { host: ipcHost, isTrustedSender: trustedSenderCheck(() => mainWindow) }));

  const template = menuTemplate({
    platform: process.platform,
    isPackaged: app.isPackaged,
    isDev: process.env.KITH_DEV === '1',
    onAbout: () => showAbout(dataDir),
    onImport: () => mainWindow?.webContents.send(ipcChannel('importRequested'), null),
    onCommand: (command) => mainWindow?.webContents.send(ipcChannel('menuCommand'), command),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));

  mainWindow = createWindow();
  started = true;

  // A log that cannot be read rejects here, and start's caller says so (`fail`), as when the host started first.
  const host = await starting.host;
  for (const line of startupLines(host)) console.warn(line);
  // Quit while the log was read: stop() has closed the host already.
  if (stopping) return;
  const tray = startTray({
    doc: host.doc,
    iconPath: TRAY_ICON_PATH,
    actions: {
      onOpen: showMainWindow,
      onLogCall: () => sendFromTray('logCall'),
      onPassItOn: () => sendFromTray('passItOn'),
      onQuit: () => app.quit(),
    },
  });
  cleanups.push(() => tray.stop());

  const loginItem = followOpenAtLogin(
    host.settings,
    {
      platform: process.platform,
      setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
      // On Linux appData is $XDG_CONFIG_HOME (~/.config); an AppImage must be started as itself, not its mount.
      autostartDir: join(app.getPath('appData'), 'autostart'),
      command: process.env.APPIMAGE ?? process.execPath,
    },
    (line) => console.warn(line),
  );
  cleanups.push(() => loginItem.stop());
}

/** Stops taking calls, then closes the host (its log is flushed) and releases the data folder. */
function stop(): Promise<void> {
  stopping ??= (async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error('Kith: shutting down:', error);
      }
    }
    stopped = true;
  })();
  return stopping;
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Kith could not start: ${message}`);
  dialog.showErrorBox('Kith could not start', message);
  // Exit code 1 so launch scripts and tests see the failure.
  void stop().finally(() => app.exit(1));
}

function showMainWindow(): void {
  if (!started) return;
  if (!mainWindow) {
    mainWindow = createWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** Log a call or Pass it on from the tray: the window comes forward and opens it (once loaded, if it was closed). */
function sendFromTray(command: MenuCommand): void {
  showMainWindow();
  const contents = mainWindow?.webContents;
  if (!contents || contents.isDestroyed()) return;
  if (contents.isLoading()) contents.once('did-finish-load', () => contents.send(ipcChannel('menuCommand'), command));
  else contents.send(ipcChannel('menuCommand'), command);
}

/** A click on a reminder: bring Kith forward, on the person it is about. */
function openFromNotification(personId: string | null): void {
  const link = notificationLink(personId);
  if (link) deepLinks.handle(link);
  showMainWindow();
}

/** Windows shows notifications only for an app with an id (the installer's, electron-builder.yml `appId`). */
const APP_USER_MODEL_ID = 'app.kith.desktop';

function main(): void {
  const dataDirOverride = process.env.KITH_DATA_DIR;
  if (dataDirOverride) {
    const dataDir = resolve(dataDirOverride);
    // setPath refuses a folder that does not exist yet.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    app.setPath('userData', dataDir);
  }
  if (!app.requestSingleInstanceLock()) {
    // Another Kith has this data folder; it shows its window (see 'second-instance').
    app.quit();
    return;
  }
  registerAppScheme();
  restrictApp();
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  // The system starts Kith for kith:// links; unpackaged, it must say how to start this build.
  if (process.defaultApp && process.argv.length >= 2) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(process.argv[1]!)]);
  else app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  deepLinks.handleArgv(process.argv);
  void openedFiles.handleArgv(process.argv);
  // A second start (a link, a .vcf or a backup opened while Kith runs) forwards its command line here.
  app.on('second-instance', (_event, argv) => {
    deepLinks.handleArgv(argv);
    void openedFiles.handleArgv(argv);
    showMainWindow();
  });
  // macOS hands opened files over as an event, before 'ready' on a first launch.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void openedFiles.handle(path);
    showMainWindow();
  });
  // macOS hands links over as an event, before 'ready' on a first launch.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    deepLinks.handle(url);
    showMainWindow();
  });
  // macOS: clicking the dock icon with no window open.
  app.on('activate', showMainWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (stopped) return;
    // Quit only once the host has written everything it acknowledged.
    event.preventDefault();
    void stop().then(() => app.quit());
  });

  app.whenReady().then(start).catch(fail);
}

try {
  main();
} catch (error) {
  fail(error);
}
