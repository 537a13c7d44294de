#!/usr/bin/env node
// `npm test`: typecheck, lint, unit tests (vitest), then end-to-end tests
// (Playwright). Ends with one plain line: "tests: N passed, N failed, N skipped".
//
//   npm test [-- --bare SPEC ...]
//
// The end-to-end tests run in the Chromium build/chromium.mjs picks (the
// system one, else the headless one npm installed); the summary says which.
// --bare SPEC runs those specs once more with the system Chromium hidden, as
// on a machine that has none (CI does this to show that path works).
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumForTests, describeChromium } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);
const { values: options } = parseArgs({ options: { bare: { type: 'string', multiple: true, default: [] } } });

function step(title, command, args, env = process.env) {
  console.log(`\n== ${title}`);
  const started = Date.now();
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
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

/** The Chromium these settings pick and its description, or undefined (and the reason printed) when there is none. */
function pickChromium(env) {
  try {
    const browser = chromiumForTests(env);
    return { kind: browser.kind, description: describeChromium(browser) };
  } catch (error) {
    console.error(`\n${error.message}`);
    return undefined;
  }
}

/** Adds a Playwright JSON report to the totals and lists its skipped tests. */
function countE2e(reportFile) {
  if (!existsSync(reportFile)) return;
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const { stats } = report;
  for (const skipped of skippedTests(report.suites ?? [])) console.log(`skipped: ${skipped}`);
  counts.passed += stats.expected + stats.flaky;
  counts.failed += stats.unexpected;
  counts.skipped += stats.skipped;
}

const browsers = [];
const chromium = pickChromium(process.env);
if (chromium) {
  console.log(`\nThe end-to-end tests run in ${chromium.description}.`);
  const e2eJson = join(results, 'e2e.json');
  rmSync(e2eJson, { force: true });
  ok = step('end-to-end tests', bin('playwright'), ['test']) && ok;
  // Read before another Playwright run cleans test-results/.
  countE2e(e2eJson);
  browsers.push(`end-to-end tests ran in ${chromium.description}`);
} else {
  ok = false;
}

if (options.bare.length) {
  const bareEnv = { ...process.env, KITH_NO_SYSTEM_CHROMIUM: '1' };
  const bare = pickChromium(bareEnv);
  if (chromium?.kind === 'bundled') {
    console.log('\n(--bare: the end-to-end tests above already ran without a system Chromium)');
  } else if (bare) {
    const bareJson = join(results, 'e2e-bare.json');
    rmSync(bareJson, { force: true });
    const bareOk = step(
      `end-to-end tests without the system Chromium (${options.bare.join(', ')})`,
      bin('playwright'),
      ['test', '--project=browser', `--output=${join(results, 'bare')}`, '--reporter=list,json', ...options.bare],
      { ...bareEnv, PLAYWRIGHT_JSON_OUTPUT_FILE: bareJson },
    );
    ok = bareOk && ok;
    countE2e(bareJson);
    browsers.push(`${options.bare.join(', ')} also ran in ${bare.description}`);
  } else {
    ok = false;
  }
}

for (const line of browsers) console.log(`\n${line}`);
if (!ok && counts.failed === 0) counts.failed = 1; // a failed typecheck or lint counts as a failure
console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(ok ? 0 : 1);
