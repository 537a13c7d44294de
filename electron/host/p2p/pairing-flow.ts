/**
 * Pairing as the contract offers it: making an invitation here, and joining
 * another device's network with its code.
 *
 *   createInvitation ─► InvitationBook (invitations.ts) ─► code + QR
 *   joinWithInvitation(code)
 *     decode ─► reach the inviter: its LAN addresses (first to answer), else
 *               Hyperswarm by its key
 *            ─► Admission.join: pair / pairResult over Noise
 *            ─► adopt the inviter's network (key on disk first, discovery
 *               moves), add the inviter to `devices`, hand the link to sync
 *
 * Every failure comes back as a JoinResult with a sentence saying what to do.
 */
import type * as Y from 'yjs';
import { addDevice, getDevice } from '../../../shared/doc/devices';
import type { Invitation, JoinResult } from '../../../shared/host/contract';
import type { Timers } from '../reminders';
import type { Admission } from './admission';
import { firstToAnswer, withTimeout } from './first-to-answer';
import { adoptNetwork, toHex, type DeviceKey, type Network } from './identity';
import {
  INVITATION_MESSAGES,
  InvitationError,
  decodeInvitation,
  invitationQr,
  lanAddresses,
  type InvitationBook,
  type InvitationCode,
} from './invitations';
import { splitAddress, type Link } from './lan';
import type { PeerManager } from './peers';
import { DIAL_TIMEOUT_MS, type Transports } from './transports';

/** How long one address of an invitation has before the next is tried too. */
const DIAL_STAGGER_MS = 300;
const INTERNET_JOIN_TIMEOUT_MS = 20_000;

export interface PairingFlowOptions {
  doc: Y.Doc;
  dataDir: string;
  self: DeviceKey;
  book: InvitationBook;
  admission: Admission;
  peers: PeerManager;
  transports: Transports;
  network(): Network;
  /** This device now belongs to `network` (its key is already on disk). */
  joinedNetwork(network: Network): Promise<void>;
  /** The origin of this device's writes to the devices root. */
  origin: unknown;
  timers: Timers;
  clock: () => Date;
  report(message: string): void;
  changed(): void;
}

export class PairingFlow {
  constructor(private readonly options: PairingFlowOptions) {}

  async createInvitation(): Promise<Invitation> {
    const { lan, swarm } = this.options.transports;
    if (!lan && !swarm) throw new Error('Device sync is off: switch on LAN or internet sync in Settings to pair a device');
    const { code, expiresAt } = this.options.book.create(this.options.self.keyPair.publicKey, lan?.port ?? 0, lan ? lanAddresses() : []);
    // Unpaired keys may now reach the gate over the internet, to pair.
    return { code, qrDataUrl: await invitationQr(code), expiresAt: expiresAt.toISOString() };
  }

  async joinWithInvitation(code: string): Promise<JoinResult> {
    const { doc, self, admission, peers, transports, clock, origin } = this.options;
    try {
      const invitation = decodeInvitation(code);
      const inviterHex = toHex(invitation.hostPublicKey);
      if (inviterHex === self.publicKeyHex) throw new InvitationError('refused', 'that invitation was made on this device');
      const link = await this.reachInviter(invitation);
      const joined = await admission.join(link, invitation);
      if (Buffer.compare(joined.networkKey, this.options.network().key) !== 0) {
        await this.options.joinedNetwork(await adoptNetwork(this.options.dataDir, joined.networkKey));
      }
      if (!getDevice(doc, inviterHex)) {
        addDevice(doc, inviterHex, { name: joined.inviterName, addedBy: inviterHex }, origin, clock);
      }
      if (link.address) {
        const { host, port } = splitAddress(link.address);
        transports.redialer?.remember(host, port, inviterHex);
      }
      peers.attach(link, { yieldToExisting: true });
      this.options.changed();
      return { ok: true, networkId: this.options.network().shortId, inviter: { publicKey: inviterHex, name: joined.inviterName } };
    } catch (error) {
      if (error instanceof InvitationError) return { ok: false, reason: error.reason, message: error.message };
      this.options.report(`Kith: joining with an invitation failed: ${(error as Error).message}`);
      return { ok: false, reason: 'refused', message: INVITATION_MESSAGES.refused };
    }
  }

  /** A link to the inviter: the first of its addresses that answers with its key, or the DHT. */
  private async reachInviter(invitation: InvitationCode): Promise<Link> {
    const { timers, transports } = this.options;
    const expected = toHex(invitation.hostPublicKey);
    const lan = transports.lan;
    if (lan && invitation.port > 0) {
      // Its LAN addresses in the order it gave them, then this machine (both devices on one computer).
      const hosts = [...new Set([...invitation.addresses, '127.0.0.1'])];
      try {
        return await firstToAnswer(
          hosts,
          async (host, signal) => {
            const link = await lan.dial(host, invitation.port, signal);
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
    const swarm = transports.swarm;
    if (swarm) {
      try {
        return await withTimeout(swarm.connect(invitation.hostPublicKey), INTERNET_JOIN_TIMEOUT_MS, timers, (late) =>
          late.stream.destroy(),
        );
      } catch {
        // unreachable there too
      }
    }
    if (!transports.lan && !transports.swarm) throw new InvitationError('unreachable', 'device sync is off in Settings');
    throw new InvitationError('unreachable');
  }
}
