/** Driving the network map with a real mouse: find a person's node, wait for placement, draw a link. */
import type { Page } from '@playwright/test';
import { expect } from './kith';

export type MapElement = HTMLElement & { cy: { $id(id: string): { renderedPosition(): { x: number; y: number }; position(): { x: number; y: number } }; nodes(): { map<T>(f: (n: { id(): string; data(k: string): string }) => T): T[] }; edges(): { length: number; map<T>(f: (e: { id(): string }) => T): T[] }; $(selector: string): { length: number } } };

/** The id and on-screen position of the node of the person named `name`. */
export async function nodeOf(page: Page, name: string): Promise<{ id: string; x: number; y: number }> {
  const box = (await page.getByTestId('map').boundingBox())!;
  const found = await page.getByTestId('map').evaluate((element, wanted) => {
    const cy = (element as MapElement).cy;
    const id = cy.nodes().map((node) => [node.id(), node.data('name')]).find(([, nodeName]) => nodeName === wanted)?.[0];
    if (!id) return null;
    return { id, ...cy.$id(id).renderedPosition() };
  }, name);
  if (!found) throw new Error(`${name} is not on the map`);
  return { id: found.id, x: box.x + found.x, y: box.y + found.y };
}

export async function edgeCount(page: Page): Promise<number> {
  return page.getByTestId('map').evaluate((element) => (element as MapElement).cy.edges().length);
}

export async function waitForPlaced(page: Page, names: string[]): Promise<void> {
  await expect(page.getByRole('button', { name: 'Re-arrange' })).toBeEnabled();
  for (const name of names) await nodeOf(page, name);
}

export async function drawLink(page: Page, from: string, to: string): Promise<void> {
  const source = await nodeOf(page, from);
  const target = await nodeOf(page, to);
  await page.mouse.move(source.x, source.y);
  await page.mouse.down();
  await page.mouse.move(target.x, target.y, { steps: 10 });
  await expect
    .poll(() => page.getByTestId('map').evaluate((element) => (element as MapElement).cy.$('.eh-preview').length))
    .toBeGreaterThan(0);
  await page.mouse.up();
}
