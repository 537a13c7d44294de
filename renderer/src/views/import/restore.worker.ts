/**
 * Restores a backup off the UI thread (see restore-messages.ts for the
 * conversation). Parsing and rebuilding a backup of thousands of people
 * takes seconds; here the window keeps answering. The worker fills its own
 * replica of the window's document as the import worker does (replica.ts),
 * checks the file against it (a restore goes only into an empty network),
 * writes it there, and sends the window what that wrote as one update.
 */
import * as Y from 'yjs';
import { RestoreError } from '../../../../shared/interop/backup';
import { loadStoredReplica } from '../../doc/replica';
import { backupText, restoreIntoReplica } from './restore';
import type { FromRestoreWorker, ToRestoreWorker } from './restore-messages';

const replica = new Y.Doc();
let file: Blob | null = null;
const post = (message: FromRestoreWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

async function restore(backup: Blob): Promise<void> {
  try {
    const text = backupText(new Uint8Array(await backup.arrayBuffer()));
    const { update, people } = restoreIntoReplica(replica, text, 'restore', (done, total) => post({ type: 'progress', done, total }));
    post({ type: 'done', update, people }, [update.buffer]);
  } catch (error) {
    if (error instanceof RestoreError) post({ type: 'failed', message: error.message });
    else post({ type: 'failed', message: `Kith could not restore this backup: ${(error as Error).message}. Nothing was changed.` });
  }
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
