import { rm } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { addPerson, expect, expectSaved, newDataDir, openApp, personRow, startHost, stopHost, test } from './kith';
import { drawLink, edgeCount, waitForPlaced } from './map-helpers';

const SHOTS = process.env.KITH_SCREENSHOTS;

async function openDevices(page: Page) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+6');
  await expect(page.getByRole('heading', { name: 'Devices', level: 1 })).toBeVisible();
}

/** Switches this device's LAN and internet sync, as a person does in Settings. */
async function setSync(page: Page, on: boolean) {
  await page.keyboard.press('Control+,');
  for (const kind of ['lan', 'internet']) {
    const box = page.getByTestId(`sync-${kind}`);
    if (on) await box.check();
    else await box.uncheck();
    await expect(page.locator(`#sync-${kind}-status`)).toHaveText(on ? 'Saved — on' : 'Saved — off');
  }
}

test.describe('devices', () => {
  test('two devices pair through the UI, and edits made apart meet again', async ({ dataDir }) => {
    test.setTimeout(120_000);
    const otherDir = await newDataDir();
    const laptopHost = await startHost(dataDir);
    const desktopHost = await startHost(otherDir);
    const laptop = await openApp(dataDir, laptopHost.url);
    const desktop = await openApp(otherDir, desktopHost.url);
    try {
      const a = laptop.page;
      const b = desktop.page;
      await addPerson(a, { name: 'Ada Lovelace', org: 'Analytical Engines' });
      await addPerson(a, { name: 'Grace Hopper', org: 'US Navy' });
      await addPerson(b, { name: 'Tim Berners-Lee', org: 'CERN' });
      await expectSaved(a);

      // The laptop shows an invitation; the desktop types it.
      await openDevices(a);
      await expect(a.getByTestId('paired-devices')).toContainText('No other device yet');
      await a.getByRole('button', { name: 'Pair a device' }).click();
      const code = (await a.getByTestId('invitation-code').textContent())!.trim();
      expect(code.length).toBeGreaterThan(40);
      // On one network the short code is the one to type; the long one and the QR image work from anywhere.
      const shortCode = (await a.getByTestId('invitation-short-code').textContent())!.trim();
      expect(shortCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      await expect(a.getByTestId('invitation-expiry')).toContainText(/Expires in (10:00|9:\d\d)/);
      await expect(a.getByRole('img', { name: 'The invitation as a QR image' })).toBeVisible();
      if (SHOTS) await a.screenshot({ path: `${SHOTS}/devices.png` });

      await openDevices(b);
      await b.getByRole('button', { name: 'Join with a code' }).click();
      const join = b.getByRole('form', { name: 'Join with a code' });
      await expect(join.getByLabel('Code from the other device')).toHaveAttribute('placeholder', /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$/);
      await join.getByLabel('Code from the other device').fill('KITH1-NOT-A-REAL-CODE');
      await join.getByRole('button', { name: 'Join' }).click();
      await expect(join.getByText(/typo/)).toBeVisible();
      if (SHOTS) await b.screenshot({ path: `${SHOTS}/devices-join.png` });
      await join.getByLabel('Code from the other device').fill(shortCode);
      await join.getByLabel('Code from the other device').press('Enter');
      await expect(b.getByTestId('joined')).toContainText('Paired with');
      // The used code leaves the laptop's view, which says whom it paired.
      await expect(a.getByTestId('invitation-used')).toContainText('Paired with', { timeout: 15_000 });
      await expect(a.getByTestId('invitation-short-code')).toHaveCount(0);
      await expect(a.getByTestId('invitation-code')).toHaveCount(0);

      // Both networks are now one, and each sees the other online.
      await expect(a.getByTestId('device').filter({ hasText: /Online/ })).toHaveCount(1, { timeout: 15_000 });
      await expect(b.getByTestId('device').filter({ hasText: /Online/ })).toHaveCount(1, { timeout: 15_000 });
      if (SHOTS) await a.screenshot({ path: `${SHOTS}/devices-paired.png` });
      await a.keyboard.press('Control+1');
      await expect(a.getByTestId('people-count')).toHaveText('3 people');
      await b.keyboard.press('Control+1');
      await expect(b.getByTestId('people-count')).toHaveText('3 people');

      // Cut the link on the laptop, write a note there, and the desktop does not have it…
      await setSync(a, false);
      await openDevices(b);
      await expect(b.getByTestId('device').filter({ hasText: /Offline/ })).toHaveCount(1, { timeout: 15_000 });
      await a.keyboard.press('Control+1');
      await personRow(a, 'Ada Lovelace').click();
      await a.keyboard.press('Control+l');
      await a.getByTestId('note-page').getByRole('textbox', { name: 'Note text' }).click();
      await a.keyboard.type('Written while the devices were apart.');
      await expectSaved(a);
      await b.keyboard.press('Control+3');
      await expect(b.getByRole('heading', { name: 'Write it down while it is fresh' })).toBeVisible();

      // …until the link is back.
      await setSync(a, true);
      await expect(b.getByTestId('note-row')).toContainText('Written while the devices were apart.', { timeout: 20_000 });

      // The same note open on both: each says the other has it open, and typing shows live.
      await a.keyboard.press('Control+3');
      await expect(a.getByTestId('note-page')).toBeVisible();
      await b.getByTestId('note-row').first().click();
      await expect(b.getByTestId('note-open-elsewhere')).toContainText('Also open on', { timeout: 15_000 });
      await expect(a.getByTestId('note-open-elsewhere')).toContainText('Also open on', { timeout: 15_000 });
      await a.getByTestId('note-page').getByRole('textbox', { name: 'Note text' }).click();
      await a.keyboard.press('End');
      await a.keyboard.type(' Typed while both had it open.');
      await expect(b.getByTestId('note-page').getByRole('textbox', { name: 'Note text' })).toContainText('Typed while both had it open.', {
        timeout: 15_000,
      });
      if (SHOTS) await b.screenshot({ path: `${SHOTS}/devices-presence.png` });
      await a.keyboard.press('Escape');
      await a.keyboard.press('Control+1');
      await expect(b.getByTestId('note-open-elsewhere')).toHaveCount(0, { timeout: 15_000 });

      // A link drawn on the desktop's map appears on the laptop.
      await b.keyboard.press('Control+2');
      await waitForPlaced(b, ['Ada Lovelace', 'Grace Hopper']);
      await b.getByRole('button', { name: 'Link', exact: true }).click();
      await drawLink(b, 'Ada Lovelace', 'Grace Hopper');
      await b.getByRole('form', { name: 'New link' }).getByRole('button', { name: 'Link', exact: true }).click();
      await expect.poll(() => edgeCount(b)).toBe(1);
      await a.keyboard.press('Control+1');
      await personRow(a, 'Grace Hopper').click();
      await expect(a.getByTestId('connections')).toContainText('Ada Lovelace', { timeout: 15_000 });

      // Renaming a device shows on the other; removing it ends the link for good.
      await openDevices(a);
      const name = a.getByTestId('this-device').getByLabel('Name');
      await name.fill('Laptop');
      await name.press('Enter');
      await openDevices(b);
      await expect(b.getByTestId('device')).toContainText('Laptop', { timeout: 15_000 });
      const desktopRow = a.getByTestId('device');
      await desktopRow.getByRole('button', { name: 'Remove…' }).click();
      await desktopRow.getByRole('button', { name: 'Remove', exact: true }).click();
      await expect(desktopRow).toHaveAttribute('data-state', 'removed');
      await expect(b.getByTestId('device')).toHaveAttribute('data-state', /offline|removed/, { timeout: 15_000 });
    } catch (error) {
      console.log('laptop host said:\n' + laptopHost.output() + '\ndesktop host said:\n' + desktopHost.output());
      throw error;
    } finally {
      await desktop.context.close();
      await laptop.context.close();
      await stopHost(desktopHost);
      await stopHost(laptopHost);
      await rm(otherDir, { recursive: true, force: true });
    }
  });
});
