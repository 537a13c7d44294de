import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { createPerson, listPeople } from '../../../../shared/doc/people';
import { createNote } from '../../../../shared/doc/notes';
import { migrate } from '../../../../shared/doc/schema';
import { exportBackup } from '../../../../shared/interop/backup';
import { MAX_IMPORT_BYTES } from '../../../../shared/interop/errors';
import type { StoreStatus } from '../../doc/store';
import { restoreSizeStatus, restoreText, whenNetworkLoaded } from './restore';

function network(): Y.Doc {
  const doc = new Y.Doc();
  migrate(doc, LOCAL_UI);
  const ada = createPerson(doc, { name: 'Ada Lovelace' }, LOCAL_UI);
  createPerson(doc, { name: 'Charles Babbage' }, LOCAL_UI);
  createNote(doc, { contactIds: [ada], kind: 'call', text: 'Engines.' }, LOCAL_UI);
  return doc;
}

describe('restoreText', () => {
  it('restores into an empty network and says how many people came back', () => {
    const doc = new Y.Doc();
    expect(restoreText(doc, 'kith-backup-2026-12-03.kithbackup', exportBackup(network()), true)).toEqual({
      kind: 'ok',
      text: 'Restored 2 people from kith-backup-2026-12-03.kithbackup.',
      opened: true,
    });
    expect(listPeople(doc).map((person) => person.name).sort()).toEqual(['Ada Lovelace', 'Charles Babbage']);
  });

  it('refuses an opened backup into a network that holds anything, in one sentence naming what it holds, and writes nothing', () => {
    const doc = network();
    const before = Y.encodeStateAsUpdate(doc);
    const status = restoreText(doc, 'old.kithbackup', exportBackup(network()), true);
    expect(status).toEqual({
      kind: 'error',
      text: 'old.kithbackup was not restored: this network already holds people and notes, and a backup goes only into an empty network, so nothing here is overwritten.',
      opened: true,
    });
    expect(status?.text.match(/\. |\.$/g)).toHaveLength(1);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(listPeople(doc)).toHaveLength(2);
  });

  it('says what is wrong with a damaged file, naming it when it was opened with Kith', () => {
    const doc = new Y.Doc();
    expect(restoreText(doc, 'broken.kithbackup', '{"format":', true)?.text).toBe(
      'broken.kithbackup was not restored. This is not a Kith backup: it is not JSON. Choose a file that Kith saved with "Back up everything".',
    );
    // Chosen in Restore, the file is the one just picked: the reason alone.
    expect(restoreText(doc, 'broken.json', '{"format": "something else", "roots": {}, "meta": {}}', false)).toEqual({
      kind: 'error',
      text: 'This is not a Kith backup: it lacks the format, meta and roots Kith writes.',
      opened: false,
    });
    expect(listPeople(doc)).toEqual([]);
  });

  it('refuses a file over the size Kith reads before reading it', () => {
    expect(restoreSizeStatus(MAX_IMPORT_BYTES)).toBeNull();
    expect(restoreSizeStatus(MAX_IMPORT_BYTES * 2)).toEqual({ kind: 'error', text: 'This file is 200 MB, larger than any Kith backup Kith reads (100 MB).' });
  });
});

describe('whenNetworkLoaded', () => {
  function store(status: Partial<StoreStatus>) {
    let current: StoreStatus = { localLoaded: false, hostSynced: false, loadingMb: null, loadingOfMb: null, link: 'connecting', save: 'saved', error: null, ...status };
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
