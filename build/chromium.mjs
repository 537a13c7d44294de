// The system Chromium for tests and benchmarks (Playwright's own browser
// download is not used), and the flags that let it run as root, without a
// GPU and without calling home.
import { spawnSync } from 'node:child_process';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** KITH_CHROMIUM, else the first Chromium on the PATH; undefined when there is none. */
export function findChromium() {
  if (process.env.KITH_CHROMIUM) return process.env.KITH_CHROMIUM;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('which', [name], { encoding: 'utf8' });
    if (found.status === 0) return found.stdout.trim();
  }
  return undefined;
}
