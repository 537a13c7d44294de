/**
 * The desktop around Kith (issue 16 §3), in the real Electron app through
 * Playwright's `_electron`: deep links from the command line and a second
 * instance, files opened with Kith (argv, a second instance, macOS's
 * open-file), Edit ▸ Undo from the menu, the tray's menu and its count, and
 * Start at login. Main is driven from main (electronApplication.evaluate):
 * its menu items are clicked as the menu bar does, the tray's menu is read
 * where main hands it to the system. Where Electron's binary cannot be had,
 * each reports itself skipped with the reason (electron-app.ts).
 */
import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as Y from 'yjs';
import { createCommitment } from '../shared/doc/commitments';
import { addDays, dayIn, systemTimeZone } from '../shared/doc/days';
import { createPerson } from '../shared/doc/people';
import { migrate } from '../shared/doc/schema';
import { exportBackup } from '../shared/interop/backup';
import { deepLinkTo } from '../shared/host/deep-link';
import { addPerson, countText, newDataDir, personRow } from './kith';
import { clickMenu, found, launchKith, secondInstance, UNAVAILABLE } from './electron-app';

const FIXTURES = resolve(import.meta.dirname, 'fixtures/import');
const WRITER = 'electron-desktop.spec';

/** A backup of a network with Ada in it and a promise to her that was due yesterday (overdue: one of today's follow-ups), and Ada's link. */
async function writeBackup(dir: string): Promise<{ path: string; adaLink: string }> {
  const doc = new Y.Doc();
  migrate(doc, WRITER);
  const adaId = createPerson(doc, { name: 'Ada Lovelace', org: 'Analytical Engines' }, WRITER);
  const yesterday = addDays(dayIn(new Date(), systemTimeZone()), -1);
  createCommitment(doc, { contactId: adaId, direction: 'mine', what: 'Send Ada the paper', due: yesterday }, WRITER);
  const path = join(dir, 'network.kithbackup');
  await writeFile(path, exportBackup(doc));
  return { path, adaLink: deepLinkTo(adaId)! };
}

/** Runs `use` with Kith on a new data folder, then closes it and removes the folder. */
async function withKith(args: (dir: string) => Promise<string[]> | string[], use: (app: ElectronApplication, page: Page, dir: string) => Promise<void>, env: (dir: string) => Record<string, string> = () => ({})) {
  const dir = await newDataDir();
  const dataDir = join(dir, 'data');
  try {
    const app = await launchKith(dataDir, await args(dir), env(dir));
    try {
      await use(app, await app.firstWindow(), dataDir);
    } finally {
      await app.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const personTitle = (page: Page, name: string) => page.getByTestId('person-detail').getByRole('heading', { name });

test.describe('the desktop around Kith (Electron)', () => {
  test.skip(!found.path, UNAVAILABLE);

  test('a backup opened with Kith is restored into the empty network; a kith://person link from a second instance opens that person; a .vcf from one starts its import; the backup opened again (open-file) is refused', async () => {
    let backup = { path: '', adaLink: '' };
    await withKith(
      async (dir) => {
        backup = await writeBackup(dir);
        return [backup.path];
      },
      async (app, page, dataDir) => {
        const opened = page.getByTestId('opened-backup');
        await expect(opened.getByRole('status')).toHaveText('Restored 1 person from network.kithbackup.');

        // The system starts Kith again for the link; the running Kith shows it and the new process leaves.
        expect(await secondInstance(dataDir, [backup.adaLink])).toBe(0);
        await expect(personTitle(page, 'Ada Lovelace')).toBeVisible();

        expect(await secondInstance(dataDir, [join(FIXTURES, 'contacts.vcf')])).toBe(0);
        const dialog = page.getByRole('dialog');
        await expect(dialog.getByRole('button', { name: 'Import 3 people' })).toBeVisible();
        await dialog.getByRole('button', { name: 'Cancel' }).click();

        // macOS hands a double-clicked file over as 'open-file'; the network now holds Ada, so nothing is restored.
        await app.evaluate(({ app: electronApp }, path) => {
          electronApp.emit('open-file', { preventDefault() {} }, path);
        }, backup.path);
        await expect(opened.getByRole('alert')).toHaveText(
          'network.kithbackup was not restored: this network already holds people and commitments, and a backup goes only into an empty network, so nothing here is overwritten.',
        );
        await page.getByRole('button', { name: 'People', exact: true }).click();
        await expect(page.getByTestId('people-count')).toHaveText(countText(1));
      },
    );
  });

  test('a kith://person link on the command line opens that person once the window is up', async () => {
    const dir = await newDataDir();
    try {
      const { path, adaLink } = await writeBackup(dir);
      const dataDir = join(dir, 'data');
      let app = await launchKith(dataDir, [path]);
      let page = await app.firstWindow();
      await expect(page.getByTestId('opened-backup').getByRole('status')).toHaveText('Restored 1 person from network.kithbackup.');
      await app.close();

      app = await launchKith(dataDir, [adaLink]);
      page = await app.firstWindow();
      await expect(personTitle(page, 'Ada Lovelace')).toBeVisible();
      // A malformed link opens nothing and changes nothing.
      expect(await secondInstance(dataDir, ['kith://person/not a person'])).toBe(0);
      await expect(personTitle(page, 'Ada Lovelace')).toBeVisible();
      await app.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("Edit ▸ Undo from the menu runs Kith's undo outside a text field, and the text's own undo inside one", async () => {
    await withKith(
      () => [],
      async (app, page) => {
        await addPerson(page, { name: 'Katherine Johnson', org: 'NASA' });
        const org = page.getByTestId('field-org');
        await org.fill('NACA');
        await org.press('Enter');
        await expect(personRow(page, 'Katherine Johnson')).toContainText('NACA');

        // Typing in a field: the menu's Undo takes back the typing, not a whole edit of Kith's.
        const search = page.getByLabel('Search people');
        await search.click();
        await page.keyboard.type('Kath');
        await expect(search).toHaveValue('Kath');
        await clickMenu(app, ['Edit', 'Undo']);
        await expect(search).toHaveValue('');
        await expect(personRow(page, 'Katherine Johnson')).toContainText('NACA');

        // Outside a text field: Kith's own last edit is undone, then redone.
        await page.getByTestId('person-detail').getByRole('heading').first().click();
        await clickMenu(app, ['Edit', 'Undo']);
        await expect(personRow(page, 'Katherine Johnson')).toContainText('NASA');
        await clickMenu(app, ['Edit', 'Redo']);
        await expect(personRow(page, 'Katherine Johnson')).toContainText('NACA');
      },
    );
  });

  test("the tray's menu counts today's follow-ups and its items act: Pass It On… opens in the window", async () => {
    await withKith(
      () => [],
      async (app, page, dataDir) => {
        // Every menu main gives the tray, as the system receives it.
        await app.evaluate(({ Tray }) => {
          const menus: Electron.Menu[] = [];
          (globalThis as { trayMenus?: Electron.Menu[] }).trayMenus = menus;
          const setContextMenu = Tray.prototype.setContextMenu;
          Tray.prototype.setContextMenu = function (this: Electron.Tray, menu: Electron.Menu | null) {
            if (menu) menus.push(menu);
            return setContextMenu.call(this, menu);
          };
        });
        const trayLabels = () =>
          app.evaluate(() => {
            const menus = (globalThis as { trayMenus?: Electron.Menu[] }).trayMenus ?? [];
            return menus.at(-1)?.items.filter((item) => item.type !== 'separator').map((item) => item.label) ?? [];
          });

        // A network with one overdue promise, restored from Import and export: the count follows the host's document.
        const { path } = await writeBackup(join(dataDir, '..'));
        await page.getByRole('button', { name: 'Import and export' }).click();
        await page.getByTestId('restore-file').setInputFiles(path);
        await expect(page.getByRole('status').filter({ hasText: 'Restored 1 person' })).toBeVisible();
        await expect.poll(trayLabels).toEqual(['1 follow-up due today', 'Log a Call…', 'Pass It On…', 'Open Kith', 'Quit Kith']);

        await app.evaluate(({ BrowserWindow }) => {
          const menus = (globalThis as { trayMenus?: Electron.Menu[] }).trayMenus ?? [];
          const item = menus.at(-1)?.items.find((candidate) => candidate.label === 'Pass It On…');
          if (!item) throw new Error('The tray has no Pass It On…');
          item.click({} as Electron.KeyboardEvent, BrowserWindow.getAllWindows()[0], undefined);
        });
        await expect(page.getByRole('dialog', { name: 'Pass it on' })).toBeVisible();
      },
    );
  });

  test('Start Kith when I log in adds Kith to the programs started at login, and taking it off removes it', async () => {
    await withKith(
      () => [],
      async (app, page, dataDir) => {
        const config = join(dataDir, '..', 'config');
        const autostart = join(config, 'autostart', 'kith.desktop');
        // Linux: an XDG autostart entry (under XDG_CONFIG_HOME, here a folder of the test's); macOS and Windows keep login items themselves.
        const startsAtLogin = () =>
          process.platform === 'linux' ? existsSync(autostart) : app.evaluate(({ app: electronApp }) => electronApp.getLoginItemSettings().openAtLogin);

        await page.getByRole('button', { name: 'Settings', exact: true }).click();
        const toggle = page.getByRole('checkbox', { name: 'Start Kith when I log in' });
        await expect(toggle).not.toBeChecked();
        expect(await startsAtLogin()).toBe(false);

        await toggle.check();
        await expect.poll(startsAtLogin).toBe(true);
        if (process.platform === 'linux') expect(await readFile(autostart, 'utf8')).toMatch(/^Exec=".+"$/m);

        await toggle.uncheck();
        await expect.poll(startsAtLogin).toBe(false);
      },
      (dir) => ({ XDG_CONFIG_HOME: join(dir, 'config') }),
    );
  });
});
