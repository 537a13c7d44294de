import { _electron as electron, expect, test } from '@playwright/test';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
// @ts-expect-error — a plain .mjs helper shared with `npm start`
import { findElectron } from '../build/electron-binary.mjs';
import { newDataDir } from './kith';
import { addThreeAndEditOne, expectThreeWithEdit } from './flows';

const ROOT = resolve(import.meta.dirname, '..');
const found = findElectron(ROOT) as { path?: string; reason?: string };

test.describe('the Electron app', () => {
  test.skip(!found.path, `Electron is unavailable here: ${found.reason}`);

  test('people added and edited are there after a restart', async () => {
    const dataDir = await newDataDir();
    const launch = () =>
      electron.launch({
        executablePath: found.path!,
        args: [ROOT, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
        env: { ...process.env, KITH_DATA_DIR: dataDir },
      });
    try {
      let app = await launch();
      let page = await app.firstWindow();
      await expect(page.getByRole('heading', { name: 'Your network starts with one person' })).toBeVisible();
      await addThreeAndEditOne(page);
      await app.close();

      app = await launch();
      page = await app.firstWindow();
      await expectThreeWithEdit(page);
      await app.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
