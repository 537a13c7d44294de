/**
 * A change of this window's own that is too big for one task: an import or
 * a restore of thousands of people. Its worker writes it on a copy of the
 * document and cuts what that wrote into slices there (sliceUpdate: cutting
 * decodes the whole update, about as heavy as applying it); the window
 * applies one slice per task and gives the event loop back in between:
 *
 *   worker ── slices ──► writeSlices ──► slice 1 ──► Y.Doc     one task each;
 *                                        slice 2 ──► Y.Doc     input and frames
 *                                        …                     run in between
 *
 * While the slices go in:
 * - the window takes no edits (`onBegin`/`onEnd`: the store's `writing`,
 *   which makes the views inert and shortcuts wait, as `receiving` does for
 *   the host's slices): a slice can hold half of a record, and an edit to
 *   that half would fork it;
 * - views wait for the end and read the change once (bulk-load.ts);
 * - each slice is a transaction of the write's own origin (a SlicedWrite,
 *   which the UndoManager tracks), and the undo step each adds is merged
 *   into the first as it comes: one Undo takes the whole change back;
 * - the store sends the host the slices as slices, closed at the end
 *   (DocSyncPeer.holdForwarded), so the host applies them together, and
 *   stores them in IndexedDB together at the end (local-copy.ts `hold`):
 *   a window closed halfway keeps none of it, as the host does.
 *
 * A write whose signal is aborted before its first slice goes in changes
 * nothing. Once one is in, the rest follow: half an import is no state to
 * leave a network in.
 */
import * as Y from 'yjs';
import { applyUpdateAsIs } from '../../../shared/sync/apply-as-is';
import { beginBulkLoad } from './bulk-load';

/** The origin of one write's transactions: one per write, so bulk-load and undo tell it apart; an UndoManager tracks the class. */
export class SlicedWrite {}

export type WriteResult = 'written' | 'cancelled';

export interface WriteOptions {
  /** The window's UndoManager: the whole write becomes one step of it. */
  undoManager?: Y.UndoManager;
  /** What is written (`the import`): its undo step says so (STEP_WHAT), and is taken in slices too (sliced-undo.ts). */
  what?: string;
  /** Aborted before the first slice goes in: nothing is written. Later it changes nothing. */
  signal?: AbortSignal;
  /** After each slice: how many are in, of how many. */
  onProgress?(applied: number, total: number): void;
  /** Edits stop here (before the first task yields) and resume at `onEnd`, which runs however the write ends; `origin` is that of every slice's transaction. */
  onBegin?(origin: SlicedWrite): void;
  onEnd?(): void;
  /** Resolves in a later task; `nextTask` unless given. */
  yieldTask?(): Promise<void>;
}

/** Applies `slices` (one change, in order) to `doc`, one per task; see the header. */
export async function writeSlices(doc: Y.Doc, slices: readonly Uint8Array[], options: WriteOptions = {}): Promise<WriteResult> {
  const { undoManager, signal, onProgress, yieldTask = nextTask } = options;
  const origin = new SlicedWrite();
  undoManager?.addTrackedOrigin(SlicedWrite);
  options.onBegin?.(origin);
  const endBulk = beginBulkLoad(doc, origin);
  const stopMerging = undoManager ? mergeUndoSteps(undoManager, origin, options.what ?? 'the change') : () => undefined;
  let applied = 0;
  let failure: unknown = null;
  try {
    // The first slice waits a task too: what started the write (a worker's message) ends, and the window draws that it is writing.
    await yieldTask();
    if (signal?.aborted) return 'cancelled';
    for (let index = 0; index < slices.length; index++) {
      if (index > 0) await yieldTask();
      // No undo step of an earlier edit takes this slice in, nor does one made between two slices.
      undoManager?.stopCapturing();
      // The doc's 'update' listeners (the host link, y-indexeddb) are handed the slice itself, not Yjs's encoding of it again.
      try {
        applyUpdateAsIs(doc, slices[index]!, origin);
      } catch (error) {
        // An observer that throws does so after Yjs took the slice in: the rest still go in (half a write is no state to leave), the first error after.
        failure ??= error;
      }
      applied++;
      onProgress?.(applied, slices.length);
    }
    if (failure !== null) throw failure;
    return 'written';
  } finally {
    stopMerging();
    undoManager?.stopCapturing();
    // The views read the whole change at the end (usePeople reads everyone): a task of its own, not the last slice's.
    if (applied > 0) await yieldTask();
    endBulk();
    options.onEnd?.();
  }
}

type StackItem = Y.UndoManager['undoStack'][number];

/** Where an undo step says what it is (`the import`): Undo and Redo take such a step in slices (sliced-undo.ts) and say what they take back. */
export const STEP_WHAT = 'kith:what';

/** Until the returned function is called, every undo step `origin` adds is merged into its first one, which says `what` it is. */
function mergeUndoSteps(undoManager: Y.UndoManager, origin: SlicedWrite, what: string): () => void {
  let first: StackItem | null = null;
  const onAdded = (event: { stackItem: StackItem; origin: unknown; type: 'undo' | 'redo' }) => {
    if (event.origin !== origin || event.type !== 'undo') return;
    if (!first) {
      first = event.stackItem;
      first.meta.set(STEP_WHAT, what);
      return;
    }
    // What Yjs itself does to merge a transaction into the last step (UndoManager's captureTimeout).
    first.insertions = Y.mergeDeleteSets([first.insertions, event.stackItem.insertions]);
    first.deletions = Y.mergeDeleteSets([first.deletions, event.stackItem.deletions]);
    const at = undoManager.undoStack.lastIndexOf(event.stackItem);
    if (at >= 0) undoManager.undoStack.splice(at, 1);
  };
  undoManager.on('stack-item-added', onAdded);
  return () => undoManager.off('stack-item-added', onAdded);
}

/**
 * Resolves in a task of its own: a message to itself, which, unlike
 * setTimeout, is neither clamped after a few nested calls nor throttled in
 * a hidden window.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * The size a worker cuts a window's own write into, an eighth of what the
 * host sends a window (WINDOW_SLICE_BYTES): each slice is applied, encoded
 * for its update listeners, stored in IndexedDB and sent on to the host
 * (base64 in browser mode) in its task. A restore of 3,000 people on a
 * machine loaded 8× over had tasks of 0.6–0.9 s at 512 KiB and 0.15–0.35 s
 * at 128 KiB; more slices cost little (a message and a yield each).
 */
export const WRITE_SLICE_BYTES = 64 * 1024;

/** The buffers of `slices`, each once: what a worker transfers with them rather than copies. */
export const sliceBuffers = (slices: readonly Uint8Array[]): ArrayBuffer[] => [...new Set(slices.map((slice) => slice.buffer as ArrayBuffer))];

export interface SliceWriteOptions extends Pick<WriteOptions, 'signal' | 'onProgress'> {
  /** What is written, as the window says it while it is ("the import"). */
  what: string;
}

/** What applies a window's own big change in slices: the window's DocStore (tests: `writerFor`). */
export interface SlicedWriter {
  readonly doc: Y.Doc;
  writeSlices(slices: readonly Uint8Array[], options: SliceWriteOptions): Promise<WriteResult>;
}
