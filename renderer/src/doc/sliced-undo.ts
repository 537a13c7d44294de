/**
 * Undo and Redo of a step too big for one task: an import or a restore of
 * thousands of people (written in slices, sliced-write.ts). Yjs takes a step
 * back in one transaction (UndoManager.undo → popStackItem): at 30,000 people
 * that deletes a million items, with every observer, y-indexeddb and the host
 * link after it, in one task of seconds. Here the step is cut into smaller
 * steps of the same kind and Yjs takes those one per task:
 *
 *   undoStack: … [step] ──cut──► [insertions 1] … [insertions n] [deletions 1] … [deletions m]
 *                                      │ one UndoManager.undo() each, one task each
 *   redoStack: … [the step that redoes all of it]  ◄── the steps those add, merged into one
 *
 * A step (StackItem) is two DeleteSets: what it inserted (undo deletes it)
 * and what it deleted (undo restores it). Cut by clock ranges, the pieces
 * together do what the whole does, provided:
 * - what the step both inserted and deleted (a value set twice) is taken out
 *   of the deletions first: Yjs skips it by looking it up in the step's
 *   insertions, which a deletions piece does not hold;
 * - the insertions go first: when a value is restored, Yjs checks that the
 *   one that replaced it is taken back by this step, and by then it finds it
 *   deleted in the other stack's (merged) step, as it would find it in the
 *   step's insertions had it been taken at once;
 * - the deletions go in clock order: a restored record comes before what it
 *   held (Yjs restores a child only once its parent is back), as records are
 *   written before their fields.
 * Each piece is popped from a stack holding only it: Yjs pops the next step
 * when one changes nothing, and a piece whose items an edit from elsewhere
 * already removed must not pull an earlier step of the user's in. Two
 * limits follow from taking pieces: while one is popped, Yjs's check "did
 * another step on this stack delete the value to the right?" sees no other
 * step of that stack; and a restored item whose parent, of another client,
 * is restored by a later piece stays gone (Kith's steps hold none: an import
 * writes all its records with one client). While the pieces go in:
 * edits wait and views read the end (`onBegin`/`onEnd`, as the store's
 * `writing`), the host's copy is held until the end (the store's
 * holdForwarded), and the steps each piece adds to the other stack are merged
 * into its first, so Redo takes the whole back again, in slices the same way.
 */
import * as Y from 'yjs';
import { beginBulkLoad } from './bulk-load';
import { STEP_WHAT, nextTask } from './sliced-write';

type StackItem = Y.UndoManager['undoStack'][number];
type DeleteSet = StackItem['insertions'];
type DeleteItem = NonNullable<ReturnType<DeleteSet['clients']['get']>>[number];

export type Direction = 'undo' | 'redo';

/**
 * Items (clock units) per piece. Undoing bench import-30000's 30,000 rows in
 * Node (bench/lib/undo-node.mjs) took 143 pieces of this size, 5 ms each on
 * average and 22 ms at most (one UndoManager.undo(): 1.2 s); the window's
 * observers, IndexedDB and host link multiply that by a few.
 */
export const UNDO_SLICE_CLOCKS = 4096;

/** The next step `direction` takes, when it is one to take in slices: one a sliced write made, or one bigger than two pieces. */
export function bigStep(undoManager: Y.UndoManager, direction: Direction, sliceClocks = UNDO_SLICE_CLOCKS): StackItem | null {
  const step = stackOf(undoManager, direction).at(-1);
  if (!step) return null;
  if (step.meta.has(STEP_WHAT)) return step;
  return size(step.insertions) + size(step.deletions) > 2 * sliceClocks ? step : null;
}

export interface SlicedStepOptions {
  sliceClocks?: number;
  /** Before the first task yields, with what the step is (`the import`, or null when it does not say). */
  onBegin?(what: string | null): void;
  /** However it ends. */
  onEnd?(): void;
  /** Resolves in a later task; `nextTask` unless given. */
  yieldTask?(): Promise<void>;
}

/**
 * Takes the next step of `direction` in pieces, one per task (see the
 * header); the step leaves its stack at once, so a second Undo meanwhile
 * cannot take the one before it. False when there is no step. An observer
 * that throws on a piece stops none of the rest (half an undo is no state to
 * leave): the first error is thrown after the last piece.
 */
export async function takeStepInSlices(undoManager: Y.UndoManager, direction: Direction, options: SlicedStepOptions = {}): Promise<boolean> {
  const { sliceClocks = UNDO_SLICE_CLOCKS, yieldTask = nextTask } = options;
  const step = stackOf(undoManager, direction).pop();
  if (!step) return false;
  const what = (step.meta.get(STEP_WHAT) as string | undefined) ?? null;
  const pieces = cutStep(step, sliceClocks);
  options.onBegin?.(what);
  // Yjs gives its undo and redo transactions the UndoManager as origin: while this runs, only the pieces have it.
  const endBulk = beginBulkLoad(undoManager.doc, undoManager);
  const stopMerging = mergeInto(undoManager, direction === 'undo' ? 'redo' : 'undo', what);
  let failure: unknown = null;
  try {
    for (const piece of pieces) {
      await yieldTask();
      try {
        takeAlone(undoManager, direction, piece);
      } catch (error) {
        failure ??= error;
      }
    }
  } finally {
    stopMerging();
    undoManager.stopCapturing();
    // The views read the whole change at the end, in a task of their own (as sliced-write.ts).
    await yieldTask();
    endBulk();
    options.onEnd?.();
  }
  if (failure !== null) throw failure;
  return true;
}

const stackOf = (undoManager: Y.UndoManager, direction: Direction): StackItem[] =>
  direction === 'undo' ? undoManager.undoStack : undoManager.redoStack;

/** Undoes (or redoes) `piece` as the only step on its stack, the stack then put back as it was. */
function takeAlone(undoManager: Y.UndoManager, direction: Direction, piece: StackItem): void {
  const key = direction === 'undo' ? 'undoStack' : 'redoStack';
  const stack = undoManager[key];
  undoManager[key] = [piece];
  try {
    if (direction === 'undo') undoManager.undo();
    else undoManager.redo();
  } finally {
    undoManager[key] = stack;
    // A throwing observer leaves Yjs's popped step set, and the next undo would then take nothing.
    undoManager.currStackItem = null;
  }
}

/** Until the returned function is called, the steps the pieces add to `type`'s stack are merged into their first, which says `what` the step is. */
function mergeInto(undoManager: Y.UndoManager, type: 'undo' | 'redo', what: string | null): () => void {
  let first: StackItem | null = null;
  const onAdded = (event: { stackItem: StackItem; origin: unknown; type: 'undo' | 'redo' }) => {
    if (event.origin !== undoManager || event.type !== type) return;
    if (!first) {
      first = event.stackItem;
      if (what !== null) first.meta.set(STEP_WHAT, what);
      return;
    }
    first.insertions = Y.mergeDeleteSets([first.insertions, event.stackItem.insertions]);
    first.deletions = Y.mergeDeleteSets([first.deletions, event.stackItem.deletions]);
    const stack = type === 'undo' ? undoManager.undoStack : undoManager.redoStack;
    const at = stack.lastIndexOf(event.stackItem);
    if (at >= 0) stack.splice(at, 1);
  };
  undoManager.on('stack-item-added', onAdded);
  return () => undoManager.off('stack-item-added', onAdded);
}

/** `step` as smaller steps that, taken in order, do what it does (see the header). */
export function cutStep(step: StackItem, sliceClocks: number): StackItem[] {
  const make = (deletions: DeleteSet, insertions: DeleteSet): StackItem => new (step.constructor as new (d: DeleteSet, i: DeleteSet) => StackItem)(deletions, insertions);
  const restored = subtract(step.deletions, step.insertions);
  return [
    ...cut(step.insertions, sliceClocks).map((insertions) => make(Y.createDeleteSet(), insertions)),
    ...cut(restored, sliceClocks).map((deletions) => make(deletions, Y.createDeleteSet())),
  ];
}

/** How many items (clock units) `set` covers. */
function size(set: DeleteSet): number {
  let total = 0;
  set.clients.forEach((ranges) => ranges.forEach((range) => (total += range.len)));
  return total;
}

/** Each client's ranges sorted by clock, overlapping and touching ones joined. */
function normalised(set: DeleteSet): Map<number, Array<{ clock: number; len: number }>> {
  const out = new Map<number, Array<{ clock: number; len: number }>>();
  set.clients.forEach((ranges, client) => {
    const sorted = [...ranges].sort((a, b) => a.clock - b.clock);
    const joined: Array<{ clock: number; len: number }> = [];
    for (const { clock, len } of sorted) {
      const last = joined.at(-1);
      if (last && clock <= last.clock + last.len) last.len = Math.max(last.len, clock + len - last.clock);
      else joined.push({ clock, len });
    }
    out.set(client, joined);
  });
  return out;
}

function deleteSetOf(clients: Map<number, Array<{ clock: number; len: number }>>): DeleteSet {
  const set = Y.createDeleteSet();
  // Yjs reads a DeleteItem's clock and len only.
  clients.forEach((ranges, client) => ranges.length && set.clients.set(client, ranges as DeleteItem[]));
  return set;
}

/** What of `from` is not in `minus`. */
function subtract(from: DeleteSet, minus: DeleteSet): DeleteSet {
  const removed = normalised(minus);
  const out = new Map<number, Array<{ clock: number; len: number }>>();
  normalised(from).forEach((ranges, client) => {
    const holes = removed.get(client) ?? [];
    const kept: Array<{ clock: number; len: number }> = [];
    let hole = 0;
    for (const range of ranges) {
      let clock = range.clock;
      const end = range.clock + range.len;
      while (hole < holes.length && holes[hole]!.clock + holes[hole]!.len <= clock) hole++;
      for (let at = hole; at < holes.length && holes[at]!.clock < end; at++) {
        const { clock: holeStart, len } = holes[at]!;
        if (holeStart > clock) kept.push({ clock, len: holeStart - clock });
        clock = Math.max(clock, holeStart + len);
      }
      if (clock < end) kept.push({ clock, len: end - clock });
    }
    out.set(client, kept);
  });
  return deleteSetOf(out);
}

/** `set` in pieces of at most `clocks` items, in client then clock order. */
function cut(set: DeleteSet, clocks: number): DeleteSet[] {
  const pieces: DeleteSet[] = [];
  let current = new Map<number, Array<{ clock: number; len: number }>>();
  let room = clocks;
  normalised(set).forEach((ranges, client) => {
    for (const range of ranges) {
      let { clock, len } = range;
      while (len > 0) {
        const take = Math.min(len, room);
        const list = current.get(client) ?? [];
        list.push({ clock, len: take });
        current.set(client, list);
        clock += take;
        len -= take;
        room -= take;
        if (room === 0) {
          pieces.push(deleteSetOf(current));
          current = new Map();
          room = clocks;
        }
      }
    }
  });
  if (current.size > 0) pieces.push(deleteSetOf(current));
  return pieces;
}
