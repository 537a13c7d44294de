#!/usr/bin/env node
// Builds everything Kith runs from: the renderer (Vite) and the Node/Electron
// entry points (esbuild). Usage: node build/build.mjs [--watch | --peer (only the headless peer)]
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import * as esbuild from 'esbuild';
import { build as viteBuild } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  define: { KITH_VERSION: JSON.stringify(pkg.version) },
  absWorkingDir: root,
};

const entries = [
  // Electron's main process: everything bundled but Electron itself.
  { ...common, entryPoints: ['electron/main/index.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs',
    // Native addons load their prebuilt binaries at run time: they cannot be bundled (packaging unpacks them from the asar).
    external: ['electron', 'sodium-native', 'udx-native'] },
  // A sandboxed preload may only require('electron'): it must be one self-contained file.
  { ...common, entryPoints: ['electron/preload/index.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] },
  // Browser mode: the host in plain Node, next to the built renderer.
  { ...common, entryPoints: ['electron/host/browser-mode.ts'], outfile: 'dist/host/browser-mode.mjs', format: 'esm', packages: 'external' },
];
// The headless always-on peer (kith-peer): the host alone, no renderer.
const peerEntry = { ...common, entryPoints: ['electron/host/peer/cli.ts'], outfile: 'dist/host/peer.mjs', format: 'esm', packages: 'external' };
entries.push(peerEntry);

async function buildRenderer() {
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: watch ? { watch: {} } : {} });
}

if (process.argv.includes('--peer')) {
  // `npm run peer`: only the peer, which needs no renderer.
  await esbuild.build(peerEntry);
} else if (watch) {
  for (const options of entries) await (await esbuild.context(options)).watch();
  await buildRenderer();
  console.log('Kith: watching for changes');
} else {
  await Promise.all([...entries.map((options) => esbuild.build(options)), buildRenderer()]);
}
if (!process.argv.includes('--peer')) {
  // The tray shows the app icon (electron/main/tray.ts), read beside main.cjs.
  await mkdir(join(root, 'dist/electron'), { recursive: true });
  await copyFile(join(root, 'build/icon.png'), join(root, 'dist/electron/tray-icon.png'));
}
