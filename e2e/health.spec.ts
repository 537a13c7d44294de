import { addPerson, expect, expectSaved, openApp, startHost, stopHost, test } from './kith';

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
