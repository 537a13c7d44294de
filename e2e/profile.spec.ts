import { addChip, addPerson, expect, expectSaved, personRow, test, withApp } from './kith';

test.describe('profiles, Trash and undo', () => {
  test('a full profile is edited by keyboard, with suggestions from values already used, and kept', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await addPerson(page, { name: 'Chen Wei', org: 'Tsinghua University' });
      await addChip(page, 'interests', 'Kitesurfing');
      await addChip(page, 'schools', 'MIT');
      await page.getByTestId('field-hometown').fill('Chengdu');
      await page.getByTestId('field-hometown').press('Enter');
      await page.getByTestId('field-tier').selectOption('close');

      await addPerson(page, { name: 'Amara Okafor', org: 'Lagos Fintech Hub' });
      const interests = page.getByTestId('field-interests').getByRole('combobox');
      await interests.fill('kite');
      await expect(page.getByRole('option', { name: 'Kitesurfing' })).toBeVisible();
      await interests.press('ArrowDown');
      await interests.press('Enter');
      await expect(page.getByTestId('field-interests').locator('.chip').filter({ hasText: 'Kitesurfing' })).toBeVisible();

      const introducer = page.getByTestId('field-introducedBy').getByRole('combobox');
      await introducer.fill('Chen');
      await introducer.press('Enter');
      await expect(introducer).toHaveValue('Chen Wei');
      await expectSaved(page);
    });
    await withApp(dataDir, async (page) => {
      await personRow(page, 'Chen Wei').click();
      await expect(page.getByTestId('field-schools')).toContainText('MIT');
      await expect(page.getByTestId('field-hometown')).toHaveValue('Chengdu');
      await expect(page.getByTestId('field-tier')).toHaveValue('close');
      await personRow(page, 'Amara Okafor').click();
      await expect(page.getByTestId('field-interests')).toContainText('Kitesurfing');
      await expect(page.getByTestId('field-introducedBy').getByRole('combobox')).toHaveValue('Chen Wei');
    });
  });

  test('invalid email, phone and cadence show an inline error and write nothing', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await addPerson(page, { name: 'Linus Pauling' });
      const email = page.getByTestId('field-emails').getByRole('combobox');
      await email.fill('linus.example.org');
      await email.press('Enter');
      await expect(page.getByTestId('field-emails').getByRole('alert')).toContainText('not an email address');
      const phone = page.getByTestId('field-phones').getByRole('combobox');
      await phone.fill('call me');
      await phone.press('Enter');
      await expect(page.getByTestId('field-phones').getByRole('alert')).toContainText('digits');
      const cadence = page.getByTestId('field-cadenceDays');
      await cadence.fill('0');
      await cadence.press('Enter');
      await expect(page.getByRole('alert').filter({ hasText: 'at least 1 day' })).toBeVisible();
      await expectSaved(page);
    });
    await withApp(dataDir, async (page) => {
      await personRow(page, 'Linus Pauling').click();
      await expect(page.getByTestId('field-emails').locator('.chip')).toHaveCount(0);
      await expect(page.getByTestId('field-phones').locator('.chip')).toHaveCount(0);
      await expect(page.getByTestId('field-cadenceDays')).toHaveValue('');
    });
  });

  test('links and emails open as links; a javascript: link is refused', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await addPerson(page, { name: 'Ada Lovelace' });
      const links = page.getByTestId('field-links');
      const box = links.getByRole('combobox');
      await box.fill('javascript:alert(document.cookie)');
      await box.press('Enter');
      await expect(links.getByRole('alert')).toContainText('A link is a web address that starts with https:// or http://');
      await expect(box).toHaveValue('javascript:alert(document.cookie)');
      await expect(links.locator('.chip')).toHaveCount(0);

      await box.fill('https://example.org/ada');
      await box.press('Enter');
      const link = links.getByRole('link', { name: 'https://example.org/ada' });
      await expect(link).toHaveAttribute('href', 'https://example.org/ada');
      await expect(link).toHaveAttribute('target', '_blank');
      await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
      // Browser mode: the link opens as a link does, in a new tab of its own.
      await page.context().route('https://example.org/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Ada</title>' }));
      const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
      await expect.poll(() => tab.url()).toContain('example.org/ada');
      await tab.close();
      await expect(box).not.toBeFocused();

      const emails = page.getByTestId('field-emails');
      await emails.getByRole('combobox').fill('ada@example.org');
      await emails.getByRole('combobox').press('Enter');
      await expect(emails.getByRole('link', { name: 'ada@example.org' })).toHaveAttribute('href', 'mailto:ada@example.org');
      await expectSaved(page);
    });
  });

  test('the first run points to My profile, whose placeholders speak of me', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await expect(page.getByRole('heading', { name: 'Your network starts with one person' })).toBeVisible();
      await page.getByRole('button', { name: 'Your profile', exact: true }).click();
      await expect(page.getByRole('heading', { name: 'My profile', level: 1 })).toBeVisible();
      await expect(page.getByTestId('field-org')).toHaveAttribute('placeholder', 'Where you work');
      await expect(page.getByTestId('field-hometown')).toHaveAttribute('placeholder', 'Where you grew up');
      await expect(page.getByTestId('field-expertise').getByRole('combobox')).toHaveAttribute('placeholder', 'What people ask you about');
      const placeholders = await page.locator('main [placeholder]').evaluateAll((fields) => fields.map((field) => field.getAttribute('placeholder')));
      expect(placeholders.filter((text) => /\b(they|them|their)\b/i.test(text ?? ''))).toEqual([]);

      // A person's page still speaks of them.
      await page.keyboard.press('Control+1');
      await addPerson(page, { name: 'Ada Lovelace' });
      await expect(page.getByTestId('field-org')).toHaveAttribute('placeholder', 'Where they work');
    });
  });

  test('a person moved to the Trash is found there and restored', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await addPerson(page, { name: 'Rosalind Franklin', org: "King's College London" });
      await page.getByRole('button', { name: 'Move to Trash' }).click();
      await expect(page.getByTestId('people-count')).toHaveText('0 people');
      await page.getByRole('button', { name: 'Trash', exact: true }).click();
      const row = page.getByTestId('trash-row').filter({ hasText: 'Rosalind Franklin' });
      await expect(row).toBeVisible();
      await row.getByRole('button', { name: 'Restore' }).click();
      await expect(page.getByTestId('person-detail').getByRole('heading', { name: 'Rosalind Franklin' })).toBeVisible();
      await expect(page.getByTestId('field-org')).toHaveValue("King's College London");
    });
  });

  test('undo and redo whole edits from the keyboard', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await addPerson(page, { name: 'Katherine Johnson', org: 'NASA' });
      const org = page.getByTestId('field-org');
      await org.fill('NACA');
      await org.press('Enter');
      await expect(personRow(page, 'Katherine Johnson')).toContainText('NACA');
      await page.getByTestId('person-detail').getByRole('heading').first().click();
      await page.keyboard.press('Control+z');
      await expect(personRow(page, 'Katherine Johnson')).toContainText('NASA');
      await page.keyboard.press('Control+Shift+z');
      await expect(personRow(page, 'Katherine Johnson')).toContainText('NACA');
      await page.keyboard.press('Control+z');
      await page.keyboard.press('Control+z');
      await expect(page.getByTestId('people-count')).toHaveText('0 people');
      await page.keyboard.press('Control+y');
      await expect(personRow(page, 'Katherine Johnson')).toBeVisible();
    });
  });

  test('the command palette jumps to a person and runs actions', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await addPerson(page, { name: 'Hedy Lamarr', org: 'MGM' });
      await addPerson(page, { name: 'Claude Shannon', org: 'Bell Labs' });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+k');
      const palette = page.getByRole('dialog', { name: 'Command palette' });
      await palette.getByRole('combobox').fill('hedy');
      await palette.getByRole('combobox').press('Enter');
      await expect(page.getByTestId('person-detail').getByRole('heading', { name: 'Hedy Lamarr' })).toBeVisible();
      await page.keyboard.press('Control+k');
      await palette.getByRole('combobox').fill('go trash');
      await palette.getByRole('combobox').press('Enter');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trash');
    });
  });

  test('two entries for one person are merged, keeping both notes and every value', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      for (const [name, email, note] of [
        ['Margaret Hamilton', 'margaret@mit.edu', 'Apollo guidance software: ask about the priority display story.'],
        ['M. Hamilton', 'margaret@mit.edu', 'Runs Hamilton Technologies now; interested in our testing tools.'],
      ] as const) {
        await addPerson(page, { name });
        await addChip(page, 'emails', email);
        await page.getByLabel(`A note about ${name}`).fill(note);
        await page.getByRole('button', { name: 'Add note' }).click();
        await expect(page.getByTestId('note')).toHaveCount(1);
      }
      await addChip(page, 'interests', 'Sailing');
      await page.getByRole('button', { name: /Review 1 possible duplicate/ }).click();
      const pair = page.getByTestId('duplicate');
      await expect(pair).toContainText('margaret@mit.edu');
      await pair.getByRole('button', { name: 'Keep Margaret Hamilton', exact: true }).click();
      const detail = page.getByTestId('person-detail');
      await expect(detail.getByRole('heading', { name: 'Margaret Hamilton' })).toBeVisible();
      await expect(page.getByTestId('people-count')).toHaveText('1 person');
      await expect(page.getByTestId('note').filter({ hasText: 'Apollo guidance' })).toHaveCount(1);
      await expect(page.getByTestId('note').filter({ hasText: 'Hamilton Technologies' })).toHaveCount(1);
      await expect(page.getByTestId('field-interests')).toContainText('Sailing');
      await expectSaved(page);
    });
  });
});
