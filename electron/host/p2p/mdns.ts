/**
 * Finding this network's other devices on the LAN with multicast DNS
 * (bonjour-service): publish `_kith._tcp` on the LAN listener's port, browse
 * for it, and report the ones advertising this network.
 *
 * The TXT record holds `n`, a short hash of the networkId (identity.ts
 * `mdnsTag`) — never the network key, nor this device's key: anyone on the
 * LAN sees the record. A device that finds a match still has to pass Noise
 * and the paired-key check; the tag only saves dialling strangers.
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

export function startMdns(options: MdnsOptions): Mdns {
  const report = options.report ?? ((message: string) => console.error(message));
  let reported = false;
  const bonjour = new Bonjour({}, (error: Error) => {
    // Multicast may be unavailable (no route, a sandbox): LAN discovery is then off; typed addresses still work.
    if (!reported) report(`Kith: LAN discovery (mDNS) is unavailable: ${error.message}`);
    reported = true;
  });
  // An instance name of its own per run, so this device can skip its own record.
  const name = `Kith ${randomBytes(4).toString('hex')}`;
  bonjour.publish({ name, type: SERVICE_TYPE, port: options.port, txt: { n: options.tag }, disableIPv6: true });

  const seen = (service: Service) => {
    if (service.name === name) return;
    const txt = service.txt as Record<string, unknown> | undefined;
    if (txt?.n !== options.tag || !service.port) return;
    const addresses = [...(service.addresses ?? []), ...(service.referer ? [service.referer.address] : [])].filter(
      (address) => /^\d+\.\d+\.\d+\.\d+$/.test(address),
    );
    if (addresses.length) options.onPeer([...new Set(addresses)], service.port);
  };
  const browser = bonjour.find({ type: SERVICE_TYPE }, seen);
  browser.on('txt-update', seen);
  browser.on('srv-update', seen);

  return {
    query: () => browser.update(),
    close: () =>
      new Promise<void>((resolve) => {
        browser.stop();
        bonjour.unpublishAll(() => bonjour.destroy(() => resolve()));
      }),
  };
}
