import * as Y from 'yjs';
import type { NetworkHealth } from '../../../../shared/analytics/network-health';
import type { HealthReply, HealthRequest } from './health-messages';

/**
 * A health worker bound to one document: it gets the whole state once, then
 * every update, in order, so its replica matches the window's when a report
 * is asked for.
 */
export class HealthClient {
  private readonly worker = new Worker(new URL('./health.worker.ts', import.meta.url), { type: 'module' });
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(report: NetworkHealth): void; reject(error: Error): void }>();
  private readonly forward = (update: Uint8Array) => this.post({ type: 'update', update });

  constructor(private readonly doc: Y.Doc) {
    this.worker.onmessage = (event: MessageEvent<HealthReply>) => {
      const waiting = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      if (!waiting) return;
      if ('report' in event.data) waiting.resolve(event.data.report);
      else waiting.reject(new Error(event.data.error));
    };
    // The whole state is handed over, not copied (tens of MB at 30,000 people). Live updates are
    // copied: Yjs gives the same bytes to every listener, and y-indexeddb still needs them.
    const state = Y.encodeStateAsUpdate(doc);
    this.worker.postMessage({ type: 'update', update: state } satisfies HealthRequest, [state.buffer]);
    doc.on('update', this.forward);
  }

  report(now: Date, timeZone: string): Promise<NetworkHealth> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ type: 'report', id, now: now.toISOString(), timeZone });
    });
  }

  destroy(): void {
    this.doc.off('update', this.forward);
    this.worker.terminate();
    this.pending.clear();
  }

  private post(message: HealthRequest): void {
    this.worker.postMessage(message);
  }
}
