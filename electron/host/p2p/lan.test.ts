import { describe, expect, it } from 'vitest';
import net from 'node:net';
import * as Y from 'yjs';
import NoiseSecretStream from '@hyperswarm/secret-stream';
import crypto from 'hypercore-crypto';
import type { Host } from '../host';
import { createPerson, listPeople, updatePerson } from '../../../shared/doc/people';
import { isPairedKey } from '../../../shared/doc/devices';
import { encodeStep1, encodeUpdate } from '../../../shared/sync/doc-sync';
import { encodeFrame, FRAME_TYPES } from '../../../shared/sync/frames';
import { PROTOCOL_VERSION, encodeHello } from '../../../shared/sync/protocol';
import * as prng from 'lib0/prng';
import { INVITATION_TTL_MS } from './invitations';
import { loadDeviceKey, toHex } from './identity';
import { syncHosts, until } from './test-hosts';

const hosts = syncHosts('p2p');
const start = (clock?: { now: number }) => hosts.start(clock ? { p2p: { clock: () => new Date(clock.now) } } : {});

const names = (host: Host) => listPeople(host.doc).map((person) => person.name).sort();

async function pair(inviter: Host, joiner: Host) {
  const invitation = await inviter.handlers.createInvitation({} as never);
  const result = await joiner.handlers.joinWithInvitation({} as never, invitation.code);
  expect(result).toMatchObject({ ok: true });
  return invitation;
}

/** Two paired hosts, synced, holding one person: one's document as it then was, and two's key (a paired key). */
async function pairedHoldingAda() {
  const one = await start();
  const two = await start();
  await pair(one, two);
  createPerson(one.doc, { name: 'Ada' }, 'test');
  await until('both replicas alike', () => Buffer.compare(Y.encodeStateVector(one.doc), Y.encodeStateVector(two.doc)) === 0);
  return { one, two, before: Y.encodeStateAsUpdate(one.doc), twoKey: await loadDeviceKey(two.info.dataDir) };
}

const hello = (host: Host) =>
  encodeFrame('hello', encodeHello({ version: PROTOCOL_VERSION, networkId: host.p2p!.network().networkId }));

/** A raw Noise client: with a key of its own (a device that is not paired), or a paired one's. */
async function rawClient(port: number, keyPair = crypto.keyPair()) {
  const socket = net.connect(port, '127.0.0.1');
  const stream = new NoiseSecretStream(true, socket, { keyPair });
  stream.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => stream.once('close', resolve));
  await new Promise<void>((resolve, reject) => {
    stream.once('connect', resolve);
    stream.once('close', () => reject(new Error('closed before connecting')));
  });
  return { stream, closed };
}

describe('LAN sync between two hosts on 127.0.0.1', () => {
  it('pairs with an invitation and converges both ways', async () => {
    const one = await start();
    const two = await start();
    createPerson(one.doc, { name: 'Ada' }, 'test');
    createPerson(two.doc, { name: 'Grace' }, 'test');
    await pair(one, two);

    // The joiner adopted the network; each lists the other as paired.
    expect(toHex(two.p2p!.network().key)).toBe(toHex(one.p2p!.network().key));
    await until('both people on both', () => names(one).length === 2 && names(two).length === 2);
    expect(names(one)).toEqual(['Ada', 'Grace']);
    expect(isPairedKey(one.doc, two.p2p!.self.publicKeyHex)).toBe(true);
    expect(isPairedKey(two.doc, one.p2p!.self.publicKeyHex)).toBe(true);

    // A later edit, each way.
    const ada = listPeople(two.doc).find((person) => person.name === 'Ada')!;
    updatePerson(two.doc, ada.id, 'org', 'Engines', 'test');
    await until('the edit from two on one', () => listPeople(one.doc).some((person) => person.org === 'Engines'));
    createPerson(one.doc, { name: 'Hedy' }, 'test');
    await until('the new person from one on two', () => names(two).includes('Hedy'));

    const view = one.p2p!.devices();
    expect(view.devices).toHaveLength(2);
    const other = view.devices.find((device) => !device.isSelf)!;
    expect(other).toMatchObject({ publicKey: two.p2p!.self.publicKeyHex, online: true, transport: 'lan', revokedAt: null });
    await until('a sync time', () => one.p2p!.devices().devices.some((device) => device.lastSyncedAt !== null));
  });

  it('follows the settings: LAN sync switched off stops it, on starts it on the same port', async () => {
    const one = await start();
    const two = await start();
    const events: unknown[] = [];
    one.openSession((event, payload) => {
      if (event === 'devicesChanged') events.push(payload);
    });
    await pair(one, two);
    const twoKey = two.p2p!.self.publicKeyHex;
    await until('online', () => one.p2p!.devices().devices.some((d) => d.publicKey === twoKey && d.online));
    await until('a devicesChanged event', () => events.length > 0);
    const port = one.p2p!.lanPort();

    await one.settings.update({ sync: { lan: false } });
    await until('LAN off', () => one.p2p!.lanPort() === null);
    await until('two offline', () => !one.p2p!.devices().devices.some((d) => d.publicKey === twoKey && d.online));
    expect(one.p2p!.devices().lan).toBeNull();
    await expect(one.handlers.connectAddress({} as never, '127.0.0.1:1')).resolves.toMatchObject({ ok: false, message: /LAN sync is off/ });

    await one.settings.update({ sync: { lan: true } });
    await until('LAN on', () => one.p2p!.lanPort() === port);
    // Two dials its last address again, with backoff, and finds it.
    await until('two back online', () => one.p2p!.devices().devices.some((d) => d.publicKey === twoKey && d.online), 10_000);
  }, 20_000);

  it('reconnects by a typed address after the link drops, and refuses an unpaired device there', async () => {
    const one = await start();
    const two = await start();
    await pair(one, two);
    const oneKey = one.p2p!.self.publicKeyHex;
    await until('online', () => two.p2p!.devices().devices.some((d) => d.publicKey === oneKey && d.online));
    const result = await two.handlers.connectAddress({} as never, `127.0.0.1:${one.p2p!.lanPort()}`);
    expect(result).toEqual({ ok: true, publicKey: oneKey });

    const three = await start();
    const refused = await three.handlers.connectAddress({} as never, `127.0.0.1:${one.p2p!.lanPort()}`);
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/not paired/) });
  });

  it('refuses an unpaired key before reading any document byte', async () => {
    const one = await start();
    createPerson(one.doc, { name: 'Ada' }, 'test');
    const before = Y.encodeStateAsUpdate(one.doc);
    const { stream, closed } = await rawClient(one.p2p!.lanPort()!);
    // A well-formed sync frame carrying a real update: refused all the same.
    const stranger = new Y.Doc();
    createPerson(stranger, { name: 'Mallory' }, 'test');
    stream.write(hello(one));
    stream.write(encodeFrame('sync', encodeUpdate(Y.encodeStateAsUpdate(stranger))));
    stream.write(encodeFrame('sync', encodeStep1(stranger)));
    await closed;
    expect(Buffer.compare(Y.encodeStateAsUpdate(one.doc), before)).toBe(0);
    expect(names(one)).toEqual(['Ada']);

    // Nor may it make this side hold a large "pairing" frame: the header alone is refused.
    const big = await rawClient(one.p2p!.lanPort()!);
    const header = new Uint8Array(5);
    new DataView(header.buffer).setUint32(0, 10 * 1024 * 1024);
    header[4] = FRAME_TYPES.pair;
    big.stream.write(header);
    await big.closed;
  });

  it('refuses a revoked key, and closes its open link at once', async () => {
    const one = await start();
    const two = await start();
    await pair(one, two);
    const twoKey = two.p2p!.self.publicKeyHex;
    await until('online', () => one.p2p!.devices().devices.some((d) => d.publicKey === twoKey && d.online));

    one.handlers.revokeDevice({} as never, twoKey);
    expect(one.p2p!.devices().devices.find((d) => d.publicKey === twoKey)).toMatchObject({ online: false });
    await until('two sees the link gone', () => !two.p2p!.devices().devices.some((d) => !d.isSelf && d.online));

    // Two still believes it is paired; one refuses it, and nothing it sends lands.
    createPerson(two.doc, { name: 'After revoke' }, 'test');
    const again = await two.handlers.connectAddress({} as never, `127.0.0.1:${one.p2p!.lanPort()}`);
    expect(again).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(names(one)).not.toContain('After revoke');
    expect(one.p2p!.devices().devices.find((d) => d.publicKey === twoKey)).toMatchObject({ online: false });
  });

  it('refuses an expired invitation and a used one, with their messages', async () => {
    const clock = { now: Date.parse('2026-03-01T10:00:00Z') };
    const one = await start(clock);
    const two = await start();
    const three = await start();
    const first = await one.handlers.createInvitation({} as never);
    clock.now += INVITATION_TTL_MS;
    expect(await two.handlers.joinWithInvitation({} as never, first.code)).toEqual({
      ok: false,
      reason: 'expired',
      message: 'That invitation has expired — make a new one on the other device',
    });

    const second = await pair(one, two);
    expect(await three.handlers.joinWithInvitation({} as never, second.code)).toEqual({
      ok: false,
      reason: 'used',
      message: 'That invitation was already used — make a new one on the other device',
    });
    expect(isPairedKey(one.doc, three.p2p!.self.publicKeyHex)).toBe(false);
    const typo = second.code.slice(0, -1) + (second.code.endsWith('0') ? '1' : '0');
    expect(await three.handlers.joinWithInvitation({} as never, typo)).toMatchObject({ ok: false, reason: 'typo' });
  });

  it('closes a link on garbage or an oversized frame from a paired key, changing nothing', async () => {
    const { one, before, twoKey: key } = await pairedHoldingAda();
    const header = (length: number, type: number) => {
      const bytes = new Uint8Array(5);
      new DataView(bytes.buffer).setUint32(0, length);
      bytes[4] = type;
      return bytes;
    };
    const bad = [
      new Uint8Array([9, 9, 9, 9, 9, 9]),
      header(0xffffffff, FRAME_TYPES.sync),
      header(0, FRAME_TYPES.sync),
      header(10, 99),
      encodeFrame('sync', new Uint8Array([0, 2, 200, 1, 2, 3])),
      encodeFrame('pair', new Uint8Array(40)),
    ];
    for (const garbage of bad) {
      const { stream, closed } = await rawClient(one.p2p!.lanPort()!, key.keyPair);
      stream.write(hello(one));
      stream.write(garbage);
      await closed;
    }
    expect(Buffer.compare(Y.encodeStateAsUpdate(one.doc), before)).toBe(0);
    expect(names(one)).toEqual(['Ada']);
  });

  it('never changes the document on fuzzed frames, from a paired key or not', async () => {
    const { one, before, twoKey: paired } = await pairedHoldingAda();
    const stranger = new Y.Doc();
    createPerson(stranger, { name: 'Mallory' }, 'test');
    const realUpdate = encodeUpdate(Y.encodeStateAsUpdate(stranger));
    const codes = Object.values(FRAME_TYPES);

    for (let seed = 1; seed <= 24; seed++) {
      const random = prng.create(seed);
      const fromStranger = seed % 3 === 0;
      const { stream, closed } = await rawClient(one.p2p!.lanPort()!, fromStranger ? undefined : paired.keyPair);
      let ended = false;
      void closed.then(() => (ended = true));
      if (fromStranger) stream.write(hello(one));
      else if (prng.bool(random)) stream.write(hello(one));
      for (let i = 0; i < 20 && !ended; i++) {
        const kind = prng.uint32(random, 0, 3);
        let frame: Uint8Array;
        if (kind === 0) {
          frame = prng.uint8Array(random, prng.uint32(random, 1, 64));
        } else if (kind === 1) {
          // A real update cut short (and, from a stranger, with bits flipped): refused whole.
          frame = realUpdate.slice(0, prng.uint32(random, 1, realUpdate.length - 1));
          for (let flips = 0; fromStranger && flips < 3; flips++) {
            const at = prng.uint32(random, 0, frame.length - 1);
            frame[at] = frame[at]! ^ (1 << prng.uint32(random, 0, 7));
          }
          frame = encodeFrame('sync', frame);
        } else {
          const payload = prng.uint8Array(random, prng.uint32(random, 0, 80));
          const code = codes[prng.uint32(random, 0, codes.length - 1)]!;
          frame = new Uint8Array(5 + payload.length);
          new DataView(frame.buffer).setUint32(0, payload.length + 1);
          frame[4] = code;
          frame.set(payload, 5);
        }
        stream.write(frame);
      }
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 100))]);
      stream.destroy();
      await closed;
      expect(Buffer.compare(Y.encodeStateAsUpdate(one.doc), before), `seed ${seed}`).toBe(0);
    }
    expect(names(one)).toEqual(['Ada']);

    // The control: the same client, well-behaved, does reach the document.
    const { stream } = await rawClient(one.p2p!.lanPort()!, paired.keyPair);
    stream.write(hello(one));
    stream.write(encodeFrame('sync', realUpdate));
    await until('the well-formed update', () => names(one).includes('Mallory'));
    stream.destroy();
  });
});
