/**
 * The network health report off the UI thread: at 30,000 people it takes
 * seconds (shared/analytics/network-health.ts). The worker keeps its own
 * replica of the document. It reads this profile's IndexedDB copy itself
 * (y-indexeddb's `updates` store, read-only), so the window only sends what
 * that copy lacks — encoding the whole document would hold the UI thread
 * for seconds at that size — and then every update as it happens.
 */
import * as Y from 'yjs';
import { storedUpdates } from '../../doc/stored-updates';
import { networkHealth } from '../../../../shared/analytics/network-health';
import { egoPicture } from '../../../../shared/analytics/ego-picture';
import type { HealthReply, HealthRequest } from './health-messages';

const replica = new Y.Doc();
const reply = (message: HealthReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

async function load(docName: string): Promise<void> {
  try {
    const updates = await storedUpdates(docName);
    Y.transact(replica, () => updates.forEach((update) => Y.applyUpdate(replica, update)));
    const stateVector = Y.encodeStateVector(replica);
    reply({ type: 'loaded', stateVector }, [stateVector.buffer]);
  } catch {
    reply({ type: 'loaded', stateVector: null });
  }
}

self.onmessage = (event: MessageEvent<HealthRequest>) => {
  const message = event.data;
  if (message.type === 'load') {
    void load(message.docName);
  } else if (message.type === 'update') {
    Y.applyUpdate(replica, message.update);
  } else {
    try {
      const report = networkHealth(replica, { now: new Date(message.now), timeZone: message.timeZone });
      reply({ type: 'report', id: message.id, report: { ...report, picture: egoPicture(report) } });
    } catch (error) {
      reply({ type: 'error', id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
};
