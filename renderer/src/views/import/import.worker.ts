/**
 * Reads, plans and writes an import off the UI thread (see import-messages.ts
 * for the conversation). Parsing 10,000 cards and planning them against
 * thousands of people takes seconds; here the window keeps answering.
 *
 * The worker holds a copy of the window's document as it was at the start,
 * read from this profile's IndexedDB copy and completed by what the window
 * sends (replica.ts: the window never encodes the whole document);
 * applyImport writes into that copy itself (it is dropped on cancel), and
 * what it added goes back cut into slices, for the window to apply one per
 * task (renderer/src/doc/sliced-write.ts).
 */
import * as Y from 'yjs';
import { readVCard } from '../../../../shared/interop/vcard-read';
import { applyMapping, CSV_TARGETS, readCsv, type CsvReadResult } from '../../../../shared/interop/csv-read';
import { ImportFormatError, type ImportWarning } from '../../../../shared/interop/errors';
import { describeContents, displayName, proposeName, type ImportedContact, type ReadResult } from '../../../../shared/interop/contact';
import { applyImport, planImport, type ImportPlan } from '../../../../shared/interop/plan';
import { sliceUpdate } from '../../../../shared/sync/slice-update';
import { loadStoredReplica } from '../../doc/replica';
import { sliceBuffers, WRITE_SLICE_BYTES } from '../../doc/sliced-write';
import type { FromWorker, MatchPreview, NamingPreview, Preview, ToWorker } from './import-messages';

/** Contacts per transaction in the staging copy: the progress bar moves after each. */
const BATCH_SIZE = 200;
const NEW_NAMES_SHOWN = 30;
const MATCHES_SHOWN = 200;
/** Cards to name in the preview; unnamed ones past these are left out, those named by an email or phone keep it. */
const NAMING_SHOWN = 50;
const SAMPLE_ROWS = 3;

const post = (message: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

let doc: Y.Doc | null = null;
/** The file, kept while the replica loads. */
let file: { bytes: Uint8Array; fileName: string } | null = null;
let csv: CsvReadResult | null = null;
let read: ReadResult | null = null;
let plan: ImportPlan | null = null;
let kindLabel = '';

const CSV_LABELS: Record<CsvReadResult['layout'], string> = {
  google: 'Google Contacts (CSV)',
  outlook: 'Outlook contacts (CSV)',
  linkedin: 'LinkedIn connections (CSV)',
  generic: 'Spreadsheet (CSV)',
};

/** The first characters of the file, past a byte-order mark and blank space. */
function opening(bytes: Uint8Array): string {
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (start < bytes.length && (bytes[start] === 0x20 || bytes[start] === 0x09 || bytes[start] === 0x0a || bytes[start] === 0x0d)) start++;
  return String.fromCharCode(...bytes.subarray(start, start + 11)).toUpperCase();
}

function readFile(bytes: Uint8Array, fileName: string): void {
  const head = opening(bytes);
  if (head.startsWith('{')) {
    throw new ImportFormatError('This looks like a Kith backup. Restore it from Import and export › Restore a backup, into an empty network.');
  }
  if (head.startsWith('BEGIN:VCARD') || /\.(vcf|vcard)$/i.test(fileName)) {
    kindLabel = 'vCard';
    read = readVCard(bytes);
    preview();
    return;
  }
  csv = readCsv(bytes);
  kindLabel = CSV_LABELS[csv.layout];
  if (csv.layout === 'generic') {
    post({
      type: 'mapping',
      headers: csv.table.headers,
      samples: csv.table.rows.slice(0, SAMPLE_ROWS).map((row) => row.cells),
      proposal: csv.mapping ?? [],
      targets: CSV_TARGETS,
    });
    return;
  }
  read = csv;
  preview();
}

const fieldLabel = (field: string) => {
  const words = field.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words[0]!.toUpperCase() + words.slice(1);
};

const text = (value: unknown) => (Array.isArray(value) ? value.join(', ') : String(value));

/** What a merge adds, as the user reads it; the file remembered as a source is bookkeeping, not news. */
const addsOf = (adds: Record<string, unknown>) =>
  Object.entries(adds)
    .filter(([field]) => field !== 'sources')
    .map(([field, value]) => `${fieldLabel(field)}: ${text(value)}`);

function preview(): void {
  if (!doc || !read) return;
  if (!read.contacts.length) {
    const first = read.errors[0];
    throw new ImportFormatError(first ? `No contact could be read. ${first.message}` : 'The file holds no contacts.', first?.line ?? null);
  }
  plan = planImport(doc, read.contacts);
  const matched: MatchPreview[] = [];
  const newNames: string[] = [];
  const skipped: ImportWarning[] = [...read.errors];
  const naming: NamingPreview[] = [];
  const toName = (index: number, contact: ImportedContact, from: NamingPreview['from'], fallback: string) => {
    if (naming.length >= NAMING_SHOWN) return false;
    naming.push({ index, line: contact.line, from, fallback, proposal: proposeName(contact), holds: describeContents(contact) });
    return true;
  };
  for (const entry of plan.entries) {
    const from = entry.status === 'new' ? displayName(entry.contact).from : null;
    if ((from === 'email' || from === 'phone') && toName(entry.index, entry.contact, from, entry.input!.name)) continue;
    if (entry.status === 'new' && newNames.length < NEW_NAMES_SHOWN) newNames.push(entry.input.name);
    else if (entry.status === 'matched' && matched.length < MATCHES_SHOWN) {
      matched.push({
        index: entry.index,
        name: entry.input.name,
        personId: entry.personId,
        personName: entry.personName,
        rule: entry.rule,
        adds: addsOf(entry.adds),
        conflicts: entry.conflicts.map(({ field, current, incoming }) => `${fieldLabel(field)}: kept “${text(current)}” (the file has “${text(incoming)}”)`),
      });
    } else if (entry.status === 'unnamed' && !toName(entry.index, entry.contact, 'none', '')) {
      skipped.push({ line: entry.contact.line, message: 'It has no name, email or phone to know it by.' });
    }
  }
  const warnings: ImportWarning[] = [...read.warnings, ...plan.warnings.map((message) => ({ line: null, message }))];
  const message: Preview = { type: 'preview', kindLabel, total: plan.entries.length, counts: plan.counts, newNames, matched, naming, warnings, skipped };
  post(message);
}

function apply(choices: Parameters<typeof applyImport>[2]): void {
  if (!doc || !plan) return;
  const before = Y.encodeStateVector(doc);
  // This copy is dropped on cancel (the window terminates the worker): no staging copy of it is needed.
  const run = applyImport(doc, plan, choices, 'import', { batchSize: BATCH_SIZE, inPlace: true });
  let step = run.next();
  for (; !step.done; step = run.next()) post({ type: 'progress', ...step.value });
  const outcome = step.value;
  const update = Y.encodeStateAsUpdate(doc, before);
  const contacts: readonly ImportedContact[] = read?.contacts ?? [];
  const names: Record<number, string> = {};
  for (const { index } of outcome.skipped) names[index] = displayName(contacts[index]!).name || `Line ${contacts[index]!.line}`;
  const changed = outcome.created.length > 0 || outcome.merged.length > 0 || outcome.links > 0;
  const slices = changed ? sliceUpdate(update, WRITE_SLICE_BYTES) : [];
  post({ type: 'done', slices, outcome, names }, sliceBuffers(slices));
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  try {
    if (message.type === 'read') {
      doc = new Y.Doc();
      file = { bytes: message.bytes, fileName: message.fileName };
      void loadStoredReplica(doc, message.docName).then((stateVector) => post({ type: 'loaded', stateVector }));
    } else if (message.type === 'state' && doc && file) {
      Y.applyUpdate(doc, message.update);
      const { bytes, fileName } = file;
      file = null;
      readFile(bytes, fileName);
    } else if (message.type === 'map' && csv) {
      read = applyMapping(csv.table, message.mapping);
      preview();
    } else if (message.type === 'apply') {
      apply(message.choices);
    }
  } catch (error) {
    if (error instanceof ImportFormatError) post({ type: 'failed', message: error.message, line: error.line });
    else post({ type: 'failed', message: `Kith could not read this file: ${(error as Error).message}`, line: null });
  }
};
