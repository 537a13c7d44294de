import { expect, test } from '@playwright/test';
import { rm } from 'node:fs/promises';
import { newDataDir } from './kith';
import { addThreeAndEditOne, expectThreeWithEdit } from './flows';
import { found, launchKith, UNAVAILABLE } from './electron-app';

test.describe('the Electron app', () => {
  test.skip(!found.path, UNAVAILABLE);

  test('people added and edited are there after a restart', async () => {
    const dataDir = await newDataDir();
    const launch = () => launchKith(dataDir);
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
