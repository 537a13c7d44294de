import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import * as Y from 'yjs';
import { createPerson } from '../shared/doc/people';
import { createLink } from '../shared/doc/links';
import { createNote } from '../shared/doc/notes';
import { updateMe } from '../shared/doc/me';
import { LOCAL_UI } from '../shared/doc/origins';
import { exportBackup } from '../shared/interop/backup';
import { addPerson, expect, expectSaved, openApp, startHost, stopHost, test } from './kith';
import type { MapElement } from './map-helpers';

const SHOTS = process.env.KITH_SCREENSHOTS;
const DAY = 24 * 3_600_000;

test.describe('network health', () => {
  test('a tiny network gets a guiding state; three people get the report, a value on hover, and a reconnect that opens the person', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await context.clock.install({ time: new Date('2026-06-01T09:00:00Z') });
      await page.reload();
      await addPerson(page, { name: 'Ada Lovelace', org: 'Analytical Engines' });
      await page.getByTestId('field-tier').selectOption('inner');
      await expectSaved(page);

      const report = page.getByTestId('network-health');
      await page.getByRole('button', { name: /Insights/ }).first().click();
      await expect(report.getByText('Not enough people to measure yet')).toBeVisible();

      await page.keyboard.press('Control+1');
      await addPerson(page, { name: 'Grace Hopper', org: 'US Navy' });
      await addPerson(page, { name: 'Alan Turing', org: 'Bletchley Park' });
      await expectSaved(page);
      await page.getByRole('button', { name: /Insights/ }).first().click();
      await expect(report.getByTestId('metric-activeTies')).toContainText('3');
      await expect(report.getByTestId('metric-blauOrg')).toContainText('0.67');
      await expect(report.getByTestId('reconnect')).toHaveCount(0);
      // Nobody is linked yet: no circles to draw, and the picture says how to get some.
      await expect(report.getByTestId('health-ego-empty')).toContainText('Link people who know each other');

      // Three weeks on, Ada (inner: every 14 days) is dormant and worth a message.
      await context.clock.fastForward(21 * DAY);
      await expect(report.getByTestId('metric-dormantTies')).toContainText('1');
      const candidate = report.getByTestId('reconnect');
      await expect(candidate).toHaveCount(1);
      await expect(candidate).toContainText('Ada Lovelace');
      await expect(report.getByTestId('health-action').first()).toContainText('Reconnect with Ada Lovelace');

      const chart = report.getByTestId('health-ties-chart');
      const canvas = chart.locator('canvas');
      await expect(canvas).toHaveCount(1);
      await canvas.scrollIntoViewIfNeeded();
      // The plotting area (uPlot's overlay), not the axes around it.
      const box = (await chart.locator('.u-over').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.move(box.x + box.width - 4, box.y + box.height / 2, { steps: 4 });
      // The clock is Playwright's: let the chart's animation frame run.
      await context.clock.runFor(100);
      await expect(chart.locator('.u-legend')).toContainText(/Active:?\s*2/);
      await expect(chart.locator('.u-legend')).toContainText(/Dormant:?\s*1/);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/health-report.png`, fullPage: true });

      await candidate.getByRole('button').click();
      await expect(page.getByTestId('person-detail').getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
    } finally {
      await context.close();
      await stopHost(host);
    }
  });
});

/**
 * A small network written with the app's own operations and restored from a
 * backup (links cannot be imported from a contacts file): my organisation's
 * five engineers who all know each other, five at Bletchley Park who do too,
 * and one person who knows two on each side.
 */
function seededBackup(): { backup: string; ids: Record<string, string> } {
  const doc = new Y.Doc();
  const clock = () => new Date('2026-05-20T09:00:00Z');
  updateMe(doc, 'name', 'Sam Me', LOCAL_UI);
  updateMe(doc, 'org', 'Analytical Engines', LOCAL_UI);
  const ids: Record<string, string> = {};
  const add = (name: string, org: string, fn: string) => (ids[name] = createPerson(doc, { name, org, function: fn, tier: 'close' }, LOCAL_UI, clock));
  const inside = ['Ada Lovelace', 'Charles Babbage', 'Mary Somerville', 'Luigi Menabrea', 'Augustus De Morgan'].map((name) => add(name, 'Analytical Engines', 'Engineering'));
  const outside = ['Alan Turing', 'Joan Clarke', 'Gordon Welchman', 'Dilly Knox', 'Mavis Batey'].map((name, i) => add(name, 'Bletchley Park', i < 2 ? 'Engineering' : 'Research'));
  for (const circle of [inside, outside]) {
    circle.forEach((a, i) => circle.slice(i + 1).forEach((b) => createLink(doc, { from: a, to: b, strength: 4 }, LOCAL_UI, clock)));
  }
  const bridge = add('Grace Hopper', 'US Navy', 'Engineering');
  // Three ties on my organisation's side, two on the other: she belongs to the first circle and bridges into the second.
  for (const other of [inside[0]!, inside[1]!, inside[2]!, outside[0]!, outside[1]!]) createLink(doc, { from: bridge, to: other, strength: 2 }, LOCAL_UI, clock);
  for (const id of Object.values(ids)) createNote(doc, { contactIds: [id], kind: 'call', text: 'Caught up' }, LOCAL_UI, clock);
  return { backup: exportBackup(doc, clock), ids };
}

/** The people the map shows (not filtered out), by name, me left out. */
function shownOnMap(page: Page): Promise<string[]> {
  return page.getByTestId('map').evaluate((element) =>
    (element as MapElement).cy
      .nodes()
      .map((node) => (node.hasClass('filtered-out') || node.id() === 'me' ? '' : node.data('name')))
      .filter(Boolean)
      .sort(),
  );
}

test('a bar, a segment and a circle filter the map to their people; a bridge opens the person; hover shows a circle\'s numbers', async ({ dataDir }) => {
  const { backup } = seededBackup();
  const backupPath = join(dataDir, 'network.json');
  await writeFile(backupPath, backup);
  const host = await startHost(dataDir);
  const { context, page } = await openApp(dataDir, host.url);
  try {
    await context.clock.install({ time: new Date('2026-06-01T09:00:00Z') });
    await page.reload();
    await page.getByRole('button', { name: 'Import and export' }).click();
    await page.getByTestId('restore-file').setInputFiles(backupPath);
    await expect(page.getByRole('status').filter({ hasText: 'Restored 11 people' })).toBeVisible();
    await page.getByRole('button', { name: /Insights/ }).first().click();
    const report = page.getByTestId('network-health');
    await expect(report.getByTestId('health-bar')).toHaveCount(3);

    // The circles and the bridge between them, in the picture and in the list beside it.
    await expect(report.getByTestId('health-circle')).toHaveCount(2);
    await expect(report.getByTestId('health-broker')).toHaveText(['Grace Hopper bridges Analytical Engines and Bletchley Park']);
    const plot = report.getByTestId('health-ego-plot');
    // The picture is drawn in tasks of its own after the report's first paint.
    await expect(plot).toHaveAttribute('data-drawn', 'true');
    await plot.scrollIntoViewIfNeeded();
    const box = (await plot.boundingBox())!;
    const circle = await plot.evaluate((element) => {
      const cy = (element as MapElement).cy;
      return cy.nodes('.circle').map((node) => ({ label: node.data('label'), ...node.renderedPosition() })).find((node) => node.label.startsWith('Bletchley Park'))!;
    });
    await page.mouse.move(box.x + circle.x, box.y + circle.y, { steps: 3 });
    await expect(report.locator('.health-ego-hover')).toHaveText('Bletchley Park: 5 people, in touch with 5');
    if (SHOTS) {
      await page.screenshot({ path: `${SHOTS}/health-pictures.png`, fullPage: true });
      // The host's reminders run on the real clock, not the page's: out of README's Insights picture.
      const reminders = page.getByTestId('reminders').getByRole('button', { name: /^Dismiss/ });
      while ((await reminders.count()) > 0) await reminders.first().click();
      // The view scrolls inside the window: a tall window shows the report whole.
      await page.setViewportSize({ width: 1280, height: 1400 });
      await report.evaluate((element) => element.scrollIntoView());
      await page.screenshot({ path: `${SHOTS}/health-report-seeded.png` });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: `${SHOTS}/health-report-dark.png` });
      await page.emulateMedia({ colorScheme: 'light' });
      await page.setViewportSize({ width: 1200, height: 760 });
    }

    // An organisation's bar: the map shows those five and no one else, until asked for everyone.
    await report.getByRole('button', { name: /^Analytical Engines \(your organisation\): 5 ties/ }).click();
    await expect(page.getByTestId('map-shown')).toContainText('Showing 5 people: Analytical Engines (your organisation)');
    await expect.poll(() => shownOnMap(page)).toEqual(['Ada Lovelace', 'Augustus De Morgan', 'Charles Babbage', 'Luigi Menabrea', 'Mary Somerville']);
    await page.getByRole('button', { name: 'Show everyone' }).click();
    await expect(page.getByTestId('map-shown')).toHaveCount(0);
    await expect.poll(async () => (await shownOnMap(page)).length).toBe(11);

    // A function's segment outside my organisation.
    await page.getByRole('button', { name: /Insights/ }).first().click();
    await report.getByRole('button', { name: 'Function' }).click();
    await report.getByRole('button', { name: /^Engineering at other organisations: 3 ties/ }).click();
    await expect(page.getByTestId('map-shown')).toContainText('Showing 3 people');
    await expect.poll(() => shownOnMap(page)).toEqual(['Alan Turing', 'Grace Hopper', 'Joan Clarke']);

    // Leaving the map drops the selection: the map opens whole next time.
    await page.keyboard.press('Control+1');
    await page.keyboard.press('Control+2');
    await expect(page.getByTestId('map')).toBeVisible();
    await expect(page.getByTestId('map-shown')).toHaveCount(0);

    // A circle from the list beside the picture, then a bridge.
    await page.getByRole('button', { name: /Insights/ }).first().click();
    await report.getByTestId('health-circle').filter({ hasText: 'Bletchley Park' }).click();
    await expect.poll(() => shownOnMap(page)).toEqual(['Alan Turing', 'Dilly Knox', 'Gordon Welchman', 'Joan Clarke', 'Mavis Batey']);
    await page.getByRole('button', { name: /Insights/ }).first().click();
    await report.getByTestId('health-broker').click();
    await expect(page.getByTestId('person-detail').getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
  } finally {
    await context.close();
    await stopHost(host);
  }
});
