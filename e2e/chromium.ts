// @ts-expect-error — a plain .mjs helper shared with the benchmarks, `npm start` and `npm test`
import { chromiumForTests } from '../build/chromium.mjs';

export interface ChromiumForTests {
  kind: 'system' | 'bundled';
  executablePath: string;
  args: string[];
  /** Set for the bundled one (its own libraries and fonts); the system one runs with the test's environment. */
  env: Record<string, string | undefined> | undefined;
}

let chosen: ChromiumForTests | undefined;

/** The Chromium build/chromium.mjs picks (the system one, else the bundled one), chosen once per process. */
export function chromiumForE2e(): ChromiumForTests {
  chosen ??= chromiumForTests() as ChromiumForTests;
  return chosen;
}

/** Playwright launch options for that Chromium. */
export function chromiumLaunchOptions(): { executablePath: string; args: string[]; env?: Record<string, string | undefined> } {
  const { executablePath, args, env } = chromiumForE2e();
  return env ? { executablePath, args, env } : { executablePath, args };
}
