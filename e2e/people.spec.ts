import { expect, test } from '@playwright/test';
import { rm } from 'node:fs/promises';
import { addPerson, expectSaved, newDataDir, openApp, personRow, startHost, stopHost } from './kith';
import { addThreeAndEditOne, expectThreeWithEdit } from './flows';

test.describe('people in browser mode', () => {
  let dataDir: string;
  test.beforeEach(async () => {
    dataDir = await newDataDir();
  });
  test.afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('people added and edited are there after restarting host and browser', async () => {
    let host = await startHost(dataDir);
    let app = await openApp(dataDir, host.url);
    await expect(app.page.getByRole('heading', { name: 'Your network starts with one person' })).toBeVisible();
    await addThreeAndEditOne(app.page);
    await app.context.close();
    await stopHost(host);

    host = await startHost(dataDir);
    app = await openApp(dataDir, host.url);
    await expectThreeWithEdit(app.page);
    await app.context.close();
    await stopHost(host);
  });

  test('the host alone brings people back when the browser profile is lost', async () => {
    let host = await startHost(dataDir);
    let app = await openApp(dataDir, host.url);
    await addThreeAndEditOne(app.page);
    await app.context.close();
    await stopHost(host);
    await rm(`${dataDir}/chromium-profile`, { recursive: true, force: true });

    host = await startHost(dataDir);
    app = await openApp(dataDir, host.url);
    await expectThreeWithEdit(app.page);
    await app.context.close();
    await stopHost(host);
  });

  test('the browser copy alone brings people back, and back to the host, when the host log is lost', async () => {
    let host = await startHost(dataDir);
    let app = await openApp(dataDir, host.url);
    await addThreeAndEditOne(app.page);
    await app.context.close();
    await stopHost(host);
    await rm(`${dataDir}/document.ylog`);

    host = await startHost(dataDir);
    app = await openApp(dataDir, host.url);
    await expectThreeWithEdit(app.page);
    await expectSaved(app.page);
    await app.context.close();
    await stopHost(host);

    // The host got everything back from the window: a fresh profile sees it all.
    await rm(`${dataDir}/chromium-profile`, { recursive: true, force: true });
    host = await startHost(dataDir);
    app = await openApp(dataDir, host.url);
    await expectThreeWithEdit(app.page);
    await app.context.close();
    await stopHost(host);
  });

  test('invalid values show an inline error and write nothing', async () => {
    let host = await startHost(dataDir);
    let app = await openApp(dataDir, host.url);
    const { page } = app;

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
    await app.context.close();
    await stopHost(host);

    host = await startHost(dataDir);
    app = await openApp(dataDir, host.url);
    await expect(app.page.getByTestId('people-count')).toHaveText('1 person');
    await expect(personRow(app.page, 'Margaret Hamilton')).toBeVisible();
    await app.context.close();
    await stopHost(host);
  });

  test('moving a person to Trash can be undone', async () => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    await addPerson(page, { name: 'Alan Turing', org: 'NPL' });
    await page.getByRole('button', { name: 'Move to Trash' }).click();
    await expect(page.getByRole('heading', { name: 'Your network starts with one person' })).toBeVisible();
    await page.getByRole('status').filter({ hasText: 'Moved Alan Turing to Trash' }).getByRole('button', { name: 'Undo' }).click();
    await expect(personRow(page, 'Alan Turing')).toBeVisible();
    await expect(page.getByTestId('field-org')).toHaveValue('NPL');
    await context.close();
    await stopHost(host);
  });

  test('the sections not built yet say so, with no pretend data', async () => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    for (const [key, section] of [['2', 'Map'], ['3', 'Notes'], ['4', 'Follow-ups'], ['5', 'Insights'], ['6', 'Devices']]) {
      await page.keyboard.press(`Control+${key}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(section!);
      await expect(page.getByRole('heading', { name: 'Coming in a later version' })).toBeVisible();
    }
    await page.keyboard.press('Control+1');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('People');
    await context.close();
    await stopHost(host);
  });
});
