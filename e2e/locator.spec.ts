import { addPerson, expect, expectSaved, test, withApp } from './kith';

test.describe('expert locator', () => {
  test('a word that appears only in a note finds its person, with the snippet and filters', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      const people = [
        { name: 'Amara Okafor', org: 'Lagos Fintech Hub', note: 'Met at Money20/20. She is building a remittance API for diaspora families.' },
        { name: 'Chen Wei', org: 'Tsinghua University', note: 'His lab is moving to haptics; wants a co-author.' },
      ];
      for (const person of people) {
        await addPerson(page, person);
        await page.getByLabel(`A note about ${person.name}`).fill(person.note);
        await page.getByRole('button', { name: 'Add note' }).click();
        await expect(page.getByTestId('note')).toHaveCount(1);
      }
      await page.getByTestId('field-tier').selectOption('close');
      await expectSaved(page);

      await page.keyboard.press('Escape');
      await page.getByLabel('Search people').fill('remitt');
      const results = page.getByTestId('search-result');
      await expect(results).toHaveCount(1);
      await expect(results.first()).toContainText('Amara Okafor');
      await expect(results.first().getByTestId('why')).toContainText('Notes');
      await expect(results.first().getByTestId('why')).toContainText('remittance API');
      await expect(results.first().locator('mark')).toHaveText('remitt');

      // Fuzzy: a typo still finds the note's word.
      await page.getByLabel('Search people').fill('haptcs');
      await expect(results.first()).toContainText('Chen Wei');

      await page.getByLabel('Search people').fill('');
      await page.getByRole('combobox', { name: 'Closeness', exact: true }).and(page.locator('.filters select')).selectOption('close');
      await expect(results).toHaveCount(1);
      await expect(results.first()).toContainText('Chen Wei');
      await results.first().click();
      await expect(page.getByTestId('person-detail').getByRole('heading', { name: 'Chen Wei' })).toBeVisible();
    });
  });
});
