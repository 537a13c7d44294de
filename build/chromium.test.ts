// Which Chromium build/chromium.mjs picks: the system one when there is one,
// else the headless one of @sparticuz/chromium, unpacked with what it needs.
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs helper shared with the benchmarks, `npm start` and `npm test`
import { chromiumForTests, describeChromium, systemChromium } from './chromium.mjs';

const bin = mkdtempSync(join(tmpdir(), 'kith-chromium-test-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function fakeBrowser(name: string): string {
  const path = join(bin, name);
  writeFileSync(path, '#!/bin/sh\necho "Chromium 1.2.3"\n');
  chmodSync(path, 0o755);
  return path;
}

describe('the system Chromium', () => {
  it('is found on the PATH, or named by KITH_CHROMIUM, and hidden by KITH_NO_SYSTEM_CHROMIUM=1', () => {
    const found = fakeBrowser('chromium-browser');
    expect(systemChromium({ PATH: `/nonexistent:${bin}` })).toBe(found);
    expect(systemChromium({ PATH: bin, KITH_CHROMIUM: '/opt/chrome/chrome' })).toBe('/opt/chrome/chrome');
    expect(systemChromium({ PATH: bin, KITH_CHROMIUM: '/opt/chrome/chrome', KITH_NO_SYSTEM_CHROMIUM: '1' })).toBeUndefined();
    expect(systemChromium({ PATH: '/nonexistent' })).toBeUndefined();
  });

  it('is preferred, and launched with the test environment as it is', () => {
    const found = fakeBrowser('chromium');
    const browser = chromiumForTests({ PATH: bin });
    expect(browser).toMatchObject({ kind: 'system', executablePath: found, env: undefined });
    expect(browser.args).toContain('--no-sandbox');
    expect(describeChromium(browser)).toBe(`system ${found} (Chromium 1.2.3)`);
  });
});

describe('the bundled Chromium', () => {
  it('is used where there is no system one, unpacked with its own NSS libraries and fonts', () => {
    const browser = chromiumForTests({ PATH: bin, KITH_NO_SYSTEM_CHROMIUM: '1' });
    expect(browser.kind).toBe('bundled');
    expect(browser.executablePath).toMatch(/node_modules\/\.cache\/kith-chromium\/\d+\.\d+\.\d+\/chromium$/);
    accessSync(browser.executablePath, constants.X_OK);
    const dir = join(browser.executablePath, '..');
    expect(browser.env.LD_LIBRARY_PATH.split(':')[0]).toBe(join(dir, 'al2023', 'lib'));
    accessSync(join(dir, 'al2023', 'lib', 'libnss3.so'));
    expect(readFileSync(browser.env.FONTCONFIG_FILE, 'utf8')).toContain(`<dir>${join(dir, 'fonts')}</dir>`);
    // It runs: its own version, not the system's.
    expect(describeChromium(browser)).toMatch(/^bundled .*\(Chromium 1\d\d\.\d+\.\d+\.\d+\)$/);
  });
});
