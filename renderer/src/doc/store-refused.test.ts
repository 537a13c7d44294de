/**
 * DocStore's receive(): a message from the host that DocSyncPeer refuses
 * ends the wait for the host's state ("Opening your network…") and says so,
 * changing nothing in the document. The real DocStore, with only what Node
 * lacks put in: IndexedDB (y-indexeddb) and its stored-copy worker, which
 * this path never reads from.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { describe, expect, it, vi } from 'vitest';
import { createPerson, listPeople } from '../../../shared/doc/people';
import { LOCAL_UI } from '../../../shared/doc/origins';
import { MESSAGE_SYNC, inspectSyncMessage } from '../../../shared/sync/doc-sync';
import type { AppInfo, KithApi } from '../../../shared/host/contract';
import type { HostConnection, LinkState } from '../host/connection';

vi.mock('y-indexeddb', () => ({
  /** An empty profile whose writes commit at once. */
  IndexeddbPersistence: class {
    _dbref = 0;
    _dbsize = 0;
    _destroyed = false;
    readonly whenSynced = Promise.resolve(this);
    /** What LocalCopy replaces with its own (local-copy.ts). */
    _storeUpdate = () => undefined;
    readonly db = {
      transaction() {
        const transaction: { oncomplete?: () => void } = {};
        setImmediate(() => transaction.oncomplete?.());
        return {
          ...transaction,
          set oncomplete(done: () => void) {
            transaction.oncomplete = done;
          },
          objectStore: () => ({
            count() {
              const request: { result: number; onsuccess?: () => void } = { result: 0 };
              setImmediate(() => request.onsuccess?.());
              return request;
            },
          }),
        };
      },
    };
    constructor(
      _name: string,
      readonly doc: Y.Doc,
    ) {
      doc.on('update', this._storeUpdate);
    }
  },
}));
vi.mock('./stored-slices', () => ({ loadStoredSlices: async () => undefined }));

const { DocStore } = await import('./store');

const info: AppInfo = { name: 'Kith', version: 'test', mode: 'electron', docName: 'kith-test', dataDir: '/data', platform: 'linux' };

/** A host link as Electron's preload gives it: connected at once; the test plays the host. */
function hostLink(options: { holdAcks?: boolean } = {}) {
  let deliver: (message: Uint8Array) => void = () => undefined;
  const sent: Uint8Array[] = [];
  const acks: Array<() => void> = [];
  const api = {
    docSend: vi.fn((message: Uint8Array) => {
      sent.push(message);
      if (!options.holdAcks) return Promise.resolve({ durable: true });
      return new Promise((resolve) => acks.push(() => resolve({ durable: true })));
    }),
    onDocMessage: (listener: (message: Uint8Array) => void) => {
      deliver = listener;
      return () => undefined;
    },
    onStorageHealthChanged: () => () => undefined,
  } as unknown as KithApi;
  const connection: HostConnection = {
    api,
    onState(listener: (state: LinkState) => void) {
      listener('connected');
      return () => undefined;
    },
  };
  return { connection, sent, acks, deliver: (message: Uint8Array) => deliver(message) };
}

/** Resolves once `condition` holds, re-checked on each of the store's changes. */
function until(store: InstanceType<typeof DocStore>, condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (condition()) return resolve();
    const stop = store.subscribe(() => {
      if (!condition()) return;
      stop();
      resolve();
    });
  });
}

/** A step2 whose length prefix promises more bytes than it holds. */
function truncatedStep2(): Uint8Array {
  const other = new Y.Doc();
  createPerson(other, { name: 'Grace Hopper' }, LOCAL_UI);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(other));
  const whole = encoding.toUint8Array(encoder);
  return whole.slice(0, whole.length - 5);
}

describe('a message from the host that is refused', () => {
  for (const [name, message] of [
    ['a truncated step2', truncatedStep2()],
    ['an unknown message type', new Uint8Array([7, 1, 0])],
  ] as const) {
    it(`(${name}) ends "Opening your network…", says why, and changes nothing`, async () => {
      const link = hostLink();
      const store = new DocStore(info, link.connection);
      await until(store, () => store.getStatus().localLoaded && store.isAwaitingHost());
      expect(link.sent.map(inspectSyncMessage)).toEqual(['step1']);
      // A person of this window's own, so "unchanged" is a document with something in it.
      createPerson(store.doc, { name: 'Ada Lovelace' }, LOCAL_UI);
      await until(store, () => store.getStatus().save === 'saved');
      const before = Y.encodeStateAsUpdate(store.doc);
      expect(store.isAwaitingHost()).toBe(true);

      link.deliver(message);

      expect(store.isAwaitingHost()).toBe(false);
      expect(store.getStatus().error).toMatch(/^A message from the host was refused: Malformed sync message: /);
      expect(store.getStatus().save).toBe('error');
      expect(Y.encodeStateAsUpdate(store.doc)).toEqual(before);
      expect(listPeople(store.doc).map((person) => person.name)).toEqual(['Ada Lovelace']);
      expect(store.getStatus().hostSynced).toBe(false);
    });
  }

  it('keeps saying so when the host acknowledges the step1 after its refused answer (the order IPC and the WebSocket deliver them)', async () => {
    const link = hostLink({ holdAcks: true });
    const store = new DocStore(info, link.connection);
    await until(store, () => store.getStatus().localLoaded && store.isAwaitingHost());
    const before = Y.encodeStateAsUpdate(store.doc);

    link.deliver(truncatedStep2());
    for (const ack of link.acks.splice(0)) ack();
    await until(store, () => store.getStatus().save !== 'saving');

    expect(store.isAwaitingHost()).toBe(false);
    expect(store.getStatus().error).toMatch(/^A message from the host was refused: /);
    expect(store.getStatus().save).toBe('error');
    expect(Y.encodeStateAsUpdate(store.doc)).toEqual(before);
  });
});
