/**
 * The readers worker: shared/readers/readers.ts on its own thread. It reads
 * this profile's IndexedDB copy first, so the window's step2 carries only
 * what that copy lacks, then syncs with the window and answers its queries.
 * (Building the views on the stored copy while the window loads its own was
 * tried: on two busy cores it made the list 5-8 s later at 5,000 people.)
 */
import { Readers } from '../../../shared/readers/readers';
import type { ToReaders } from '../../../shared/readers/messages';
import { storedUpdates } from './stored-updates';

const scope = self as unknown as Worker;
const readers = new Readers((message, transfer = []) => scope.postMessage(message, transfer));
let warming = false;

async function load(docName: string): Promise<void> {
  try {
    readers.load(await storedUpdates(docName));
  } catch (error) {
    // Without the stored copy the window's step2 carries everything: slower, the same answers.
    console.warn('Kith: the readers could not read this profile’s stored copy', error);
  }
  readers.begin();
}

/** Builds the kept views one per task, the people search first: a search typed meanwhile is answered between two. */
function warm(): void {
  const steps = readers.warmSteps();
  const next = () => {
    steps.shift()?.();
    if (steps.length > 0) setTimeout(next, 0);
  };
  setTimeout(next, 0);
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
    warm();
  }
};
