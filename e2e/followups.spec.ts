import { addPerson, expect, expectSaved, openApp, personRow, startHost, stopHost, test } from './kith';
import type { Page } from '@playwright/test';

const SHOTS = process.env.KITH_SCREENSHOTS;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function openFollowups(page: Page) {
  await page.keyboard.press('Control+4');
  await expect(page.getByRole('heading', { name: 'Follow-ups', level: 1 })).toBeVisible();
}

test.describe('follow-through', () => {
  test('a commitment: bad input is refused, then it is listed, done, and counted as kept', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await addPerson(page, { name: 'Ada Lovelace', org: 'Analytical Engines' });
      await expectSaved(page);
      await context.setOffline(true);

      const panel = page.getByTestId('follow-through');
      await panel.getByRole('button', { name: 'Add a commitment' }).click();
      const form = page.getByRole('form', { name: 'Add a commitment' });
      await form.getByRole('button', { name: 'Save commitment' }).click();
      await expect(form.getByText('Say what will be done')).toBeVisible();

      await form.getByLabel('What').fill('send the deck');
      await form.getByLabel('Due').fill('2026-02-30');
      await form.getByRole('button', { name: 'Save commitment' }).click();
      await expect(form.getByText('A due date is a day such as 2026-12-01')).toBeVisible();
      await form.getByLabel('Due').fill('someday soon');
      await form.getByRole('button', { name: 'Save commitment' }).click();
      await expect(form.getByText('A due date is a day such as 2026-12-01')).toBeVisible();
      await expect(panel.getByTestId('commitment')).toHaveCount(0);

      await form.getByLabel('Due').fill('tomorrow');
      await form.getByRole('button', { name: 'Save commitment' }).click();
      await expect(form).toHaveCount(0);
      await expect(panel.getByTestId('commitment')).toContainText('I will send the deck');
      await expect(panel.getByTestId('commitment')).toContainText('Due tomorrow');

      await openFollowups(page);
      const owe = page.getByTestId('i-owe').getByTestId('commitment');
      await expect(owe).toHaveCount(1);
      await expect(owe).toContainText('send the deck');
      await expect(owe).toContainText('Ada Lovelace');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/followups.png` });
      await owe.getByRole('checkbox', { name: 'Mark done: send the deck' }).click();
      await expect(owe).toHaveCount(0);
      await expect(page.getByTestId('rate-kept')).toContainText('100%');
      await expect(page.getByTestId('rate-kept')).toContainText('1 of 1');
    } finally {
      await context.close();
      await stopHost(host);
    }
  });

  test('a request turns amber after 24 hours and red after 36, and a request without a person is refused', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await context.clock.install({ time: new Date('2026-03-28T18:00:00Z') });
      await page.reload();
      await addPerson(page, { name: 'Grace Hopper', org: 'US Navy' });
      await context.setOffline(true);
      await openFollowups(page);

      await page.getByRole('button', { name: /Log a request/ }).click();
      const form = page.getByRole('form', { name: 'Log a request' });
      await form.getByLabel('What they asked').fill('Feedback on her COBOL draft');
      await form.getByRole('button', { name: 'Log request' }).click();
      await expect(form.getByText('Choose who asked')).toBeVisible();
      await expect(page.getByTestId('waiting').getByTestId('request')).toHaveCount(0);

      const who = form.getByTestId('request-person').getByRole('combobox');
      await who.fill('Grace');
      await who.press('Enter');
      await form.getByRole('button', { name: 'Log request' }).click();
      const request = page.getByTestId('waiting').getByTestId('request');
      await expect(request).toHaveAttribute('data-state', 'ok');
      await expect(request).toContainText('Feedback on her COBOL draft');

      await context.clock.fastForward(24 * HOUR + 60_000);
      await expect(request).toHaveAttribute('data-state', 'amber');
      await expect(request).toContainText('11 h left');

      await context.clock.fastForward(12 * HOUR);
      await expect(request).toHaveAttribute('data-state', 'red');
      await expect(request).toContainText('Past 36 h');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/followups-red.png` });

      await request.getByRole('button', { name: 'Answered' }).click();
      await expect(request).toHaveCount(0);
      await expect(page.getByTestId('rate-answered-30')).toContainText('0%');
      await expect(page.getByTestId('rate-answered-30')).toContainText('0 of 1');
    } finally {
      await context.close();
      await stopHost(host);
    }
  });

  test('someone past their cadence is in the hello queue until I say hello', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await context.clock.install({ time: new Date('2026-06-01T09:00:00Z') });
      await page.reload();
      await addPerson(page, { name: 'Tim Berners-Lee', org: 'CERN' });
      await page.getByTestId('field-tier').selectOption('inner');
      await expect(page.getByTestId('hello-status')).toContainText('every 14 days');

      await context.clock.fastForward(15 * DAY);
      await openFollowups(page);
      const hello = page.getByTestId('hellos').getByTestId('hello');
      await expect(hello).toHaveCount(1);
      await expect(hello).toContainText('Tim Berners-Lee');
      await hello.getByRole('button', { name: 'Said hello' }).click();
      await expect(hello).toHaveCount(0);

      // The hello is on his timeline and resets his clock.
      await page.keyboard.press('Control+1');
      await personRow(page, 'Tim Berners-Lee').click();
      await expect(page.getByTestId('notes').getByTestId('note').first()).toContainText('Said hello');
      await expect(page.getByTestId('hello-status')).toContainText('next hello by');
    } finally {
      await context.close();
      await stopHost(host);
    }
  });

  test('a promise written in a note is offered as a commitment, confirmed or dismissed', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await addPerson(page, { name: 'Ada Lovelace', org: 'Analytical Engines' });
      await page.keyboard.press('Control+l');
      const note = page.getByTestId('note-page');
      await note.getByRole('textbox', { name: 'Note text' }).click();
      await page.keyboard.type("Great talk about engines. I'll send her the deck tomorrow.");
      await page.keyboard.press('Enter');
      await page.keyboard.type('Ada will introduce me to Babbage.');

      const suggestions = page.getByTestId('suggested-commitment');
      await expect(suggestions).toHaveCount(2);
      await expect(suggestions.first()).toContainText("I'll send her the deck tomorrow.");
      await suggestions.nth(1).getByRole('button', { name: 'Dismiss' }).click();
      await expect(suggestions).toHaveCount(1);

      await suggestions.first().getByRole('button', { name: 'Add' }).click();
      const form = page.getByRole('form', { name: 'Confirm the commitment' });
      await expect(form.getByLabel('What')).toHaveValue('send her the deck');
      await expect(form.getByLabel('Due')).not.toHaveValue('');
      await form.getByRole('button', { name: 'Save commitment' }).click();
      await expect(suggestions).toHaveCount(0);
      await expect(page.getByTestId('note-commitments').getByTestId('commitment')).toContainText('I will send her the deck');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/note-commitments.png` });

      await openFollowups(page);
      await expect(page.getByTestId('i-owe').getByTestId('commitment')).toContainText('Due tomorrow');
    } finally {
      await context.close();
      await stopHost(host);
    }
  });

  test('on a person: a request counts as being in touch, a failed save keeps what was typed, a dated promise is not called missing', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await addPerson(page, { name: 'Grace Hopper', org: 'US Navy' });
      await addPerson(page, { name: 'Ada Lovelace', org: 'Analytical Engines' });
      await expect(page.getByTestId('hello-status')).toContainText('Nothing logged yet');
      const panel = page.getByTestId('follow-through');
      await expect(panel.getByTestId('person-kept-rate')).toHaveText('No dated promises to Ada yet.');

      // A date typed only in part is refused (not taken as "now"), and what was typed stays.
      await panel.getByRole('button', { name: 'Log a request' }).click();
      const form = page.getByRole('form', { name: 'Log a request' });
      await form.getByLabel('What they asked').fill('A reference letter');
      await form.getByLabel('How').selectOption('call');
      const when = form.getByLabel('When it came');
      await when.click();
      await page.keyboard.press('Backspace');
      await form.getByRole('button', { name: 'Log request' }).click();
      const problem = form.getByText(/^Give the whole date and time it came, such as /);
      await expect(problem).toBeVisible();
      await expect(form.getByLabel('What they asked')).toHaveValue('A reference letter');
      await expect(form.getByLabel('How')).toHaveValue('call');
      await expect(panel.getByTestId('request')).toHaveCount(0);

      // The example in the message is written as the field reads it: typed in, it is 25 November 2026, 14:30.
      const example = (await problem.textContent())!.replace(/^.*such as /, '');
      await when.focus(); // the first part of the field
      // A full two-digit part moves on to the next by itself; the year (up to six digits) needs →.
      for (const part of example.split(/[^0-9A-Za-z]+/).filter(Boolean)) {
        await page.keyboard.type(part);
        if (part.length === 4) await page.keyboard.press('ArrowRight');
      }
      await expect(when).toHaveValue('2026-11-25T14:30');

      await form.getByLabel('When it came').fill(new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
      await form.getByRole('button', { name: 'Log request' }).click();
      await expect(form).toHaveCount(0);
      await expect(panel.getByTestId('request')).toContainText('A reference letter');
      // Being asked is being in touch.
      await expect(page.getByTestId('hello-status')).toContainText('Last in touch');

      // A dated promise not yet due: the page does not say there are none.
      await panel.getByRole('button', { name: 'Add a commitment' }).click();
      const promise = page.getByRole('form', { name: 'Add a commitment' });
      await promise.getByLabel('What').fill('send the deck');
      await promise.getByLabel('Due').fill('tomorrow');
      await promise.getByRole('button', { name: 'Save commitment' }).click();
      await expect(panel.getByTestId('commitment')).toContainText('Due tomorrow');
      await expect(panel.getByTestId('person-kept-rate')).toHaveText('Kept on time: counted once a promise to Ada comes due.');

      // A promise that names someone else prefills them, not the note's only person.
      await page.keyboard.press('Control+l');
      await page.getByTestId('note-page').getByRole('textbox', { name: 'Note text' }).click();
      await page.keyboard.type('Grace Hopper will send the slides.');
      const suggestion = page.getByTestId('suggested-commitment');
      await expect(suggestion).toContainText('Grace Hopper promised');
      await suggestion.getByRole('button', { name: 'Add' }).click();
      const confirm = page.getByRole('form', { name: 'Confirm the commitment' });
      await expect(confirm.getByTestId('commitment-person').getByRole('combobox')).toHaveValue('Grace Hopper');
      await expect(confirm.getByRole('radio', { name: 'Grace will' })).toHaveAttribute('aria-checked', 'true');
    } finally {
      await context.close();
      await stopHost(host);
    }
  });

  test('reminders take one line however many there are, with the rest a click away', async ({ dataDir }) => {
    test.setTimeout(120_000);
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      for (const name of ['Grace Hopper', 'Ada Lovelace', 'Tim Berners-Lee']) await addPerson(page, { name });
      await openFollowups(page);
      for (const [who, summary, hoursAgo] of [['Grace', 'Feedback on her draft', 25], ['Ada', 'A reference letter', 40], ['Tim', 'An intro', 30]] as const) {
        await page.getByRole('button', { name: /Log a request/ }).click();
        const form = page.getByRole('form', { name: 'Log a request' });
        const picker = form.getByTestId('request-person').getByRole('combobox');
        await picker.fill(who);
        await picker.press('Enter');
        await form.getByLabel('What they asked').fill(summary);
        const received = new Date(Date.now() - hoursAgo * HOUR);
        await form.getByLabel('When it came').fill(new Date(received.getTime() - received.getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
        await form.getByRole('button', { name: 'Log request' }).click();
        await expect(form).toHaveCount(0);
      }
      const banner = page.getByTestId('reminders');
      const toggle = banner.getByTestId('reminders-toggle');
      await expect(toggle).toHaveText('2 more reminders', { timeout: 15_000 });
      await expect(banner.getByTestId('reminder')).toHaveCount(1);
      expect((await banner.boundingBox())!.height).toBeLessThan(50);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/reminders.png` });

      await toggle.click();
      await expect(banner.getByTestId('reminder')).toHaveCount(3);
      await expect(banner).toContainText('Ada Lovelace has waited more than 36 hours');
      await banner.getByRole('button', { name: /^Dismiss: Ada/ }).click();
      await expect(banner.getByTestId('reminder')).toHaveCount(2);
      await toggle.click();
      await expect(toggle).toHaveText('1 more reminder');
      await banner.getByRole('button', { name: 'Dismiss all' }).click();
      await expect(banner).toHaveCount(0);
    } finally {
      await context.close();
      await stopHost(host);
    }
  });

  test('the host reminds of a request waiting 24 hours, and a reminder kind switched off in Settings stays quiet', async ({ dataDir }) => {
    const host = await startHost(dataDir);
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await addPerson(page, { name: 'Grace Hopper', org: 'US Navy' });
      await addPerson(page, { name: 'Ada Lovelace', org: 'Analytical Engines' });
      const logRequest = async (who: string, summary: string, hoursAgo: number) => {
        await openFollowups(page);
        await page.getByRole('button', { name: /Log a request/ }).click();
        const form = page.getByRole('form', { name: 'Log a request' });
        const picker = form.getByTestId('request-person').getByRole('combobox');
        await picker.fill(who);
        await picker.press('Enter');
        await form.getByLabel('What they asked').fill(summary);
        const received = new Date(Date.now() - hoursAgo * HOUR);
        const local = new Date(received.getTime() - received.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
        await form.getByLabel('When it came').fill(local);
        await form.getByRole('button', { name: 'Log request' }).click();
        await expect(form).toHaveCount(0);
      };

      await logRequest('Grace', 'Feedback on her draft', 25);
      const reminder = page.getByTestId('reminder');
      await expect(reminder).toContainText('Grace Hopper is waiting for an answer', { timeout: 15_000 });
      await reminder.getByRole('button', { name: 'Open' }).click();
      await expect(page.getByTestId('person-detail').getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
      await expect(reminder).toHaveCount(0);

      await page.keyboard.press('Control+,');
      const requests = page.getByRole('checkbox', { name: /Requests/ });
      await expect(requests).toBeChecked();
      await requests.uncheck();
      await expect(requests).not.toBeChecked();
      await expect(page.getByText('Saved — off')).toBeVisible();

      await logRequest('Ada', 'A reference letter', 40);
      // The host looks again 2 s after a change; give it time to (wrongly) speak.
      await page.waitForTimeout(4000);
      await expect(reminder).toHaveCount(0);
    } finally {
      await context.close();
      await stopHost(host);
    }
  });
});
