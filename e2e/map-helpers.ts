/** Driving the network map with a real mouse: find a person's node, wait for placement, draw a link. */
import type { Page } from '@playwright/test';
import { expect } from './kith';

interface MapNodeHandle {
  id(): string;
  data(key: string): string;
  width(): number;
  height(): number;
  hasClass(name: string): boolean;
  style(name: string): string;
  renderedPosition(): { x: number; y: number };
  position(): { x: number; y: number };
  boundingBox(options: { includeNodes: boolean; includeLabels: boolean; includeEdges: boolean }): { w: number; h: number };
}

export type MapElement = HTMLElement & {
  cy: {
    $id(id: string): MapNodeHandle;
    nodes(selector?: string): { map<T>(f: (n: MapNodeHandle) => T): T[] };
    edges(): { length: number; map<T>(f: (e: MapNodeHandle) => T): T[] };
    $(selector: string): { length: number };
  };
};

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

/** Drags a person (in Move mode) so their centre lands at `to` (page coordinates). */
export async function dragNode(page: Page, name: string, to: { x: number; y: number }): Promise<void> {
  const from = await nodeOf(page, name);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

/** The map's box on the page: the frame around the canvas, which the popover and the legend sit in. */
export async function mapBox(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  return (await page.locator('.map-canvas-wrap').boundingBox())!;
}

/** WCAG contrast ratio of two CSS colours given as `rgb(r, g, b)` / `rgb(r,g,b)`. */
export function contrastRatio(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((channel) => {
      const value = Number(channel) / 255;
      return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}
