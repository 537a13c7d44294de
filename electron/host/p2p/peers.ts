/**
 * The peer manager: one sync conversation (shared/sync PeerSync) per
 * connected device, on the host's own Y.Doc.
 *
 *   admitted link ─► attach ─► PeerSync(doc) ◄─► the host replica ◄─► renderer sessions
 *        (lan or internet)        one per device key; a second link to the
 *                                 same device is settled deterministically
 *
 * Because renderer sessions and peers sync with the same Y.Doc, the replica
 * relays between them without any code of its own: an edit from a window
 * reaches every peer, and a peer's edit reaches every window.
 *
 * Two links to one device (both dialled each other, or LAN and internet at
 * once): both sides keep the link opened by the smaller public key, so they
 * agree without talking; two links opened by the same side keep the newer.
 *
 * Only links the admission gate let through arrive here: the remote key is
 * paired and not revoked, checked before any document byte was read.
 */
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { HeldUpdates } from '../../../shared/sync/protocol';
import type { Link } from './lan';
import { toHex } from './identity';

/** What the peer manager needs of shared/sync's PeerSync. */
export interface SyncConversation {
  start(): void;
  receive(chunk: Uint8Array): void;
  destroy(): void;
  onSynced(listener: () => void): void;
}

export interface SyncConversationOptions {
  networkId: Uint8Array;
  /** Presence, carried over the link and relayed between links (presence.ts). */
  awareness?: Awareness;
  /** This device's name, told to the peer. */
  deviceName?: string;
  send(bytes: Uint8Array): void;
  close(reason: string): void;
  origin: unknown;
  /** The document schema this device's Kith writes, told to the peer. */
  schemaVersion?: number;
  /** Where a newer device's updates wait, unapplied (shared/sync/protocol.ts, "Schemas"). */
  held?: HeldUpdates;
  /** The schema the peer's Kith writes, once its hello is accepted. */
  onRemoteSchema?(schemaVersion: number): void;
}

export type CreateSync = (doc: Y.Doc, options: SyncConversationOptions) => SyncConversation;

export interface PeerStatus {
  online: boolean;
  lastSyncedAt: string | null;
  transport: 'lan' | 'internet' | null;
  address: string | null;
  /** The document schema its Kith said it writes, last time it connected. */
  schemaVersion: number | null;
}

export interface PeerManagerOptions {
  doc: Y.Doc;
  /** Presence every link carries (presence.ts); none when left out. */
  awareness?: Awareness;
  selfPublicKey: Uint8Array;
  /** The network's id now (it changes when this device joins another network). */
  networkId(): Uint8Array;
  /** This device's name now. */
  deviceName?(): string;
  createSync: CreateSync;
  clock?: () => Date;
  /** Called after any status change (a device online/offline, a sync). */
  onChange(): void;
  /** A device's last link closed. */
  onOffline?(keyHex: string): void;
  /** The document schema this device's Kith writes. */
  schemaVersion?: number;
  /** Where a newer device's updates wait, unapplied. */
  held?: HeldUpdates;
  /** What was known from earlier runs (last sync, last address). */
  remembered?: Record<string, Omit<PeerStatus, 'online'>>;
  report?: (message: string) => void;
}

interface Connection {
  readonly link: Link;
  readonly keyHex: string;
  readonly sync: SyncConversation;
  readonly openedAt: number;
  synced: boolean;
}

/** Every connection is its own origin, so PeerSync ignores its own echoes and the log can tell who wrote. */
class PeerOrigin {
  constructor(readonly keyHex: string) {}
}

export class PeerManager {
  private readonly connections = new Map<string, Connection>();
  private readonly statuses = new Map<string, PeerStatus>();
  private readonly clock: () => Date;
  private sequence = 0;
  private closed = false;

  constructor(private readonly options: PeerManagerOptions) {
    this.clock = options.clock ?? (() => new Date());
    for (const [key, status] of Object.entries(options.remembered ?? {})) this.statuses.set(key, { ...status, online: false });
    options.doc.on('update', this.onUpdate);
  }

  /**
   * Takes over an admitted link and syncs over it. With `waitForPeer`, this
   * side speaks only once the other has (the inviter after a pairing, so the
   * joiner's first sync bytes never share a read with the pairing reply).
   * With `yieldToExisting`, a link to a device already connected is dropped
   * instead of replacing that connection.
   */
  attach(link: Link, { waitForPeer = false, yieldToExisting = false }: { waitForPeer?: boolean; yieldToExisting?: boolean } = {}): void {
    const keyHex = toHex(link.remotePublicKey);
    // A link that closed meanwhile (while a join waited) would never say so again: never attach it.
    if (this.closed || link.stream.destroyed || link.stream.destroying) return void link.stream.destroy();
    const existing = this.connections.get(keyHex);
    if (existing) {
      // The joiner's pairing link reaches here only after the pairing finished; another link
      // this device dialled meanwhile (mDNS, a redial) is the newer one on the other side,
      // which keeps it. Links opened from opposite sides follow the usual rule on both sides.
      const yields = yieldToExisting && this.opener(existing.link).equals(this.opener(link));
      if (yields || this.prefer(existing.link, link) === existing.link) return void link.stream.destroy();
      this.drop(existing, 'replaced by another link to the same device');
    }
    const origin = new PeerOrigin(keyHex);
    let started = !waitForPeer;
    const sync = this.options.createSync(this.options.doc, {
      networkId: this.options.networkId(),
      awareness: this.options.awareness,
      deviceName: this.options.deviceName?.(),
      // PeerSync hands over large frames in pieces (secret-stream refuses one write over 16 MiB).
      send: (bytes) => {
        if (!link.stream.destroying) link.stream.write(bytes);
      },
      close: (reason) => {
        this.options.report?.(`Kith: closed the link to device ${keyHex.slice(0, 8)}: ${reason}`);
        link.stream.destroy();
      },
      origin,
      schemaVersion: this.options.schemaVersion,
      held: this.options.held,
      onRemoteSchema: (schemaVersion) => this.touch(keyHex, { schemaVersion }),
    });
    const connection: Connection = { link, keyHex, sync, openedAt: this.sequence++, synced: false };
    this.connections.set(keyHex, connection);
    sync.onSynced(() => {
      connection.synced = true;
      this.touch(keyHex, { lastSyncedAt: this.clock().toISOString() });
    });
    link.stream.on('data', (chunk: Uint8Array) => {
      if (!started) {
        started = true;
        sync.start();
      }
      sync.receive(chunk);
    });
    link.stream.once('close', () => {
      sync.destroy();
      if (this.connections.get(keyHex) !== connection) return;
      this.connections.delete(keyHex);
      this.touch(keyHex, { online: false });
    });
    // Keep-alives find a dead link (a laptop that slept) within seconds.
    link.stream.setKeepAlive(5_000);
    link.stream.setTimeout(20_000);
    this.touch(keyHex, { online: true, transport: link.transport, ...(link.address ? { address: link.address } : {}) });
    if (started) sync.start();
  }

  isOnline(keyHex: string): boolean {
    return this.connections.has(keyHex);
  }

  status(keyHex: string): PeerStatus {
    return { ...(this.statuses.get(keyHex) ?? { online: false, lastSyncedAt: null, transport: null, address: null, schemaVersion: null }) };
  }

  /** What is worth remembering across restarts. */
  remembered(): Record<string, Omit<PeerStatus, 'online'>> {
    const result: Record<string, Omit<PeerStatus, 'online'>> = {};
    for (const [key, { lastSyncedAt, transport, address, schemaVersion }] of this.statuses) result[key] = { lastSyncedAt, transport, address, schemaVersion };
    return result;
  }

  /** Closes this device's link at once (it was revoked). */
  disconnect(keyHex: string): void {
    const connection = this.connections.get(keyHex);
    if (connection) this.drop(connection, 'device removed');
  }

  /** Closes every link whose key `keep` no longer accepts. */
  recheck(keep: (keyHex: string) => boolean): void {
    for (const connection of [...this.connections.values()]) {
      if (!keep(connection.keyHex)) this.drop(connection, 'device removed');
    }
  }

  close(): void {
    this.closed = true;
    this.options.doc.off('update', this.onUpdate);
    for (const connection of [...this.connections.values()]) this.drop(connection, 'closing');
  }

  /** Of two links to one device, the one both sides keep. */
  /** The key of the device that opened a link. */
  private opener(link: Link): Buffer {
    return Buffer.from(link.initiator ? this.options.selfPublicKey : link.remotePublicKey);
  }

  private prefer(existing: Link, incoming: Link): Link {
    const order = Buffer.compare(this.opener(existing), this.opener(incoming));
    // Opened by the same side: the newer one (the older may be a link the other side lost).
    return order < 0 ? existing : incoming;
  }

  private drop(connection: Connection, reason: string): void {
    this.connections.delete(connection.keyHex);
    connection.sync.destroy();
    connection.link.stream.destroy();
    if (reason !== 'closing') this.options.report?.(`Kith: closed the link to device ${connection.keyHex.slice(0, 8)}: ${reason}`);
    this.touch(connection.keyHex, { online: false });
  }

  private touch(keyHex: string, change: Partial<PeerStatus>): void {
    const before = this.status(keyHex);
    const after = { ...before, ...change };
    this.statuses.set(keyHex, after);
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    this.options.onChange();
    if (before.online && !after.online && !this.closed) this.options.onOffline?.(keyHex);
  }

  /** An update went out to, or came in from, every synced peer: that is when they last synced. */
  private readonly onUpdate = (): void => {
    const now = this.clock().toISOString();
    for (const connection of this.connections.values()) {
      if (connection.synced) this.touch(connection.keyHex, { lastSyncedAt: now });
    }
  };
}
