import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import * as Y from 'yjs';
import { PeerManager, type SyncConversation } from './peers';
import type { Link } from './lan';

const small = new Uint8Array(32).fill(1);
const large = new Uint8Array(32).fill(9);

function fakeStream() {
  const stream = Object.assign(new EventEmitter(), {
    destroying: false,
    write: () => true,
    setKeepAlive: () => undefined,
    setTimeout: () => undefined,
    destroy() {
      if (stream.destroying) return;
      stream.destroying = true;
      stream.emit('close');
    },
  });
  return stream;
}

function link(remote: Uint8Array, initiator: boolean): Link & { stream: ReturnType<typeof fakeStream> } {
  return { stream: fakeStream(), remotePublicKey: remote, initiator, transport: 'lan', address: null } as never;
}

function manager(self: Uint8Array) {
  const syncs: SyncConversation[] = [];
  const peers = new PeerManager({
    doc: new Y.Doc(),
    selfPublicKey: self,
    networkId: () => new Uint8Array(32),
    createSync: () => {
      const sync = { start: () => undefined, receive: () => undefined, destroy: () => undefined, onSynced: () => undefined };
      syncs.push(sync);
      return sync;
    },
    onChange: () => undefined,
  });
  return { peers, syncs };
}

describe('the peer manager', () => {
  it('keeps, on both sides, the link opened by the smaller key when two devices dial each other', () => {
    for (const order of ['mine first', 'theirs first']) {
      // This device has the smaller key: it keeps the link it opened.
      const mine = manager(small);
      const opened = link(large, true);
      const accepted = link(large, false);
      const [first, second] = order === 'mine first' ? [opened, accepted] : [accepted, opened];
      mine.peers.attach(first);
      mine.peers.attach(second);
      expect(opened.stream.destroying, order).toBe(false);
      expect(accepted.stream.destroying, order).toBe(true);

      // The other device, with the larger key, keeps the same link: the one it accepted.
      const theirs = manager(large);
      const theirOpened = link(small, true);
      const theirAccepted = link(small, false);
      theirs.peers.attach(theirOpened);
      theirs.peers.attach(theirAccepted);
      expect(theirAccepted.stream.destroying, order).toBe(false);
      expect(theirOpened.stream.destroying, order).toBe(true);
      expect(mine.peers.isOnline(Buffer.from(large).toString('hex'))).toBe(true);
    }
  });

  it('keeps the newer of two links opened by the same side, and goes offline only when the last closes', () => {
    const { peers } = manager(small);
    const key = Buffer.from(large).toString('hex');
    const older = link(large, false);
    const newer = link(large, false);
    peers.attach(older);
    peers.attach(newer);
    expect(older.stream.destroying).toBe(true);
    expect(peers.status(key)).toMatchObject({ online: true, transport: 'lan' });
    newer.stream.destroy();
    expect(peers.status(key).online).toBe(false);
  });

  it('closes a device\u2019s link at once when it is no longer accepted', () => {
    const { peers } = manager(small);
    const key = Buffer.from(large).toString('hex');
    const open = link(large, true);
    peers.attach(open);
    peers.recheck((candidate) => candidate !== key);
    expect(open.stream.destroying).toBe(true);
    expect(peers.isOnline(key)).toBe(false);
  });

  it('after a pairing, both sides keep the same link whichever order the joiner attaches its links in', () => {
    // The joiner (small key) dialled the pairing link; meanwhile another link arrived.
    for (const otherOpenedBy of ['joiner', 'inviter'] as const) {
      for (const order of ['pairing link last', 'pairing link first'] as const) {
        const joiner = manager(small);
        const inviter = manager(large);
        const pairingAtJoiner = link(large, true);
        const pairingAtInviter = link(small, false);
        const otherAtJoiner = link(large, otherOpenedBy === 'joiner');
        const otherAtInviter = link(small, otherOpenedBy === 'inviter');
        // The inviter always attaches the pairing link first (before it answers).
        inviter.peers.attach(pairingAtInviter, { waitForPeer: true });
        inviter.peers.attach(otherAtInviter);
        if (order === 'pairing link last') {
          joiner.peers.attach(otherAtJoiner);
          joiner.peers.attach(pairingAtJoiner, { yieldToExisting: true });
        } else {
          joiner.peers.attach(pairingAtJoiner, { yieldToExisting: true });
          joiner.peers.attach(otherAtJoiner);
        }
        const keptAtJoiner = pairingAtJoiner.stream.destroying ? 'other' : 'pairing';
        const keptAtInviter = pairingAtInviter.stream.destroying ? 'other' : 'pairing';
        expect(keptAtJoiner, `${otherOpenedBy}, ${order}`).toBe(keptAtInviter);
        expect(otherAtJoiner.stream.destroying, `${otherOpenedBy}, ${order}`).toBe(keptAtJoiner === 'pairing');
      }
    }
  });

  it('never attaches a link that already closed', () => {
    const { peers } = manager(small);
    const closed = link(large, true);
    closed.stream.destroy();
    peers.attach(closed);
    expect(peers.isOnline(Buffer.from(large).toString('hex'))).toBe(false);
  });
});
