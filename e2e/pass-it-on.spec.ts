import { addChip, addPerson, expect, expectSaved, openApp, personRow, setText, startHost, stopHost, test, withApp } from './kith';
import type { Page } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const SHOTS = process.env.KITH_SCREENSHOTS;
const ITEM = { title: 'Vector databases, explained', link: 'https://example.invalid/posts/vector-databases-explained' };

async function addNote(page: Page, text: string) {
  const timeline = page.getByTestId('notes');
  await timeline.getByLabel(/^A note about/).fill(text);
  await timeline.getByRole('button', { name: 'Add note' }).click();
  await expect(timeline.getByTestId('note').filter({ hasText: text })).toBeVisible();
}

async function openPerson(page: Page, name: string) {
  await page.keyboard.press('Control+1');
  await personRow(page, name).click();
  await expect(page.getByTestId('person-detail').getByRole('heading', { name })).toBeVisible();
}

async function openPassItOn(page: Page) {
  await page.keyboard.press('Control+j');
  const dialog = page.getByRole('dialog', { name: 'Pass it on' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test.describe('pass it on', () => {
  test('ranks who would care with reasons, records the share on both timelines, and leaves them out next time; a kept ask is helped by it', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await addPerson(page, { name: 'Ada Lovelace', org: 'Analytical Engines' });
      await addChip(page, 'interests', 'Vector databases');
      await addPerson(page, { name: 'Bob Baker', org: 'Bakery' });
      await addNote(page, 'Bob is moving his recipes search onto a vector database.');
      await addPerson(page, { name: 'Erin Ek', org: 'Gardens' });
      await addNote(page, 'Talked about tomatoes and the allotment.');
      await addPerson(page, { name: 'Chen Wei', org: 'Startup' });
      await addNote(page, 'Coffee. She asked about vector databases for her search product.');

      // The ask read in the note is offered on Chen's page; keeping it lists it under Things to pass on.
      const things = page.getByTestId('things-to-pass-on');
      const suggestion = things.getByTestId('ask-suggestion');
      await expect(suggestion).toContainText('Asking about vector databases for her search product?');
      await suggestion.getByRole('button', { name: 'Keep' }).click();
      await expect(things.getByTestId('ask')).toContainText('Asking about vector databases for her search product');
      await expect(things.getByTestId('ask-suggestion')).toHaveCount(0);
      await expectSaved(page);

      // A link pasted into the title moves to the link field; then the title is typed.
      const dialog = await openPassItOn(page);
      await dialog.getByLabel('Title').fill(ITEM.link);
      await expect(dialog.getByLabel('Link')).toHaveValue(ITEM.link);
      await dialog.getByLabel('Title').fill(ITEM.title);
      const candidates = dialog.getByTestId('pass-candidate');
      await expect(candidates).toHaveCount(3);
      await expect(candidates.nth(0)).toContainText('Chen Wei');
      await expect(candidates.nth(0)).toContainText('Their ask');
      await expect(candidates.nth(0).locator('mark').first()).toHaveText(/vector/i);
      await expect(candidates.filter({ hasText: 'Ada Lovelace' })).toContainText('Interests');
      await expect(candidates.filter({ hasText: 'Bob Baker' })).toContainText('Notes');
      await expect(candidates.filter({ hasText: 'Bob Baker' })).toContainText(/you talked about (vector|database)/);
      await expect(candidates.filter({ hasText: 'Erin Ek' })).toHaveCount(0);

      await dialog.getByRole('checkbox', { name: 'Pass it to Chen Wei' }).check();
      await dialog.getByRole('checkbox', { name: 'Pass it to Ada Lovelace' }).check();
      await expect(dialog.getByLabel('Your line to Chen')).toHaveValue(
        'Hi Chen, you mentioned you were asking about vector databases for your search product. This might help.',
      );
      await expect(dialog.getByLabel('Your line to Ada')).toHaveValue("Hi Ada, knowing your interest in vector databases, I thought you'd like this.");
      await dialog.getByLabel('Your line to Ada').fill('Ada, this one is for you.');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/pass-it-on.png` });
      await dialog.getByRole('button', { name: 'Just record it' }).click();
      await expect(dialog.getByRole('status')).toContainText('Recorded on the timeline of Chen Wei, Ada Lovelace');

      // The same item again: only Bob is left.
      await dialog.getByRole('button', { name: 'Pass on something else' }).click();
      await dialog.getByLabel('Link').fill(ITEM.link);
      await dialog.getByLabel('Title').fill(ITEM.title);
      await expect(candidates).toHaveCount(1);
      await expect(candidates.first()).toContainText('Bob Baker');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toHaveCount(0);
      await expectSaved(page);

      await openPerson(page, 'Ada Lovelace');
      const adaShare = page.getByTestId('notes').getByTestId('note').filter({ hasText: 'Passed on: Vector databases, explained' });
      await expect(adaShare).toContainText('Shared');
      await expect(adaShare).toContainText('Ada, this one is for you.');
      await openPerson(page, 'Chen Wei');
      await expect(page.getByTestId('notes').getByTestId('note').filter({ hasText: 'Passed on: Vector databases, explained' })).toContainText(
        'Hi Chen, you mentioned you were asking about vector databases for your search product',
      );
      await expect(things.getByTestId('ask')).toHaveCount(0);
      await expect(things.getByTestId('ask-helped')).toContainText('by something you passed on');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/pass-it-on-person.png` });

      // The palette opens it too; Escape closes it.
      await page.keyboard.press('Control+k');
      await page.keyboard.type('pass it on');
      await page.keyboard.press('Enter');
      await expect(dialog).toBeVisible();
      await expect(dialog.getByLabel('Title')).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
    } finally {
      await context.close();
      await stopHost(host);
    }
  });

  test('help logged from a person shows in their give and receive and on Insights until something goes their way by email', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await addPerson(page, { name: 'Grace Hopper', org: 'US Navy' });
      await addChip(page, 'emails', 'grace@navy.example');
      const history = page.getByTestId('give-and-receive');
      await expect(history).toContainText('Nothing has gone either way yet');
      await history.getByRole('button', { name: 'Log help' }).click();
      const form = history.getByRole('form', { name: 'Log help' });
      await form.getByRole('button', { name: 'Log' }).click();
      await expect(form.getByText('A note needs some text')).toBeVisible();
      await form.getByLabel('How').fill('Reviewed my deck');
      await form.getByRole('button', { name: 'Log' }).click();
      await expect(history.getByTestId('exchange')).toHaveCount(1);
      await expect(history.getByTestId('exchange').first()).toContainText('From Grace');
      await expect(history.getByTestId('exchange').first()).toContainText('Reviewed my deck');
      await expect(page.getByTestId('notes').getByTestId('note').filter({ hasText: 'Reviewed my deck' })).toContainText('They helped');

      await page.keyboard.press('Control+5');
      await expect(page.getByRole('heading', { name: 'Insights', level: 1 })).toBeVisible();
      const helped = page.getByTestId('helped-lately');
      await expect(helped).toHaveCount(1);
      await expect(helped).toContainText('Grace Hopper');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/giving-back.png`, fullPage: true });

      await page.getByRole('button', { name: 'Pass it on' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Pass it on' });
      await dialog.getByLabel('Title').fill('US Navy history podcast');
      await dialog.getByRole('checkbox', { name: 'Pass it to Grace Hopper' }).check();
      // In browser mode the draft opens as a mailto link would (Electron asks the host); the share is recorded as sent by email.
      await page.evaluate(() => {
        const open = window.open.bind(window);
        const opened: string[] = [];
        Object.assign(window, { openedUrls: opened });
        window.open = (url?: string | URL, ...rest: [string?, string?]) => {
          opened.push(String(url));
          return open(url, ...rest);
        };
      });
      await dialog.getByRole('button', { name: 'Email' }).click();
      const opened = await page.evaluate(() => (window as unknown as { openedUrls: string[] }).openedUrls);
      expect(opened).toHaveLength(1);
      expect(opened[0]).toMatch(/^mailto:grace%40navy\.example\?subject=US%20Navy%20history%20podcast&body=Hi%20Grace%2C%20/);
      await expect(dialog.getByRole('status')).toContainText('Email drafts opened, and recorded on the timeline of Grace Hopper');
      await dialog.getByRole('button', { name: 'Done' }).click();
      await expect(helped).toHaveCount(0);

      await openPerson(page, 'Grace Hopper');
      await expect(history.getByTestId('exchange')).toHaveCount(2);
      await expect(history.getByTestId('exchange').first()).toContainText('Passed on: US Navy history podcast');
      await history.scrollIntoViewIfNeeded();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/give-and-receive.png` });
    } finally {
      await context.close();
      await stopHost(host);
    }
  });
  test('an ask is edited; removed, it waits in the Trash and comes back to its person; with its person in the Trash it says so', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await addPerson(page, { name: 'Kim Lee', org: 'Studio' });
      const things = page.getByTestId('things-to-pass-on');
      await things.getByRole('button', { name: 'Add what Kim is looking for' }).click();
      await things.getByLabel('What Kim is looking for').fill('looking for a typeface desginer');
      await things.getByRole('button', { name: 'Add', exact: true }).click();
      await expect(things.getByTestId('ask')).toContainText('Looking for a typeface desginer');
      // Edited: an empty text is refused and says why; the typo fixed is kept.
      await things.getByTestId('ask').getByRole('button', { name: 'Edit' }).click();
      const edit = things.getByRole('form', { name: 'Edit the ask' });
      await edit.getByLabel('What Kim is looking for').fill('   ');
      await edit.getByRole('button', { name: 'Save' }).click();
      await expect(edit.getByRole('alert')).toHaveText('Say what they are looking for');
      if (SHOTS) await things.screenshot({ path: `${SHOTS}/ask-edit.png` });
      await edit.getByLabel('What Kim is looking for').fill('looking for a typeface designer');
      await edit.getByRole('button', { name: 'Save' }).click();
      await expect(things.getByTestId('ask')).toContainText('Looking for a typeface designer');
      await things.getByTestId('ask').getByRole('button', { name: 'Remove' }).click();
      await expect(things.getByTestId('ask')).toHaveCount(0);

      await page.getByRole('button', { name: 'Trash', exact: true }).click();
      await expect(page.getByTestId('trash-count')).toHaveText('1 ask');
      const row = page.getByTestId('trash-ask');
      await expect(row).toContainText('looking for a typeface designer');
      await expect(row).toContainText('Kim Lee’s ask');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/trash-asks.png` });
      await row.getByRole('button', { name: 'Restore' }).click();
      await expect(page.getByTestId('person-detail').getByRole('heading', { name: 'Kim Lee' })).toBeVisible();
      await expect(things.getByTestId('ask')).toContainText('Looking for a typeface designer');

      // Removed again, with Kim: the ask cannot come back before Kim does, and says why.
      await things.getByTestId('ask').getByRole('button', { name: 'Remove' }).click();
      await page.getByRole('button', { name: 'Move to Trash' }).click();
      await page.getByRole('button', { name: 'Trash', exact: true }).click();
      await expect(page.getByTestId('trash-count')).toHaveText('1 person · 1 ask');
      await page.getByTestId('trash-ask').getByRole('button', { name: 'Restore' }).click();
      await expect(page.getByTestId('trash-ask').getByRole('alert')).toHaveText('Kim Lee is in the Trash; restore them first');
      await page.getByTestId('trash-row').filter({ hasText: 'Kim Lee' }).getByRole('button', { name: 'Restore' }).click();
      await expect(page.getByTestId('person-detail').getByRole('heading', { name: 'Kim Lee' })).toBeVisible();
      await expect(things.getByTestId('ask')).toHaveCount(0);
      await page.getByRole('button', { name: 'Trash', exact: true }).click();
      await page.getByTestId('trash-ask').getByRole('button', { name: 'Restore' }).click();
      await expect(things.getByTestId('ask')).toContainText('Looking for a typeface designer');
      await expect(page.getByTestId('trash-ask')).toHaveCount(0);
      await expectSaved(page);
    });
  });
  test('a pasted link gets its title and description from the page, and nothing is fetched once that is off in Settings', async ({ dataDir }) => {
    const requests: string[] = [];
    const site = createServer((request, response) => {
      requests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        '<html><head><title>Vector databases, explained</title>' +
          '<meta name="description" content="How embeddings are stored and searched."></head><body></body></html>',
      );
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    try {
      await withApp(dataDir, async (page) => {
        await addPerson(page, { name: 'Ada Lovelace', org: 'Analytical Engines' });
        await addChip(page, 'interests', 'Vector databases');
        await expectSaved(page);

        let dialog = await openPassItOn(page);
        await dialog.getByLabel('Title').fill(`${base}/p/42`);
        await expect(dialog.getByLabel('Link')).toHaveValue(`${base}/p/42`);
        await expect(dialog.getByLabel('Title')).toHaveValue('Vector databases, explained');
        await expect(dialog.getByLabel('A few words about it (optional)')).toHaveValue('How embeddings are stored and searched.');
        await expect(dialog.getByTestId('link-preview')).toHaveText('Title and description from the page; change them as you like.');
        await expect(dialog.getByTestId('pass-candidate').filter({ hasText: 'Ada Lovelace' })).toContainText('Interests');
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/pass-it-on-preview.png` });
        expect(requests).toEqual(['/p/42']);
        // A title typed first is kept: the page is not read for it.
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        dialog = await openPassItOn(page);
        await dialog.getByLabel('Title').fill('My own words');
        await dialog.getByLabel('Link').fill(`${base}/p/43`);
        await expect(dialog.getByLabel('Title')).toHaveValue('My own words');
        await dialog.getByRole('button', { name: 'Cancel' }).click();

        await page.getByRole('button', { name: 'Settings', exact: true }).click();
        await page.getByTestId('links-previews').uncheck();
        await expect(page.locator('#links-previews-status')).toHaveText('Saved — off');
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/settings-links.png`, fullPage: true });
        dialog = await openPassItOn(page);
        await dialog.getByLabel('Title').fill(`${base}/p/44`);
        await expect(dialog.getByTestId('link-preview')).toHaveText('Link previews are off in Settings: type the title.');
        await expect(dialog.getByLabel('Title')).toHaveValue('');
        expect(requests.filter((url) => url !== '/p/42')).toEqual([]);
      });
    } finally {
      site.closeAllConnections();
      await new Promise((resolve) => site.close(resolve));
    }
  });
  test('an introduction made from Insights can mark an ask helped', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await addPerson(page, { name: 'Björn Lindqvist', org: 'Spotify' });
      await addChip(page, 'interests', 'Sailing');
      await setText(page, 'field-hometown', 'Göteborg');
      const things = page.getByTestId('things-to-pass-on');
      await things.getByRole('button', { name: 'Add what Björn is looking for' }).click();
      await things.getByLabel('What Björn is looking for').fill('looking for a sailing coach');
      await things.getByRole('button', { name: 'Add', exact: true }).click();
      await addPerson(page, { name: 'Kavya Iyer', org: 'Freshworks' });
      await addChip(page, 'interests', 'sailing');
      await setText(page, 'field-hometown', 'Goteborg');

      await page.keyboard.press('Control+5');
      const pair = page.getByTestId('should-meet').filter({ hasText: 'Björn Lindqvist' }).filter({ hasText: 'Kavya Iyer' });
      await pair.getByRole('checkbox', { name: 'Answers Björn’s ask: looking for a sailing coach' }).check();
      if (SHOTS) await pair.screenshot({ path: `${SHOTS}/should-meet-ask.png` });
      await pair.getByRole('button', { name: /Introduce/ }).click();
      await expect(pair).toHaveCount(0);
      await openPerson(page, 'Björn Lindqvist');
      await expect(things.getByTestId('ask')).toHaveCount(0);
      await expect(things.getByTestId('ask-helped')).toContainText('by an introduction');
      await expect(page.getByTestId('give-and-receive')).toContainText('Introduced to Kavya Iyer');
      await expectSaved(page);
    });
  });
  test('a note of help received, set so on the note itself, shows in their give and receive', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await addPerson(page, { name: 'Grace Hopper', org: 'US Navy' });
      await addNote(page, 'Grace reviewed my deck before the pitch.');
      const history = page.getByTestId('give-and-receive');
      await expect(history).not.toContainText('Grace reviewed my deck');
      await page.keyboard.press('Control+3');
      await page.getByTestId('note-row').filter({ hasText: 'Grace reviewed my deck' }).click();
      const note = page.getByTestId('note-page');
      await note.getByRole('radio', { name: 'They helped' }).click();
      await expect(note.getByRole('radio', { name: 'They helped' })).toHaveAttribute('aria-checked', 'true');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/note-kind-help.png` });
      await openPerson(page, 'Grace Hopper');
      await expect(history).toContainText('Grace reviewed my deck before the pitch.');
      await expectSaved(page);
    });
  });
});
