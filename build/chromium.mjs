// The one place that picks the Chromium for the end-to-end tests, the
// benchmarks and `npm start`'s browser mode. Playwright's own browser
// download is not used (it fetches from outside the npm registry).
//
//   1. the system Chromium: KITH_CHROMIUM, else chromium / chromium-browser /
//      google-chrome on the PATH: the browser of the machine, and the only
//      one that can open windows (headed runs, `npm start`).
//   2. otherwise the headless Chromium that `npm install` brought in the
//      @sparticuz/chromium package (a devDependency), unpacked once into
//      node_modules/.cache/kith-chromium/<version>/. Headless only.
//
// KITH_NO_SYSTEM_CHROMIUM=1 ignores the system one (KITH_CHROMIUM and the
// PATH alike), as on a machine that has none.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const BUNDLED_PACKAGE = '@sparticuz/chromium';

/** Flags that let Chromium run as root, without a GPU and without calling home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The system Chromium's path, or undefined when there is none (or KITH_NO_SYSTEM_CHROMIUM=1). */
export function systemChromium(env = process.env) {
  if (env.KITH_NO_SYSTEM_CHROMIUM === '1') return undefined;
  if (env.KITH_CHROMIUM) return env.KITH_CHROMIUM;
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    for (const name of SYSTEM_NAMES) {
      const candidate = join(folder, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not in this folder
      }
    }
  }
  return undefined;
}

/** The installed @sparticuz/chromium package: its folder and version, or undefined when npm did not install it. */
function bundledPackage() {
  const manifest = join(root, 'node_modules', ...BUNDLED_PACKAGE.split('/'), 'package.json');
  if (!existsSync(manifest)) return undefined;
  return { dir: dirname(manifest), version: JSON.parse(readFileSync(manifest, 'utf8')).version };
}

/**
 * Unpacks the package's browser (with the NSS libraries, fonts and software
 * GL it is built against) into a folder of its own version, once. The
 * package's executablePath() unpacks under os.tmpdir(); run in a child with
 * TMPDIR set to a staging folder, then renamed whole, a half-written browser
 * is never found and two versions never share one path.
 */
function unpackBundled(pkg) {
  const cache = join(root, 'node_modules', '.cache', 'kith-chromium');
  const dir = join(cache, pkg.version);
  const executable = join(dir, 'chromium');
  if (existsSync(executable)) return dir;
  mkdirSync(cache, { recursive: true });
  const staging = `${dir}.unpacking-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  const script = `
    import chromium, { inflate } from ${JSON.stringify(BUNDLED_PACKAGE)};
    import { join } from 'node:path';
    await chromium.executablePath();
    // The NSS libraries are unpacked only on AWS by the package; a machine without them needs them too.
    await inflate(join(${JSON.stringify(join(pkg.dir, 'bin'))}, 'al2023.tar.br'));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, TMPDIR: staging },
    encoding: 'utf8',
  });
  if (run.status !== 0 || !existsSync(join(staging, 'chromium'))) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`Could not unpack the Chromium of ${BUNDLED_PACKAGE} ${pkg.version}: ${run.stderr || run.error?.message || `exit code ${run.status}`}\nRun npm install again, or install a system Chromium (Debian: apt-get install chromium).`);
  }
  // The package's fonts.conf names /tmp/fonts; this one names the folder the fonts are in, and the system's fonts.
  writeFileSync(
    join(staging, 'fonts.conf'),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${join(dir, 'fonts')}</dir>\n  <dir>/usr/share/fonts</dir>\n  <cachedir>${join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
  );
  try {
    renameSync(staging, dir);
  } catch (error) {
    // Another process unpacked the same version first; its copy is as good.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(executable)) throw error;
  }
  return dir;
}

/**
 * The Chromium to launch, as Playwright launch options plus what it is:
 * { kind: 'system' | 'bundled', executablePath, args, env }. Only the
 * system one can show windows (headed runs, `npm start`).
 * Throws, saying what to do, when there is neither.
 */
export function chromiumForTests(env = process.env) {
  const system = systemChromium(env);
  if (system) {
    return { kind: 'system', executablePath: system, args: CHROMIUM_ARGS, env: undefined };
  }
  const pkg = bundledPackage();
  if (!pkg) {
    throw new Error(
      `No Chromium: there is no system Chromium and ${BUNDLED_PACKAGE} is not installed. Run npm install (it brings a headless Chromium), or install one (Debian: apt-get install chromium) or set KITH_CHROMIUM.`,
    );
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`No Chromium: the one ${BUNDLED_PACKAGE} brings runs on Linux x64 only. Install Chromium or Chrome, or set KITH_CHROMIUM to its binary.`);
  }
  const dir = unpackBundled(pkg);
  const executablePath = join(dir, 'chromium');
  return {
    kind: 'bundled',
    executablePath,
    args: CHROMIUM_ARGS,
    // Its own NSS libraries first, so a machine without them (no system Chromium pulled them in) runs it too.
    env: {
      ...process.env,
      LD_LIBRARY_PATH: [join(dir, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(delimiter),
      FONTCONFIG_FILE: join(dir, 'fonts.conf'),
    },
  };
}

/** "bundled /path/chromium (Chromium 153.0.8010.0)": which browser ran, for a test summary. */
export function describeChromium(browser) {
  const run = spawnSync(browser.executablePath, ['--version'], { encoding: 'utf8', env: browser.env, timeout: 10_000 });
  const version = run.stdout?.trim().split('\n').at(-1) || 'version unknown';
  return `${browser.kind} ${browser.executablePath} (${version})`;
}
