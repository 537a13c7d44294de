/**
 * Reads this profile's stored copy (y-indexeddb's `updates` store, through
 * stored-updates.ts) and hands it to the window in slices (shared/sync/
 * slice-update.ts), so that the window applies it one slice per task
 * instead of y-indexeddb's one transaction of everything (at 30,000 people a
 * task of many seconds). Decoding and slicing, the costly part besides the
 * apply itself, happen here, off the UI thread.
 *
 *   window ── { docName, sliceBytes } ──► worker
 *   window ◄── { type: 'total', bytes } ──         what the stored copy holds
 *   window ◄── { type: 'slice', slice } …          in order, each a valid update
 *   window ◄── { type: 'done' }                    all of it sent
 *   window ◄── { type: 'failed', message }         nothing more comes: the window reads it itself
 */
import { sliceUpdate } from '../../../shared/sync/slice-update';
import { storedUpdates } from './stored-updates';
import type { FromStoredSlices, ToStoredSlices } from './stored-slices';

const scope = self as unknown as Worker;
const post = (message: FromStoredSlices, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

/** The slice's own buffer when it is the whole of one (it can then be handed over rather than copied). */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

scope.onmessage = async (event: MessageEvent<ToStoredSlices>) => {
  const { docName, sliceBytes } = event.data;
  try {
    const updates = await storedUpdates(docName);
    post({ type: 'total', bytes: updates.reduce((sum, update) => sum + update.byteLength, 0) });
    for (const update of updates) {
      for (const slice of sliceUpdate(update, sliceBytes)) {
        const own = ownBuffer(slice);
        post({ type: 'slice', slice: own }, [own.buffer as ArrayBuffer]);
      }
    }
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
