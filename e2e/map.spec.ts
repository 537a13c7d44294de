import { addPerson, expect, expectSaved, personRow, test, withApp } from './kith';
import { drawLink, edgeCount, nodeOf, waitForPlaced, type MapElement } from './map-helpers';

test.describe('network map', () => {
  test('dragging from Alice to Bob creates exactly one link, visible on Bob’s profile', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      for (const name of ['Alice Martin', 'Bob Chen', 'Carol Diaz']) await addPerson(page, { name, org: 'Acme' });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+2');
      await waitForPlaced(page, ['Alice Martin', 'Bob Chen', 'Carol Diaz']);
      await page.getByRole('button', { name: 'Link', exact: true }).click();
      await drawLink(page, 'Alice Martin', 'Bob Chen');
      const popover = page.getByRole('form', { name: 'New link' });
      await expect(popover).toContainText('Link Alice Martin and Bob Chen');
      expect(await edgeCount(page)).toBe(0);
      await popover.getByLabel('How they are linked').selectOption('works-with');
      await popover.getByRole('button', { name: 'Link', exact: true }).click();
      await expect.poll(() => edgeCount(page)).toBe(1);

      // The same pair again is refused with a message, and no second link appears.
      await drawLink(page, 'Bob Chen', 'Alice Martin');
      await page.getByRole('form', { name: 'New link' }).getByRole('button', { name: 'Link', exact: true }).click();
      await expect(page.getByRole('form', { name: 'New link' }).getByRole('alert')).toBeVisible();
      await page.getByRole('form', { name: 'New link' }).getByRole('button', { name: 'Cancel' }).click();
      expect(await edgeCount(page)).toBe(1);
      await expectSaved(page);

      await page.keyboard.press('Control+1');
      await personRow(page, 'Bob Chen').click();
      await expect(page.getByTestId('connections')).toContainText('Alice Martin');
      await expect(page.getByTestId('connections')).toContainText('works with');
    });
  });

  test('a dragged person keeps their place after a restart', async ({ dataDir }) => {
    let moved = { x: 0, y: 0 };
    await withApp(dataDir, async (page) => {
      for (const name of ['Alice Martin', 'Bob Chen']) await addPerson(page, { name });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+2');
      await waitForPlaced(page, ['Alice Martin', 'Bob Chen']);
      const alice = await nodeOf(page, 'Alice Martin');
      await page.mouse.move(alice.x, alice.y);
      await page.mouse.down();
      await page.mouse.move(alice.x + 120, alice.y + 60, { steps: 8 });
      await page.mouse.up();
      moved = await page.getByTestId('map').evaluate((element, id) => (element as MapElement).cy.$id(id).position(), alice.id);
      await expectSaved(page);
    });
    await withApp(dataDir, async (page) => {
      await page.keyboard.press('Control+2');
      const { id } = await nodeOf(page, 'Alice Martin');
      const position = await page.getByTestId('map').evaluate((element, nodeId) => (element as MapElement).cy.$id(nodeId).position(), id);
      expect(position.x).toBeCloseTo(moved.x, 0);
      expect(position.y).toBeCloseTo(moved.y, 0);
    });
  });

  test('a deleted link comes back with undo', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      for (const name of ['Alice Martin', 'Bob Chen']) await addPerson(page, { name });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+2');
      await waitForPlaced(page, ['Alice Martin', 'Bob Chen']);
      await page.getByRole('button', { name: 'Link', exact: true }).click();
      await drawLink(page, 'Alice Martin', 'Bob Chen');
      await page.getByRole('form', { name: 'New link' }).getByRole('button', { name: 'Link', exact: true }).click();
      await expect.poll(() => edgeCount(page)).toBe(1);
      await page.getByRole('button', { name: 'Move', exact: true }).click();

      const alice = await nodeOf(page, 'Alice Martin');
      const bob = await nodeOf(page, 'Bob Chen');
      // A point on the link a little way from Alice: the middle may be covered by the me node.
      await page.mouse.click(alice.x + (bob.x - alice.x) * 0.3, alice.y + (bob.y - alice.y) * 0.3);
      const panel = page.getByTestId('link-panel');
      await expect(panel).toContainText('Alice Martin');
      await panel.getByRole('button', { name: 'Delete link' }).click();
      await expect.poll(() => edgeCount(page)).toBe(0);
      await page.keyboard.press('Control+z');
      await expect.poll(() => edgeCount(page)).toBe(1);
    });
  });

  test('the introduction path to someone goes through the person who knows them', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await addPerson(page, { name: 'Alice Martin' });
      await page.getByTestId('field-tier').selectOption('inner');
      await addPerson(page, { name: 'Bob Chen' });
      await page.getByTestId('field-tier').selectOption('acquaintance');
      await addPerson(page, { name: 'Carol Diaz' });
      await page.getByTestId('field-tier').selectOption('acquaintance');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+2');
      await waitForPlaced(page, ['Alice Martin', 'Bob Chen', 'Carol Diaz']);
      await page.getByRole('button', { name: 'Link', exact: true }).click();
      await drawLink(page, 'Alice Martin', 'Carol Diaz');
      const popover = page.getByRole('form', { name: 'New link' });
      await popover.getByLabel(/Strength/).fill('5');
      await popover.getByRole('button', { name: 'Link', exact: true }).click();
      await expect.poll(() => edgeCount(page)).toBe(1);
      await page.getByRole('button', { name: 'Move', exact: true }).click();

      const picker = page.getByTestId('path-target').getByRole('combobox');
      await picker.fill('Carol');
      await picker.press('Enter');
      const panel = page.getByTestId('path-panel');
      await expect(panel).toContainText('Who can introduce you to Carol Diaz');
      await expect(panel.getByRole('listitem')).toHaveText([/Alice Martin/, /Carol Diaz/]);
      await expect(panel).toContainText('strength 5');

      await picker.fill('Bob');
      await picker.press('Enter');
      await expect(panel).toContainText('No one in your network links to Bob Chen yet');
    });
  });
});
