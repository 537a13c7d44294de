/**
 * The transports of device sync, started and stopped as the settings' `sync`
 * section says, every link they make handed to the admission gate:
 *
 *   LAN on  ─► LanTransport.listen (the port in Settings, else the one chosen
 *              last time, else any) ─► Redialer (devices where they were last
 *              seen, and what mDNS finds) ─► mDNS on this network's tag
 *   internet on ─► SwarmTransport on the network's topic
 *   off ─► that transport stops, its links with it
 *
 * Joining another network moves discovery to it (`moveToNetwork`).
 */
import type * as Y from 'yjs';
import { isPairedKey, isRevokedKey, listDevices } from '../../../shared/doc/devices';
import type { ConnectResult, SyncSettings } from '../../../shared/host/contract';
import type { Timers } from '../reminders';
import type { Admission } from './admission';
import { withTimeout } from './first-to-answer';
import { toHex, type DeviceKey, type Network } from './identity';
import { LanTransport, splitAddress, type Link } from './lan';
import { startMdns, type Mdns } from './mdns';
import type { PeerManager } from './peers';
import { Redialer } from './redial';
import { SwarmTransport, type SwarmOptions } from './swarm';

/** How long one dial may take before it counts as unanswered. */
export const DIAL_TIMEOUT_MS = 5_000;

export interface TransportsOptions {
  doc: Y.Doc;
  self: DeviceKey;
  network(): Network;
  admission: Admission;
  peers: PeerManager;
  settings: SyncSettings;
  /** The LAN port chosen last time (p2p-state.json), and where to keep a new one. */
  savedLanPort(): number | null;
  saveLanPort(port: number): void;
  /** The interface the LAN listener binds (all unless told). */
  lanHost?: string;
  /** mDNS discovery on the LAN (on unless false). */
  mdns?: boolean;
  dht?: SwarmOptions['dht'];
  timers: Timers;
  report(message: string): void;
  /** A transport started or stopped. */
  changed(): void;
}

export class Transports {
  lan: LanTransport | null = null;
  swarm: SwarmTransport | null = null;
  redialer: Redialer | null = null;
  private mdns: Mdns | null = null;
  private settings: SyncSettings;
  private closed = false;

  constructor(private readonly options: TransportsOptions) {
    this.settings = { ...options.settings };
  }

  /** Follows a change of the `sync` settings: starts or stops transports. */
  async apply(next: SyncSettings): Promise<void> {
    const portChanged = next.port !== this.settings.port;
    this.settings = { ...next };
    if (!next.lan || portChanged) await this.stopLan();
    if (next.lan) await this.startLan();
    if (next.internet) this.startSwarm();
    else await this.stopSwarm();
  }

  /** Discovery follows this device into the network it just joined. */
  async moveToNetwork(network: Network): Promise<void> {
    this.swarm?.setTopic(network.topic);
    if (this.mdns && this.lan) {
      await this.mdns.close();
      this.mdns = this.startMdnsFor(this.lan.port);
    }
  }

  /** Dials a typed address; only a paired device there is kept. */
  async connectAddress(address: string): Promise<ConnectResult> {
    const { doc, self, admission, timers } = this.options;
    const transport = this.lan;
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
    this.redialer?.remember(host, port, keyHex);
    admission.admit(link);
    return { ok: true, publicKey: keyHex };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.stopLan(), this.stopSwarm()]);
  }

  private async listenLan(): Promise<LanTransport> {
    const { self, admission, lanHost } = this.options;
    const listen = (port: number) =>
      LanTransport.listen({ keyPair: self.keyPair, port, host: lanHost, onConnection: (link) => admission.admit(link) });
    if (this.settings.port) return listen(this.settings.port);
    const saved = this.options.savedLanPort();
    if (saved) {
      try {
        return await listen(saved);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      }
    }
    return listen(0);
  }

  private startMdnsFor(port: number): Mdns | null {
    if (this.options.mdns === false) return null;
    return startMdns({
      port,
      tag: this.options.network().mdnsTag,
      report: this.options.report,
      onPeer: (addresses, peerPort) => {
        for (const address of addresses) this.redialer?.want(address, peerPort);
      },
    });
  }

  private async startLan(): Promise<void> {
    if (this.lan || this.closed) return;
    const { doc, self, admission, peers, timers } = this.options;
    let transport: LanTransport;
    try {
      transport = await this.listenLan();
    } catch (error) {
      this.options.report(`Kith: LAN sync could not listen (${(error as Error).message}); choose another port in Settings.`);
      return;
    }
    this.lan = transport;
    if (this.options.savedLanPort() !== transport.port) this.options.saveLanPort(transport.port);
    const redialer = new Redialer({
      dial: (host, port) => transport.dial(host, port),
      onLink: (link) => admission.admit(link),
      isOnline: (keyHex) => peers.isOnline(keyHex),
      timers,
    });
    this.redialer = redialer;
    for (const device of listDevices(doc)) {
      const address = peers.status(device.publicKey).address;
      if (device.revokedAt || device.publicKey === self.publicKeyHex || !address) continue;
      const { host, port } = splitAddress(address);
      redialer.want(host, port, { keep: true });
    }
    this.mdns = this.startMdnsFor(transport.port);
    this.options.changed();
  }

  private async stopLan(): Promise<void> {
    this.redialer?.close();
    this.redialer = null;
    const stopping = [this.mdns?.close(), this.lan?.close()];
    this.mdns = null;
    this.lan = null;
    await Promise.all(stopping);
    this.options.changed();
  }

  private startSwarm(): void {
    if (this.swarm || this.closed) return;
    const { self, admission, dht } = this.options;
    this.swarm = new SwarmTransport({
      keyPair: self.keyPair,
      topic: this.options.network().topic,
      admits: (keyHex) => admission.mayConnect(keyHex),
      onConnection: (link) => admission.admit(link),
      dht,
    });
    this.options.changed();
  }

  private async stopSwarm(): Promise<void> {
    const stopping = this.swarm?.close();
    this.swarm = null;
    await stopping;
    this.options.changed();
  }
}
