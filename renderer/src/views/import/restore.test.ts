import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createPerson, listPeople } from '../../../../shared/doc/people';
import { createLink } from '../../../../shared/doc/links';
import { createNote, listNotes } from '../../../../shared/doc/notes';
import { LOCAL_UI, MIGRATION } from '../../../../shared/doc/origins';
import { migrate, root } from '../../../../shared/doc/schema';
import { exportBackup, RestoreError } from '../../../../shared/interop/backup';
import { backupText, restoreIntoReplica } from './restore';
import { cancelRestore, restoreState, startRestore } from './restores';
import type { FromRestoreWorker, ToRestoreWorker } from './restore-messages';

/** A network of `count` people, every second one linked to the first, with a note. */
function network(count = 3): Y.Doc {
  const doc = new Y.Doc();
  migrate(doc, MIGRATION);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(createPerson(doc, { name: `Person ${i} Brightwater`, emails: [`p${i}@brightwater.example`], tags: ['river'] }, LOCAL_UI));
  for (let i = 1; i < count; i += 2) createLink(doc, { from: ids[0]!, to: ids[i]!, kind: 'knows' }, LOCAL_UI);
  createNote(doc, { contactIds: [ids[0]!], kind: 'call', text: 'Talked rivers.' }, LOCAL_UI);
  return doc;
}

function emptyNetwork(): Y.Doc {
  const doc = new Y.Doc();
  migrate(doc, MIGRATION);
  return doc;
}

const people = (doc: Y.Doc) => listPeople(doc).map((person) => [person.name, person.emails, person.tags]).sort();

describe('the restore worker’s functions', () => {
  it('checks the whole file with progress, then hands back the restore as one update the window applies', () => {
    const source = network(1200);
    const replica = emptyNetwork();
    const window = new Y.Doc();
    Y.applyUpdate(window, Y.encodeStateAsUpdate(replica));
    const progress: [number, number][] = [];
    const { update, people: count } = restoreIntoReplica(replica, exportBackup(source), 'restore', (done, total) => progress.push([done, total]));
    expect(count).toBe(1200);
    const total = progress.at(-1)![1];
    expect(progress.at(-1)).toEqual([total, total]);
    expect(progress.length).toBeGreaterThan(4);
    expect(progress.every(([done], i) => i === 0 || done >= progress[i - 1]![0])).toBe(true);

    const transactions: unknown[] = [];
    window.on('afterTransaction', (transaction: Y.Transaction) => transactions.push(transaction.origin));
    Y.applyUpdate(window, update, LOCAL_UI);
    expect(transactions).toEqual([LOCAL_UI]);
    expect(people(window)).toEqual(people(source));
    expect(root(window, 'links').toJSON()).toEqual(root(source, 'links').toJSON());
    expect(listNotes(window).map((note) => note.text)).toEqual(['Talked rivers.']);
  });

  it('a damaged entry late in the file is refused with its place, and the replica is left as it was', () => {
    const backup = JSON.parse(exportBackup(network(600)));
    const ids = Object.keys(backup.roots.contacts.$map);
    backup.roots.contacts.$map[ids.at(-1)!].$map.emails = { $oops: [] };
    const replica = emptyNetwork();
    const before = Y.encodeStateVector(replica);
    const progress: number[] = [];
    expect(() => restoreIntoReplica(replica, JSON.stringify(backup), 'restore', (done) => progress.push(done))).toThrow(
      new RestoreError(`The backup is damaged at contacts.${ids.at(-1)}.emails: unknown tag $oops. Use another backup file.`),
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(Y.encodeStateVector(replica)).toEqual(before);
    expect(listPeople(replica)).toEqual([]);
  });

  it('a backup cut short, a file of another kind and bytes that are not UTF-8 are refused in a sentence, writing nothing', () => {
    const text = exportBackup(network(20));
    const cases = [text.slice(0, Math.floor(text.length / 2)), '{"format":"kith-backup"}', backupText(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))];
    for (const bad of cases) {
      const replica = emptyNetwork();
      const before = Y.encodeStateVector(replica);
      expect(() => restoreIntoReplica(replica, bad, 'restore')).toThrow(/^This is not a Kith backup: it (is not JSON|lacks the format, meta and roots Kith writes)\./);
      expect(Y.encodeStateVector(replica)).toEqual(before);
    }
  });

  it('a replica that holds people refuses the restore', () => {
    const replica = network(2);
    expect(() => restoreIntoReplica(replica, exportBackup(network(2)), 'restore')).toThrow('This network is not empty (it holds contacts');
  });
});

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

  it('sends the file to the worker, not its text, and applies the one update it returns', () => {
    const window = emptyNetwork();
    const file = new File([exportBackup(network(5))], 'backup.json');
    startRestore(window, 'kith-doc', file);
    const worker = FakeWorker.all[0]!;
    expect(worker.url.pathname).toMatch(/restore\.worker\.ts$/);
    expect(worker.sent).toEqual([{ type: 'read', file, docName: 'kith-doc' }]);
    worker.reply({ type: 'loaded', stateVector: Y.encodeStateVector(window) });
    expect(worker.sent[1]?.type).toBe('state');
    worker.reply({ type: 'progress', done: 3, total: 9 });
    expect(restoreState.get()).toEqual({ phase: 'reading', fileName: 'backup.json', done: 3, total: 9 });
    expect(listPeople(window)).toEqual([]);
    worker.reply({ type: 'done', update: workerUpdate(window, exportBackup(network(5))), people: 5 });
    expect(listPeople(window)).toHaveLength(5);
    expect(restoreState.get()).toEqual({ phase: 'restored', fileName: 'backup.json', people: 5 });
    expect(worker.terminated).toBe(true);
  });

  it('Cancel before the write leaves the network as it was; what the worker says afterwards is ignored', () => {
    const window = emptyNetwork();
    const before = Y.encodeStateVector(window);
    startRestore(window, null, new File([exportBackup(network(5))], 'backup.json'));
    const worker = FakeWorker.all[0]!;
    worker.reply({ type: 'loaded', stateVector: null });
    worker.reply({ type: 'progress', done: 3, total: 9 });
    const update = workerUpdate(window, exportBackup(network(5)));
    cancelRestore();
    expect(worker.terminated).toBe(true);
    expect(restoreState.get()).toEqual({ phase: 'cancelled', fileName: 'backup.json' });
    worker.reply({ type: 'done', update, people: 5 });
    expect(Y.encodeStateVector(window)).toEqual(before);
  });

  it('a person added here while the file was read: the restore is refused and nothing is applied', () => {
    const window = emptyNetwork();
    startRestore(window, null, new File([exportBackup(network(5))], 'backup.json'));
    const worker = FakeWorker.all[0]!;
    worker.reply({ type: 'loaded', stateVector: null });
    const update = workerUpdate(window, exportBackup(network(5)));
    createPerson(window, { name: 'Typed Meanwhile' }, LOCAL_UI);
    worker.reply({ type: 'done', update, people: 5 });
    expect(listPeople(window).map((person) => person.name)).toEqual(['Typed Meanwhile']);
    expect(restoreState.get()).toEqual({
      phase: 'failed',
      fileName: 'backup.json',
      message: 'This network is no longer empty (it holds contacts). Nothing was restored; restore into a new, empty network.',
    });
  });

  it('a refusal from the worker is shown as its sentence; an oversized file is refused before a worker starts', () => {
    startRestore(emptyNetwork(), null, new File(['{'], 'broken.json'));
    FakeWorker.all[0]!.reply({ type: 'failed', message: 'This is not a Kith backup: it is not JSON.' });
    expect(restoreState.get()).toEqual({ phase: 'failed', fileName: 'broken.json', message: 'This is not a Kith backup: it is not JSON.' });
    expect(FakeWorker.all[0]!.terminated).toBe(true);
    const huge = { name: 'huge.json', size: 300 * 1024 * 1024 } as File;
    startRestore(emptyNetwork(), null, huge);
    expect(FakeWorker.all).toHaveLength(1);
    expect(restoreState.get()).toMatchObject({ phase: 'failed', fileName: 'huge.json', message: expect.stringContaining('This file is 300 MB') });
  });
});
