/**
 * The map of a network over GROUPED_ABOVE people, by level of detail: the
 * overview draws organisations as groups; a click or Enter on a group zooms
 * into it and draws its people; links are drawn between people only.
 * The network is generated (e2e/fixtures/network.ts) and restored from a backup.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { GROUPED_ABOVE } from '../shared/analytics/map-groups';
import { exportBackup } from '../shared/interop/backup';
import { generateNetwork } from './fixtures/network';
import { expect, openApp, startHost, stopHost, test } from './kith';
import type { MapElement } from './map-helpers';

const SHOTS = process.env.KITH_SCREENSHOTS;
const PEOPLE = GROUPED_ABOVE + 200;

interface Cy {
  zoom(): number;
  fit(): void;
  nodes(selector?: string): { length: number; map<T>(f: (n: { id(): string; data(k: string): string; renderedPosition(): { x: number; y: number } }) => T): T[] };
}

/** What the map draws: group nodes (with their titles) and people (not me). */
function drawn(page: Page): Promise<{ groups: string[]; people: number }> {
  return page.getByTestId('map').evaluate((element) => {
    const cy = (element as MapElement).cy as unknown as Cy;
    return { groups: cy.nodes('.group').map((node) => node.data('name')), people: cy.nodes('[^members][tier != "me"]').length };
  });
}

/** The on-screen centre of the largest group. */
async function largestGroup(page: Page): Promise<{ x: number; y: number; name: string }> {
  const box = (await page.getByTestId('map').boundingBox())!;
  const at = await page.getByTestId('map').evaluate((element) => {
    const cy = (element as MapElement).cy as unknown as Cy;
    const groups = cy.nodes('.group').map((node) => ({ name: node.data('name'), members: Number(node.data('members')), ...node.renderedPosition() }));
    return groups.sort((a, b) => b.members - a.members)[0]!;
  });
  return { x: box.x + at.x, y: box.y + at.y, name: at.name };
}

test('a large network’s map shows groups zoomed out and a group’s people once opened by click or Enter; links join people only', async ({ dataDir }) => {
  test.setTimeout(180_000);
  const doc = generateNetwork({ seed: 42, people: PEOPLE, linksPerPerson: 2, notesPerPerson: 0, organisations: 12 });
  const backupPath = join(dataDir, 'network.json');
  await writeFile(backupPath, exportBackup(doc));
  const host = await startHost(dataDir);
  const { context, page } = await openApp(dataDir, host.url);
  try {
    await page.getByRole('button', { name: 'Import and export' }).click();
    await page.getByTestId('restore-file').setInputFiles(backupPath);
    await expect(page.getByRole('status').filter({ hasText: `Restored ${PEOPLE.toLocaleString('en')} people` })).toBeVisible({ timeout: 60_000 });
    await page.keyboard.press('Control+2');

    // Zoomed out: one node per organisation, nobody drawn one by one.
    const level = page.getByTestId('map-level');
    await expect(level).toContainText(`${PEOPLE.toLocaleString('en')} people in`, { timeout: 60_000 });
    await expect(level).toContainText('groups by organisation');
    await expect.poll(async () => (await drawn(page)).groups.length).toBeGreaterThan(1);
    expect((await drawn(page)).people).toBe(0);
    const overview = await drawn(page);
    expect(overview.groups.every((name) => / · [\d,]+ (people|person)$/.test(name))).toBe(true);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/map-groups.png` });

    // The keyboard reaches groups: Enter on one zooms into it and draws its people.
    await page.getByTestId('map').focus();
    await expect(page.getByTestId('map-focus')).toContainText('Enter shows its people.');
    await page.getByTestId('map').press('Enter');
    await expect(level).toContainText('People of', { timeout: 30_000 });
    await expect.poll(async () => (await drawn(page)).people, { timeout: 30_000 }).toBeGreaterThan(0);

    // Back out, then a click on the largest group opens it.
    await page.getByTestId('map').evaluate((element) => {
      ((element as MapElement).cy as unknown as Cy).fit();
    });
    await expect(level).toContainText('groups by organisation');
    await expect.poll(async () => (await drawn(page)).people).toBe(0);
    const largest = await largestGroup(page);
    await page.mouse.click(largest.x, largest.y);
    await expect.poll(async () => (await drawn(page)).people, { timeout: 30_000 }).toBeGreaterThan(0);
    const zoomedIn = await drawn(page);
    expect(zoomedIn.groups).not.toContain(largest.name);
    expect(await page.getByTestId('map').evaluate((element) => ((element as MapElement).cy as unknown as Cy).zoom())).toBeGreaterThanOrEqual(0.5);
    // Names show once zoomed in this far: the page of people reads as people.
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/map-people.png` });

    // Drawing a link works between two of the people drawn.
    const [first, second] = await page.getByTestId('map').evaluate((element) => {
      const cy = (element as MapElement).cy as unknown as Cy;
      const box = element.getBoundingClientRect();
      return cy
        .nodes('[^members][tier != "me"]')
        .map((node) => ({ ...node.renderedPosition(), name: node.data('name') }))
        .filter(({ x, y }) => x > 60 && y > 60 && x < box.width - 60 && y < box.height - 60)
        .slice(0, 2);
    });
    const box = (await page.getByTestId('map').boundingBox())!;
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await page.mouse.move(box.x + first!.x, box.y + first!.y);
    await page.mouse.down();
    await page.mouse.move(box.x + second!.x, box.y + second!.y, { steps: 10 });
    await page.mouse.up();
    await expect(page.getByRole('form', { name: 'New link' })).toContainText(`Link ${first!.name} and ${second!.name}`);
    await page.getByRole('form', { name: 'New link' }).getByRole('button', { name: 'Cancel' }).click();
  } finally {
    await context.close();
    await stopHost(host);
  }
});
