/**
 * Device sync: the host's peer-to-peer services behind the contract's
 * devices methods.
 *
 *              ┌─ LAN: TcpListener + dialer (lan.ts) ◄── mDNS (mdns.ts), typed address,
 *              │                                          known addresses (redial.ts)
 *   links ─────┤
 *              └─ internet: Hyperswarm on the network's topic (swarm.ts)
 *      │
 *      ▼
 *   admission gate (admission.ts) ── pairing ──► invitations.ts, devices root
 *      │ paired, not revoked
 *      ▼
 *   peer manager (peers.ts): one PeerSync per device, on the host's Y.Doc,
 *   each carrying presence too (presence.ts: the notes open on each device)
 *
 * Files it keeps in the data folder: device-key.json and network.json
 * (identity.ts), and p2p-state.json (device-events.ts). This file wires the
 * pieces together; each has a module of its own:
 *
 *   transports.ts    LAN, mDNS, redial and Hyperswarm, per the settings
 *   pairing-flow.ts  making an invitation, joining with a code
 *   device-events.ts the settled devicesChanged event and p2p-state.json
 */
import { join } from 'node:path';
import type * as Y from 'yjs';
import { addDevice, getDevice, isPairedKey, listDevices, renameDevice, revokeDevice } from '../../../shared/doc/devices';
import { ValidationError } from '../../../shared/doc/errors';
import type { ConnectResult, DevicesView, Invitation, JoinResult, PresenceView, SyncSettings } from '../../../shared/host/contract';
import { nodeTimers, type Timers } from '../reminders';
import { Admission } from './admission';
import { DeviceEvents, STATE_FILE, readState } from './device-events';
import { defaultDeviceName, loadDeviceKey, loadNetwork, type DeviceKey, type Network } from './identity';
import { InvitationBook, lanAddresses } from './invitations';
import { PairingFlow } from './pairing-flow';
import { PeerManager } from './peers';
import { Presence } from './presence';
import type { HeldUpdates } from '../../../shared/sync/protocol';
import type { SwarmOptions } from './swarm';
import { syncWire } from './sync-wire';
import { Transports } from './transports';
import type { PeerWire } from './wire';

/** The origin of this device's own writes to the devices root (pairing, rename, revoke). */
export const DEVICES_ORIGIN = Symbol.for('kith.origin.devices');

export interface P2POptions {
  /** The peer link's frames and sync conversation; shared/sync's unless told. */
  wire?: PeerWire;
  /** The interface the LAN listener binds (all unless told; tests use 127.0.0.1). */
  lanHost?: string;
  /** mDNS discovery on the LAN (on unless told). */
  mdns?: boolean;
  /** For tests: the DHT to use (a local testnet). */
  dht?: SwarmOptions['dht'];
  clock?: () => Date;
  timers?: Timers;
  report?: (message: string) => void;
  /** The name this device gives itself in a network it starts (the user's and machine's unless told). */
  deviceName?: string;
}

export interface P2PServiceOptions extends P2POptions {
  doc: Y.Doc;
  dataDir: string;
  settings: SyncSettings;
  /** The document schema this Kith writes; a device saying a later one has its updates held. */
  schemaVersion: number;
  /** Where a newer device's updates wait, unapplied (held-updates.ts). */
  held: HeldUpdates;
}

export interface P2PService {
  readonly self: DeviceKey;
  network(): Network;
  /** The LAN port listened on, or null while LAN sync is off. */
  lanPort(): number | null;
  devices(): DevicesView;
  createInvitation(): Promise<Invitation>;
  joinWithInvitation(code: string): Promise<JoinResult>;
  renameDevice(publicKey: string, name: string): DevicesView;
  revokeDevice(publicKey: string): DevicesView;
  connectAddress(address: string): Promise<ConnectResult>;
  /** Follows a change of the `sync` settings: starts or stops transports. */
  applySettings(settings: SyncSettings): Promise<void>;
  /** Called (settled, at most every 200 ms) when the devices view changes. */
  onChange(listener: (view: DevicesView) => void): () => void;
  /** The notes open in this device's windows, told to the other devices. */
  setOpenNotes(noteIds: readonly string[]): void;
  /** The other devices online now, and the notes open on them. */
  presence(): PresenceView;
  onPresence(listener: (view: PresenceView) => void): () => void;
  close(): Promise<void>;
}

export async function startP2P(options: P2PServiceOptions): Promise<P2PService> {
  const { doc, dataDir } = options;
  const wire = options.wire ?? syncWire;
  const timers = options.timers ?? nodeTimers;
  const clock = options.clock ?? (() => new Date());
  const report = options.report ?? ((message: string) => console.error(message));
  const self = await loadDeviceKey(dataDir);
  let network = await loadNetwork(dataDir);
  const state = await readState(join(dataDir, STATE_FILE), report);

  // This device is in its own network's list from the first run.
  const ownName = options.deviceName ?? defaultDeviceName();
  if (!getDevice(doc, self.publicKeyHex)) {
    addDevice(doc, self.publicKeyHex, { name: ownName, addedBy: self.publicKeyHex }, DEVICES_ORIGIN, clock);
  }
  const selfName = () => getDevice(doc, self.publicKeyHex)?.name ?? ownName;

  const events = new DeviceEvents({
    statePath: join(dataDir, STATE_FILE),
    lanPort: () => state.lanPort,
    remembered: () => peers.remembered(),
    view: () => devices(),
    timers,
    report,
  });
  const changed = () => {
    pairing.refresh();
    events.changed();
  };
  const book = new InvitationBook(clock, { onChange: changed });
  const presence = new Presence(doc, self.publicKeyHex);
  const peers = new PeerManager({
    doc,
    awareness: presence.awareness,
    selfPublicKey: self.keyPair.publicKey,
    networkId: () => network.networkId,
    deviceName: () => selfName(),
    createSync: wire.createSync,
    clock,
    remembered: state.peers,
    schemaVersion: options.schemaVersion,
    held: options.held,
    report,
    onChange: changed,
    // A device that went offline is dialled again where it was last seen.
    onOffline: (keyHex) => transports.redialer?.kick(keyHex),
  });
  const admission = new Admission({
    doc,
    self,
    selfName,
    networkKey: () => network.key,
    book,
    peers,
    wire,
    origin: DEVICES_ORIGIN,
    timers,
    clock,
    report,
    onPaired: (keyHex) => transports.swarm?.allow(keyHex),
  });
  const transports = new Transports({
    doc,
    self,
    network: () => network,
    admission,
    peers,
    settings: options.settings,
    savedLanPort: () => state.lanPort,
    saveLanPort: (port) => {
      state.lanPort = port;
      void events.save();
    },
    lanHost: options.lanHost,
    mdns: options.mdns,
    dht: options.dht,
    timers,
    report,
    changed,
  });
  const pairing = new PairingFlow({
    doc,
    dataDir,
    self,
    book,
    admission,
    peers,
    transports,
    mdns: options.mdns !== false,
    network: () => network,
    joinedNetwork: async (joined) => {
      network = joined;
      await transports.moveToNetwork(joined);
    },
    origin: DEVICES_ORIGIN,
    timers,
    clock,
    report,
    changed,
  });

  // A revoke, here or synced from another device, closes that device's links at once.
  const devicesRoot = doc.getMap('devices');
  const onDevices = () => {
    peers.recheck((keyHex) => isPairedKey(doc, keyHex));
    for (const device of listDevices(doc)) {
      if (device.revokedAt) transports.redialer?.forgetDevice(device.publicKey);
      else transports.swarm?.allow(device.publicKey);
    }
    changed();
    presence.changed(); // names, removals
  };
  devicesRoot.observeDeep(onDevices);

  function devices(): DevicesView {
    const { lan, swarm } = transports;
    return {
      self: { publicKey: self.publicKeyHex, name: selfName() },
      networkId: network.shortId,
      devices: listDevices(doc).map((device) => {
        const isSelf = device.publicKey === self.publicKeyHex;
        const { schemaVersion, ...status } = isSelf
          ? { online: false, lastSyncedAt: null, transport: null, address: null, schemaVersion: null }
          : peers.status(device.publicKey);
        return { ...device, isSelf, ...status, newerKith: schemaVersion !== null && schemaVersion > options.schemaVersion };
      }),
      lan: lan ? { port: lan.port, addresses: lanAddresses() } : null,
      internet: swarm !== null,
      invitations: book.list().map(({ id, state, expiresAt, usedBy }) => ({ id, state, expiresAt: expiresAt.toISOString(), usedBy })),
    };
  }

  function checkKey(publicKey: string): void {
    if (!getDevice(doc, publicKey)) throw new ValidationError('publicKey', 'There is no such device in this network');
  }

  await transports.apply(options.settings);

  return {
    self,
    network: () => network,
    lanPort: () => transports.lan?.port ?? null,
    devices,
    createInvitation: () => pairing.createInvitation(),
    joinWithInvitation: (code) => pairing.joinWithInvitation(code),
    renameDevice(publicKey, name) {
      checkKey(publicKey);
      renameDevice(doc, publicKey, name, DEVICES_ORIGIN);
      return devices();
    },
    revokeDevice(publicKey) {
      checkKey(publicKey);
      if (publicKey === self.publicKeyHex) {
        throw new ValidationError('publicKey', 'This device cannot remove itself: remove it from one of your other devices');
      }
      revokeDevice(doc, publicKey, DEVICES_ORIGIN, clock);
      return devices();
    },
    connectAddress: (address) => transports.connectAddress(address),
    applySettings: (settings) => transports.apply(settings),
    onChange: (listener) => events.onChange(listener),
    setOpenNotes: (noteIds) => presence.setOpenNotes(noteIds),
    presence: () => presence.view(),
    onPresence: (listener) => presence.onChange(listener),
    async close() {
      events.close();
      devicesRoot.unobserveDeep(onDevices);
      peers.close();
      presence.destroy();
      await Promise.all([pairing.close(), transports.close()]);
      await events.save();
    },
  };
}
