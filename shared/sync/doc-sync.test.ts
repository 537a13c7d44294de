import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocSyncPeer, SyncHandshake, SyncMessageError, decodeSyncMessage, encodeStep1, encodeUpdate, inspectSyncMessage } from './doc-sync';
import { createPerson, listPeople } from '../doc/people';
import { sliceUpdate } from './slice-update';

/** Two docs joined by an in-memory pipe that delivers messages when flushed. */
function pair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  const toA: Uint8Array[] = [];
  const toB: Uint8Array[] = [];
  const peerA = new DocSyncPeer(a, (message) => toB.push(message));
  const peerB = new DocSyncPeer(b, (message) => toA.push(message));
  const flush = () => {
    while (toA.length || toB.length) {
      const forB = toB.shift();
      if (forB) peerB.receive(forB);
      const forA = toA.shift();
      if (forA) peerA.receive(forA);
    }
  };
  return { a, b, peerA, peerB, flush, toA, toB };
}

describe('DocSyncPeer', () => {
  it('brings two replicas with different histories together, then streams edits', () => {
    const { a, b, peerA, peerB, flush } = pair();
    createPerson(a, { name: 'Only on A' }, 'ui');
    createPerson(b, { name: 'Only on B' }, 'ui');
    peerA.start();
    peerB.start();
    flush();
    expect(listPeople(a).map((p) => p.name)).toEqual(['Only on A', 'Only on B']);
    createPerson(b, { name: 'Later' }, 'ui');
    flush();
    expect(listPeople(a)).toEqual(listPeople(b));
  });

  it('does not echo an update back to the peer it came from', () => {
    const { a, peerA, peerB, flush, toA } = pair();
    peerA.start();
    peerB.start();
    flush();
    createPerson(a, { name: 'Once' }, 'ui');
    flush();
    expect(toA).toHaveLength(0);
  });

  it('refuses malformed messages and applies nothing', () => {
    const { b, peerB } = pair();
    const source = new Y.Doc();
    createPerson(source, { name: 'X' }, 'ui');
    const good = encodeUpdate(Y.encodeStateAsUpdate(source));
    const before = Y.encodeStateAsUpdate(b);
    const broken = [
      new Uint8Array([]),
      new Uint8Array([7, 0, 0]),
      new Uint8Array([0, 9, 1, 1]),
      good.slice(0, good.length - 3),
      new Uint8Array([...good, 0]),
      new Uint8Array([0, 0, 3, 5, 1, 2]),
      new Uint8Array([0, 2, 4, 200, 200, 200, 200]),
    ];
    for (const message of broken) expect(() => peerB.receive(message)).toThrow(SyncMessageError);
    expect(Y.encodeStateAsUpdate(b)).toEqual(before);
    expect(inspectSyncMessage(good)).toBe('update');
    expect(inspectSyncMessage(encodeStep1(b))).toBe('step1');
  });
});

describe('the sync handshake', () => {
  it('carries a change made before its step2 in the step2, and sends it on its own only after', () => {
    const { a, b, peerA, peerB, flush, toB } = pair();
    peerA.start();
    createPerson(a, { name: 'Before the step2' }, 'ui');
    // Only A's step1 is on its way: the change waits for B's step1 and goes in A's step2.
    expect(toB).toHaveLength(1);
    peerB.start();
    flush();
    expect(listPeople(b).map((p) => p.name)).toEqual(['Before the step2']);
    createPerson(a, { name: 'After' }, 'ui');
    expect(toB.map((message) => inspectSyncMessage(message))).toEqual(['update']);
    flush();
    expect(listPeople(b).map((p) => p.name).sort()).toEqual(['After', 'Before the step2']);
  });

  it('sends a big step2 as slices closed by a step2, each within the slice size; the receiver applies them all with the last and is synced only then', () => {
    const source = new Y.Doc();
    for (let i = 0; i < 300; i++) createPerson(source, { name: `Person ${i}` }, 'ui');
    const sent: Uint8Array[] = [];
    const sender = new SyncHandshake(source, { send: (message) => void sent.push(message), origin: 'sender', sliceBytes: 4096 });
    const target = new Y.Doc();
    sender.receive(encodeStep1(target));
    const kinds = sent.map((message) => decodeSyncMessage(message).kind);
    expect(kinds.length).toBeGreaterThan(3);
    expect(kinds.slice(0, -1).every((kind) => kind === 'slice')).toBe(true);
    expect(kinds.at(-1)).toBe('step2');
    for (const message of sent) expect(decodeSyncMessage(message).payload.byteLength).toBeLessThanOrEqual(4096);

    const receiver = new SyncHandshake(target, { send: () => true, origin: 'receiver' });
    receiver.sentStep2 = true;
    const transactions: unknown[] = [];
    target.on('afterTransaction', (transaction: Y.Transaction) => transactions.push(transaction.origin));
    sent.forEach((message, index) => {
      receiver.receive(message);
      expect(receiver.synced).toBe(index === sent.length - 1);
      // Nothing of the batch shows before all of it is there.
      expect(listPeople(target)).toHaveLength(index === sent.length - 1 ? 300 : 0);
    });
    expect(transactions).toEqual(['receiver']);
    expect(listPeople(target)).toEqual(listPeople(source));
    expect(target.store.pendingStructs).toBeNull();
  });

  it('applies slices as they come, one transaction each, when asked (a window)', () => {
    const source = new Y.Doc();
    for (let i = 0; i < 300; i++) createPerson(source, { name: `Person ${i}` }, 'ui');
    const sent: Uint8Array[] = [];
    new SyncHandshake(source, { send: (message) => void sent.push(message), origin: 'sender', sliceBytes: 4096 }).receive(encodeStep1(new Y.Doc()));
    const target = new Y.Doc();
    const receiver = new SyncHandshake(target, { send: () => true, origin: 'receiver', applySlices: 'as-they-come' });
    receiver.sentStep2 = true;
    let transactions = 0;
    target.on('afterTransaction', () => transactions++);
    sent.forEach((message, index) => {
      receiver.receive(message);
      expect(receiver.synced).toBe(index === sent.length - 1);
    });
    expect(transactions).toBe(sent.length);
    expect(listPeople(target)).toEqual(listPeople(source));
  });

  it('forwards a big change in slices too, closed by an update', () => {
    const big = new Y.Doc();
    for (let i = 0; i < 300; i++) createPerson(big, { name: `Imported ${i}` }, 'ui');
    const sent: Uint8Array[] = [];
    const link = new SyncHandshake(new Y.Doc(), { send: (message) => void sent.push(message), origin: 'link', sliceBytes: 4096 });
    link.sentStep2 = true;
    link.forward(Y.encodeStateAsUpdate(big), 'import');
    expect(sent.length).toBeGreaterThan(3);
    const target = new Y.Doc();
    const receiver = new SyncHandshake(target, { send: () => true, origin: 'receiver' });
    sent.forEach((message, index) => {
      const { kind, payload } = decodeSyncMessage(message);
      expect(kind).toBe(index === sent.length - 1 ? 'update' : 'slice');
      expect(payload.byteLength).toBeLessThanOrEqual(4096);
      receiver.receive(message);
    });
    expect(listPeople(target)).toEqual(listPeople(big));
  });

  it('while held, forwards each change as slices; the release closes them and the other side applies all of them in one transaction', () => {
    const { a, b, peerA, peerB, flush, toB } = pair();
    peerA.start();
    peerB.start();
    flush();
    // A window writing an import in parts, one transaction each.
    const source = new Y.Doc();
    for (let i = 0; i < 40; i++) createPerson(source, { name: `Imported ${i}` }, 'ui');
    const parts = sliceUpdate(Y.encodeStateAsUpdate(source), 1024);
    expect(parts.length).toBeGreaterThan(2);
    const release = peerA.holdForwarded();
    const transactions: unknown[] = [];
    b.on('afterTransaction', (transaction: Y.Transaction) => transactions.push(transaction.origin));
    for (const part of parts) {
      Y.applyUpdate(a, part, 'writing');
      expect(toB.map((message) => inspectSyncMessage(message)).every((kind) => kind === 'slice')).toBe(true);
      flush();
      // The other side keeps them: none of the change shows there before all of it.
      expect(listPeople(b)).toEqual([]);
    }
    release();
    expect(toB.map((message) => decodeSyncMessage(message))).toEqual([{ kind: 'update', payload: new Uint8Array([0, 0]) }]);
    flush();
    expect(transactions).toEqual([peerB]);
    expect(listPeople(b)).toEqual(listPeople(a));
    expect(b.store.pendingStructs).toBeNull();
    // Released, a change goes as an update again; a second release sends nothing.
    release();
    createPerson(a, { name: 'After' }, 'ui');
    expect(toB.map((message) => inspectSyncMessage(message))).toEqual(['update']);
    flush();
    expect(listPeople(b)).toEqual(listPeople(a));
  });

  it('while held, a step1 (a session starting mid-write) is answered at the release, the step2 carrying the whole change', () => {
    const { a, b, peerA, peerB, flush, toB } = pair();
    const source = new Y.Doc();
    for (let i = 0; i < 40; i++) createPerson(source, { name: `Imported ${i}` }, 'ui');
    const parts = sliceUpdate(Y.encodeStateAsUpdate(source), 1024);
    expect(parts.length).toBeGreaterThan(2);
    const release = peerA.holdForwarded();
    Y.applyUpdate(a, parts[0]!, 'writing');
    // B's step1 arrives while A is one part in: A does not answer with half of the change.
    peerB.start();
    flush();
    expect(listPeople(b)).toEqual([]);
    for (const part of parts.slice(1)) Y.applyUpdate(a, part, 'writing');
    expect(toB).toEqual([]);
    release();
    expect(toB.map((message) => inspectSyncMessage(message)).at(-1)).toBe('step2');
    peerA.start();
    flush();
    expect(listPeople(b)).toHaveLength(40);
    expect(listPeople(b)).toEqual(listPeople(a));
  });

  it('a hold that forwarded nothing, or on an ended session, sends nothing when released', () => {
    const { peerA, peerB, flush, toB } = pair();
    peerA.start();
    peerB.start();
    flush();
    peerA.holdForwarded()();
    expect(toB).toEqual([]);
    const release = peerA.holdForwarded();
    createPerson(peerA.doc, { name: 'Held' }, 'ui');
    expect(toB.map((message) => inspectSyncMessage(message))).toEqual(['slice']);
    toB.length = 0;
    peerA.destroy();
    release();
    expect(toB).toEqual([]);
  });
});
