/**
 * esbuild bundles for the benches: the TypeScript fixtures as Node modules,
 * and small scripts injected into a page.
 */
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT_DIR = join(REPO_DIR, 'bench', 'out', 'bundles');

/**
 * e2e/fixtures/network.ts as an ES module. Packages stay external, so the
 * generator and the bench share node_modules' single copy of yjs.
 */
export async function loadNetworkGenerator() {
  return loadTypeScript('e2e/fixtures/network.ts');
}

/**
 * Any TypeScript module of the repo (a path from the repo's root, such as
 * 'shared/search/people-search.ts') as an ES module, packages external like
 * the generator's, so both use the same yjs.
 */
export async function loadTypeScript(path) {
  const outfile = join(OUT_DIR, `${path.replace(/\.ts$/, '').replaceAll('/', '-')}.mjs`);
  await build({
    entryPoints: [join(REPO_DIR, path)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

/** A script (with its imports bundled in) as an IIFE source string, for page.evaluate. */
export async function bundleForPage(entry) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}
