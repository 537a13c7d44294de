#!/usr/bin/env node
// `npm run dist`: the installers (electron-builder, build/electron-builder.yml).
// electron-builder needs Electron's release zip from the network; where the
// electron package cannot get its binary either, this says why in one line
// and stops, instead of failing deep inside electron-builder.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectron } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electron = findElectron(root);
if (electron.reason) {
  console.error(
    `Kith cannot be packaged here: Electron ${electron.reason}. electron-builder downloads Electron's release from github.com; ` +
      'run `npm run dist` where that works. The packaging config is still checked by build/electron-builder.test.ts.',
  );
  process.exit(1);
}
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;
const built = run(process.execPath, [join(root, 'build', 'build.mjs')]);
if (built !== 0) process.exit(built);
process.exit(run(join(root, 'node_modules', '.bin', 'electron-builder'), ['--config', 'build/electron-builder.yml', ...process.argv.slice(2)]));
