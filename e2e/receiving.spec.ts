/**
 * A change from the host big enough to come in slices (another window's
 * import of thousands, here) is applied by a window one slice per task, and
 * until its last slice is in, a record may be there without the list a
 * later slice holds. The window takes no edits meanwhile (store.ts's
 * `receiving`): its views are inert and it says why. The importing window
 * itself writes the import the same way (sliced-write.ts, `writing`).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addPerson, expect, openApp, startHost, stopHost, test } from './kith';

function manyCards(count: number): string {
  const cards: string[] = [];
  for (let i = 0; i < count; i++) {
    cards.push(`BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Harbour ${i} Saltmarsh\r\nORG:Pier ${i % 40}\r\nEMAIL:harbour${i}@pier.example\r\nCATEGORIES:coast,boats\r\nNOTE:Met at the regatta, asked about tide tables and the ferry.\r\nUID:harbour-${i}\r\nEND:VCARD\r\n`);
  }
  return cards.join('');
}

test('a window receiving a change in slices takes no edits until all of it is in', async ({ dataDir }) => {
  test.setTimeout(180_000);
  const cards = join(dataDir, 'harbour.vcf');
  await writeFile(cards, manyCards(2500));
  const host = await startHost(dataDir);
  try {
    const first = await openApp(dataDir, host.url);
    const second = await openApp(dataDir, host.url, 'second-profile');
    try {
      await addPerson(first.page, { name: 'Ada Lovelace' });
      await expect(second.page.getByTestId('people-count')).toHaveText('1 person');
      // What the receiving window showed, recorded as it happened: the slices may all be in before a poll would look.
      await second.page.evaluate(() => {
        const seen = { inert: false, banner: false };
        (window as unknown as { seen: typeof seen }).seen = seen;
        new MutationObserver(() => {
          if (document.querySelector('.frame[inert]')) seen.inert = true;
          if (document.body.textContent?.includes('Receiving a change from Kith… Editing resumes when all of it is in.')) seen.banner = true;
        }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      });

      await first.page.evaluate(() => {
        const seen = { inert: false, banner: false, progress: false };
        (window as unknown as { seen: typeof seen }).seen = seen;
        new MutationObserver(() => {
          if (document.querySelector('.frame[inert]')) seen.inert = true;
          if (document.body.textContent?.includes('Writing the import into your network… Editing resumes when all of it is in.')) seen.banner = true;
          if (document.querySelector('progress[aria-label="Writing progress"]')) seen.progress = true;
        }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      });
      await first.page.getByRole('button', { name: 'Import and export' }).click();
      await first.page.getByTestId('import-file').setInputFiles(cards);
      await first.page.getByRole('dialog').getByRole('button', { name: 'Import 2,500 people' }).click({ timeout: 90_000 });

      await expect(second.page.getByTestId('people-count')).toHaveText('2,501 people', { timeout: 120_000 });
      const seen = await second.page.evaluate(() => (window as unknown as { seen: { inert: boolean; banner: boolean } }).seen);
      expect(seen).toEqual({ inert: true, banner: true });
      // All of it in: the window edits again.
      await expect(second.page.locator('.frame[inert]')).toHaveCount(0);
      await addPerson(second.page, { name: 'Grace Hopper' });
      await first.page.getByRole('dialog').getByRole('button', { name: 'Done' }).click({ timeout: 60_000 });
      // The importing window wrote it in slices, taking no edits meanwhile, and edits again now.
      const wrote = await first.page.evaluate(() => (window as unknown as { seen: { inert: boolean; banner: boolean; progress: boolean } }).seen);
      expect(wrote).toEqual({ inert: true, banner: true, progress: true });
      await expect(first.page.locator('.frame[inert]')).toHaveCount(0);
      await first.page.getByRole('button', { name: 'People', exact: true }).click();
      await expect(first.page.getByTestId('people-count')).toHaveText('2,502 people', { timeout: 30_000 });
    } finally {
      await second.context.close();
      await first.context.close();
    }
  } finally {
    await stopHost(host);
  }
});
