/**
 * Kith with the keyboard alone: no mouse event in these tests. People are
 * added, reached on the map, linked, opened and unlinked with keys; the
 * command palette keeps focus inside it and gives it back.
 */
import type { Page } from '@playwright/test';
import { expect, expectSaved, openApp, startHost, stopHost, test } from './kith';
import { edgeCount, waitForPlaced, type MapElement } from './map-helpers';

const SHOTS = process.env.KITH_SCREENSHOTS;

/** Adds a person from the People view with N, typing and Enter. */
async function addByKeys(page: Page, name: string, org: string): Promise<void> {
  await page.keyboard.press('Control+1');
  await page.keyboard.press('n');
  const form = page.getByRole('form', { name: 'Add a person' });
  await expect(form.getByLabel('Name')).toBeFocused();
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await expect(form.getByLabel('Organisation')).toBeFocused();
  await page.keyboard.type(org);
  await page.keyboard.press('Enter');
  // Focus lands on their page, not on <body>.
  await expect(page.getByTestId('person-detail').getByRole('heading', { name })).toBeFocused();
}

/** Presses Tab (or Shift+Tab) until `target` has focus, at most `limit` times, as a person tabbing through the page would. */
async function tabTo(page: Page, target: ReturnType<Page['locator']>, { back = false, limit = 40 } = {}): Promise<void> {
  for (let step = 0; step < limit; step++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

const mapFocus = (page: Page) => page.getByTestId('map-focus');

test.describe('keyboard only', () => {
  test('two people added, reached on the map, linked, opened and unlinked without the mouse', async ({ dataDir }) => {
    test.setTimeout(120_000);
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await addByKeys(page, 'Grace Hopper', 'US Navy');
      await addByKeys(page, 'Ada Lovelace', 'Analytical Engines');

      await page.keyboard.press('Control+2');
      await expect(page.getByRole('heading', { name: 'Map', level: 1 })).toBeFocused();
      await waitForPlaced(page, ['Grace Hopper', 'Ada Lovelace']);

      // Tab reaches the canvas, and a person on it has the focus.
      const map = page.getByTestId('map');
      await expect(map).toHaveAttribute('role', 'application');
      await tabTo(page, map);
      await expect(mapFocus(page)).toHaveText(/^(Grace Hopper, US Navy|Ada Lovelace, Analytical Engines), 0 links$/);
      const first = (await mapFocus(page).textContent())!.split(',')[0]!;
      const second = first === 'Grace Hopper' ? 'Ada Lovelace' : 'Grace Hopper';
      // The ring is drawn on the canvas: read which person has it from the graph.
      const ringOn = (name: string) =>
        map.evaluate((element, wanted) => (element as MapElement).cy.nodes('.kb-focus').map((node) => node.data('name')).join() === wanted, name);
      await expect.poll(() => ringOn(first)).toBe(true);

      // Find, then Enter: the match has the focus.
      await page.keyboard.press('Shift+Tab');
      await expect(page.getByRole('searchbox', { name: 'Find on the map' })).toBeFocused();
      await page.keyboard.type(second.split(' ')[0]!);
      await page.keyboard.press('Enter');
      await expect(map).toBeFocused();
      await expect(mapFocus(page)).toContainText(`${second}, `);
      await expect.poll(() => ringOn(second)).toBe(true);

      // An arrow key goes to the other person: whichever way they lie, one of the four arrows reaches them.
      let moved = false;
      for (const arrow of ['ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowUp']) {
        await page.keyboard.press(arrow);
        if ((await mapFocus(page).textContent())?.startsWith(first)) {
          moved = true;
          break;
        }
      }
      expect(moved).toBe(true);
      // The view follows: the focused person is inside the canvas, clear of its edges, once it has settled.
      await expect
        .poll(() =>
          map.evaluate((element) => {
            const cy = (element as MapElement).cy as MapElement['cy'] & { animated(): boolean; width(): number; height(): number };
            const [at] = cy.nodes('.kb-focus').map((node) => node.renderedPosition());
            return !cy.animated() && at !== undefined && at.x > 20 && at.y > 20 && at.x < cy.width() - 20 && at.y < cy.height() - 20;
          }),
        )
        .toBe(true);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/map-keyboard-focus.png` });

      // Shift+L: the person picker asks whom to link to, then the same link form as drawing a link.
      await page.keyboard.press('Shift+L');
      const picker = page.getByTestId('link-to').getByRole('combobox');
      await expect(picker).toBeFocused();
      await page.keyboard.type(second.split(' ')[0]!);
      await page.keyboard.press('Enter');
      const form = page.getByRole('form', { name: 'New link' });
      await expect(form).toContainText(`Link ${first} and ${second}`);
      await expect(form.getByLabel('How they are linked')).toBeFocused();
      await page.keyboard.press('Enter');
      await expect.poll(() => edgeCount(page)).toBe(1);
      await expect(form).toHaveCount(0);
      await expect(map).toBeFocused();
      await expect(mapFocus(page)).toHaveText(new RegExp(`^${first}, [^,]+, 1 link$`));
      await expectSaved(page);

      // Undo takes the link away again; redo brings it back.
      await page.keyboard.press('Control+z');
      await expect.poll(() => edgeCount(page)).toBe(0);
      await page.keyboard.press('Control+Shift+z');
      await expect.poll(() => edgeCount(page)).toBe(1);

      // ] focuses the person's link; Delete removes it, and undo brings it back.
      await page.keyboard.press(']');
      await expect(mapFocus(page)).toHaveText(/^Link: .+ and .+, knows\. Delete removes it\.$/);
      await page.keyboard.press('Delete');
      await expect.poll(() => edgeCount(page)).toBe(0);
      await expect(page.getByRole('status').filter({ hasText: 'Link removed' })).toBeVisible();
      await page.keyboard.press('Control+z');
      await expect.poll(() => edgeCount(page)).toBe(1);

      // Enter opens the focused person beside the map, with focus on their name.
      await expect(map).toBeFocused();
      await page.keyboard.press('Enter');
      const panelTitle = page.locator('.side-panel').getByRole('heading', { name: first });
      await expect(panelTitle).toBeFocused();
      await expect(page.getByTestId('connections')).toContainText(second);
      await expectSaved(page);
    } finally {
      await context.close();
      await stopHost(host);
    }
  });

  test('the palette keeps Tab inside, closes on Escape wherever focus is in it, and gives focus back; Link to… from the palette', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await addByKeys(page, 'Grace Hopper', 'US Navy');
      await addByKeys(page, 'Ada Lovelace', 'Analytical Engines');

      // From the People list: focus on the list, the palette opens, Tab stays in it, Escape gives focus back.
      const list = page.getByRole('listbox', { name: 'People' });
      await tabTo(page, list, { back: true });
      await page.keyboard.press('Control+k');
      const palette = page.getByRole('dialog', { name: 'Command palette' });
      const input = palette.getByRole('combobox');
      await expect(input).toBeFocused();
      for (let step = 0; step < 3; step++) {
        await page.keyboard.press('Tab');
        await expect(palette.locator(':focus')).toHaveCount(1);
      }
      await page.keyboard.press('Shift+Tab');
      await expect(palette.locator(':focus')).toHaveCount(1);
      await page.keyboard.press('Escape');
      await expect(palette).toHaveCount(0);
      await expect(list).toBeFocused();

      // Escape closes it with focus on the dialog itself, not only in its box.
      await page.keyboard.press('Control+k');
      await expect(input).toBeFocused();
      await palette.evaluate((element) => {
        element.tabIndex = -1;
        element.focus();
      });
      await page.keyboard.press('Escape');
      await expect(palette).toHaveCount(0);
      await expect(list).toBeFocused();

      // A command that switches views lands focus in the new view, not on <body>.
      await page.keyboard.press('Control+k');
      await page.keyboard.type('Go to Follow-ups');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { name: 'Follow-ups', level: 1 })).toBeFocused();

      // Back on People, focus lands on the open person's page; Enter on a row opens the person, focus on their page.
      await page.keyboard.press('Control+1');
      await expect(page.getByTestId('person-detail').getByRole('heading', { name: 'Ada Lovelace' })).toBeFocused();
      await tabTo(page, list, { back: true });
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      const opened = page.getByTestId('person-detail').getByRole('heading', { level: 2 }).first();
      await expect(opened).toBeFocused();
      const name = (await opened.textContent())!;
      const other = name === 'Ada Lovelace' ? 'Grace Hopper' : 'Ada Lovelace';

      // Link to… from the palette starts from the person open on People, on the map, with the same forms.
      await page.keyboard.press('Control+k');
      await page.keyboard.type('Link to');
      await page.keyboard.press('Enter');
      const linkTo = page.getByTestId('link-to');
      await expect(linkTo).toContainText(`Link ${name} to…`);
      await expect(linkTo.getByRole('combobox')).toBeFocused();
      await page.keyboard.type(other.split(' ')[0]!);
      await page.keyboard.press('Enter');
      await expect(page.getByRole('form', { name: 'New link' })).toContainText(`Link ${name} and ${other}`);
      await page.keyboard.press('Enter');
      await expect.poll(() => edgeCount(page)).toBe(1);
      await expect(page.getByTestId('map')).toBeFocused();
      await expectSaved(page);
    } finally {
      await context.close();
      await stopHost(host);
    }
  });

  test('Enter on a note in the Notes list goes into its text', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await addByKeys(page, 'Grace Hopper', 'US Navy');
      await page.keyboard.press('Control+l');
      const editor = page.getByTestId('note-page').getByRole('textbox', { name: 'Note text' });
      await expect(editor).toBeFocused();
      await page.keyboard.type('Compilers, and the Navy.');
      await expect(page.getByTestId('note-row')).toContainText('Compilers');

      const list = page.getByRole('listbox', { name: 'Notes' });
      await tabTo(page, list, { back: true });
      await page.keyboard.press('Enter');
      await expect(editor).toBeFocused();
      await page.keyboard.type(' More.');
      await expect(page.getByTestId('note-row')).toContainText('Compilers, and the Navy. More.');
    } finally {
      await context.close();
      await stopHost(host);
    }
  });

  test('a skip link is the first stop and moves focus past the sidebar', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Skip to content' });
      await expect(skip).toBeFocused();
      await expect(skip).toBeInViewport();
      await page.keyboard.press('Enter');
      await expect(page.locator('main')).toBeFocused();
      await page.keyboard.press('Tab');
      // The next stop is inside the content, not the sidebar.
      await expect(page.locator('main :focus')).toHaveCount(1);
    } finally {
      await context.close();
      await stopHost(host);
    }
  });
});
