import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { startHost } from '../host';
import { addDevice, renameDevice, revokeDevice } from '../../../shared/doc/devices';
import type { PresenceView } from '../../../shared/host/contract';
import { Presence } from './presence';
import { syncHosts, until } from './test-hosts';

const SELF = 'a'.repeat(64);
const LAPTOP = 'b'.repeat(64);
const OLD_PHONE = 'c'.repeat(64);
const STRANGER = 'd'.repeat(64);

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('Presence', () => {
  /** This device's presence, and a remote Awareness whose states it hears. */
  function setup() {
    const doc = new Y.Doc();
    addDevice(doc, SELF, { name: 'Desk', addedBy: SELF }, 'test');
    addDevice(doc, LAPTOP, { name: 'Laptop', addedBy: SELF }, 'test');
    addDevice(doc, OLD_PHONE, { name: 'Old phone', addedBy: SELF }, 'test');
    revokeDevice(doc, OLD_PHONE, 'test');
    const presence = new Presence(doc, SELF);
    cleanup.push(() => presence.destroy());
    const told: PresenceView[] = [];
    presence.onChange((view) => told.push(view));
    /** A state from another replica, as PeerSync applies it. */
    const hear = (state: unknown) => {
      const other = new Awareness(new Y.Doc());
      cleanup.push(() => other.destroy());
      other.setLocalState(state as Record<string, unknown>);
      applyAwarenessUpdate(presence.awareness, encodeAwarenessUpdate(other, [other.clientID]), 'link');
      return other;
    };
    return { doc, presence, told, hear };
  }

  it('lists a paired device online with the notes open on it, named as in the network', () => {
    const { presence, told, hear } = setup();
    hear({ device: LAPTOP, notes: ['note:abc', 'note:def'] });
    expect(presence.view()).toEqual({ devices: [{ publicKey: LAPTOP, name: 'Laptop', noteIds: ['note:abc', 'note:def'] }] });
    expect(told.at(-1)).toEqual(presence.view());
  });

  it('leaves out states that are not from a paired device, or that do not parse', () => {
    const { presence, told, hear } = setup();
    hear({ device: STRANGER, notes: ['note:abc'] });
    hear({ device: OLD_PHONE, notes: ['note:abc'] });
    hear({ device: SELF, notes: ['note:abc'] });
    hear({ device: LAPTOP, notes: 'note:abc' });
    hear({ device: 'LAPTOP', notes: [] });
    hear({ hello: 'world' });
    expect(presence.view()).toEqual({ devices: [] });
    expect(told).toEqual([]); // nothing worth telling changed
  });

  it('tells this device’s open notes in its own state, sorted and without repeats', () => {
    const { presence } = setup();
    presence.setOpenNotes(['note:b', 'note:a', 'note:b']);
    expect(presence.awareness.getLocalState()).toEqual({ device: SELF, notes: ['note:a', 'note:b'] });
  });

  it('follows a rename and a removal of the device', () => {
    const { doc, presence, told, hear } = setup();
    hear({ device: LAPTOP, notes: [] });
    renameDevice(doc, LAPTOP, 'Travel laptop', 'test');
    presence.changed();
    expect(told.at(-1)!.devices[0]!.name).toBe('Travel laptop');
    revokeDevice(doc, LAPTOP, 'test');
    presence.changed();
    expect(told.at(-1)).toEqual({ devices: [] });
  });
});

describe('presence between two hosts', () => {
  const hosts = syncHosts('presence');

  it('a note opened in a window on one is shown open on the other, until it closes or the device goes', async () => {
    const desk = await hosts.start();
    const laptop = await hosts.start();
    const invitation = await desk.handlers.createInvitation({} as never);
    expect(await laptop.handlers.joinWithInvitation({} as never, invitation.code)).toMatchObject({ ok: true });
    const laptopKey = laptop.p2p!.self.publicKeyHex;
    const deskView = () => desk.handlers.presence({} as never) as PresenceView;
    await until('the laptop present on the desk', () => deskView().devices.some((device) => device.publicKey === laptopKey));

    // A window on the desk hears about it as an event.
    const events: PresenceView[] = [];
    const deskWindow = desk.openSession((event, payload) => event === 'presenceChanged' && events.push(payload as PresenceView));
    cleanup.push(() => desk.closeSession(deskWindow));

    const laptopWindow = laptop.openSession(() => undefined);
    expect(laptop.handlers.setPresence(laptopWindow, { noteId: 'note:abc' })).toBeNull();
    await until('the note open on the laptop', () => deskView().devices[0]?.noteIds.join() === 'note:abc');
    expect(events.at(-1)).toEqual(deskView());
    expect(deskView().devices[0]).toMatchObject({ publicKey: laptopKey, name: laptop.p2p!.devices().self.name });

    // Closing the window closes the note there.
    laptop.closeSession(laptopWindow);
    await until('the note closed', () => deskView().devices[0]?.noteIds.length === 0);

    // The laptop going away leaves no one present.
    await hosts.close(laptop);
    await until('no one present', () => deskView().devices.length === 0);
    expect(events.at(-1)).toEqual({ devices: [] });
  });

  it('without device sync, a window may still say what it has open, and no one is present', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kith-presence-'));
    const host = await startHost({ dataDir: dir, mode: 'browser', version: 'test' });
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    cleanup.push(() => host.close());
    const session = host.openSession(() => undefined);
    expect(host.handlers.setPresence(session, { noteId: 'note:abc' })).toBeNull();
    expect(host.handlers.presence(session)).toEqual({ devices: [] });
  });
});
