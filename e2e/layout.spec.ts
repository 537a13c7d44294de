import type { Page } from '@playwright/test';
import { addPerson, expect, openApp, personRow, startHost, stopHost, test } from './kith';

const SHOTS = process.env.KITH_SCREENSHOTS;
const LONG_NAME = 'Maximiliana Theodora Wilhelmina Konstantinopoulou-Vanderbilt de la Fontaine';

/** Whether an element's box lies inside another's, left to right. */
async function insideHorizontally(page: Page, inner: string, outer: string): Promise<boolean> {
  const [a, b] = [await page.locator(inner).first().boundingBox(), await page.locator(outer).first().boundingBox()];
  return Boolean(a && b && a.x >= b.x - 0.5 && a.x + a.width <= b.x + b.width + 0.5);
}

test.describe('the person page at common window sizes', () => {
  test('fits 1024×700 without scrolling sideways, uses a 1920 px width, opens each person at the top', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await addPerson(page, { name: 'Ada Lovelace', org: 'Analytical Engines', role: 'Research lead' });
      await addPerson(page, { name: '😀 Smiley Person', org: 'Emoji Inc' });
      await addPerson(page, { name: LONG_NAME, org: 'Long Names Ltd' });

      // Names: whole emoji in the initials, a long name shortened in sentences but whole in the heading.
      await expect(personRow(page, 'Smiley Person').locator('.avatar')).toHaveText('😀P');
      const detail = page.getByTestId('person-detail');
      await expect(detail.getByRole('heading', { name: LONG_NAME })).toBeVisible();
      await expect(detail.locator('label[for="new-note"]')).toHaveText('A note about Maximiliana Theodora Wilhelmina…');

      await page.setViewportSize({ width: 1024, height: 700 });
      const pane = page.locator('.detail-pane');
      await expect.poll(() => pane.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      for (const name of ['Log a request', 'Add a commitment', 'Said hello', 'Log a call']) {
        await expect(detail.getByRole('button', { name, exact: true })).toBeVisible();
        const box = await detail.getByRole('button', { name, exact: true }).boundingBox();
        const paneBox = await pane.boundingBox();
        expect(box!.x + box!.width, name).toBeLessThanOrEqual(paneBox!.x + paneBox!.width);
      }
      expect(await insideHorizontally(page, '[data-testid="follow-through"]', '.detail-pane')).toBe(true);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/people-1024.png` });

      await page.setViewportSize({ width: 1440, height: 900 });
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/people-1440.png` });

      // Wide: the page's panels and the profile sit side by side instead of one 620 px column.
      await page.setViewportSize({ width: 1920, height: 1080 });
      await expect.poll(async () => (await detail.boundingBox())!.width).toBeGreaterThan(1100);
      const timeline = (await detail.getByTestId('notes').boundingBox())!;
      const name = (await detail.getByRole('region', { name: 'Name' }).boundingBox())!;
      expect(name.x).toBeGreaterThan(timeline.x + timeline.width);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/people-1920.png` });

      // Scrolled down one page, the next person opens at the top.
      await page.setViewportSize({ width: 1024, height: 700 });
      await pane.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await expect.poll(() => pane.evaluate((el) => el.scrollTop)).toBeGreaterThan(200);
      await personRow(page, 'Ada Lovelace').click();
      await expect(detail.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
      await expect.poll(() => pane.evaluate((el) => el.scrollTop)).toBe(0);
    } finally {
      await context.close();
      await stopHost(host);
    }
  });
});
