/**
 * Restoring a backup, as the window sees it. The file is read, checked and
 * written in restore.worker.ts, on the worker's own replica; the window
 * applies the one update it returns, as its own edit. Until then nothing
 * here has changed, so Cancel (or a file refused) leaves the network as it
 * was. One restore runs at a time; its state is a small store the Import
 * and export view reads, so leaving that view does not stop it.
 */
import { useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { busyRoots } from '../../../../shared/interop/backup';
import { MAX_IMPORT_BYTES } from '../../../../shared/interop/errors';
import { missingUpdate } from '../../doc/replica';
import type { FromRestoreWorker, ToRestoreWorker } from './restore-messages';

export type RestoreState =
  | { phase: 'reading'; fileName: string; done: number; total: number }
  | { phase: 'restored'; fileName: string; people: number }
  | { phase: 'cancelled'; fileName: string }
  | { phase: 'failed'; fileName: string; message: string }
  | null;

let state: RestoreState = null;
let worker: Worker | null = null;
const listeners = new Set<() => void>();

function set(next: RestoreState): void {
  state = next;
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export const restoreState = { get: (): RestoreState => state, subscribe };

export const useRestoreState = (): RestoreState => useSyncExternalStore(subscribe, restoreState.get);

function stop(): void {
  worker?.terminate();
  worker = null;
}

/** Stops a restore before it is written: the network stays as it was. */
export function cancelRestore(): void {
  if (state?.phase !== 'reading') return;
  stop();
  set({ phase: 'cancelled', fileName: state.fileName });
}

/** Starts restoring `file` into `doc` (a running restore is replaced). `docName` is y-indexeddb's database, which the worker reads itself. */
export function startRestore(doc: Y.Doc, docName: string | null, file: File): void {
  stop();
  const fileName = file.name;
  if (file.size > MAX_IMPORT_BYTES) {
    set({ phase: 'failed', fileName, message: `This file is ${Math.round(file.size / 1024 / 1024)} MB, larger than any Kith backup Kith reads (${MAX_IMPORT_BYTES / 1024 / 1024} MB).` });
    return;
  }
  const next = new Worker(new URL('./restore.worker.ts', import.meta.url), { type: 'module' });
  worker = next;
  set({ phase: 'reading', fileName, done: 0, total: 0 });
  const send = (message: ToRestoreWorker, transfer: Transferable[] = []) => next.postMessage(message, transfer);
  const fail = (message: string) => {
    stop();
    set({ phase: 'failed', fileName, message });
  };
  next.onmessage = (event: MessageEvent<FromRestoreWorker>) => {
    if (worker !== next) return;
    const message = event.data;
    switch (message.type) {
      case 'loaded': {
        const update = missingUpdate(doc, message.stateVector);
        send({ type: 'state', update }, [update.buffer]);
        break;
      }
      case 'progress':
        set({ phase: 'reading', fileName, done: message.done, total: message.total });
        break;
      case 'done': {
        // Someone may have added a person here while the file was read: then the restore is refused, as it would have been at the start.
        const busy = busyRoots(doc);
        if (busy.length) {
          fail(`This network is no longer empty (it holds ${busy.join(', ')}). Nothing was restored; restore into a new, empty network.`);
          break;
        }
        stop();
        Y.applyUpdate(doc, message.update, LOCAL_UI);
        set({ phase: 'restored', fileName, people: message.people });
        break;
      }
      case 'failed':
        fail(message.message);
        break;
    }
  };
  next.onerror = (event) => {
    if (worker !== next) return;
    fail(`The restore stopped: ${event.message || 'its worker failed'}. Nothing was changed; try again.`);
  };
  send({ type: 'read', file, docName });
}
