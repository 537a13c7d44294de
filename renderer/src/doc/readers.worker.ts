/**
 * The readers worker: shared/readers/readers.ts on its own thread. It reads
 * this profile's IndexedDB copy first, so the window's step2 carries only
 * what that copy lacks, then syncs with the window and answers its queries.
 * (Building the views on the stored copy while the window loads its own was
 * tried: on two busy cores it made the list 5-8 s later at 5,000 people.)
 */
import { Readers } from '../../../shared/readers/readers';
import { ReadersLane } from '../../../shared/readers/lane';
import type { ToReaders } from '../../../shared/readers/messages';
import { storedUpdates } from './stored-updates';

const scope = self as unknown as Worker;
const readers = new Readers((message, transfer = []) => scope.postMessage(message, transfer));
// One step per task, so the messages that came during a long one are in hand before the next choice.
const lane = new ReadersLane(readers, (run) => setTimeout(run, 0));

async function load(docName: string): Promise<void> {
  try {
    readers.load(await storedUpdates(docName));
  } catch (error) {
    // Without the stored copy the window's step2 carries everything: slower, the same answers.
    console.warn('Kith: the readers could not read this profile’s stored copy', error);
  }
  readers.begin();
}

scope.onmessage = (event: MessageEvent<ToReaders>) => {
  const message = event.data;
  if (message.type === 'load') return void load(message.docName);
  try {
    lane.receive(message);
  } catch (error) {
    console.error('Kith: the readers refused a message from the window', error);
  }
};
