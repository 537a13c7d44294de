/**
 * Drives Kith in browser mode as a person would: a host process with its own
 * data folder, and Chromium with a profile inside that folder.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, expect, test as base, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';

const ROOT = resolve(import.meta.dirname, '..');

export async function newDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kith-e2e-'));
}

/** Playwright's `test` with a fresh data folder per test, removed afterwards. */
export const test = base.extend<{ dataDir: string }>({
  // Playwright reads the fixtures a fixture needs from this pattern; this one needs none.
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = await newDataDir();
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
});
export { expect };

export interface RunningHost {
  url: string;
  process: ChildProcess;
  output(): string;
}

/** `args`: more of browser mode's command line, such as a file to open (as the system opens one with Kith). */
export async function startHost(dataDir: string, args: readonly string[] = []): Promise<RunningHost> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/host/browser-mode.mjs'), '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`Kith did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Kith exited with ${code}:\n${output}`)));
  });
  return { url, process: child, output: () => output };
}

/** Stops the host: gracefully (SIGTERM) or as a crash would (SIGKILL). */
export async function stopHost(host: RunningHost, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (host.process.exitCode !== null || host.process.signalCode !== null) return;
  const exited = new Promise((done) => host.process.once('exit', done));
  host.process.kill(signal);
  await exited;
}

/** Opens the app in Chromium; `profile` names a second window with its own browser profile (its own IndexedDB). */
export async function openApp(dataDir: string, url: string, profile = 'chromium-profile'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(join(dataDir, profile), {
    ...chromiumLaunchOptions(),
    viewport: { width: 1200, height: 760 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await expect(page.getByTestId('people-count')).toBeVisible();
  return { context, page };
}

/** Kills every Chromium process using this data folder's profile, as a power cut would. */
export function killBrowser(dataDir: string): void {
  try {
    execFileSync('pkill', ['-KILL', '-f', join(dataDir, 'chromium-profile')]);
  } catch {
    // pkill exits 1 when nothing matched: already gone.
  }
}

export async function addPerson(page: Page, fields: { name: string; org?: string; role?: string }): Promise<void> {
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^Add (your first )?person/ }).first().click();
  const form = page.getByRole('form', { name: 'Add a person' });
  await form.getByLabel('Name').fill(fields.name);
  if (fields.org) await form.getByLabel('Organisation').fill(fields.org);
  if (fields.role) await form.getByLabel('Role').fill(fields.role);
  await form.getByLabel('Name').press('Enter');
  await expect(page.getByTestId('person-detail').getByRole('heading', { name: fields.name })).toBeVisible();
}

export async function expectSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved');
}

export function countText(count: number): string {
  return `${count} ${count === 1 ? 'person' : 'people'}`;
}

export function personRow(page: Page, name: string) {
  return page.getByTestId('person-row').filter({ hasText: name });
}

/** Starts the host and opens the app on a data folder, runs `use`, then closes both as a person quitting would. */
export async function withApp(dataDir: string, use: (page: Page) => Promise<void>): Promise<void> {
  const host = await startHost(dataDir);
  try {
    const { context, page } = await openApp(dataDir, host.url);
    try {
      await use(page);
    } finally {
      await context.close();
    }
  } finally {
    await stopHost(host);
  }
}

/** Adds a value to a list field (chips) and waits for its chip. */
export async function addChip(page: Page, field: string, value: string): Promise<void> {
  const box = page.getByTestId(`field-${field}`).getByRole('combobox');
  await box.fill(value);
  await box.press('Enter');
  await expect(page.getByTestId(`field-${field}`).locator('.chip').filter({ hasText: value })).toBeVisible();
}

/** Types into a single-line field and saves it with Enter. */
export async function setText(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).fill(value);
  await page.getByTestId(testId).press('Enter');
}
