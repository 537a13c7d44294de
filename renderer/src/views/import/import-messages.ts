/**
 * What the import worker and the window say to each other.
 *
 *   window ── read {bytes, fileName, docName} ► worker     load this profile's IndexedDB copy (replica.ts)
 *   window ◄── loaded {stateVector} ─────────
 *   window ── state {update} ─────────────────► worker     what that copy lacks; then parse, detect the kind
 *   window ◄── mapping {headers, samples, proposal} ──      a CSV of no known layout
 *   window ── map {mapping} ──────────────────► worker
 *   window ◄── preview {…} ─────────────────────            planned against `state`
 *   window ── apply {choices} ─────────────────► worker
 *   window ◄── progress {done,total} … done {slices, outcome}   what it wrote, in slices (sliced-write.ts)
 *   any step ◄── failed {message, line}                    nothing was written
 *
 * Cancel is the window terminating the worker: the worker only ever writes
 * to its own copies, and the window applies the slices of `done`, one per
 * task, as one undo step. Cutting them is the worker's work too: it decodes
 * the whole update, seconds at 30,000 people.
 */
import type { CsvMapping, CsvTarget } from '../../../../shared/interop/csv-read';
import type { ImportChoices, ImportOutcome, MatchRule } from '../../../../shared/interop/plan';
import type { ImportWarning } from '../../../../shared/interop/errors';

export type ToWorker =
  | { type: 'read'; bytes: Uint8Array; fileName: string; docName: string | null }
  | { type: 'state'; update: Uint8Array }
  | { type: 'map'; mapping: CsvMapping }
  | { type: 'apply'; choices: ImportChoices };

export interface MappingRequest {
  type: 'mapping';
  headers: string[];
  /** The first rows' cells, to show what each column holds. */
  samples: string[][];
  proposal: CsvMapping;
  targets: readonly CsvTarget[];
}

export interface MatchPreview {
  index: number;
  name: string;
  personId: string;
  personName: string;
  rule: MatchRule;
  /** What a merge would add, one line a field ("Emails: ada@example.org"). */
  adds: string[];
  /** Fields where Kith and the file differ: Kith's value is kept ("Role: Kith has …, the file …"). */
  conflicts: string[];
}

/** A card that names no one (`from: 'none'`), or only by its email or phone: the user names it in the preview. */
export interface NamingPreview {
  index: number;
  line: number;
  from: 'none' | 'email' | 'phone';
  /** What Kith calls them when no name is given: their email or phone; '' for a card with neither (it is then left out). */
  fallback: string;
  /** A name read from the email ("ada.lovelace@…" → "Ada Lovelace"), for the user to confirm; '' when there is none. */
  proposal: string;
  /** What else the card holds, so the user can tell who it is. */
  holds: string;
}

export interface Preview {
  type: 'preview';
  /** What the file is, as the user knows it: "vCard", "LinkedIn connections (CSV)". */
  kindLabel: string;
  total: number;
  counts: { new: number; matched: number; unchanged: number; unnamed: number; links: number };
  /** The first new people's names (a long list is cut; `counts.new` has them all). */
  newNames: string[];
  matched: MatchPreview[];
  warnings: ImportWarning[];
  /** Contacts to name (the first NAMING_SHOWN of them). */
  naming: NamingPreview[];
  /** Cards or rows left out while reading (cut short, damaged), and unnamed contacts past those shown for naming. */
  skipped: ImportWarning[];
}

export type FromWorker =
  | { type: 'loaded'; stateVector: Uint8Array | null }
  | MappingRequest
  | Preview
  | { type: 'progress'; done: number; total: number }
  /** `slices`: what the import wrote, cut for the window to apply one per task (none when it changed nothing). */
  | { type: 'done'; slices: Uint8Array[]; outcome: ImportOutcome; names: Record<number, string> }
  | { type: 'failed'; message: string; line: number | null };
