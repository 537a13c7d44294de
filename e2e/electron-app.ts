/**
 * Driving the real Electron app through Playwright's `_electron`: whether its
 * binary can be had here (and if not, why, for the skip), launching Kith on a
 * data folder, starting a second instance the way the system does for a link
 * or a double-clicked file, and reaching main's menus from the test.
 */
import { _electron as electron, type ElectronApplication } from '@playwright/test';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
// @ts-expect-error — a plain .mjs helper shared with `npm start`
import { findElectron } from '../build/electron-binary.mjs';

export const ROOT = resolve(import.meta.dirname, '..');
export const found = findElectron(ROOT) as { path?: string; reason?: string };
export const UNAVAILABLE = `Electron is unavailable here: ${found.reason}`;

/** Chromium's sandbox cannot start as root (containers, CI); everywhere else it stays on. */
const SANDBOX_ARGS = process.getuid?.() === 0 ? ['--no-sandbox'] : [];

/** Kith on `dataDir`, with `args` on its command line as the system passes a link or a file. */
export function launchKith(dataDir: string, args: readonly string[] = [], env: Record<string, string> = {}): Promise<ElectronApplication> {
  return electron.launch({
    executablePath: found.path!,
    args: [ROOT, ...SANDBOX_ARGS, ...args],
    env: { ...process.env, KITH_DATA_DIR: dataDir, ...env },
  });
}

/**
 * Starts Kith again on the same data folder, as the system does when Kith is
 * running and a link or a file is opened: the new process hands its command
 * line to the running one ('second-instance') and exits.
 */
export function secondInstance(dataDir: string, args: readonly string[]): Promise<number | null> {
  const child = spawn(found.path!, [ROOT, ...SANDBOX_ARGS, ...args], { env: { ...process.env, KITH_DATA_DIR: dataDir }, stdio: 'ignore' });
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => done(code));
  });
}

/** Clicks an item of the application menu, by its labels (`['Edit', 'Undo']`), as a person does in the menu bar. */
export async function clickMenu(app: ElectronApplication, path: readonly string[]): Promise<void> {
  await app.evaluate(({ Menu, BrowserWindow }, labels) => {
    let items = Menu.getApplicationMenu()?.items ?? [];
    let item: Electron.MenuItem | undefined;
    for (const label of labels) {
      item = items.find((candidate) => candidate.label === label);
      if (!item) throw new Error(`The menu has no "${label}" (of ${labels.join(' ▸ ')})`);
      items = item.submenu?.items ?? [];
    }
    const window = BrowserWindow.getAllWindows()[0];
    item!.click({} as Electron.KeyboardEvent, window, window?.webContents);
  }, path);
}
