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
 * (identity.ts), and p2p-state.json: the LAN port chosen last time and, per
 * device, where and when it last synced. Each transport follows the
 * settings' `sync` section: switched off, it stops; on, it starts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as Y from 'yjs';
import { z } from 'zod';
import {
  addDevice,
  getDevice,
  isPairedKey,
  isRevokedKey,
  listDevices,
  renameDevice,
  revokeDevice,
} from '../../../shared/doc/devices';
import { ValidationError } from '../../../shared/doc/errors';
import type { ConnectResult, DevicesView, Invitation, JoinResult, PresenceView, SyncSettings } from '../../../shared/host/contract';
import { writeFileAtomic } from '../data-dir';
import { nodeTimers, type Timers } from '../reminders';
import { Admission } from './admission';
import { firstToAnswer } from './first-to-answer';
import { adoptNetwork, defaultDeviceName, loadDeviceKey, loadNetwork, toHex, type DeviceKey, type Network } from './identity';
import {
  INVITATION_MESSAGES,
  InvitationBook,
  InvitationError,
  decodeInvitation,
  invitationQr,
  lanAddresses,
  type InvitationCode,
} from './invitations';
import { LanTransport, type Link } from './lan';
import { startMdns, type Mdns } from './mdns';
import { PeerManager, type PeerStatus } from './peers';
import { Presence } from './presence';
import { Redialer } from './redial';
import { SwarmTransport, type SwarmOptions } from './swarm';
import type { PeerWire } from './wire';
import { syncWire } from './sync-wire';

export const STATE_FILE = 'p2p-state.json';
/** The origin of this device's own writes to the devices root (pairing, rename, revoke). */
export const DEVICES_ORIGIN = Symbol.for('kith.origin.devices');

const DIAL_TIMEOUT_MS = 5_000;
/** How long one address of an invitation has before the next is tried too. */
const DIAL_STAGGER_MS = 300;
const INTERNET_JOIN_TIMEOUT_MS = 20_000;
const CHANGE_SETTLE_MS = 200;
const SAVE_AFTER_MS = 10_000;

const stateFile = z.object({
  lanPort: z.number().int().min(1).max(65535).nullable().catch(null),
  peers: z
    .record(
      z.string(),
      z.object({
        lastSyncedAt: z.string().nullable(),
        transport: z.enum(['lan', 'internet']).nullable(),
        address: z.string().nullable(),
      }),
    )
    .catch({}),
});
type State = z.infer<typeof stateFile>;

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
}

export interface P2PServiceOptions extends P2POptions {
  doc: Y.Doc;
  dataDir: string;
  settings: SyncSettings;
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

function withTimeout<T>(promise: Promise<T>, ms: number, timers: Timers, onLate: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let late = false;
    const timer = timers.setTimeout(() => {
      late = true;
      reject(new Error('timed out'));
    }, ms);
    promise.then(
      (value) => {
        timers.clearTimeout(timer);
        if (late) onLate(value);
        else resolve(value);
      },
      (error: unknown) => {
        timers.clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

async function readState(path: string, report: (message: string) => void): Promise<State> {
  try {
    return stateFile.parse(JSON.parse(await readFile(path, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') report(`Kith: ${path} is damaged; starting device sync afresh.`);
    return { lanPort: null, peers: {} };
  }
}

export async function startP2P(options: P2PServiceOptions): Promise<P2PService> {
  const { doc, dataDir } = options;
  const wire = options.wire ?? syncWire;
  const timers = options.timers ?? nodeTimers;
  const clock = options.clock ?? (() => new Date());
  const report = options.report ?? ((message: string) => console.error(message));
  const self = await loadDeviceKey(dataDir);
  let network = await loadNetwork(dataDir);
  const statePath = join(dataDir, STATE_FILE);
  const state = await readState(statePath, report);
  let settings = { ...options.settings };
  let closed = false;

  // This device is in its own network's list from the first run.
  if (!getDevice(doc, self.publicKeyHex)) {
    addDevice(doc, self.publicKeyHex, { name: defaultDeviceName(), addedBy: self.publicKeyHex }, DEVICES_ORIGIN, clock);
  }
  const selfName = () => getDevice(doc, self.publicKeyHex)?.name ?? defaultDeviceName();

  // ------------------------------------------------------------ change events and saved state
  const listeners = new Set<(view: DevicesView) => void>();
  let changeTimer: unknown = null;
  const changed = () => {
    if (closed || changeTimer !== null) return;
    changeTimer = timers.setTimeout(() => {
      changeTimer = null;
      if (closed) return;
      const view = devices();
      for (const listener of listeners) listener(view);
    }, CHANGE_SETTLE_MS);
    scheduleSave();
  };
  let saveTimer: unknown = null;
  let saving: Promise<void> = Promise.resolve();
  const save = () => {
    saving = saving.then(async () => {
      const next: State = { lanPort: state.lanPort, peers: peers.remembered() };
      try {
        await writeFileAtomic(statePath, `${JSON.stringify(next, null, 2)}\n`);
      } catch (error) {
        report(`Kith: could not save device sync state: ${(error as Error).message}`);
      }
    });
    return saving;
  };
  const scheduleSave = () => {
    if (saveTimer !== null || closed) return;
    saveTimer = timers.setTimeout(() => {
      saveTimer = null;
      void save();
    }, SAVE_AFTER_MS);
  };

  // ------------------------------------------------------------ the pieces
  const book = new InvitationBook(clock);
  let redialer: Redialer | null = null;
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
    report,
    onChange: changed,
    // A device that went offline is dialled again where it was last seen.
    onOffline: (keyHex) => redialer?.kick(keyHex),
  });
  let swarm: SwarmTransport | null = null;
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
    onPaired: (keyHex) => swarm?.allow(keyHex),
  });

  // A revoke, here or synced from another device, closes that device's links at once.
  const devicesRoot = doc.getMap('devices');
  const onDevices = () => {
    peers.recheck((keyHex) => isPairedKey(doc, keyHex));
    for (const device of listDevices(doc)) {
      if (device.revokedAt) redialer?.forgetDevice(device.publicKey);
      else swarm?.allow(device.publicKey);
    }
    changed();
    presence.changed(); // names, removals
  };
  devicesRoot.observeDeep(onDevices);

  // ------------------------------------------------------------ transports
  let lan: LanTransport | null = null;
  let mdns: Mdns | null = null;

  const listenLan = async (): Promise<LanTransport> => {
    const listen = (port: number) =>
      LanTransport.listen({ keyPair: self.keyPair, port, host: options.lanHost, onConnection: (link) => admission.admit(link) });
    if (settings.port) return listen(settings.port);
    if (state.lanPort) {
      try {
        return await listen(state.lanPort);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      }
    }
    return listen(0);
  };

  const startMdnsFor = (port: number) => {
    if (options.mdns === false) return null;
    return startMdns({
      port,
      tag: network.mdnsTag,
      report,
      onPeer: (addresses, peerPort) => {
        for (const address of addresses) redialer?.want(address, peerPort);
      },
    });
  };

  async function startLan(): Promise<void> {
    if (lan || closed) return;
    try {
      lan = await listenLan();
    } catch (error) {
      report(`Kith: LAN sync could not listen (${(error as Error).message}); choose another port in Settings.`);
      return;
    }
    const transport = lan;
    if (state.lanPort !== transport.port) {
      state.lanPort = transport.port;
      void save();
    }
    redialer = new Redialer({
      dial: (host, port) => transport.dial(host, port),
      onLink: (link) => admission.admit(link),
      isOnline: (keyHex) => peers.isOnline(keyHex),
      timers,
    });
    for (const device of listDevices(doc)) {
      const address = peers.status(device.publicKey).address;
      if (device.revokedAt || device.publicKey === self.publicKeyHex || !address) continue;
      const { host, port } = splitAddress(address);
      redialer.want(host, port, { keep: true });
    }
    mdns = startMdnsFor(transport.port);
    changed();
  }

  async function stopLan(): Promise<void> {
    redialer?.close();
    redialer = null;
    const stopping = [mdns?.close(), lan?.close()];
    mdns = null;
    lan = null;
    await Promise.all(stopping);
    changed();
  }

  function startSwarm(): void {
    if (swarm || closed) return;
    swarm = new SwarmTransport({
      keyPair: self.keyPair,
      topic: network.topic,
      admits: (keyHex) => admission.mayConnect(keyHex),
      onConnection: (link) => admission.admit(link),
      dht: options.dht,
    });
    changed();
  }

  async function stopSwarm(): Promise<void> {
    const stopping = swarm?.close();
    swarm = null;
    await stopping;
    changed();
  }

  async function applySettings(next: SyncSettings): Promise<void> {
    const portChanged = next.port !== settings.port;
    settings = { ...next };
    if (!next.lan || portChanged) await stopLan();
    if (next.lan) await startLan();
    if (next.internet) startSwarm();
    else await stopSwarm();
  }

  // ------------------------------------------------------------ what the contract offers
  function statusOf(publicKey: string): PeerStatus {
    return peers.status(publicKey);
  }

  function devices(): DevicesView {
    return {
      self: { publicKey: self.publicKeyHex, name: selfName() },
      networkId: network.shortId,
      devices: listDevices(doc).map((device) => {
        const isSelf = device.publicKey === self.publicKeyHex;
        const status = isSelf ? { online: false, lastSyncedAt: null, transport: null, address: null } : statusOf(device.publicKey);
        return { ...device, isSelf, ...status };
      }),
      lan: lan ? { port: lan.port, addresses: lanAddresses() } : null,
      internet: swarm !== null,
    };
  }

  async function createInvitation(): Promise<Invitation> {
    if (!lan && !swarm) throw new Error('Device sync is off: switch on LAN or internet sync in Settings to pair a device');
    const { code, expiresAt } = book.create(self.keyPair.publicKey, lan?.port ?? 0, lan ? lanAddresses() : []);
    // Unpaired keys may now reach the gate over the internet, to pair.
    return { code, qrDataUrl: await invitationQr(code), expiresAt: expiresAt.toISOString() };
  }

  /** A link to the inviter: the first of its addresses that answers with its key, or the DHT. */
  async function reachInviter(invitation: InvitationCode): Promise<Link> {
    const expected = toHex(invitation.hostPublicKey);
    const transport = lan;
    if (transport && invitation.port > 0) {
      // Its LAN addresses in the order it gave them, then this machine (both devices on one computer).
      const hosts = [...new Set([...invitation.addresses, '127.0.0.1'])];
      try {
        return await firstToAnswer(
          hosts,
          async (host, signal) => {
            const link = await transport.dial(host, invitation.port, signal);
            if (toHex(link.remotePublicKey) === expected) return link;
            link.stream.destroy();
            throw new Error('another device answered');
          },
          { staggerMs: DIAL_STAGGER_MS, timeoutMs: DIAL_TIMEOUT_MS, timers, discard: (late) => late.stream.destroy() },
        );
      } catch {
        // none answered on the LAN: try the internet
      }
    }
    if (swarm) {
      const viaSwarm = swarm;
      try {
        return await withTimeout(viaSwarm.connect(invitation.hostPublicKey), INTERNET_JOIN_TIMEOUT_MS, timers, (late) =>
          late.stream.destroy(),
        );
      } catch {
        // unreachable there too
      }
    }
    if (!lan && !swarm) throw new InvitationError('unreachable', 'device sync is off in Settings');
    throw new InvitationError('unreachable');
  }

  async function joinWithInvitation(code: string): Promise<JoinResult> {
    try {
      const invitation = decodeInvitation(code);
      const inviterHex = toHex(invitation.hostPublicKey);
      if (inviterHex === self.publicKeyHex) throw new InvitationError('refused', 'that invitation was made on this device');
      const link = await reachInviter(invitation);
      const joined = await admission.join(link, invitation);
      if (Buffer.compare(joined.networkKey, network.key) !== 0) await switchNetwork(joined.networkKey);
      if (!getDevice(doc, inviterHex)) {
        addDevice(doc, inviterHex, { name: joined.inviterName, addedBy: inviterHex }, DEVICES_ORIGIN, clock);
      }
      if (link.address) {
        const { host, port } = splitAddress(link.address);
        redialer?.remember(host, port, inviterHex);
      }
      peers.attach(link, { yieldToExisting: true });
      changed();
      return { ok: true, networkId: network.shortId, inviter: { publicKey: inviterHex, name: joined.inviterName } };
    } catch (error) {
      if (error instanceof InvitationError) return { ok: false, reason: error.reason, message: error.message };
      report(`Kith: joining with an invitation failed: ${(error as Error).message}`);
      return { ok: false, reason: 'refused', message: INVITATION_MESSAGES.refused };
    }
  }

  /** This device joins another network: its key on disk first, then discovery moves to it. */
  async function switchNetwork(key: Uint8Array): Promise<void> {
    network = await adoptNetwork(dataDir, key);
    swarm?.setTopic(network.topic);
    if (mdns && lan) {
      await mdns.close();
      mdns = startMdnsFor(lan.port);
    }
  }

  function checkKey(publicKey: string): void {
    if (!getDevice(doc, publicKey)) throw new ValidationError('publicKey', 'There is no such device in this network');
  }

  async function connectAddress(address: string): Promise<ConnectResult> {
    const transport = lan;
    if (!transport) return { ok: false, message: 'LAN sync is off: switch it on in Settings to connect by address' };
    const { host, port } = splitAddress(address);
    let link: Link;
    try {
      link = await withTimeout(transport.dial(host, port), DIAL_TIMEOUT_MS, timers, (late) => late.stream.destroy());
    } catch {
      return { ok: false, message: `Nothing answered at ${host}:${port} — check the address, and that Kith is open there with LAN sync on` };
    }
    const keyHex = toHex(link.remotePublicKey);
    if (keyHex === self.publicKeyHex) {
      link.stream.destroy();
      return { ok: false, message: 'That address is this device' };
    }
    if (!isPairedKey(doc, keyHex)) {
      link.stream.destroy();
      return {
        ok: false,
        message: isRevokedKey(doc, keyHex)
          ? 'The device at that address was removed from this network'
          : 'The device at that address is not paired with this one — pair it with an invitation first',
      };
    }
    redialer?.remember(host, port, keyHex);
    admission.admit(link);
    return { ok: true, publicKey: keyHex };
  }

  await applySettings(settings);

  return {
    self,
    network: () => network,
    lanPort: () => lan?.port ?? null,
    devices,
    createInvitation,
    joinWithInvitation,
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
    connectAddress,
    applySettings,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setOpenNotes: (noteIds) => presence.setOpenNotes(noteIds),
    presence: () => presence.view(),
    onPresence: (listener) => presence.onChange(listener),
    async close() {
      closed = true;
      devicesRoot.unobserveDeep(onDevices);
      timers.clearTimeout(changeTimer);
      timers.clearTimeout(saveTimer);
      peers.close();
      presence.destroy();
      await Promise.all([stopLan(), stopSwarm()]);
      await save();
    },
  };
}

function splitAddress(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
}

