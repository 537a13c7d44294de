/**
 * The floor under P5 (import-30000): what Yjs alone costs to write the
 * 30,000 LinkedIn rows as Kith's person records and to apply the update to a
 * second copy, with no Kith code at all — no parsing beyond papaparse, no
 * matching, no validation, no index. Whatever Kith's import does, it cannot
 * take less than this, so if this alone is over 3× papaparse, P5's goal
 * cannot be met while people are Yjs records.
 *
 * The records have the shape the import writes (shared/doc/records.ts
 * `create`): name, org, role, howMet, createdAt, updatedAt, the URL in
 * `links`, the source in `sources`, the email in `emails` when the row has
 * one, and every other list as an empty Y.Array (issue 11: two devices'
 * first additions must land in one array), set into `contacts`, 200 records
 * a transaction as the import worker batches them. The copies start as the
 * same 5,000-person network import-30000 uses.
 *
 * Measured in each run, CPU time (user + system) and wall time:
 *   kith shape      write + encode (the worker), apply (the window)
 *   no empty lists  the same records without the empty arrays: their share
 *   update v2       Kith's shape through encodeStateAsUpdateV2 / applyUpdateV2
 * Subject: the Kith-shaped write + apply (wall). Baseline, in the same run:
 * papaparse parsing the CSV alone. Goal 3×, as P5's.
 */
import * as Y from 'yjs';
import Papa from 'papaparse';
import { loadNetworkGenerator, loadTypeScript } from '../lib/bundle.mjs';
import { median, medianOfRuns } from '../lib/stats.mjs';
import { knownPeople, linkedInCsv } from './import-30000.mjs';

export const description = 'bare Yjs writing and applying 30,000 person records shaped as the import writes them, vs papaparse alone on the CSV: the floor under import-30000';

const LISTS = ['emails', 'phones', 'links', 'tags', 'interests', 'expertise', 'schools', 'pastOrgs', 'addresses', 'details', 'sources'];
const IMPORTED_AT = '2026-12-03T12:00:00.000Z';

/** The values the import writes for each LinkedIn row (toPersonInput's, read here without Kith's code). */
function rowsOf(csv) {
  const text = new TextDecoder().decode(csv);
  const { data } = Papa.parse(text.slice(text.indexOf('First Name,')), { header: true, skipEmptyLines: true });
  return data.map((row) => ({
    name: `${row['First Name']} ${row['Last Name']}`.trim(),
    org: row.Company,
    role: row.Position,
    howMet: `Connected on LinkedIn on ${row['Connected On']}`,
    emails: row['Email Address'] ? [row['Email Address']] : [],
    links: [row.URL],
    sources: [`linkedin-csv|${IMPORTED_AT}|${row.URL}`],
  }));
}

function writeRecords(doc, rows, { emptyLists }) {
  const contacts = doc.getMap('contacts');
  for (let start = 0; start < rows.length; start += 200) {
    doc.transact(() => {
      for (let i = start; i < Math.min(start + 200, rows.length); i++) {
        const row = rows[i];
        const record = new Y.Map();
        for (const field of ['name', 'org', 'role', 'howMet']) if (row[field]) record.set(field, row[field]);
        for (const field of LISTS) {
          if (row[field]?.length) record.set(field, Y.Array.from(row[field]));
          else if (emptyLists) record.set(field, new Y.Array());
        }
        record.set('createdAt', IMPORTED_AT);
        record.set('updatedAt', IMPORTED_AT);
        contacts.set(`person:floor${i.toString(36).padStart(16, '0')}`, record);
      }
    }, 'import');
  }
}

function cpuAndWall(fn) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = fn();
  const { user, system } = process.cpuUsage(cpu);
  return { wall: performance.now() - started, cpu: (user + system) / 1000, value };
}

/** One variant: write into a copy of the base (and encode what was added), then apply that to another copy. */
function variant(baseUpdate, rows, { emptyLists = true, v2 = false } = {}) {
  const worker = new Y.Doc();
  Y.applyUpdate(worker, baseUpdate);
  const window = new Y.Doc();
  Y.applyUpdate(window, baseUpdate);
  const write = cpuAndWall(() => {
    const before = Y.encodeStateVector(worker);
    writeRecords(worker, rows, { emptyLists });
    return v2 ? Y.encodeStateAsUpdateV2(worker, before) : Y.encodeStateAsUpdate(worker, before);
  });
  const apply = cpuAndWall(() => (v2 ? Y.applyUpdateV2(window, write.value, 'import') : Y.applyUpdate(window, write.value, 'import')));
  if (window.getMap('contacts').size !== 5000 + rows.length) throw new Error(`the window holds ${window.getMap('contacts').size} people`);
  worker.destroy();
  window.destroy();
  return { write: write.cpu, apply: apply.cpu, wall: write.wall + apply.wall, bytes: write.value.length };
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

export async function run({ runs, log }) {
  const { generateNetwork } = await loadNetworkGenerator();
  const data = await loadTypeScript('e2e/fixtures/network-data.ts');
  const { Rng } = await loadTypeScript('e2e/fixtures/random.ts');
  const base = generateNetwork({ seed: 5000, people: 5000, notesPerPerson: 2 });
  const baseUpdate = Y.encodeStateAsUpdate(base);
  const known = knownPeople(base);
  base.destroy();
  const csv = linkedInCsv(new Rng(30000), data, known);
  const rows = rowsOf(csv);
  const found = { kith: [], bare: [], v2: [] };
  const result = await medianOfRuns(
    runs,
    async () => {
      const baseline = cpuAndWall(() => Papa.parse(new TextDecoder().decode(csv)));
      const kith = variant(baseUpdate, rows);
      const bare = variant(baseUpdate, rows, { emptyLists: false });
      const v2 = variant(baseUpdate, rows, { v2: true });
      found.kith.push(kith);
      found.bare.push(bare);
      found.v2.push(v2);
      log(`papaparse CPU ${s(baseline.cpu)}; kith shape CPU write ${s(kith.write)}, apply ${s(kith.apply)} (${(kith.bytes / 1e6).toFixed(1)} MB); no empty lists write ${s(bare.write)}, apply ${s(bare.apply)} (${(bare.bytes / 1e6).toFixed(1)} MB); v2 write ${s(v2.write)}, apply ${s(v2.apply)} (${(v2.bytes / 1e6).toFixed(1)} MB)`);
      return { ms: kith.wall, baselineMs: baseline.wall };
    },
    log,
  );
  const line = (name, list) => `${name}: CPU write + encode ${s(median(list.map((x) => x.write)))}, apply ${s(median(list.map((x) => x.apply)))}, update ${(list[0].bytes / 1e6).toFixed(1)} MB`;
  return {
    ...result,
    goal: 3,
    details: [
      `${rows.length.toLocaleString('en')} records; medians of ${runs} run(s)`,
      line("Kith's shape (20 items a person, 9 of them empty lists)", found.kith),
      line('without the empty lists', found.bare),
      line("Kith's shape, update format v2", found.v2),
    ],
  };
}
