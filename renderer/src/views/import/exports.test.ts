import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createPerson } from '../../../../shared/doc/people';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { cancelExport, dismissExport, exportState, startExport } from './exports';
import type { FromExportWorker, ToExportWorker } from './export-messages';

/** Stands in for the export worker: records what the window sends, and answers as the worker would. */
class FakeWorker {
  static all: FakeWorker[] = [];
  readonly sent: ToExportWorker[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<FromExportWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  constructor(readonly url: URL) {
    FakeWorker.all.push(this);
  }
  postMessage(message: ToExportWorker): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(message: FromExportWorker): void {
    this.onmessage?.({ data: message } as MessageEvent<FromExportWorker>);
  }
}

const downloads: string[] = [];

beforeEach(() => {
  FakeWorker.all = [];
  downloads.length = 0;
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('document', {
    createElement: () => {
      const link = { href: '', download: '', hidden: false, click: () => downloads.push(link.download), remove: () => undefined };
      return link;
    },
    body: { append: () => undefined },
  });
});

afterEach(() => {
  cancelExport();
  dismissExport();
  vi.unstubAllGlobals();
});

function network(): Y.Doc {
  const doc = new Y.Doc();
  createPerson(doc, { name: 'Ada Lovelace', tags: ['maths'] }, LOCAL_UI);
  return doc;
}

describe('exports from the window', () => {
  it('loads the worker from IndexedDB, sends only what it lacks, shows progress, then downloads what it wrote', () => {
    const doc = network();
    const known = Y.encodeStateVector(doc);
    const stored = Y.encodeStateAsUpdate(doc);
    createPerson(doc, { name: 'Grace Hopper' }, LOCAL_UI);
    startExport(doc, 'kith-doc', 'vcard', { query: '', filters: { tag: 'maths' } }, new Date(2026, 11, 3, 9));
    const worker = FakeWorker.all[0]!;
    expect(worker.url.pathname).toMatch(/export\.worker\.ts$/);
    expect(worker.sent).toEqual([{ type: 'load', docName: 'kith-doc' }]);
    expect(exportState.get()).toEqual({ phase: 'reading', kind: 'vcard' });

    worker.reply({ type: 'loaded', stateVector: known });
    const [, update, request] = worker.sent;
    expect(update?.type).toBe('update');
    // The stored copy plus what was sent is the window's document: Grace, added after the copy was stored, came with it.
    const missing = update?.type === 'update' ? update.update : new Uint8Array();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, stored);
    Y.applyUpdate(replica, missing);
    expect(Y.encodeStateVector(replica)).toEqual(Y.encodeStateVector(doc));
    expect(missing.length).toBeLessThan(Y.encodeStateAsUpdate(doc).length);
    expect(request).toMatchObject({ type: 'export', kind: 'vcard', selection: { query: '', filters: { tag: 'maths' } }, day: '2026-12-03' });

    worker.reply({ type: 'progress', done: 500, total: 1200 });
    expect(exportState.get()).toEqual({ phase: 'writing', kind: 'vcard', done: 500, total: 1200 });
    worker.reply({ type: 'done', file: new Blob(['BEGIN:VCARD']), fileName: 'kith-contacts-2026-12-03.vcf', people: 1 });
    expect(downloads).toEqual(['kith-contacts-2026-12-03.vcf']);
    expect(exportState.get()).toEqual({ phase: 'saved', kind: 'vcard', fileName: 'kith-contacts-2026-12-03.vcf', people: 1 });
    expect(worker.terminated).toBe(true);
  });

  it('Cancel stops the worker; nothing it says afterwards is downloaded', () => {
    startExport(network(), 'kith-doc', 'csv');
    const worker = FakeWorker.all[0]!;
    worker.reply({ type: 'loaded', stateVector: null });
    worker.reply({ type: 'progress', done: 500, total: 30000 });
    cancelExport();
    expect(worker.terminated).toBe(true);
    expect(exportState.get()).toBeNull();
    worker.reply({ type: 'done', file: new Blob(['Name']), fileName: 'kith-contacts.csv', people: 30000 });
    expect(downloads).toEqual([]);
    expect(exportState.get()).toBeNull();
  });

  it('a failure says so and that nothing was changed', () => {
    startExport(network(), null, 'backup');
    const worker = FakeWorker.all[0]!;
    expect(worker.sent).toEqual([{ type: 'load', docName: null }]);
    worker.reply({ type: 'failed', message: 'out of memory' });
    expect(exportState.get()).toEqual({ phase: 'failed', kind: 'backup', message: 'The export failed: out of memory. Nothing was changed; try again.' });
    expect(downloads).toEqual([]);
  });
});
