import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createPerson, listPeople } from '../../../../shared/doc/people';
import { createNote } from '../../../../shared/doc/notes';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { migrate } from '../../../../shared/doc/schema';
import { exportBackup } from '../../../../shared/interop/backup';
import { MAX_IMPORT_BYTES } from '../../../../shared/interop/errors';
import type { StoreStatus } from '../../doc/store';
import { restoreIntoReplica, restoreReply } from './restore-replica';
import { emptyNetwork, network, writerFor } from './restore-fixtures';
import { nextTask } from '../../doc/sliced-write';
import { cancelRestore, restoreState, startRestore, whenNetworkLoaded } from './restores';
import type { FromRestoreWorker, ToRestoreWorker } from './restore-messages';
import { sliceUpdate } from '../../../../shared/sync/slice-update';

/** Two people and a note on one of them, as desktop users double-click a backup of. */
function smallNetwork(): Y.Doc {
  const doc = new Y.Doc();
  migrate(doc, LOCAL_UI);
  const ada = createPerson(doc, { name: 'Ada Lovelace' }, LOCAL_UI);
  createPerson(doc, { name: 'Charles Babbage' }, LOCAL_UI);
  createNote(doc, { contactIds: [ada], kind: 'call', text: 'Engines.' }, LOCAL_UI);
  return doc;
}

/** Stands in for the restore worker: records what the window sends, and answers as the worker would. */
class FakeWorker {
  static all: FakeWorker[] = [];
  readonly sent: ToRestoreWorker[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<FromRestoreWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  constructor(readonly url: URL) {
    FakeWorker.all.push(this);
  }
  postMessage(message: ToRestoreWorker): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(message: FromRestoreWorker): void {
    this.onmessage?.({ data: message } as MessageEvent<FromRestoreWorker>);
  }
}

describe('a restore from the window', () => {
  beforeEach(() => {
    FakeWorker.all = [];
    vi.stubGlobal('Worker', FakeWorker);
  });
  afterEach(() => {
    cancelRestore();
    vi.unstubAllGlobals();
  });

  /** Runs the worker's side for real on a replica of `window`, up to the update it would send. */
  function workerUpdate(window: Y.Doc, text: string): Uint8Array {
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(window));
    return restoreIntoReplica(replica, text, 'restore').update;
  }

  it('sends the file to the worker, not its text, and applies the slices it returns, one per task', async () => {
    const window = emptyNetwork();
    const file = new File([exportBackup(network(5))], 'backup.json');
    startRestore(writerFor(window), 'kith-doc', file);
    const worker = FakeWorker.all[0]!;
    expect(worker.url.pathname).toMatch(/restore\.worker\.ts$/);
    expect(worker.sent).toEqual([{ type: 'read', file, docName: 'kith-doc' }]);
    worker.reply({ type: 'loaded', stateVector: Y.encodeStateVector(window) });
    expect(worker.sent[1]?.type).toBe('state');
    worker.reply({ type: 'progress', done: 3, total: 9 });
    expect(restoreState.get()).toEqual({ phase: 'reading', fileName: 'backup.json', opened: false, done: 3, total: 9 });
    expect(listPeople(window)).toEqual([]);
    const slices = sliceUpdate(workerUpdate(window, exportBackup(network(5))), 256);
    expect(slices.length).toBeGreaterThan(2);
    const written: number[] = [];
    const stopWatching = restoreState.subscribe(() => {
      const now = restoreState.get();
      if (now?.phase === 'writing') written.push(now.done);
    });
    worker.reply({ type: 'done', slices, people: 5 });
    expect(restoreState.get()).toEqual({ phase: 'writing', fileName: 'backup.json', opened: false, people: 5, done: 0, total: slices.length });
    expect(worker.terminated).toBe(true);
    // Nothing goes in within the worker's message: the slices come in tasks of their own.
    expect(listPeople(window)).toEqual([]);
    await vi.waitFor(() => expect(restoreState.get()).toEqual({ phase: 'restored', fileName: 'backup.json', opened: false, people: 5 }));
    stopWatching();
    expect(written).toEqual(slices.map((_, index) => index).concat(slices.length));
    expect(listPeople(window)).toHaveLength(5);
  });

  it('Cancel before the write leaves the network as it was; what the worker says afterwards is ignored', async () => {
    const window = emptyNetwork();
    const before = Y.encodeStateVector(window);
    startRestore(writerFor(window), null, new File([exportBackup(network(5))], 'backup.json'));
    const worker = FakeWorker.all[0]!;
    worker.reply({ type: 'loaded', stateVector: null });
    worker.reply({ type: 'progress', done: 3, total: 9 });
    const update = workerUpdate(window, exportBackup(network(5)));
    cancelRestore();
    expect(worker.terminated).toBe(true);
    expect(restoreState.get()).toEqual({ phase: 'cancelled', fileName: 'backup.json', opened: false });
    worker.reply({ type: 'done', slices: [update], people: 5 });
    // A write would have put its first slice in by the second task.
    await nextTask();
    await nextTask();
    expect(Y.encodeStateVector(window)).toEqual(before);
    expect(restoreState.get()).toEqual({ phase: 'cancelled', fileName: 'backup.json', opened: false });
  });

  it('a person added here while the file was read: the restore is refused and nothing is applied', () => {
    const window = emptyNetwork();
    startRestore(writerFor(window), null, new File([exportBackup(network(5))], 'backup.json'));
    const worker = FakeWorker.all[0]!;
    worker.reply({ type: 'loaded', stateVector: null });
    const update = workerUpdate(window, exportBackup(network(5)));
    createPerson(window, { name: 'Typed Meanwhile' }, LOCAL_UI);
    worker.reply({ type: 'done', slices: [update], people: 5 });
    expect(listPeople(window).map((person) => person.name)).toEqual(['Typed Meanwhile']);
    expect(restoreState.get()).toEqual({
      phase: 'failed',
      fileName: 'backup.json',
      opened: false,
      message: 'This network is no longer empty (it holds contacts). Nothing was restored; restore into a new, empty network.',
    });
  });

  it('a refusal from the worker is shown as its sentence; an oversized file is refused before a worker starts', () => {
    startRestore(writerFor(emptyNetwork()), null, new File(['{'], 'broken.json'));
    FakeWorker.all[0]!.reply({ type: 'failed', message: 'This is not a Kith backup: it is not JSON.' });
    expect(restoreState.get()).toEqual({ phase: 'failed', fileName: 'broken.json', opened: false, message: 'This is not a Kith backup: it is not JSON.' });
    expect(FakeWorker.all[0]!.terminated).toBe(true);
    const huge = { name: 'huge.json', size: 300 * 1024 * 1024 } as File;
    startRestore(writerFor(emptyNetwork()), null, huge);
    expect(FakeWorker.all).toHaveLength(1);
    expect(restoreState.get()).toMatchObject({ phase: 'failed', fileName: 'huge.json', message: expect.stringContaining('This file is 300 MB') });
  });
  /** Runs the worker's side for real on a replica of `window`: what it would answer for `text`. */
  function workerReply(window: Y.Doc, text: string): FromRestoreWorker {
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(window));
    return restoreReply(replica, new TextEncoder().encode(text));
  }

  /** Starts `text` as a file named `fileName` and plays the worker's whole conversation for real, until its slices are all in. */
  async function restoreThrough(window: Y.Doc, fileName: string, text: string, options: Parameters<typeof startRestore>[3]): Promise<void> {
    startRestore(writerFor(window), null, new File([text], fileName), options);
    const worker = FakeWorker.all.at(-1)!;
    worker.reply({ type: 'loaded', stateVector: null });
    worker.reply(workerReply(window, text));
    await vi.waitFor(() => expect(restoreState.get()?.phase).not.toBe('writing'));
  }

  it('an opened backup goes the same way into an empty network, and says how many people came back, at the top', async () => {
    const window = new Y.Doc();
    await restoreThrough(window, 'kith-backup-2026-12-03.kithbackup', exportBackup(smallNetwork()), { opened: true });
    expect(restoreState.get()).toEqual({ phase: 'restored', fileName: 'kith-backup-2026-12-03.kithbackup', opened: true, people: 2 });
    expect(listPeople(window).map((person) => person.name).sort()).toEqual(['Ada Lovelace', 'Charles Babbage']);
  });

  it('refuses an opened backup into a network that holds anything, in one sentence naming what it holds, and writes nothing', async () => {
    const window = smallNetwork();
    const before = Y.encodeStateAsUpdate(window);
    await restoreThrough(window, 'old.kithbackup', exportBackup(smallNetwork()), { opened: true });
    const state = restoreState.get();
    expect(state).toEqual({
      phase: 'failed',
      fileName: 'old.kithbackup',
      opened: true,
      message: 'old.kithbackup was not restored: this network already holds people and notes, and a backup goes only into an empty network, so nothing here is overwritten.',
    });
    expect(state?.phase === 'failed' && state.message.match(/\. |\.$/g)).toHaveLength(1);
    expect(Y.encodeStateAsUpdate(window)).toEqual(before);
    expect(listPeople(window)).toHaveLength(2);
  });

  it('says what is wrong with a damaged file, naming it when it was opened with Kith', async () => {
    const window = new Y.Doc();
    await restoreThrough(window, 'broken.kithbackup', '{"format":', { opened: true });
    expect(restoreState.get()).toMatchObject({
      phase: 'failed',
      message: 'broken.kithbackup was not restored. This is not a Kith backup: it is not JSON. Choose a file that Kith saved with "Back up everything".',
    });
    // Chosen in Restore, even beside an opened backup's refusal, the file is the one just picked: the reason alone, at the top.
    await restoreThrough(window, 'broken.json', '{"format": "something else", "roots": {}, "meta": {}}', { atTop: true });
    expect(restoreState.get()).toEqual({ phase: 'failed', fileName: 'broken.json', opened: true, message: 'This is not a Kith backup: it lacks the format, meta and roots Kith writes.' });
    expect(listPeople(window)).toEqual([]);
  });

  it('an opened backup waits for the whole network before its worker starts; Cancel while it waits starts none', async () => {
    let loaded!: () => void;
    const network = new Promise<void>((resolve) => (loaded = resolve));
    startRestore(writerFor(emptyNetwork()), null, new File(['{}'], 'later.kithbackup'), { opened: true, after: network });
    expect(restoreState.get()).toEqual({ phase: 'waiting', fileName: 'later.kithbackup', opened: true });
    expect(FakeWorker.all).toHaveLength(0);
    loaded();
    await network;
    expect(FakeWorker.all).toHaveLength(1);
    expect(restoreState.get()).toMatchObject({ phase: 'reading', opened: true });

    let loadedAgain!: () => void;
    const again = new Promise<void>((resolve) => (loadedAgain = resolve));
    startRestore(writerFor(emptyNetwork()), null, new File(['{}'], 'later.kithbackup'), { opened: true, after: again });
    expect(FakeWorker.all[0]!.terminated).toBe(true);
    cancelRestore();
    expect(restoreState.get()).toEqual({ phase: 'cancelled', fileName: 'later.kithbackup', opened: true });
    loadedAgain();
    await again;
    expect(FakeWorker.all).toHaveLength(1);
    expect(restoreState.get()).toEqual({ phase: 'cancelled', fileName: 'later.kithbackup', opened: true });
  });

  it('refuses a file over the size Kith reads before reading it', () => {
    startRestore(writerFor(emptyNetwork()), null, { name: 'just.json', size: MAX_IMPORT_BYTES } as File);
    expect(FakeWorker.all).toHaveLength(1);
    startRestore(writerFor(emptyNetwork()), null, { name: 'double.json', size: MAX_IMPORT_BYTES * 2 } as File);
    expect(FakeWorker.all).toHaveLength(1);
    expect(restoreState.get()).toEqual({ phase: 'failed', fileName: 'double.json', opened: false, message: 'This file is 200 MB, larger than any Kith backup Kith reads (100 MB).' });
  });
});

describe('whenNetworkLoaded', () => {
  function store(status: Partial<StoreStatus>) {
    let current: StoreStatus = { localLoaded: false, hostSynced: false, loadingMb: null, loadingOfMb: null, receiving: false, writing: null, link: 'connecting', save: 'saved', error: null, ...status };
    const listeners = new Set<() => void>();
    return {
      getStatus: () => current,
      subscribe(listener: () => void) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      set(next: Partial<StoreStatus>) {
        current = { ...current, ...next };
        for (const listener of [...listeners]) listener();
      },
      listeners,
    };
  }

  it('waits for both the stored copy and the host: an empty-looking network may only not have loaded', async () => {
    const source = store({});
    let loaded = false;
    const waiting = whenNetworkLoaded(source).then(() => (loaded = true));
    source.set({ localLoaded: true });
    await Promise.resolve();
    expect(loaded).toBe(false);
    source.set({ hostSynced: true });
    await waiting;
    expect(loaded).toBe(true);
    expect(source.listeners.size).toBe(0);
  });

  it('resolves at once when the network is already here', async () => {
    await expect(whenNetworkLoaded(store({ localLoaded: true, hostSynced: true }))).resolves.toBeUndefined();
  });
});
