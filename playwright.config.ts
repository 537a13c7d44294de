import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium';

const ELECTRON_SPECS = ['electron.spec.ts', 'electron-desktop.spec.ts'];

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
  // The Electron specs launch the app itself (_electron); they skip, saying why, where its binary cannot be had.
  projects: [
    { name: 'browser', testIgnore: ELECTRON_SPECS },
    { name: 'electron', testMatch: ELECTRON_SPECS },
  ],
});
