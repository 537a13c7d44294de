#!/usr/bin/env node
// `npm test`: typecheck, lint, unit tests (vitest), then end-to-end tests
// (Playwright). Ends with one plain line: "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { findChromium } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);

function step(title, command, args) {
  console.log(`\n== ${title}`);
  const started = Date.now();
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  console.log(`== ${title}: ${run.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return run.status === 0;
}

/** "project › title — reason" for every skipped Playwright test. */
function skippedTests(suites, path = []) {
  const found = [];
  for (const suite of suites) {
    const here = suite.title && !suite.title.endsWith('.ts') ? [...path, suite.title] : path;
    for (const spec of suite.specs ?? []) {
      for (const run of spec.tests ?? []) {
        if (run.status !== 'skipped') continue;
        const reason = (run.annotations ?? []).find((note) => note.type === 'skip')?.description ?? 'no reason given';
        found.push(`[${run.projectName}] ${[...here, spec.title].join(' › ')} — ${reason}`);
      }
    }
    found.push(...skippedTests(suite.suites ?? [], here));
  }
  return found;
}

const counts = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

for (const project of ['shared', 'renderer', 'electron', '.']) {
  ok = step(`typecheck ${project}`, bin('tsc'), ['-p', join(project, 'tsconfig.json'), '--noEmit']) && ok;
}
ok = step('lint (with the layering rule)', bin('eslint'), ['.', '--max-warnings', '0']) && ok;

const vitestJson = join(results, 'unit.json');
ok = step('unit tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]) && ok;
if (existsSync(vitestJson)) {
  const unit = JSON.parse(readFileSync(vitestJson, 'utf8'));
  counts.passed += unit.numPassedTests;
  counts.failed += unit.numFailedTests;
  counts.skipped += unit.numPendingTests + (unit.numTodoTests ?? 0);
}

ok = step('build', process.execPath, [join(root, 'build', 'build.mjs')]) && ok;
const hasChromium = Boolean(findChromium());
if (!hasChromium) {
  console.error('\nThe end-to-end tests need Chromium: install it (Debian: apt-get install chromium) or set KITH_CHROMIUM.');
  ok = false;
}
const e2eJson = join(results, 'e2e.json');
if (hasChromium) ok = step('end-to-end tests', bin('playwright'), ['test']) && ok;
if (existsSync(e2eJson)) {
  const report = JSON.parse(readFileSync(e2eJson, 'utf8'));
  const { stats } = report;
  for (const skipped of skippedTests(report.suites ?? [])) console.log(`skipped: ${skipped}`);
  counts.passed += stats.expected + stats.flaky;
  counts.failed += stats.unexpected;
  counts.skipped += stats.skipped;
}

if (!ok && counts.failed === 0) counts.failed = 1; // a failed typecheck or lint counts as a failure
console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(ok ? 0 : 1);
