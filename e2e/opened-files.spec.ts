/**
 * A backup opened with Kith, as the system opens a double-clicked
 * .kithbackup: in browser mode the file is on the host's command line
 * (Electron's argv, second instance and open-file reach the same window
 * calls; electron-desktop.spec.ts drives those where Electron runs).
 */
import { truncate, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';
import { countText, expect, startHost, stopHost, test, withApp } from './kith';

const FIXTURES = resolve(import.meta.dirname, 'fixtures/import');
const SHOTS = process.env.KITH_SCREENSHOTS;
const BACKUP_NAME = /^kith-backup-\d{4}-\d\d-\d\d\.kithbackup$/;

/** Starts Kith on `dataDir` with `file` on its command line, and opens its window; the window is where it lands, not on People. */
async function openWith(dataDir: string, file: string, use: (page: Page) => Promise<void>): Promise<string> {
  const host = await startHost(dataDir, [file]);
  try {
    const context = await chromium.launchPersistentContext(join(dataDir, 'chromium-profile'), { ...chromiumLaunchOptions(), viewport: { width: 1200, height: 760 } });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(host.url);
      await use(page);
    } finally {
      await context.close();
    }
  } finally {
    await stopHost(host);
  }
  return host.output();
}

/** A network of three people from the sample vCard, backed up from Import and export; returns the backup's path. */
async function backUpThree(dataDir: string): Promise<string> {
  let path = '';
  await withApp(dataDir, async (page) => {
    await page.getByRole('button', { name: 'Import contacts' }).click();
    await page.getByTestId('import-file').setInputFiles(join(FIXTURES, 'contacts.vcf'));
    await page.getByRole('dialog').getByRole('button', { name: 'Import 3 people' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Import and export' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('listitem').filter({ hasText: 'Back up everything' }).getByRole('button', { name: 'Export' }).click();
    const name = (await download).suggestedFilename();
    expect(name).toMatch(BACKUP_NAME);
    path = join(dataDir, name);
    await (await download).saveAs(path);
  });
  return path;
}

test.describe('a backup opened with Kith', () => {
  test('is restored into an empty network; opened again into the network that now holds it, it is refused in a sentence and nothing changes', async ({ dataDir }) => {
    const backup = await backUpThree(join(dataDir, 'old'));
    const fresh = join(dataDir, 'fresh');

    await openWith(fresh, backup, async (page) => {
      await expect(page.getByRole('heading', { name: 'Import and export' })).toBeVisible();
      await expect(page.getByTestId('opened-backup').getByRole('status')).toHaveText(/^Restored 3 people from kith-backup-.*\.kithbackup\.$/);
      await expect(page.getByTestId('opened-backup')).toBeInViewport();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/opened-backup-restored.png` });
      await page.getByRole('button', { name: 'People', exact: true }).click();
      await expect(page.getByTestId('people-count')).toHaveText(countText(3));
    });

    await openWith(fresh, backup, async (page) => {
      const opened = page.getByTestId('opened-backup');
      await expect(opened.getByRole('alert')).toHaveText(
        /^kith-backup-.*\.kithbackup was not restored: this network already holds people, and a backup goes only into an empty network, so nothing here is overwritten\.$/,
      );
      await expect(opened).toBeInViewport();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/opened-backup-refused.png` });
      // What Restore offers is there, beside the sentence: another file, whose outcome takes the sentence's place.
      const chooser = page.waitForEvent('filechooser');
      await opened.getByRole('button', { name: 'Restore from a backup…' }).click();
      await (await chooser).setFiles(backup);
      await expect(opened.getByRole('alert')).toHaveText(/^This network is not empty \(it holds contacts\)\./);
      await page.getByRole('button', { name: 'People', exact: true }).click();
      // Not merged: the three people once each.
      await expect(page.getByTestId('people-count')).toHaveText(countText(3));
    });
  });

  test('a damaged backup is refused in the window, a too large one on the host, and the network stays empty', async ({ dataDir }) => {
    const broken = join(dataDir, 'broken.kithbackup');
    await writeFile(broken, '{"format": "kith-backup", "roots": ');
    await openWith(join(dataDir, 'net'), broken, async (page) => {
      await expect(page.getByTestId('opened-backup').getByRole('alert')).toHaveText('broken.kithbackup was not restored. This is not a Kith backup: it is not JSON. Choose a file that Kith saved with "Back up everything".');
      await page.getByRole('button', { name: 'People', exact: true }).click();
      await expect(page.getByRole('heading', { name: 'Your network starts with one person' })).toBeVisible();
    });

    const huge = join(dataDir, 'huge.kithbackup');
    await writeFile(huge, '');
    // Sparse: only its size is looked at, and it is refused before a byte is read.
    await truncate(huge, 100 * 1024 * 1024 + 1);
    const output = await openWith(join(dataDir, 'net'), huge, async (page) => {
      await expect(page.getByRole('heading', { name: 'Your network starts with one person' })).toBeVisible();
      await page.getByRole('button', { name: 'Import and export' }).click();
      await expect(page.getByRole('heading', { name: 'Restore a backup' })).toBeVisible();
      await expect(page.getByRole('alert')).toHaveCount(0);
    });
    expect(output).toContain('Kith: cannot restore huge.kithbackup: This file is 100 MB, larger than any Kith backup Kith reads (100 MB).');
  });
});
