import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { addPerson, expect, expectSaved, personRow, test, withApp } from './kith';
import { addThreeAndEditOne, expectThreeWithEdit } from './flows';

test.describe('people in browser mode', () => {
  test('people added and edited are there after restarting host and browser', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await expect(page.getByRole('heading', { name: 'Your network starts with one person' })).toBeVisible();
      await addThreeAndEditOne(page);
    });
    await withApp(dataDir, expectThreeWithEdit);
  });

  test('the host alone brings people back when the browser profile is lost', async ({ dataDir }) => {
    await withApp(dataDir, addThreeAndEditOne);
    await rm(join(dataDir, 'chromium-profile'), { recursive: true, force: true });
    await withApp(dataDir, expectThreeWithEdit);
  });

  test('the browser copy alone brings people back, and back to the host, when the host log is lost', async ({ dataDir }) => {
    await withApp(dataDir, addThreeAndEditOne);
    await rm(join(dataDir, 'document.ylog'));
    await withApp(dataDir, async (page) => {
      await expectThreeWithEdit(page);
      await expectSaved(page);
    });
    // The host got everything back from the window: a fresh profile sees it all.
    await rm(join(dataDir, 'chromium-profile'), { recursive: true, force: true });
    await withApp(dataDir, expectThreeWithEdit);
  });

  test('invalid values show an inline error and write nothing', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await page.getByRole('button', { name: 'Add your first person' }).click();
      const form = page.getByRole('form', { name: 'Add a person' });
      await form.getByLabel('Organisation').fill('Nameless Inc');
      await form.getByRole('button', { name: 'Add person' }).click();
      await expect(form.getByRole('alert')).toHaveText('A name is needed');
      await expect(form.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
      await form.getByRole('button', { name: 'Cancel' }).click();
      await expect(page.getByRole('heading', { name: 'Your network starts with one person' })).toBeVisible();

      await addPerson(page, { name: 'Margaret Hamilton', org: 'MIT' });
      const name = page.getByTestId('field-name');
      await name.fill('   ');
      await name.press('Enter');
      await expect(page.getByTestId('person-detail').getByRole('alert')).toHaveText('A name is needed');
      await expect(personRow(page, 'Margaret Hamilton')).toBeVisible();
      await expectSaved(page);
    });
    await withApp(dataDir, async (page) => {
      await expect(page.getByTestId('people-count')).toHaveText('1 person');
      await expect(personRow(page, 'Margaret Hamilton')).toBeVisible();
    });
  });

  test('moving a person to Trash can be undone', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await addPerson(page, { name: 'Alan Turing', org: 'NPL' });
      await page.getByRole('button', { name: 'Move to Trash' }).click();
      await expect(page.getByRole('heading', { name: 'Your network starts with one person' })).toBeVisible();
      const toast = page.getByRole('status').filter({ hasText: 'Moved Alan Turing to Trash' });
      await toast.getByRole('button', { name: 'Undo' }).click();
      await expect(personRow(page, 'Alan Turing')).toBeVisible();
      await expect(page.getByTestId('field-org')).toHaveValue('NPL');
    });
  });
});
