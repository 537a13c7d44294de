/**
 * The internet transport: Hyperswarm (HyperDHT, UDP hole-punching), every
 * connection a Noise stream keyed by this device's key pair.
 *
 *   join(topic of the network) ──► 'connection' (Noise done) ──► admission gate
 *        ▲ firewall(remoteKey): refuse unless paired and not revoked
 *
 * The firewall runs inside the handshake, so a refused peer never gets a
 * byte through (ARCHITECTURE §4). While this device has an open invitation
 * it lets unpaired keys through to the gate, which allows them nothing but
 * the pairing exchange — the same rule as on the LAN.
 *
 * Hyperswarm bans a key its firewall refused; a device paired afterwards is
 * unbanned by `allow(key)`.
 */
import Hyperswarm from 'hyperswarm';
import DHT, { type DHTOptions } from 'hyperdht';
import type { KeyPair } from 'hypercore-crypto';
import type { Link } from './lan';
import { toHex } from './identity';

const CLOSE_PATIENCE_MS = 2_000;

export interface SwarmOptions {
  keyPair: KeyPair;
  topic: Uint8Array;
  /** Whether a key may connect (checked in the handshake). */
  admits(remoteKeyHex: string): boolean;
  onConnection(link: Link): void;
  /** For tests: a local testnet's bootstrap nodes; on a LAN without NAT, `firewalled: false`. */
  dht?: Pick<DHTOptions, 'bootstrap' | 'firewalled'>;
}

export class SwarmTransport {
  private topic: Uint8Array;
  private readonly swarm: Hyperswarm;

  constructor(private readonly options: SwarmOptions) {
    this.topic = options.topic;
    this.swarm = new Hyperswarm({
      keyPair: options.keyPair,
      firewall: (remotePublicKey) => !options.admits(toHex(remotePublicKey)),
      ...(options.dht ? { dht: new DHT(options.dht) } : {}),
    });
    this.swarm.on('connection', (stream) => {
      stream.on('error', () => undefined);
      options.onConnection({
        stream,
        remotePublicKey: stream.remotePublicKey!,
        initiator: stream.isInitiator,
        transport: 'internet',
        address: null,
      });
    });
    this.swarm.join(this.topic, { server: true, client: true });
  }

  /** Moves to another network's topic (this device joined another network). */
  setTopic(topic: Uint8Array): void {
    if (Buffer.compare(topic, this.topic) === 0) return;
    const old = this.topic;
    this.topic = topic;
    this.swarm.join(topic, { server: true, client: true });
    // Unannouncing can take seconds (long offline); nothing waits for it.
    this.swarm.leave(old).catch(() => undefined);
  }

  /** Lets a key the firewall refused before try again (it was just paired). */
  allow(keyHex: string): void {
    const peer = this.swarm.peers.get(keyHex);
    if (peer?.banned) peer.ban(false);
  }

  /** Connects straight to a device by its key (pairing over the internet). */
  connect(remotePublicKey: Uint8Array): Promise<Link> {
    const stream = this.swarm.dht.connect(remotePublicKey, { keyPair: this.options.keyPair });
    stream.on('error', () => undefined);
    return new Promise<Link>((resolve, reject) => {
      const fail = () => reject(new Error('Could not reach the device over the internet'));
      stream.once('close', fail);
      stream.once('open', () => {
        stream.off('close', fail);
        resolve({ stream, remotePublicKey: stream.remotePublicKey!, initiator: true, transport: 'internet', address: null });
      });
    });
  }

  /** Resolves once this device is announced on its topic (for tests). */
  async flushed(): Promise<void> {
    await this.swarm.flush();
  }

  /**
   * Leaves the DHT. Without a route to it (offline), Hyperswarm takes about
   * 12 s to give up unannouncing; quitting Kith does not wait that long.
   */
  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_PATIENCE_MS);
    });
    await Promise.race([this.swarm.destroy().catch(() => undefined), patience]);
    clearTimeout(timer);
  }
}
