import { addPerson, expect, expectSaved, openApp, personRow, startHost, stopHost, test } from './kith';

const SHOTS = process.env.KITH_SCREENSHOTS;

test.describe('notes after a call', () => {
  test('a call logged with two people while offline is there after a restart', async ({ dataDir }) => {
    let host = await startHost(dataDir);
    let { context, page } = await openApp(dataDir, host.url);
    try {
      await addPerson(page, { name: 'Ada Lovelace', org: 'Analytical Engines' });
      await addPerson(page, { name: 'Grace Hopper', org: 'US Navy' });
      await expectSaved(page);

      // Cut the network: no host, no peers.
      await context.setOffline(true);
      await stopHost(host);
      await expect(page.getByTestId('save-state')).toContainText('Host offline');

      await personRow(page, 'Ada Lovelace').click();
      await page.keyboard.press('Control+l');
      const note = page.getByTestId('note-page');
      await expect(note).toBeVisible();
      await expect(note.getByTestId('note-person')).toHaveText(['Ada Lovelace']);
      await expect(note.getByRole('radio', { name: 'Call' })).toHaveAttribute('aria-checked', 'true');

      const picker = note.getByTestId('note-add-person').getByRole('combobox');
      await picker.fill('Grace');
      await picker.press('Enter');
      await expect(note.getByTestId('note-person')).toHaveText(['Ada Lovelace', 'Grace Hopper']);

      const editor = note.getByRole('textbox', { name: 'Note text' });
      await editor.click();
      await page.keyboard.type('Talked about the move to Lisbon.');
      await page.keyboard.press('Enter');
      await page.keyboard.type('- the analytical engine');
      await page.keyboard.press('Enter');
      await page.keyboard.type('compilers');
      await expect(editor.locator('li')).toHaveCount(2);
      await expect(page.getByTestId('save-state')).toHaveText('Host offline — saved on this computer');
      await expect(page.getByTestId('note-row').first()).toContainText('Talked about the move to Lisbon.');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/note.png` });
    } finally {
      await context.close();
      await stopHost(host);
    }

    host = await startHost(dataDir);
    ({ context, page } = await openApp(dataDir, host.url));
    try {
      await page.keyboard.press('Control+3');
      const row = page.getByTestId('note-row');
      await expect(row).toHaveCount(1);
      await expect(row).toContainText('Ada Lovelace, Grace Hopper');
      await row.click();
      const editor = page.getByTestId('note-page').getByRole('textbox', { name: 'Note text' });
      await expect(editor.locator('p').first()).toHaveText('Talked about the move to Lisbon.');
      await expect(editor.locator('li')).toHaveText(['the analytical engine', 'compilers']);

      // It is on both people's timelines, and what was written reached the host again.
      await page.getByTestId('note-person').filter({ hasText: 'Grace Hopper' }).click();
      await expect(page.getByTestId('notes').getByTestId('note')).toContainText('Talked about the move to Lisbon.');
      await expectSaved(page);
    } finally {
      await context.close();
      await stopHost(host);
    }
  });
});

test.describe('writing notes', () => {
  test('@-mentioning someone links them without making them someone who was there, and its text is found in the notes', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await addPerson(page, { name: 'Ada Lovelace', org: 'Analytical Engines' });
      await addPerson(page, { name: 'Katherine Johnson', org: 'NASA' });
      await page.keyboard.press('Control+3');
      await expect(page.getByRole('heading', { name: 'Write it down while it is fresh' })).toBeVisible();
      await page.getByRole('button', { name: 'Log your first call' }).click();
      const note = page.getByTestId('note-page');
      const editor = note.getByRole('textbox', { name: 'Note text' });
      await expect(editor).toBeFocused();
      await expect(note.getByTestId('note-person')).toHaveCount(0);
      await note.getByRole('radio', { name: 'Coffee' }).click();
      await expect(note.getByRole('radio', { name: 'Coffee' })).toHaveAttribute('aria-checked', 'true');
      await editor.click();
      await page.keyboard.type('Coffee with @kath');
      const menu = page.getByRole('listbox', { name: 'People to mention' });
      await expect(menu.getByRole('option')).toHaveText([/Katherine Johnson/]);
      await page.keyboard.press('Enter');
      await page.keyboard.type('about orbital mechanics.');
      await expect(editor.locator('.mention')).toHaveText('@Katherine Johnson');
      // Mentioned is not with: she is listed apart, and "who was there" stays empty.
      await expect(note.getByTestId('note-mentioned-person')).toHaveText(['Katherine Johnson']);
      await expectSaved(page);
      await expect(note.getByTestId('note-person')).toHaveCount(0);

      // Markdown-style shortcuts: a heading and a numbered list.
      await page.keyboard.press('Enter');
      await page.keyboard.type('## Next steps');
      await page.keyboard.press('Enter');
      await page.keyboard.type('1. read her paper');
      await expect(editor.locator('h2')).toHaveText('Next steps');
      await expect(editor.locator('ol li')).toHaveText(['read her paper']);
      // A web address becomes a link as it is typed.
      await page.keyboard.type(' at https://example.org/orbits ');
      await expect(editor.locator('a[href="https://example.org/orbits"]')).toHaveText('https://example.org/orbits');

      await page.getByRole('searchbox', { name: 'Find in notes' }).fill('orbital');
      await expect(page.getByTestId('note-row')).toHaveCount(1);
      await page.getByRole('searchbox', { name: 'Find in notes' }).fill('lisbon');
      await expect(page.getByTestId('note-row')).toHaveCount(0);

      // The expert locator finds her by what the note says.
      await page.keyboard.press('Control+1');
      await page.getByRole('searchbox', { name: 'Search people' }).fill('orbital mechanics');
      await expect(page.getByTestId('search-result').first()).toContainText('Katherine Johnson');

      // Her timeline shows the note as a mention; it does not count as being in touch.
      await page.getByTestId('search-result').first().click();
      const entry = page.getByTestId('notes').getByTestId('note');
      await expect(entry).toHaveCount(1);
      await expect(entry.getByTestId('note-mention-mark')).toContainText('Mentioned · Coffee');
      await expect(page.getByTestId('hello-status')).toContainText('Nothing logged yet');

      // Added to who was there from the mention, she moves from "Mentioned" to "With".
      await entry.click();
      const opened = page.getByTestId('note-page');
      await opened.getByRole('button', { name: 'Katherine Johnson was there too' }).click();
      await expect(opened.getByTestId('note-person')).toHaveText(['Katherine Johnson']);
      await expect(opened.getByTestId('note-mentioned')).toHaveCount(0);
    } finally {
      await context.close();
      await stopHost(host);
    }
  });

  test('an empty call that was left is not kept', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await page.keyboard.press('Control+3');
      await page.keyboard.press('Control+l');
      await expect(page.getByTestId('note-page')).toBeVisible();
      await expect(page.getByTestId('notes-count')).toHaveText('1 note');
      await page.keyboard.press('Control+1');
      await page.keyboard.press('Control+3');
      await expect(page.getByRole('heading', { name: 'Write it down while it is fresh' })).toBeVisible();
    } finally {
      await context.close();
      await stopHost(host);
    }
  });

  test('two windows editing the same note converge', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const first = await openApp(dataDir, host.url);
    let second: Awaited<ReturnType<typeof openApp>> | undefined;
    try {
      await addPerson(first.page, { name: 'Ada Lovelace' });
      await first.page.keyboard.press('Control+l');
      const firstEditor = first.page.getByTestId('note-page').getByRole('textbox', { name: 'Note text' });
      await firstEditor.click();
      await first.page.keyboard.type('Shared start.');
      await first.page.keyboard.press('Enter');
      await first.page.keyboard.type('Second line.');
      await expectSaved(first.page);

      second = await openApp(dataDir, host.url, 'chromium-profile-2');
      await second.page.keyboard.press('Control+3');
      await second.page.getByTestId('note-row').click();
      const secondEditor = second.page.getByTestId('note-page').getByRole('textbox', { name: 'Note text' });
      await expect(secondEditor.locator('p')).toHaveText(['Shared start.', 'Second line.']);

      // Both type at once, each at the end of a different paragraph.
      await firstEditor.locator('p').first().click();
      await first.page.keyboard.press('End');
      await secondEditor.locator('p').nth(1).click();
      await second.page.keyboard.press('End');
      await Promise.all([
        first.page.keyboard.type(' From the laptop.', { delay: 15 }),
        second.page.keyboard.type(' From the desktop.', { delay: 15 }),
      ]);
      await expectSaved(first.page);
      await expectSaved(second.page);
      for (const editor of [firstEditor, secondEditor]) {
        await expect(editor.locator('p')).toHaveText(['Shared start. From the laptop.', 'Second line. From the desktop.']);
      }
      expect(await firstEditor.innerHTML()).toBe(await secondEditor.innerHTML());
    } finally {
      await second?.context.close();
      await first.context.close();
      await stopHost(host);
    }
  });
});
