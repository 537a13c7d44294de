/**
 * Restores a backup off the UI thread (see restore-messages.ts for the
 * conversation). Parsing and rebuilding a backup of thousands of people
 * takes seconds; here the window keeps answering. The worker fills its own
 * replica of the window's document as the import worker does (replica.ts),
 * checks the file against it (a restore goes only into an empty network),
 * writes it there, and sends the window what that wrote, in slices.
 */
import * as Y from 'yjs';
import { loadStoredReplica } from '../../doc/replica';
import { restoreReply } from './restore-replica';
import type { FromRestoreWorker, ToRestoreWorker } from './restore-messages';
import { sliceBuffers } from '../../doc/sliced-write';

const replica = new Y.Doc();
let file: Blob | null = null;
const post = (message: FromRestoreWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

async function restore(backup: Blob): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await backup.arrayBuffer());
  } catch (error) {
    post({ type: 'failed', message: `Kith could not read this file: ${(error as Error).message}. Nothing was changed; try again.` });
    return;
  }
  const reply = restoreReply(replica, bytes, (done, total) => post({ type: 'progress', done, total }));
  post(reply, reply.type === 'done' ? sliceBuffers(reply.slices) : []);
}

self.onmessage = (event: MessageEvent<ToRestoreWorker>) => {
  const message = event.data;
  if (message.type === 'read') {
    file = message.file;
    void loadStoredReplica(replica, message.docName).then((stateVector) => post({ type: 'loaded', stateVector }));
  } else if (message.type === 'state' && file) {
    Y.applyUpdate(replica, message.update);
    const backup = file;
    file = null;
    void restore(backup);
  }
};
