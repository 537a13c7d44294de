/**
 * Finding this network's other devices on the LAN with multicast DNS
 * (bonjour-service): publish `_kith._tcp` on the LAN listener's port, browse
 * for it, and report the ones advertising this network.
 *
 * The TXT record holds `n`, a short hash of the networkId (identity.ts
 * `mdnsTag`) — never the network key, nor this device's key: anyone on the
 * LAN sees the record. A device that finds a match still has to pass Noise
 * and the paired-key check; the tag only saves dialling strangers.
 *
 * Until an invitation with a short code expires, its device also advertises
 * `_kith-pair._tcp` on the same port, TXT `i` = a hash of the code's public
 * locator character (invitations.ts): how the joiner finds it from twelve
 * typed characters. It says only that some device here has an invitation open.
 */
import { randomBytes } from 'node:crypto';
import { Bonjour, type Service } from 'bonjour-service';

export const SERVICE_TYPE = 'kith';

export interface MdnsOptions {
  port: number;
  /** The network's public tag (identity.ts `Network.mdnsTag`). */
  tag: string;
  /** A device of this network listens at one of these addresses and this port. */
  onPeer(addresses: string[], port: number): void;
  report?: (message: string) => void;
}

export interface Mdns {
  /** Asks the LAN again (e.g. after a device went offline). */
  query(): void;
  close(): Promise<void>;
}

function ipv4Of(service: Service): string[] {
  const addresses = [...(service.addresses ?? []), ...(service.referer ? [service.referer.address] : [])];
  return [...new Set(addresses.filter((address) => /^\d+\.\d+\.\d+\.\d+$/.test(address)))];
}

/** A Bonjour that says once when multicast is unavailable (no route, a sandbox): typed addresses still work then. */
function quietBonjour(report: (message: string) => void): Bonjour {
  let reported = false;
  return new Bonjour({}, (error: Error) => {
    if (!reported) report(`Kith: LAN discovery (mDNS) is unavailable: ${error.message}`);
    reported = true;
  });
}

const closeBonjour = (bonjour: Bonjour) =>
  new Promise<void>((resolve) => bonjour.unpublishAll(() => bonjour.destroy(() => resolve())));

export function startMdns(options: MdnsOptions): Mdns {
  const bonjour = quietBonjour(options.report ?? ((message: string) => console.error(message)));
  // An instance name of its own per run, so this device can skip its own record.
  const name = `Kith ${randomBytes(4).toString('hex')}`;
  bonjour.publish({ name, type: SERVICE_TYPE, port: options.port, txt: { n: options.tag }, disableIPv6: true });

  const seen = (service: Service) => {
    if (service.name === name) return;
    const txt = service.txt as Record<string, unknown> | undefined;
    if (txt?.n !== options.tag || !service.port) return;
    const addresses = ipv4Of(service);
    if (addresses.length) options.onPeer(addresses, service.port);
  };
  const browser = bonjour.find({ type: SERVICE_TYPE }, seen);
  browser.on('txt-update', seen);
  browser.on('srv-update', seen);

  return {
    query: () => browser.update(),
    close: () => {
      browser.stop();
      return closeBonjour(bonjour);
    },
  };
}

// ------------------------------------------------------------- open invitations (short codes)

export const PAIRING_SERVICE_TYPE = 'kith-pair';

/** Where a device advertising an open invitation listens. */
export interface InvitationAdvert {
  addresses: string[];
  port: number;
}

/**
 * Advertises one open invitation (a short code) on the LAN port: `_kith-pair._tcp`
 * with TXT `i` = the locator's tag (invitations.ts `locatorTag`), nothing else.
 */
export function advertiseInvitation(options: { port: number; tag: string; report?: (message: string) => void }): { close(): Promise<void> } {
  const bonjour = quietBonjour(options.report ?? ((message: string) => console.error(message)));
  bonjour.publish({
    name: `Kith pairing ${randomBytes(4).toString('hex')}`,
    type: PAIRING_SERVICE_TYPE,
    port: options.port,
    txt: { i: options.tag },
    disableIPv6: true,
  });
  return { close: () => closeBonjour(bonjour) };
}

/** Looks for devices advertising an open invitation with this tag; each is told once. */
export function findInvitations(options: {
  tag: string;
  onFound(advert: InvitationAdvert): void;
  report?: (message: string) => void;
}): { close(): Promise<void> } {
  const bonjour = quietBonjour(options.report ?? ((message: string) => console.error(message)));
  const told = new Set<string>();
  const seen = (service: Service) => {
    const txt = service.txt as Record<string, unknown> | undefined;
    if (txt?.i !== options.tag || !service.port) return;
    const addresses = ipv4Of(service);
    const key = `${service.name}|${addresses.join(',')}|${service.port}`;
    if (told.has(key)) return;
    told.add(key);
    options.onFound({ addresses, port: service.port });
  };
  const browser = bonjour.find({ type: PAIRING_SERVICE_TYPE }, seen);
  browser.on('txt-update', seen);
  browser.on('srv-update', seen);
  return {
    close: () => {
      browser.stop();
      return closeBonjour(bonjour);
    },
  };
}
