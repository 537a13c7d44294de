/**
 * Undo of a big import in plain Node, as the window's Y.Doc takes it: one
 * UndoManager.undo() (what Undo did before sliced-undo.ts), against the same
 * undo in slices (takeStepInSlices), whose longest slice is the longest task
 * it leaves the window (before observers, IndexedDB and the host link, which
 * the window rows measure). Both on copies of the same document with the same
 * one undo step; the result of each is checked equal.
 */
import * as Y from 'yjs';
import { loadTypeScript } from './bundle.mjs';

/** `update` (an import, as one step of `origin`) applied to a copy of `baseUpdate`; undone once at once and once in slices: the times in ms. */
export async function undoInNode({ baseUpdate, update }) {
  const { takeStepInSlices, UNDO_SLICE_CLOCKS } = await loadTypeScript('renderer/src/doc/sliced-undo.ts');
  const origin = { import: true };
  const imported = () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, baseUpdate);
    const undoManager = new Y.UndoManager([...doc.share.values()], { trackedOrigins: new Set([origin]), captureTimeout: 0 });
    Y.applyUpdate(doc, update, origin);
    return { doc, undoManager };
  };
  const plain = imported();
  let started = performance.now();
  plain.undoManager.undo();
  const oneShotMs = performance.now() - started;
  const sliced = imported();
  const slices = [];
  let sliceStarted = 0;
  sliced.doc.on('beforeTransaction', () => (sliceStarted = performance.now()));
  sliced.doc.on('afterTransactionCleanup', () => slices.push(performance.now() - sliceStarted));
  started = performance.now();
  await takeStepInSlices(sliced.undoManager, 'undo');
  const slicedSeconds = (performance.now() - started) / 1000;
  const same = JSON.stringify(sliced.doc.toJSON()) === JSON.stringify(plain.doc.toJSON());
  plain.doc.destroy();
  sliced.doc.destroy();
  if (!same) throw new Error('the sliced undo gave another document than one undo');
  return { oneShotMs, slices: slices.length, longestSliceMs: Math.max(...slices), slicedSeconds, sliceClocks: UNDO_SLICE_CLOCKS };
}
