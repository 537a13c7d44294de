/**
 * The readers worker: shared/readers/readers.ts on its own thread. It reads
 * this profile's IndexedDB copy first, so the window's step2 carries only
 * what that copy lacks, builds its views on it while the window loads, then
 * syncs with the window and answers its queries.
 */
import { Readers } from '../../../shared/readers/readers';
import type { ToReaders } from '../../../shared/readers/messages';
import { storedUpdates } from './stored-updates';

const scope = self as unknown as Worker;
const readers = new Readers((message, transfer = []) => scope.postMessage(message, transfer));
let warming = false;

async function load(docName: string): Promise<void> {
  let loaded = false;
  try {
    readers.load(await storedUpdates(docName));
    loaded = true;
  } catch (error) {
    // Without the stored copy the window's step2 carries everything: slower, the same answers.
    console.warn('Kith: the readers could not read this profile’s stored copy', error);
  }
  readers.begin();
  // The views are kept incrementally: built on the stored copy now, while the window is still loading its own,
  // the handshake leaves only what it changed to be read again, and a first search does not wait for a whole index.
  if (loaded) setTimeout(() => readers.warm(), 0);
}

scope.onmessage = (event: MessageEvent<ToReaders>) => {
  const message = event.data;
  if (message.type === 'load') return void load(message.docName);
  try {
    readers.receive(message);
  } catch (error) {
    console.error('Kith: the readers refused a message from the window', error);
  }
  if (readers.synced && !warming) {
    warming = true;
    // After the messages already queued (a first query answers sooner than the whole warm-up).
    setTimeout(() => readers.warm(), 0);
  }
};
