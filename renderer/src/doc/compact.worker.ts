/**
 * Compacts this profile's stored copy off the UI thread (compact-store.ts).
 *
 *   window ── { docName } ──► worker
 *   window ◄── { type: 'compacted', merged, bytes }   committed
 *   window ◄── { type: 'failed', message }            nothing changed
 */
import { compactUpdates, type Compacted } from './compact-store';
import { openStoredCopy } from './stored-updates';

export interface ToCompact {
  docName: string;
}

export type FromCompact = ({ type: 'compacted' } & Compacted) | { type: 'failed'; message: string };

const scope = self as unknown as Worker;

scope.onmessage = async (event: MessageEvent<ToCompact>) => {
  let message: FromCompact;
  try {
    const db = await openStoredCopy(event.data.docName);
    try {
      message = { type: 'compacted', ...(await compactUpdates(db)) };
    } finally {
      db.close();
    }
  } catch (error) {
    message = { type: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(message);
};
