/**
 * Restoring a backup, as the window sees it, whether the user chose it in
 * Import and export or the system opened Kith with it (a double-clicked
 * .kithbackup: Electron's `restoreRequested`, or `pendingRestoreFile` for the
 * file Kith was started with). Either way the file is read, checked and
 * written in restore.worker.ts, on the worker's own replica; the window
 * applies what that wrote in slices, one per task, as its own edit and one
 * undo step (doc/sliced-write.ts). Until the slices begin nothing here has
 * changed, so Cancel (or a file refused) leaves the network as it was; once
 * begun they all go in. One restore runs at a time; its state is a small store the Import
 * and export view reads, so leaving that view does not stop it.
 */
import { useSyncExternalStore } from 'react';
import type { RootName } from '../../../../shared/doc/schema';
import { busyRoots } from '../../../../shared/interop/backup';
import { backupTooLarge } from '../../../../shared/interop/errors';
import { missingUpdate } from '../../doc/replica';
import type { StoreStatus } from '../../doc/store';
import type { SlicedWriter } from '../../doc/sliced-write';
import type { FromRestoreWorker, ToRestoreWorker } from './restore-messages';

/**
 * `opened`: shown at the top of Import and export rather than under
 * Restore's button, for a backup the system opened Kith with (or the one
 * chosen in its place). `waiting`: an opened backup, until the whole
 * network has loaded. `writing`: the checked backup goes into the network,
 * `done` of `total` slices; it cannot be stopped now.
 */
export type RestoreState =
  | { phase: 'waiting'; fileName: string; opened: boolean }
  | { phase: 'reading'; fileName: string; opened: boolean; done: number; total: number }
  | { phase: 'writing'; fileName: string; opened: boolean; people: number; done: number; total: number }
  | { phase: 'restored'; fileName: string; opened: boolean; people: number }
  | { phase: 'cancelled'; fileName: string; opened: boolean }
  | { phase: 'failed'; fileName: string; opened: boolean; message: string }
  | null;

export interface RestoreOptions {
  /** The system opened Kith with the file: nothing was chosen here, so a refusal names it; shown at the top. */
  opened?: boolean;
  /** Chosen here, beside an opened backup's refusal: its outcome takes the refusal's place at the top. */
  atTop?: boolean;
  /** Started only once this resolves (whenNetworkLoaded): before that an empty-looking network may only not have loaded. */
  after?: Promise<void>;
}

/** What the roots a network holds are to the person who wrote them. */
const HELD: Partial<Record<RootName, string>> = {
  contacts: 'people',
  links: 'links',
  notes: 'notes',
  commitments: 'commitments',
  requests: 'requests',
  asks: 'asks',
  layout: 'a map layout',
  me: 'your profile',
  aliases: 'your aliases',
};

const listed = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** Why `fileName` was not restored. A file the system opened Kith with is named, and a network that holds anything is said in its own words. */
function refusal(fileName: string, message: string, holds: readonly string[] | undefined, opened: boolean): string {
  if (!opened) return message;
  if (holds?.length) {
    const held = listed(holds.map((name) => HELD[name as RootName] ?? name));
    return `${fileName} was not restored: this network already holds ${held}, and a backup goes only into an empty network, so nothing here is overwritten.`;
  }
  return `${fileName} was not restored. ${message}`;
}

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

/** Counts restores started, so one still waiting for the network knows when it was replaced or cancelled. */
let started = 0;

function stop(): void {
  worker?.terminate();
  worker = null;
  started++;
}

/** Stops a restore before it is written: the network stays as it was. */
export function cancelRestore(): void {
  if (state?.phase !== 'reading' && state?.phase !== 'waiting') return;
  stop();
  set({ phase: 'cancelled', fileName: state.fileName, opened: state.opened });
}

/**
 * Starts restoring `file` into the writer's document (a running restore is
 * replaced). `docName` is y-indexeddb's database, which the worker reads itself.
 */
export function startRestore(writer: SlicedWriter, docName: string | null, file: File, options: RestoreOptions = {}): void {
  stop();
  const fileName = file.name;
  const opened = Boolean(options.opened || options.atTop);
  const large = backupTooLarge(file.size);
  if (large) {
    set({ phase: 'failed', fileName, opened, message: refusal(fileName, large, undefined, Boolean(options.opened)) });
    return;
  }
  if (!options.after) {
    read(writer, docName, file, opened, Boolean(options.opened));
    return;
  }
  const run = started;
  set({ phase: 'waiting', fileName, opened });
  void options.after.then(() => {
    if (run === started) read(writer, docName, file, opened, Boolean(options.opened));
  });
}

function read(writer: SlicedWriter, docName: string | null, file: File, opened: boolean, named: boolean): void {
  const fileName = file.name;
  const next = new Worker(new URL('./restore.worker.ts', import.meta.url), { type: 'module' });
  worker = next;
  set({ phase: 'reading', fileName, opened, done: 0, total: 0 });
  const send = (message: ToRestoreWorker, transfer: Transferable[] = []) => next.postMessage(message, transfer);
  const fail = (message: string, holds?: readonly string[]) => {
    stop();
    set({ phase: 'failed', fileName, opened, message: refusal(fileName, message, holds, named) });
  };
  next.onmessage = (event: MessageEvent<FromRestoreWorker>) => {
    if (worker !== next) return;
    const message = event.data;
    switch (message.type) {
      case 'loaded': {
        const update = missingUpdate(writer.doc, message.stateVector);
        send({ type: 'state', update }, [update.buffer]);
        break;
      }
      case 'progress':
        set({ phase: 'reading', fileName, opened, done: message.done, total: message.total });
        break;
      case 'done': {
        // Someone may have added a person here while the file was read: then the restore is refused, as it would have been at the start.
        const busy = busyRoots(writer.doc);
        if (busy.length) {
          fail(`This network is no longer empty (it holds ${busy.join(', ')}). Nothing was restored; restore into a new, empty network.`, busy);
          break;
        }
        stop();
        write(writer, message.slices, { fileName, opened, people: message.people });
        break;
      }
      case 'failed':
        fail(message.message, message.holds);
        break;
    }
  };
  next.onerror = (event) => {
    if (worker !== next) return;
    fail(`The restore stopped: ${event.message || 'its worker failed'}. Nothing was changed; try again.`);
  };
  send({ type: 'read', file, docName });
}

/** Writes a checked restore's slices; its state says how far, unless another restore has started since. */
function write(writer: SlicedWriter, slices: Uint8Array[], shown: { fileName: string; opened: boolean; people: number }): void {
  const run = started;
  const progress = (done: number, total: number) => {
    if (run === started) set({ phase: 'writing', ...shown, done, total });
  };
  progress(0, slices.length);
  writer.writeSlices(slices, { what: 'the restore', onProgress: progress }).then(
    () => {
      if (run === started) set({ phase: 'restored', ...shown });
    },
    (error: Error) => {
      if (run !== started) return;
      set({ phase: 'failed', fileName: shown.fileName, opened: shown.opened, message: `The restore stopped part way (${error.message}). Undo takes back the part that went in; then restore again.` });
    },
  );
}

interface StatusSource {
  getStatus(): StoreStatus;
  subscribe(listener: () => void): () => void;
}

/**
 * Resolves once this window holds the whole network: its own stored copy
 * and the host's. Before that an empty-looking document may only not have
 * loaded yet, and a restore into it would mix two networks.
 */
export function whenNetworkLoaded(store: StatusSource): Promise<void> {
  const loaded = () => store.getStatus().localLoaded && store.getStatus().hostSynced;
  if (loaded()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = store.subscribe(() => {
      if (!loaded()) return;
      stop();
      resolve();
    });
  });
}
