// The layering rule (build/eslint-layers.mjs) as eslint.config.js sets it per
// folder: files that break ARCHITECTURE.md §1 are reported, files that keep it
// are not. Each file is linted as if it lay at the given path in the repo.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: ROOT });

/** The kith/layers messages ESLint gives `code` placed at `path`. */
async function layerProblems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result!.messages.filter((message) => message.ruleId === 'kith/layers').map((message) => message.message);
}

describe('the layering rule', () => {
  it('reports a Node built-in imported from shared/, with or without the node: prefix', async () => {
    const problems = await layerProblems(
      'shared/doc/layer-fixture.ts',
      "import { readFileSync } from 'node:fs';\nimport { join } from 'path';\nexport const read = () => readFileSync(join('a', 'b'));\n",
    );
    expect(problems).toEqual([
      "'node:fs' may not be imported here: This layer runs where Node built-ins do not exist.",
      "'path' may not be imported here: This layer runs where Node built-ins do not exist.",
    ]);
  });

  it('sees import(), require() and export-from, not only import declarations', async () => {
    const problems = await layerProblems(
      'shared/doc/layer-fixture.ts',
      "export { x } from 'fs/promises';\nexport const a = () => import('node:os');\nexport * from 'react';\n",
    );
    expect(problems).toHaveLength(3);
    const renderer = await layerProblems('renderer/src/layer-fixture.ts', "export const b = require('electron');\n");
    expect(renderer).toEqual(["'electron' may not be imported here: Only electron/main and electron/preload import Electron."]);
  });

  it('resolves relative paths: a folder is known whatever the depth of the import', async () => {
    expect(await layerProblems('electron/host/p2p/layer-fixture.ts', "import '../../main/window';\n")).toEqual([
      "'../../main/window' may not be imported here: host/ never imports electron/main.",
    ]);
    expect(await layerProblems('shared/doc/layer-fixture.ts', "import '../../renderer/src/App';\n")).toEqual([
      "'../../renderer/src/App' may not be imported here: shared/ never imports renderer/.",
    ]);
    expect(await layerProblems('electron/preload/layer-fixture.ts', "import { startHost } from '../host/host';\nexport { startHost };\n")).toEqual([
      "'../host/host' may not be imported here: The preload never imports the host.",
    ]);
  });

  it('lets each layer import what it may', async () => {
    expect(await layerProblems('shared/doc/layer-fixture.ts', "import * as Y from 'yjs';\nimport { z } from 'zod';\nexport const doc = () => [new Y.Doc(), z];\n")).toEqual([]);
    // electron/host/p2p/main.ts would be the host's own file, not electron/main.
    expect(await layerProblems('electron/host/layer-fixture.ts', "import 'node:fs';\nimport './p2p/main';\nimport '../../shared/doc/schema';\n")).toEqual([]);
    expect(await layerProblems('electron/main/layer-fixture.ts', "import 'electron';\nimport '../host/host';\n")).toEqual([]);
    expect(await layerProblems('shared/doc/layer-fixture.test.ts', "import 'node:fs';\n")).toEqual([]);
  });

  it('fails `eslint` itself (exit 1, the reason printed) on a shared/ file that imports node:fs', () => {
    const run = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'eslint'),
      ['--stdin', '--stdin-filename', 'shared/doc/layer-fixture.ts', '--max-warnings', '0'],
      { cwd: ROOT, input: "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n", encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("'node:fs' may not be imported here: This layer runs where Node built-ins do not exist");
    expect(run.stdout).toContain('kith/layers');
  });
});
