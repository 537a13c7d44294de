/**
 * Pairing as the contract offers it: making an invitation here, and joining
 * another device's network with its code.
 *
 *   createInvitation ─► InvitationBook (invitations.ts) ─► long code + QR,
 *                       and (LAN on) a short code, advertised by mDNS until
 *                       it expires (a late try then hears "used" or "closed")
 *   joinWithInvitation(code) — its length says which code it is
 *     long  ─► reach the inviter: its LAN addresses (first to answer), else
 *              Hyperswarm by its key ─► Admission.join
 *     short ─► find the devices advertising its locator (mDNS, a few
 *              seconds) ─► each in turn: dial (its addresses, then this
 *              machine) ─► Admission.joinShort, until one proves the code
 *     then  ─► adopt the inviter's network (key on disk first, discovery
 *              moves), add the inviter to `devices`, hand the link to sync
 *
 * Every failure comes back as a JoinResult with a sentence saying what to do.
 */
import type * as Y from 'yjs';
import { addDevice, getDevice } from '../../../shared/doc/devices';
import type { Invitation, JoinResult } from '../../../shared/host/contract';
import type { Timers } from '../reminders';
import type { Admission, Joined } from './admission';
import { firstToAnswer, withTimeout } from './first-to-answer';
import { adoptNetwork, toHex, type DeviceKey, type Network } from './identity';
import {
  INVITATION_MESSAGES,
  InvitationError,
  decodeInvitation,
  decodeShortCode,
  invitationQr,
  isShortCode,
  lanAddresses,
  locatorTag,
  type InvitationBook,
  type InvitationCode,
  type ShortCode,
} from './invitations';
import { splitAddress, type Link } from './lan';
import { advertiseInvitation, findInvitations, type InvitationAdvert } from './mdns';
import type { PeerManager } from './peers';
import { DIAL_TIMEOUT_MS, type Transports } from './transports';

/** How long one address of an invitation has before the next is tried too. */
const DIAL_STAGGER_MS = 300;
const INTERNET_JOIN_TIMEOUT_MS = 20_000;
/** How long the joiner of a short code looks for devices advertising it. */
export const SHORT_CODE_SEARCH_MS = 5_000;
/** At most this many advertisers are asked: a LAN flooded with false adverts cannot keep the joiner busy. */
const MAX_SHORT_CODE_CANDIDATES = 8;

export interface PairingFlowOptions {
  doc: Y.Doc;
  dataDir: string;
  self: DeviceKey;
  book: InvitationBook;
  admission: Admission;
  peers: PeerManager;
  transports: Transports;
  /** Whether mDNS may be used (short codes need it; off in most tests). */
  mdns: boolean;
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
  /** mDNS adverts of open short codes, by invitation id, with the port each was made for. */
  private readonly adverts = new Map<string, { port: number; close(): Promise<void> }>();
  private readonly expiryTimers = new Set<unknown>();

  constructor(private readonly options: PairingFlowOptions) {}

  async createInvitation(): Promise<Invitation> {
    const { book, self, transports, timers } = this.options;
    const { lan, swarm } = transports;
    if (!lan && !swarm) throw new Error('Device sync is off: switch on LAN or internet sync in Settings to pair a device');
    const short = lan !== null && this.options.mdns;
    const made = await book.create(self.keyPair.publicKey, lan?.port ?? 0, lan ? lanAddresses() : [], { short });
    if (made.shortCode && transports.lan) {
      const status = book.list().find((entry) => entry.id === made.id);
      if (status?.tag) {
        this.adverts.set(made.id, {
          port: transports.lan.port,
          ...advertiseInvitation({ port: transports.lan.port, tag: status.tag, report: this.options.report }),
        });
      }
      const timer = timers.setTimeout(() => {
        this.expiryTimers.delete(timer);
        this.refresh();
      }, made.expiresAt.getTime() - this.options.clock().getTime() + 50);
      this.expiryTimers.add(timer);
    }
    // Unpaired keys may now reach the gate over the internet, to pair.
    return {
      id: made.id,
      code: made.code,
      shortCode: made.shortCode,
      qrDataUrl: await invitationQr(made.code),
      expiresAt: made.expiresAt.toISOString(),
    };
  }

  /**
   * Withdraws the adverts of expired invitations, and of those made for a
   * LAN port no longer listened on. A used or closed one stays advertised
   * until it expires, so a late try hears why it failed rather than
   * finding nothing.
   */
  refresh(): void {
    const live = new Set(this.options.book.list().flatMap((entry) => (entry.state === 'expired' ? [] : [entry.id])));
    const port = this.options.transports.lan?.port;
    for (const [id, advert] of this.adverts) {
      if (live.has(id) && advert.port === port) continue;
      this.adverts.delete(id);
      void advert.close();
    }
  }

  async close(): Promise<void> {
    for (const timer of this.expiryTimers) this.options.timers.clearTimeout(timer);
    this.expiryTimers.clear();
    const closing = [...this.adverts.values()].map((advert) => advert.close());
    this.adverts.clear();
    await Promise.all(closing);
  }

  async joinWithInvitation(code: string): Promise<JoinResult> {
    const { doc, peers, transports, clock, origin } = this.options;
    try {
      const { link, joined } = isShortCode(code) ? await this.joinShort(decodeShortCode(code)) : await this.joinLong(decodeInvitation(code));
      const inviterHex = toHex(link.remotePublicKey);
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

  private async joinLong(invitation: InvitationCode): Promise<{ link: Link; joined: Joined }> {
    if (toHex(invitation.hostPublicKey) === this.options.self.publicKeyHex) {
      throw new InvitationError('refused', 'that invitation was made on this device');
    }
    const link = await this.reachInviter(invitation);
    return { link, joined: await this.options.admission.join(link, invitation) };
  }

  /**
   * Finds the device that made a short code: each device advertising its
   * locator is dialled in turn and asked, until one proves the code. A
   * device that answers for the locator ends the search (its answer is
   * what the person hears); one that does not know it, or cannot prove it,
   * does not.
   */
  private async joinShort(code: ShortCode): Promise<{ link: Link; joined: Joined }> {
    const { transports, timers, admission } = this.options;
    if (!transports.lan) throw new InvitationError('unreachable', 'a short code works on the same network: switch LAN sync on in Settings, or use the long code');
    if (!this.options.mdns) throw new InvitationError('unreachable', 'LAN discovery is off here: use the long code');
    const found: InvitationAdvert[] = [];
    let wake: (() => void) | null = null;
    const finder = findInvitations({
      tag: locatorTag(code.locator),
      report: this.options.report,
      onFound: (advert) => {
        found.push(advert);
        wake?.();
      },
    });
    let searching = true;
    const timer = timers.setTimeout(() => {
      searching = false;
      wake?.();
    }, SHORT_CODE_SEARCH_MS);
    let problem: InvitationError = new InvitationError('notFound');
    let asked = 0;
    try {
      while ((searching || found.length > 0) && asked < MAX_SHORT_CODE_CANDIDATES) {
        const advert = found.shift();
        if (!advert) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        asked++;
        let link: Link;
        try {
          link = await this.dialAdvert(advert);
        } catch {
          continue; // nothing answered there
        }
        try {
          return { link, joined: await admission.joinShort(link, code) };
        } catch (error) {
          if (!(error instanceof InvitationError)) throw error;
          problem = error;
          // A device holding that locator answered: its word is final.
          if (error.reason !== 'unknown' && error.reason !== 'refused') throw error;
        }
      }
      throw problem;
    } finally {
      timers.clearTimeout(timer);
      void finder.close();
    }
  }

  /** A link to a device that advertised an open invitation: its addresses, then this machine. */
  private dialAdvert(advert: InvitationAdvert): Promise<Link> {
    const { transports, timers, self } = this.options;
    const lan = transports.lan;
    if (!lan) return Promise.reject(new Error('The LAN transport is off'));
    const hosts = [...new Set([...advert.addresses, '127.0.0.1'])];
    return firstToAnswer(
      hosts,
      async (host, signal) => {
        const link = await lan.dial(host, advert.port, signal);
        if (toHex(link.remotePublicKey) !== self.publicKeyHex) return link;
        link.stream.destroy();
        throw new Error('this device answered');
      },
      { staggerMs: DIAL_STAGGER_MS, timeoutMs: DIAL_TIMEOUT_MS, timers, discard: (late) => late.stream.destroy() },
    );
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
