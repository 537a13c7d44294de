import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  // A loaded machine is slow to start a host and a browser; a wait that fails here fails for real.
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'browser', testIgnore: 'electron.spec.ts' },
    { name: 'electron', testMatch: 'electron.spec.ts' },
  ],
});
