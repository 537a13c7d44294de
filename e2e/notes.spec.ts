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
