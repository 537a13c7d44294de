import { expect, type Page } from '@playwright/test';
import { addPerson, expectSaved, personRow } from './kith';

export const THREE = [
  { name: 'Ada Lovelace', org: 'Analytical Engines', role: 'Research lead' },
  { name: 'Grace Hopper', org: 'US Navy', role: 'Rear admiral' },
  { name: 'Tim Berners-Lee', org: 'CERN', role: 'Fellow' },
];

/** Adds three people through the UI and changes one's organisation. */
export async function addThreeAndEditOne(page: Page): Promise<void> {
  for (const person of THREE) await addPerson(page, person);
  await expect(page.getByTestId('people-count')).toHaveText('3 people');

  await personRow(page, 'Grace Hopper').click();
  const org = page.getByTestId('field-org');
  await org.fill('Yale University');
  await org.press('Enter');
  await expect(personRow(page, 'Grace Hopper')).toContainText('Yale University');
  await expectSaved(page);
}

export async function expectThreeWithEdit(page: Page): Promise<void> {
  await expect(page.getByTestId('people-count')).toHaveText('3 people');
  for (const person of THREE) await expect(personRow(page, person.name)).toBeVisible();
  await expect(personRow(page, 'Grace Hopper')).toContainText('Yale University');
  await expect(personRow(page, 'Grace Hopper')).not.toContainText('US Navy');
  await personRow(page, 'Grace Hopper').click();
  await expect(page.getByTestId('field-org')).toHaveValue('Yale University');
}
