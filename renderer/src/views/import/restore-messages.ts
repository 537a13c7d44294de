/**
 * What the restore worker and the window say to each other.
 *
 *   window ── read {file, docName} ──────────► worker   load this profile's IndexedDB copy (replica.ts)
 *   window ◄── loaded {stateVector} ─────────
 *   window ── state {update} ─────────────────► worker   what that copy lacks; then read and check the whole file
 *   window ◄── progress {done, total} …                  entries checked and rebuilt; nothing written yet
 *   window ◄── done {slices, people}                     the restore, written to the worker's copy, in slices
 *   any step ◄── failed {message, holds?}                nothing was written anywhere; holds: what a network that is not empty holds
 *
 * Cancel is the window terminating the worker: until `done` comes the
 * window's document is untouched. Its slices go in one per task, as one
 * undo step (renderer/src/doc/sliced-write.ts), and once begun all of them.
 */
export type ToRestoreWorker =
  | { type: 'read'; file: Blob; docName: string | null }
  | { type: 'state'; update: Uint8Array };

export type FromRestoreWorker =
  | { type: 'loaded'; stateVector: Uint8Array | null }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; slices: Uint8Array[]; people: number }
  | { type: 'failed'; message: string; holds?: string[] };
