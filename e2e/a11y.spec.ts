/**
 * WCAG 2.1 A and AA, as axe-core checks them, over every main view in the
 * light and the dark theme, with people, a link, a note, a reminder and the
 * command palette on screen — any serious or critical violation fails, and
 * so does a heading that skips a level (axe's best-practice heading-order).
 */
import AxeBuilder from '@axe-core/playwright';
import { rm } from 'node:fs/promises';
import type { BrowserContext, Page } from '@playwright/test';
import { addPerson, expect, newDataDir, openApp, personRow, startHost, stopHost, test, type RunningHost } from './kith';
import { drawLink, edgeCount, waitForPlaced } from './map-helpers';

const SHOTS = process.env.KITH_SCREENSHOTS;
const HOUR = 3_600_000;
const RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
/** Serious and critical ones fail, and these of lesser impact. */
const ALSO_FAILING = new Set(['heading-order']);

interface Found {
  view: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The failing violations on the page as it is now, each with where it is. */
async function violations(page: Page, view: string): Promise<Found[]> {
  const results = await new AxeBuilder({ page }).withTags(RULES).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical' || ALSO_FAILING.has(violation.id))
    .map((violation) => ({
      view,
      rule: violation.id,
      impact: violation.impact!,
      help: violation.help,
      targets: violation.nodes.map((node) => `${node.target.join(' ')} — ${node.failureSummary?.split('\n').slice(1).join(' ').trim()}`),
    }));
}

/** A network with something in every view: people with a link between them, a note, a request past 24 hours, someone in Trash. */
async function seed(page: Page): Promise<void> {
  await addPerson(page, { name: 'Grace Hopper', org: 'US Navy', role: 'Rear admiral' });
  await addPerson(page, { name: 'Ada Lovelace', org: 'Analytical Engines', role: 'Research lead' });
  await addPerson(page, { name: 'Tim Berners-Lee', org: 'CERN', role: 'Fellow' });
  await addPerson(page, { name: 'Someone Gone' });
  await page.getByTestId('person-detail').getByRole('button', { name: 'Move to Trash' }).click();
  await expect(personRow(page, 'Someone Gone')).toHaveCount(0);

  await page.keyboard.press('Control+2');
  await waitForPlaced(page, ['Grace Hopper', 'Ada Lovelace']);
  await page.getByRole('button', { name: 'Link', exact: true }).click();
  await drawLink(page, 'Grace Hopper', 'Ada Lovelace');
  await page.getByRole('form', { name: 'New link' }).getByRole('button', { name: 'Link', exact: true }).click();
  await expect.poll(() => edgeCount(page)).toBe(1);
  await page.getByRole('button', { name: 'Move', exact: true }).click();

  await page.keyboard.press('Control+1');
  await personRow(page, 'Grace Hopper').click();
  await page.keyboard.press('Control+l');
  const editor = page.getByTestId('note-page').getByRole('textbox', { name: 'Note text' });
  await editor.click();
  await page.keyboard.type('Talked about compilers and the Navy.');
  await expect(page.getByTestId('note-row').first()).toContainText('compilers');

  await page.keyboard.press('Control+4');
  await page.getByRole('button', { name: /Log a request/ }).click();
  const form = page.getByRole('form', { name: 'Log a request' });
  const picker = form.getByTestId('request-person').getByRole('combobox');
  await picker.fill('Ada');
  await picker.press('Enter');
  await form.getByLabel('What they asked').fill('A reference letter');
  const received = new Date(Date.now() - 25 * HOUR);
  await form.getByLabel('When it came').fill(new Date(received.getTime() - received.getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
  await form.getByRole('button', { name: 'Log request' }).click();
  await expect(page.getByTestId('reminder')).toBeVisible({ timeout: 15_000 });
}

/** Each main view, reached as a person would, and what shows it is ready. */
const VIEWS: { name: string; open(page: Page): Promise<void> }[] = [
  {
    name: 'People, a person open',
    open: async (page) => {
      await page.keyboard.press('Control+1');
      await personRow(page, 'Grace Hopper').click();
      await expect(page.getByTestId('person-detail').getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
    },
  },
  {
    name: 'People, a search',
    open: async (page) => {
      await page.keyboard.press('Control+1');
      await page.getByRole('searchbox', { name: 'Search people' }).fill('compilers');
      await expect(page.locator('.result').first()).toBeVisible();
    },
  },
  {
    name: 'Map, a person open',
    open: async (page) => {
      await page.getByRole('searchbox', { name: 'Search people' }).fill('');
      await page.keyboard.press('Control+2');
      await waitForPlaced(page, ['Grace Hopper', 'Ada Lovelace']);
      // Into the canvas from the find box, as Tab goes: a person has the keyboard's focus, and says so.
      await page.getByRole('searchbox', { name: 'Find on the map' }).focus();
      await page.keyboard.press('Tab');
      await expect(page.getByTestId('map')).toBeFocused();
      await expect(page.getByTestId('map-focus')).toHaveText(/, \d links?$/);
    },
  },
  {
    name: 'Notes, a note open',
    open: async (page) => {
      await page.keyboard.press('Control+3');
      await page.getByTestId('note-row').first().click();
      await expect(page.getByTestId('note-page')).toBeVisible();
    },
  },
  {
    name: 'Follow-ups',
    open: async (page) => {
      await page.keyboard.press('Control+4');
      await expect(page.getByRole('heading', { name: 'Follow-ups', level: 1 })).toBeVisible();
      await expect(page.getByText('A reference letter').first()).toBeVisible();
    },
  },
  {
    name: 'Insights',
    open: async (page) => {
      await page.keyboard.press('Control+5');
      await expect(page.getByRole('heading', { name: 'Insights', level: 1 })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Network health' })).toBeVisible();
    },
  },
  {
    name: 'Devices',
    open: async (page) => {
      await page.keyboard.press('Control+6');
      await expect(page.getByRole('heading', { name: 'Devices', level: 1 })).toBeVisible();
    },
  },
  ...['My profile', 'Trash', 'Settings', 'Import and export'].map((label) => ({
    name: label,
    open: async (page: Page) => {
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: label }).click();
      await expect(page.locator('main h1').first()).toBeVisible();
    },
  })),
  {
    name: 'Command palette',
    open: async (page) => {
      await page.keyboard.press('Control+1');
      await page.keyboard.press('Control+k');
      const palette = page.getByRole('dialog', { name: 'Command palette' });
      await palette.getByRole('combobox').fill('go');
      await expect(palette.getByRole('option').nth(1)).toBeVisible();
    },
  },
];

test.describe('accessibility: every main view', () => {
  // One network, seeded once, checked in each theme: a test per theme, so a slow machine gets a budget for each.
  test.describe.configure({ mode: 'serial' });
  let dataDir = '';
  let host: RunningHost;
  let context: BrowserContext;
  let page: Page;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    dataDir = await newDataDir();
    host = await startHost(dataDir);
    ({ context, page } = await openApp(dataDir, host.url));
    await seed(page);
  });

  test.afterAll(async () => {
    await context?.close();
    if (host) await stopHost(host);
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`passes WCAG 2.1 AA in the ${scheme} theme (axe: no serious or critical violation, headings in order)`, async () => {
      test.setTimeout(300_000);
      await page.emulateMedia({ colorScheme: scheme });
      const found: Found[] = [];
      for (const view of VIEWS) {
        await page.keyboard.press('Escape');
        await view.open(page);
        found.push(...(await violations(page, `${view.name} (${scheme})`)));
        if (SHOTS && /^(People, a person|Map|Command)/.test(view.name)) {
          await page.screenshot({ path: `${SHOTS}/a11y-${view.name.split(',')[0]!.toLowerCase().replace(/\s+/g, '-')}-${scheme}.png` });
        }
      }
      expect(found, JSON.stringify(found, null, 2)).toEqual([]);
    });
  }
});

test.describe('accessibility', () => {
  test('in forced colours (Windows high contrast) the selected row, the current section and the focused list stay marked', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await addPerson(page, { name: 'Grace Hopper', org: 'US Navy' });
      await addPerson(page, { name: 'Ada Lovelace' });
      await page.emulateMedia({ forcedColors: 'active' });
      const outline = (locator: ReturnType<Page['locator']>) =>
        locator.evaluate((element) => {
          const style = getComputedStyle(element);
          return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
        });
      const selected = page.locator('.row[aria-selected="true"]');
      await expect(selected).toContainText('Ada Lovelace');
      expect(await outline(selected)).toEqual({ style: 'solid', width: 3 });
      expect(await outline(personRow(page, 'Grace Hopper'))).toMatchObject({ style: 'none' });
      const current = page.getByRole('navigation', { name: 'Sections' }).locator('[aria-current="page"]');
      expect(await current.evaluate((element) => getComputedStyle(element).textDecorationLine)).toBe('underline');

      // The list takes focus from the keyboard: its pane keeps its outline, selection or not.
      await page.getByRole('searchbox', { name: 'Search people' }).focus();
      await page.keyboard.press('ArrowDown');
      await expect(page.getByRole('listbox', { name: 'People' })).toBeFocused();
      expect(await outline(page.locator('.list-pane'))).toEqual({ style: 'solid', width: 2 });
    } finally {
      await context.close();
      await stopHost(host);
    }
  });
});
