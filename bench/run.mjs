#!/usr/bin/env node
/**
 * Runs the benchmark cases in bench/cases/ and prints each against the
 * baseline it measured in the same run.
 *
 *   node bench/run.mjs [--case NAME ...] [--runs N] [--list]
 *   npm run bench -- --case open-5000-people --runs 3
 *
 * A case is a module `bench/cases/NAME.mjs` exporting `description` (one
 * line) and `run(context)`, which resolves to `{ ms, baselineMs, goal }`
 * (medians of `context.runs` runs; goal = the largest acceptable ms/baselineMs)
 * and may add `samples`, `goalMs` (an upper bound on ms itself, met only
 * when both hold), `details` (lines printed under the table) and `rows`
 * (more rows measured in the same runs, each `{ name, ms, baselineMs, goal }`
 * with an optional `unit` when its numbers are not milliseconds, e.g. 'MiB').
 * Results also go to bench/out/results.json.
 * Missing a goal is reported, not failed: a benchmark is not a test. The
 * exit status is 1 only when a case could not run at all.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatTable } from './lib/table.mjs';
import { chromiumForTests, describeChromium } from '../build/chromium.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const CASES_DIR = join(BENCH_DIR, 'cases');
const OUT_DIR = join(BENCH_DIR, 'out');

const USAGE = `Usage: node bench/run.mjs [--case NAME ...] [--runs N] [--list]
  --case NAME  run only this case (repeatable); default: every case in bench/cases/
  --runs N     timed runs per case; the median is reported (default 5)
  --list       list the cases and exit`;

function parseOptions() {
  try {
    const { values } = parseArgs({
      options: {
        case: { type: 'string', multiple: true },
        runs: { type: 'string', default: '5' },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number ≥ 1, not "${values.runs}"`);
    return { cases: values.case ?? [], runs, list: values.list, help: values.help };
  } catch (error) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
}

async function discoverCases() {
  const files = (await readdir(CASES_DIR)).filter((file) => file.endsWith('.mjs')).sort();
  return files.map((file) => ({ name: basename(file, '.mjs'), file: join(CASES_DIR, file) }));
}

async function loadCase({ name, file }) {
  const module = await import(pathToFileURL(file).href);
  if (typeof module.run !== 'function') throw new Error(`bench/cases/${name}.mjs exports no run(context) function`);
  return { name, description: String(module.description ?? ''), run: module.run };
}

function checkResult(name, result) {
  for (const key of ['ms', 'baselineMs', 'goal']) {
    if (typeof result?.[key] !== 'number' || !Number.isFinite(result[key]) || result[key] <= 0) {
      throw new Error(`case ${name} returned ${key} = ${result?.[key]}; expected a positive number`);
    }
  }
  if (result.goalMs !== undefined && !(result.goalMs > 0)) {
    throw new Error(`case ${name} returned goalMs = ${result.goalMs}; expected a positive number or none`);
  }
  return result;
}

async function runCase(benchCase, runs) {
  const log = (message) => console.error(`[${benchCase.name}] ${message}`);
  log(`${benchCase.description} (${runs} run${runs === 1 ? '' : 's'})`);
  const started = performance.now();
  try {
    const result = checkResult(benchCase.name, await benchCase.run({ runs, log, outDir: OUT_DIR }));
    const wallSeconds = (performance.now() - started) / 1000;
    const rows = (result.rows ?? []).map((row) => checkResult(row.name, row));
    return [
      { ...entry(benchCase.name, benchCase.description, result), wallSeconds },
      ...rows.map((row) => entry(row.name, row.description ?? `measured in the runs of ${benchCase.name}`, row)),
    ];
  } catch (error) {
    log(`could not run: ${error.stack ?? error}`);
    return [{ name: benchCase.name, description: benchCase.description, error: String(error.message ?? error) }];
  }
}

function entry(name, description, result) {
  const ratio = result.ms / result.baselineMs;
  return {
    name,
    description,
    ms: result.ms,
    baselineMs: result.baselineMs,
    unit: result.unit ?? 'ms',
    ratio,
    goal: result.goal,
    goalMs: result.goalMs ?? null,
    met: ratio <= result.goal && (result.goalMs === undefined || result.ms <= result.goalMs),
    details: result.details ?? [],
    samples: result.samples ?? null,
  };
}

async function main() {
  const options = parseOptions();
  if (options.help) return console.log(USAGE);
  const available = await discoverCases();
  if (options.list) {
    const width = Math.max(...available.map((entry) => entry.name.length));
    for (const entry of available) console.log(`${entry.name.padEnd(width)}  ${(await loadCase(entry)).description}`);
    return;
  }
  const unknown = options.cases.filter((name) => !available.some((entry) => entry.name === name));
  if (unknown.length) {
    console.error(`No case called ${unknown.join(', ')}. Cases: ${available.map((entry) => entry.name).join(', ')}`);
    process.exit(2);
  }
  const chosen = options.cases.length ? available.filter((entry) => options.cases.includes(entry.name)) : available;

  const results = [];
  for (const entry of chosen) results.push(...(await runCase(await loadCase(entry), options.runs)));

  console.log(`\n${formatTable(results)}\n`);
  const chromium = whichChromium();
  console.log(`Chromium: ${chromium}`);
  await mkdir(OUT_DIR, { recursive: true });
  const report = {
    date: new Date().toISOString(),
    runs: options.runs,
    machine: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cores: availableParallelism(),
      cpu: cpus()[0]?.model ?? 'unknown',
      chromium,
    },
    cases: results,
  };
  const path = join(OUT_DIR, 'results.json');
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Results written to ${path}`);
  if (results.some((result) => result.error)) process.exitCode = 1;
}

/** The browser the page cases ran in: its numbers are comparable only with the same one. */
function whichChromium() {
  try {
    return describeChromium(chromiumForTests());
  } catch (error) {
    return `none (${error.message.split('\n')[0]})`;
  }
}

await main();
