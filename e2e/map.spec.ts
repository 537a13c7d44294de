import { addPerson, expect, expectSaved, personRow, test, withApp } from './kith';
import { contrastRatio, dragNode, drawLink, edgeCount, mapBox, nodeOf, waitForPlaced, type MapElement } from './map-helpers';

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
      const styleWarnings: string[] = [];
      page.on('console', (message) => {
        if (/mapping/i.test(message.text())) styleWarnings.push(message.text());
      });
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
      // The people on the path are drawn round, as big as ever, and no style lacks its data.
      const shapes = await page.getByTestId('map').evaluate((element) =>
        (element as MapElement).cy.nodes('.on-path').map((node) => [node.data('name'), node.width(), node.height(), Number(node.data('size'))]),
      );
      expect(shapes.map(([name]) => name).sort()).toEqual(['Alice Martin', 'Carol Diaz', 'Me']);
      for (const [, width, height, size] of shapes) expect([width, height]).toEqual([size, size]);
      expect(styleWarnings).toEqual([]);

      await picker.fill('Bob');
      await picker.press('Enter');
      await expect(panel).toContainText('No one in your network links to Bob Chen yet');
    });
  });

  test('the link popover by the bottom edge stays inside the map; Enter links, Esc cancels', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      for (const name of ['Alice Martin', 'Bob Chen', 'Carol Diaz']) await addPerson(page, { name });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+2');
      await waitForPlaced(page, ['Alice Martin', 'Bob Chen', 'Carol Diaz']);
      const box = await mapBox(page);
      await dragNode(page, 'Bob Chen', { x: box.x + box.width - 40, y: box.y + box.height - 30 });
      await expectSaved(page);

      await page.getByRole('button', { name: 'Link', exact: true }).click();
      await drawLink(page, 'Alice Martin', 'Bob Chen');
      const popover = page.getByRole('form', { name: 'New link' });
      await expect(popover).toBeVisible();
      const shown = (await popover.boundingBox())!;
      expect(shown.x).toBeGreaterThanOrEqual(box.x);
      expect(shown.y).toBeGreaterThanOrEqual(box.y);
      expect(shown.x + shown.width).toBeLessThanOrEqual(box.x + box.width);
      expect(shown.y + shown.height).toBeLessThanOrEqual(box.y + box.height);
      await expect(popover.getByRole('button', { name: 'Link', exact: true })).toBeInViewport({ ratio: 1 });

      await expect(popover.getByLabel('How they are linked')).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(popover).toBeHidden();
      await expect.poll(() => edgeCount(page)).toBe(1);

      await drawLink(page, 'Carol Diaz', 'Bob Chen');
      await expect(popover).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(popover).toBeHidden();
      expect(await edgeCount(page)).toBe(1);
      await expectSaved(page);
    });
  });

  test('L and Esc work without focusing the map; the toolbar fits one line at 1440 px; the legend names people with no organisation', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      await addPerson(page, { name: 'Alice Martin', org: 'Acme' });
      await addPerson(page, { name: 'Bob Chen' });
      await page.keyboard.press('Escape');
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.keyboard.press('Control+2');
      await waitForPlaced(page, ['Alice Martin', 'Bob Chen']);
      const link = page.getByRole('button', { name: 'Link', exact: true });
      const move = page.getByRole('button', { name: 'Move', exact: true });
      await expect(page.getByTestId('map')).not.toBeFocused();
      await page.keyboard.press('l');
      await expect(link).toHaveAttribute('aria-pressed', 'true');
      await page.keyboard.press('Escape');
      await expect(move).toHaveAttribute('aria-pressed', 'true');
      // Typing an l in a field is typing, not a shortcut.
      const find = page.getByRole('searchbox', { name: 'Find on the map' });
      await find.fill('');
      await find.press('l');
      await expect(find).toHaveValue('l');
      await expect(move).toHaveAttribute('aria-pressed', 'true');

      // Lines of the toolbar: a control that starts below the bottom of the line before starts a new one.
      const rows = () =>
        page.locator('.map-toolbar').evaluate((toolbar) => {
          let lines = 0;
          let lineBottom = -Infinity;
          for (const { top, bottom } of [...toolbar.children].map((child) => child.getBoundingClientRect())) {
            if (top >= lineBottom) lines++;
            lineBottom = Math.max(lineBottom, bottom);
          }
          return lines;
        });
      expect(await rows()).toBe(1);
      // Narrower, it wraps onto more lines rather than running off the side.
      await page.setViewportSize({ width: 1024, height: 700 });
      await expect.poll(rows).toBeGreaterThan(1);
      const overflow = await page.locator('.map-view').evaluate((view) => view.scrollWidth - view.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);

      const legend = page.getByRole('list', { name: 'Organisations' });
      await expect(legend.getByRole('listitem')).toHaveText([/Acme\s*1/, /No organisation\s*1/]);
    });
  });

  test('a panel opening beside the map keeps the person it is about in view', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      for (const name of ['Alice Martin', 'Bob Chen']) await addPerson(page, { name });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+2');
      await waitForPlaced(page, ['Alice Martin', 'Bob Chen']);
      const before = await mapBox(page);
      await dragNode(page, 'Bob Chen', { x: before.x + before.width - 30, y: before.y + before.height / 2 });
      await expectSaved(page);
      const bob = await nodeOf(page, 'Bob Chen');
      await page.mouse.click(bob.x, bob.y);
      await expect(page.getByTestId('person-detail').getByRole('heading', { name: 'Bob Chen' })).toBeVisible();
      const after = await mapBox(page);
      expect(after.width).toBeLessThan(before.width - 200);
      await expect
        .poll(async () => {
          const { x, y } = await nodeOf(page, 'Bob Chen');
          return x > after.x + 20 && x < after.x + after.width - 20 && y > after.y + 20 && y < after.y + after.height - 20;
        })
        .toBe(true);
    });
  });

  test('links read against the map on the light and the dark theme; a long name ends in an ellipsis', async ({ dataDir }) => {
    await withApp(dataDir, async (page) => {
      const long = 'Maximiliana Alexandrovna Konstantinopoulou-Rasmussen';
      for (const name of ['Alice Martin', long]) await addPerson(page, { name });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+2');
      await waitForPlaced(page, ['Alice Martin', long]);
      await page.getByRole('button', { name: 'Link', exact: true }).click();
      await drawLink(page, 'Alice Martin', long);
      await page.keyboard.press('Enter');
      await expect.poll(() => edgeCount(page)).toBe(1);

      const contrast = () =>
        page.getByTestId('map').evaluate((element) => {
          const cy = (element as MapElement).cy;
          return [cy.edges().map((edge) => edge.style('line-color'))[0]!, getComputedStyle(element.parentElement!).backgroundColor];
        });
      await page.emulateMedia({ colorScheme: 'light' });
      const [lightLink, lightSurface] = await contrast();
      expect(contrastRatio(lightLink!, lightSurface!)).toBeGreaterThanOrEqual(3);
      // The map restyles when the theme changes, with a link colour of the dark theme's own.
      await page.emulateMedia({ colorScheme: 'dark' });
      await expect.poll(async () => (await contrast())[0]).not.toBe(lightLink);
      const [darkLink, darkSurface] = await contrast();
      expect(darkSurface).not.toBe(lightSurface);
      expect(contrastRatio(darkLink!, darkSurface!)).toBeGreaterThanOrEqual(3);

      const { id } = await nodeOf(page, long);
      const label = await page.getByTestId('map').evaluate((element, nodeId) => {
        const node = (element as MapElement).cy.$id(nodeId);
        return { named: node.hasClass('named'), width: node.boundingBox({ includeNodes: false, includeLabels: true, includeEdges: false }).w };
      }, id);
      expect(label.named).toBe(true);
      expect(label.width).toBeGreaterThan(40);
      expect(label.width).toBeLessThanOrEqual(140);
    });
  });
});
