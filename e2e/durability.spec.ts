import { expect, test } from '@playwright/test';
import { rm } from 'node:fs/promises';
import { addPerson, countText, expectSaved, killBrowser, newDataDir, openApp, startHost, stopHost } from './kith';

const TRIALS = Number(process.env.KITH_DURABILITY_TRIALS ?? 20);

/**
 * An edit the UI has called saved must survive the whole app dying right
 * after. Each trial adds a person, waits for "All changes saved", waits
 * 0–500 ms (spread evenly over the trials), then SIGKILLs the host and every
 * Chromium process of the profile. The next trial starts from what is left
 * and must find every person saved so far.
 */
test('an acknowledged edit survives the app being killed 0–500 ms later', async () => {
  test.setTimeout(TRIALS * 15_000 + 30_000);
  const dataDir = await newDataDir();
  const saved: string[] = [];
  try {
    for (let trial = 0; trial < TRIALS; trial++) {
      const delayMs = Math.round((trial * 500) / Math.max(1, TRIALS - 1));
      const host = await startHost(dataDir);
      const { context, page } = await openApp(dataDir, host.url);
      await test.step(`trial ${trial + 1}: ${saved.length} people kept, kill ${delayMs} ms after saving`, async () => {
        await expect(page.getByTestId('people-count')).toHaveText(countText(saved.length));
        if (saved.length > 0) {
          // Search results are not virtualized, so every kept person is in the page at once.
          await page.getByLabel('Search people').fill('Trial');
          const results = page.getByTestId('search-result');
          await expect(results).toHaveCount(saved.length);
          for (const name of saved) await expect(results.filter({ hasText: name })).toHaveCount(1);
          await page.getByLabel('Search people').fill('');
        }
        const name = `Trial ${String(trial + 1).padStart(2, '0')} Person`;
        await addPerson(page, { name, org: `Org ${trial}` });
        await expectSaved(page);
        saved.push(name);
        await page.waitForTimeout(delayMs);
      });
      await stopHost(host, 'SIGKILL');
      killBrowser(dataDir);
      await context.close().catch(() => undefined);
    }
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    await expect(page.getByTestId('people-count')).toHaveText(countText(TRIALS));
    await context.close();
    await stopHost(host);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
