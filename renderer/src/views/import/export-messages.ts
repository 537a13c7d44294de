/**
 * What the export worker and the window say to each other.
 *
 *   window ── load {docName} ──────────────► worker   read this profile's IndexedDB copy (replica.ts)
 *   window ◄── loaded {stateVector} ────────
 *   window ── update {update} ──────────────► worker   what that copy lacks
 *   window ── export {kind, selection, …} ──► worker
 *   window ◄── progress {done, total} …  done {file, fileName, people}  |  failed {message}
 *
 * One worker a export: it is terminated when its file is handed over (or the
 * user cancels), so a long export never holds the window.
 */
import type { SearchFilters } from '../../../../shared/search/people-search';

export type ExportKind = 'vcard' | 'csv' | 'backup' | 'ics';

/** Who a vCard or CSV export holds: everyone (null), or the people a search and its filters find, as People shows them. */
export type ExportSelection = { query: string; filters: SearchFilters } | null;

export interface ExportRequest {
  kind: ExportKind;
  selection: ExportSelection;
  /** ISO time: the date in the file name and "now" for the calendar's hello queue. */
  now: string;
  timeZone: string;
  /** The file name's day, as the user's calendar has it (yyyy-mm-dd). */
  day: string;
}

export type ToExportWorker =
  | { type: 'load'; docName: string | null }
  | { type: 'update'; update: Uint8Array }
  | ({ type: 'export' } & ExportRequest);

export type FromExportWorker =
  | { type: 'loaded'; stateVector: Uint8Array | null }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; file: Blob; fileName: string; people: number | null }
  | { type: 'failed'; message: string };
