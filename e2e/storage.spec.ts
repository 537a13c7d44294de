import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addPerson, countText, expect, expectSaved, openApp, startHost, stopHost, test } from './kith';

/** Flips a byte in the middle of the record that added `name`, as a failing disk might. */
async function damageLog(dataDir: string, name: string): Promise<void> {
  const path = join(dataDir, 'document.ylog');
  const file = await readFile(path);
  const records: Array<{ start: number; end: number }> = [];
  for (let offset = 8; offset < file.length; offset += 8 + file.readUInt32LE(offset)) {
    records.push({ start: offset, end: offset + 8 + file.readUInt32LE(offset) });
  }
  // The record whose payload holds the name: the one that created that person (how edits batch into records varies with load).
  const middle = records.find(({ start, end }) => file.subarray(start + 8, end).includes(Buffer.from(name)))!;
  file[Math.floor((middle.start + 8 + middle.end) / 2)]! ^= 0x40;
  await writeFile(path, file);
}

test("a damaged log is repaired, the window says so, and the window's copy brings back what the log lost", async ({ dataDir }) => {
  let host = await startHost(dataDir);
  let { context, page } = await openApp(dataDir, host.url);
  const names = ['Ada Lovelace', 'Grace Hopper', 'Katherine Johnson', 'Margaret Hamilton'];
  for (const name of names) {
    await addPerson(page, { name, org: 'Engines' });
    await expectSaved(page);
  }
  await context.close();
  await stopHost(host);
  await damageLog(dataDir, 'Katherine Johnson');

  host = await startHost(dataDir);
  ({ context, page } = await openApp(dataDir, host.url));
  const notice = page.getByTestId('storage-damage');
  await expect(notice).toContainText('Kith found damage in its copy of your network (document.ylog) and repaired it.');
  const damaged = (await readdir(dataDir)).find((name) => name.startsWith('document.ylog.damaged-'))!;
  await expect(notice).toContainText(`The damaged file is kept, untouched, at ${join(dataDir, damaged)}.`);
  // The window's copy comes back once it has loaded from IndexedDB and synced with the host: slow on a loaded machine.
  await expect(notice).toContainText(/Recovered from this window's copy: [1-9]\d* (person|people)/, { timeout: 20_000 });
  await expect(page.getByTestId('people-count')).toHaveText(countText(names.length));
  await expectSaved(page);
  expect(host.output()).toContain(`Kith found damage in its copy of your network (document.ylog) and repaired it. It kept every readable record`);
  await page.screenshot({ path: test.info().outputPath('storage-damage.png') });
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toBeHidden();
  await context.close();
  await stopHost(host);
});
