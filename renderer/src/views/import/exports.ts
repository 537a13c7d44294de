/**
 * Taking everything out. Each export is written in export.worker.ts (a
 * vCard of 30,000 people takes seconds) on the worker's own replica of the
 * document, and handed to the browser as a download (a Blob URL on an
 * <a download>). In Electron a download opens the system's Save dialog (its
 * default for will-download), so the page never names a path and the host
 * needs no file-writing call.
 *
 * One export runs at a time; its state (reading, writing with progress,
 * saved, failed) is a small store the status toast (ExportStatus) and the
 * Import and export view read.
 */
import type * as Y from 'yjs';
import { missingUpdate } from '../../doc/replica';
import type { ExportKind, ExportSelection, FromExportWorker, ToExportWorker } from './export-messages';

export type { ExportKind, ExportSelection } from './export-messages';

export type ExportState =
  | { phase: 'reading'; kind: ExportKind }
  | { phase: 'writing'; kind: ExportKind; done: number; total: number }
  | { phase: 'saved'; kind: ExportKind; fileName: string; people: number | null }
  | { phase: 'failed'; kind: ExportKind; message: string }
  | null;

/** The revoke waits: the browser reads the Blob after click() returns. */
const REVOKE_AFTER_MS = 60_000;

export function download(fileName: string, file: Blob): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

const today = (now: Date) =>
  `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;

let state: ExportState = null;
let worker: Worker | null = null;
const listeners = new Set<() => void>();

function set(next: ExportState): void {
  state = next;
  for (const listener of listeners) listener();
}

export const exportState = {
  get: (): ExportState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export const exportRunning = (current: ExportState) => current?.phase === 'reading' || current?.phase === 'writing';

function stop(): void {
  worker?.terminate();
  worker = null;
}

/** Stops a running export; nothing is downloaded. */
export function cancelExport(): void {
  if (!exportRunning(state)) return;
  stop();
  set(null);
}

/** Clears a finished export's message. */
export function dismissExport(): void {
  if (!exportRunning(state)) set(null);
}

/**
 * Starts an export (a running one is replaced). `docName` is y-indexeddb's
 * database, from which the worker reads the document itself; the window
 * sends only what that copy lacks.
 */
export function startExport(doc: Y.Doc, docName: string | null, kind: ExportKind, selection: ExportSelection = null, now = new Date()): void {
  stop();
  const next = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module' });
  worker = next;
  set({ phase: 'reading', kind });
  const send = (message: ToExportWorker, transfer: Transferable[] = []) => next.postMessage(message, transfer);
  next.onmessage = (event: MessageEvent<FromExportWorker>) => {
    if (worker !== next) return;
    const message = event.data;
    switch (message.type) {
      case 'loaded': {
        const update = missingUpdate(doc, message.stateVector);
        send({ type: 'update', update }, [update.buffer]);
        send({ type: 'export', kind, selection, now: now.toISOString(), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, day: today(now) });
        break;
      }
      case 'progress':
        set({ phase: 'writing', kind, done: message.done, total: message.total });
        break;
      case 'done':
        stop();
        download(message.fileName, message.file);
        set({ phase: 'saved', kind, fileName: message.fileName, people: message.people });
        break;
      case 'failed':
        stop();
        set({ phase: 'failed', kind, message: `The export failed: ${message.message}. Nothing was changed; try again.` });
        break;
    }
  };
  next.onerror = (event) => {
    if (worker !== next) return;
    stop();
    set({ phase: 'failed', kind, message: `The export stopped: ${event.message || 'its worker failed'}. Nothing was changed; try again.` });
  };
  send({ type: 'load', docName });
}
