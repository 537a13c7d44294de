import { execFileSync } from 'node:child_process';

/** Flags that let Chromium run as root in a container with no GPU and no network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The system Chromium (Playwright's own browser download is not used). */
export function chromiumExecutable(): string | undefined {
  if (process.env.KITH_CHROMIUM) return process.env.KITH_CHROMIUM;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  return undefined;
}
