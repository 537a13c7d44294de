/**
 * What the headless peer says about itself, in plain lines: once at start,
 * as `kith-peer status`, and a line whenever a device comes online or goes
 * offline (so the journal of a service reads as a history).
 */
import type { DevicesView, DeviceStatus } from '../../../shared/host/contract';

export interface PeerState {
  dataDir: string;
  /** The devices view, or null while device sync could not start. */
  devices: DevicesView | null;
  /** Bytes of the document log on disk. */
  documentBytes: number;
  people: number;
  notes: number;
}

function megabytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function deviceLine(device: DeviceStatus): string {
  if (device.revokedAt) return `  ${device.name}: removed ${device.revokedAt}`;
  const online = device.online ? `online (${device.transport === 'internet' ? 'internet' : 'local network'}${device.address ? ` ${device.address}` : ''})` : 'offline';
  const synced = device.lastSyncedAt ? `last synced ${device.lastSyncedAt}` : 'not synced yet';
  const newer = device.newerKith ? ' — it uses a newer Kith: its edits wait here, unapplied, until this peer is updated' : '';
  return `  ${device.name}: ${online}, ${synced}${newer}`;
}

/** While the peer reads its document: device sync starts once it holds all of it. */
export function startingLines(dataDir: string, documentBytes: number): string[] {
  return [
    `Data folder: ${dataDir}`,
    `Document: ${megabytes(documentBytes)} on disk, being read — device sync starts once it is (kith-peer status again in a moment)`,
  ];
}

export function statusLines(state: PeerState): string[] {
  const lines = [`Data folder: ${state.dataDir}`];
  lines.push(`Document: ${megabytes(state.documentBytes)} on disk, ${state.people} people, ${state.notes} notes`);
  const view = state.devices;
  if (!view) {
    lines.push('Device sync: off — it could not start (see the lines above when the peer started)');
    return lines;
  }
  lines.push(`This peer: ${view.self.name} (${view.self.publicKey.slice(0, 8)}), network ${view.networkId}`);
  const lan = view.lan ? `LAN on port ${view.lan.port}${view.lan.addresses.length ? ` (${view.lan.addresses.join(', ')})` : ''}` : 'LAN off';
  lines.push(`Sync: ${lan}; internet ${view.internet ? 'on' : 'off'}`);
  const others = view.devices.filter((device) => !device.isSelf);
  const paired = others.filter((device) => !device.revokedAt);
  if (paired.length === 0) {
    lines.push('Paired devices: none yet — make an invitation in Kith (Devices › Add a device), then run: kith-peer join CODE');
  } else {
    const online = paired.filter((device) => device.online).length;
    lines.push(`Paired devices: ${paired.length}, ${online} online`);
  }
  for (const device of others) lines.push(deviceLine(device));
  return lines;
}

/** The lines worth printing when the view changes: devices that came online, went offline, or were added or removed. */
export function changeLines(before: DevicesView | null, after: DevicesView): string[] {
  const earlier = new Map((before?.devices ?? []).map((device) => [device.publicKey, device]));
  const lines: string[] = [];
  for (const device of after.devices) {
    if (device.isSelf) continue;
    const was = earlier.get(device.publicKey);
    if (!was) lines.push(`${device.name}: paired`);
    if (device.revokedAt && !was?.revokedAt) {
      lines.push(`${device.name}: removed from the network`);
      continue;
    }
    if (device.online && !was?.online) lines.push(`${device.name}: online (${device.transport === 'internet' ? 'internet' : 'local network'})`);
    if (!device.online && was?.online) lines.push(`${device.name}: offline${device.lastSyncedAt ? `, last synced ${device.lastSyncedAt}` : ''}`);
    if (device.newerKith && !was?.newerKith) lines.push(`${device.name} uses a newer Kith — update Kith here to keep syncing with it`);
    if (was && was.name !== device.name) lines.push(`${was.name} is now called ${device.name}`);
  }
  return lines;
}
