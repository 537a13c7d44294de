import * as Y from 'yjs';
import type { HealthReply, HealthReport, HealthRequest } from './health-messages';

/**
 * A health worker bound to one document. The worker loads this profile's
 * IndexedDB copy and says what it holds; the window sends only the rest
 * (or, without a database name or when it cannot be read, the whole state),
 * and every update from the moment the client exists, so the replica
 * matches the window's when a report is asked for. Reports wait until then.
 */
export class HealthClient {
  private readonly worker = new Worker(new URL('./health.worker.ts', import.meta.url), { type: 'module' });
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(report: HealthReport): void; reject(error: Error): void }>();
  private readonly forward = (update: Uint8Array) => this.post({ type: 'update', update });
  private markReady!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    private readonly doc: Y.Doc,
    docName?: string,
  ) {
    this.worker.onmessage = (event: MessageEvent<HealthReply>) => this.receive(event.data);
    // Listen first: an update made while the worker loads reaches it either way (applying one twice is harmless).
    doc.on('update', this.forward);
    if (docName) this.post({ type: 'load', docName });
    else this.sendMissing(null);
  }

  async report(now: Date, timeZone: string): Promise<HealthReport> {
    await this.ready;
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

  private receive(message: HealthReply): void {
    if (message.type === 'loaded') {
      this.sendMissing(message.stateVector);
      return;
    }
    // User Timing marks, as the store's: the bench lines them up with the window's long tasks.
    performance.mark(`kith:health-${message.type}`);
    const waiting = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.type === 'report') waiting?.resolve(message.report);
    else waiting?.reject(new Error(message.error));
  }

  /** What the worker lacks, handed over rather than copied. Live updates are copied: y-indexeddb needs the same bytes. */
  private sendMissing(stateVector: Uint8Array | null): void {
    const started = performance.now();
    const missing = stateVector ? Y.encodeStateAsUpdate(this.doc, stateVector) : Y.encodeStateAsUpdate(this.doc);
    this.worker.postMessage({ type: 'update', update: missing } satisfies HealthRequest, [missing.buffer]);
    performance.measure('kith:health-send', { start: started });
    this.markReady();
  }

  private post(message: HealthRequest): void {
    this.worker.postMessage(message);
  }
}
