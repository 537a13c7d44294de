#!/usr/bin/env node
// `npm start`: build, then run Kith in Electron when its binary can be had,
// otherwise in browser mode (the same host in Node, the UI in Chromium).
//   npm start [-- --browser] [-- --data-dir DIR] [-- --port N] [-- FILE]
//   (FILE: a .vcf or .kithbackup, opened as the system opens one with Kith)
//   npm run dev   (the same, rebuilding on every change; reload the window to see it)
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { findElectron } from './electron-binary.mjs';
import { systemChromium } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser') || process.env.KITH_BROWSER_MODE === '1';
const passThrough = args.filter((arg) => arg !== '--browser' && arg !== '--dev');

const built = spawnSync(process.execPath, [join(root, 'build', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
if (args.includes('--dev')) {
  spawn(process.execPath, [join(root, 'build', 'build.mjs'), '--watch'], { cwd: root, stdio: 'inherit' });
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

const electron = forceBrowser ? { reason: 'browser mode was asked for' } : findElectron(root);
if (electron.path) {
  console.log('Kith: starting the Electron app.');
  run(electron.path, [root, ...passThrough]);
} else {
  console.log(`Kith: Electron is unavailable (${electron.reason}); running browser mode.`);
  // A window needs the system Chromium: the one npm installs for the tests is headless, so then the address is printed.
  const chromium = systemChromium();
  const open = chromium ? ['--open', '--chromium', chromium] : ['--open'];
  run(process.execPath, [join(root, 'dist', 'host', 'browser-mode.mjs'), ...open, ...passThrough]);
}
