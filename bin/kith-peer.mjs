#!/usr/bin/env node
// kith-peer: the headless always-on Kith peer (electron/host/peer/). It runs
// the build in dist/; `npm run peer` builds it first.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'host', 'peer.mjs');
if (!existsSync(built)) {
  console.error('kith-peer is not built yet: run `npm run build` (or `node build/build.mjs --peer`) in the Kith folder first.');
  process.exit(1);
}
await import(pathToFileURL(built).href);
