import type { Page } from '@playwright/test';
import { addPerson, countText, expect, expectSaved, openApp, personRow, startHost, stopHost, test } from './kith';

/** How many people the list kept for the next start holds (people-cache.ts), 0 when none. */
function keptCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('kith.kept-people');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      if (!db.objectStoreNames.contains('heads')) return 0;
      const heads = await new Promise<Array<{ count: number }>>((resolve, reject) => {
        const request = db.transaction('heads').objectStore('heads').getAll();
        request.onsuccess = () => resolve(request.result as Array<{ count: number }>);
        request.onerror = () => reject(request.error);
      });
      return heads[0]?.count ?? 0;
    } finally {
      db.close();
    }
  });
}

/**
 * From a second tab of the same profile, holds a write transaction on this
 * profile's stored copy (y-indexeddb's `updates`) by asking it something
 * again and again: the window's own read of the copy waits behind it, as it
 * would behind a copy that takes long to read. `releaseCopy` lets it go.
 */
async function holdStoredCopy(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const name = (await indexedDB.databases()).map((db) => db.name!).find((candidate) => candidate.startsWith('kith-'))!;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const state = window as unknown as { released?: boolean };
    const store = db.transaction('updates', 'readwrite').objectStore('updates');
    const ask = () => {
      if (!state.released) store.count().onsuccess = ask;
    };
    ask();
  });
}

test('a start shows the People list kept from the last one, read-only, until the network is in', async ({ dataDir }) => {
  const host = await startHost(dataDir);
  try {
    const { context, page } = await openApp(dataDir, host.url);
    const names = ['Ada Lovelace', 'Grace Hopper', 'Katherine Johnson'];
    for (const name of names) await addPerson(page, { name, org: 'Analytical Engines' });
    await expectSaved(page);
    // Kept once the list has been still for a moment.
    await expect.poll(() => keptCount(page), { timeout: 20_000 }).toBe(names.length);

    const blocker = await context.newPage();
    await blocker.goto(`${host.url}kept-people-blocker`);
    await holdStoredCopy(blocker);
    await page.reload();

    const banner = page.getByTestId('kept-people-banner');
    await expect(banner).toContainText('These are your people as Kith last showed them; editing starts once all of it is in.');
    await expect(page.getByTestId('people-count')).toHaveText(countText(names.length));
    for (const name of names) await expect(personRow(page, name)).toBeVisible();
    // Looking is allowed; changing is not, and nothing offers to.
    await expect(page.getByRole('button', { name: /^Add person/ })).toHaveCount(0);
    await personRow(page, 'Grace Hopper').click();
    await expect(page.getByTestId('person-detail').getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('kept-people.png') });
    await page.keyboard.press('n');
    await expect(page.getByRole('form', { name: 'Add a person' })).toHaveCount(0);
    // The rest of the network is still coming in: other sections say so rather than show it empty.
    await page.getByRole('navigation').getByRole('button', { name: /^Notes/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Opening your network…' }).first()).toBeVisible();
    await page.getByRole('navigation').getByRole('button', { name: /^People/ }).click();
    // The search reads the stored copy too (the readers), held as well: it says it is searching rather than finding no one.
    await page.getByLabel('Search people').fill('Katherine');
    await expect(page.getByTestId('search-computing')).toBeVisible();

    await blocker.evaluate(() => ((window as unknown as { released?: boolean }).released = true));
    await expect(page.getByTestId('search-result').filter({ hasText: 'Katherine Johnson' })).toHaveCount(1);
    await expect(banner).toBeHidden();
    await page.getByLabel('Search people').fill('');
    await expect(page.getByRole('button', { name: /^Add person/ })).toBeVisible();
    await expect(page.getByTestId('people-count')).toHaveText(countText(names.length));
    await addPerson(page, { name: 'Mary Jackson' });
    await expectSaved(page);
    await context.close();
  } finally {
    await stopHost(host);
  }
});
