/**
 * The network health report off the UI thread: at 30,000 people it takes
 * seconds (shared/analytics/network-health.ts). The worker keeps its own
 * replica of the document, fed with the window's updates as they happen, so
 * a new report never waits for the whole document to be copied again.
 */
import * as Y from 'yjs';
import { networkHealth } from '../../../../shared/analytics/network-health';
import type { HealthReply, HealthRequest } from './health-messages';

const replica = new Y.Doc();

self.onmessage = (event: MessageEvent<HealthRequest>) => {
  const message = event.data;
  if (message.type === 'update') {
    Y.applyUpdate(replica, message.update);
    return;
  }
  let reply: HealthReply;
  try {
    reply = { id: message.id, report: networkHealth(replica, { now: new Date(message.now), timeZone: message.timeZone }) };
  } catch (error) {
    reply = { id: message.id, error: error instanceof Error ? error.message : String(error) };
  }
  (self as unknown as Worker).postMessage(reply);
};
