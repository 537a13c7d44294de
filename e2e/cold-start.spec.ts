import { join } from 'node:path';
import { chromium } from '@playwright/test';
import * as Y from 'yjs';
import { UpdateLog } from '../electron/host/update-log';
import { generateNetwork } from './fixtures/network';
import { chromiumLaunchOptions } from './chromium';
import { expect, startHost, stopHost, test } from './kith';

declare global {
  interface Window {
    __peopleCounts?: string[];
  }
}

test('a window on a fresh profile waits while the host reads its log, and never shows an empty network for it', async ({ dataDir }) => {
  // A log of 5,000 people for the host to read at start (seconds on a loaded machine), and a window that must take them all.
  test.setTimeout(240_000);
  const people = 5000;
  const network = generateNetwork({ seed: 15, people, linksPerPerson: 2, notesPerPerson: 0 });
  const { log } = await UpdateLog.open(join(dataDir, 'document.ylog'));
  await log.append(Y.encodeStateAsUpdate(network));
  await log.close();

  // Browser mode listens before it has read the log: the window opens at once, with nothing in its own copy.
  const host = await startHost(dataDir);
  const context = await chromium.launchPersistentContext(join(dataDir, 'fresh-profile'), {
    ...chromiumLaunchOptions(),
    viewport: { width: 1200, height: 760 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // Every count the People view ever shows, from the first frame on.
    await page.addInitScript(() => {
      const seen: string[] = (window.__peopleCounts = []);
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="people-count"]')?.textContent;
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(host.url);
    const everyone = new Intl.NumberFormat('en').format(people) + ' people';
    await expect(page.getByTestId('people-count')).toHaveText(everyone, { timeout: 180_000 });
    expect(await page.evaluate(() => window.__peopleCounts)).toEqual([everyone]);
  } finally {
    await context.close();
    await stopHost(host);
  }
});
