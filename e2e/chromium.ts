// @ts-expect-error — a plain .mjs helper shared with the benchmarks and `npm test`
import { CHROMIUM_ARGS as ARGS, findChromium } from '../build/chromium.mjs';

/** Flags that let Chromium run as root in a container with no GPU and no network. */
export const CHROMIUM_ARGS: string[] = ARGS;

/** The system Chromium (Playwright's own browser download is not used). */
export function chromiumExecutable(): string | undefined {
  return findChromium();
}
