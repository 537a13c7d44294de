import { addChip, addPerson, expect, expectSaved, personRow, setText, test, withApp } from './kith';

test.describe('personal connection', () => {
  test('what I share with a contact shows on their page, however it is spelt', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await page.getByRole('button', { name: 'My profile' }).click();
      await setText(page, 'me-name', 'Sam Rivera');
      await addChip(page, 'schools', 'Massachusetts Institute of Technology');
      await addChip(page, 'interests', 'Kitesurfing');
      await setText(page, 'field-hometown', 'Zürich');

      await page.keyboard.press('Control+1');
      await addPerson(page, { name: 'Amara Okafor', org: 'Lagos Fintech Hub' });
      const shared = page.getByTestId('what-you-share');
      await expect(shared).toContainText('Nothing yet');
      await addChip(page, 'schools', 'MIT');
      await addChip(page, 'interests', 'kitesurfing');
      await setText(page, 'field-hometown', 'Zurich');
      await expect(shared).toContainText('MIT');
      await expect(shared).toContainText('kitesurfing');
      await expect(shared).toContainText('Zurich');
      await expect(shared).toContainText('You both studied at MIT');
      await expectSaved(page);
    });
    await withApp(dataDir, async (page) => {
      await personRow(page, 'Amara Okafor').click();
      await expect(page.getByTestId('what-you-share')).toContainText('kitesurfing');
    });
  });

  test('my own alias makes two spellings one', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await page.getByRole('button', { name: 'My profile' }).click();
      await addChip(page, 'pastOrgs', "King's College London");
      await page.getByLabel('Short or other spelling').fill('KCL');
      await page.getByLabel('Means').fill("King's College London");
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await expect(page.getByText('means')).toBeVisible();
      await page.keyboard.press('Control+1');
      await addPerson(page, { name: 'Rosalind Franklin' });
      await addChip(page, 'pastOrgs', 'KCL');
      await expect(page.getByTestId('what-you-share')).toContainText('KCL');
    });
  });

  test('people who should meet are introduced, which links them and notes it on both', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await addPerson(page, { name: 'Björn Lindqvist', org: 'Spotify' });
      await addChip(page, 'interests', 'Sailing');
      await setText(page, 'field-hometown', 'Göteborg');
      await addPerson(page, { name: 'Kavya Iyer', org: 'Freshworks' });
      await addChip(page, 'interests', 'sailing');
      await setText(page, 'field-hometown', 'Goteborg');
      await addPerson(page, { name: 'Ethan Brooks', org: 'Stripe' });

      await page.keyboard.press('Control+5');
      const pair = page.getByTestId('should-meet').filter({ hasText: 'Björn Lindqvist' }).filter({ hasText: 'Kavya Iyer' });
      await expect(pair).toBeVisible();
      await expect(pair).toContainText(/sailing/i);
      await pair.getByRole('button', { name: /Introduce/ }).click();
      await expect(pair).toHaveCount(0);
      await expectSaved(page);
    });
    await withApp(dataDir, async (page) => {
      for (const [name, other] of [['Björn Lindqvist', 'Kavya Iyer'], ['Kavya Iyer', 'Björn Lindqvist']]) {
        await personRow(page, name!).click();
        await expect(page.getByTestId('connections')).toContainText(other!);
        await expect(page.getByTestId('connections')).toContainText('introduced');
        await expect(page.getByTestId('note').filter({ hasText: 'Introduced' })).toHaveCount(1);
      }
    });
  });

  test('a referral shows who introduced a person, and whom the introducer brought', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await addPerson(page, { name: 'Isabel Costa', org: 'Gulbenkian Foundation' });
      await addPerson(page, { name: 'Hiroshi Tanaka', org: 'Sony CSL' });
      const introducer = page.getByTestId('field-introducedBy').getByRole('combobox');
      await introducer.fill('Isabel');
      await introducer.press('Enter');
      await expect(page.getByTestId('referrals')).toContainText('Introduced by Isabel Costa');
      await page.getByTestId('referrals').getByRole('button', { name: 'Isabel Costa' }).click();
      await expect(page.getByTestId('referrals')).toContainText('Introduced you to Hiroshi Tanaka');
    });
  });
});
