/**
 * Who this device is, and which network it belongs to. Both live in the
 * data folder, owner-only, written new-then-renamed — never in the document:
 *
 *   device-key.json  { publicKey, secretKey }  this device's ed25519 key pair,
 *                    the Noise static key of every connection it makes
 *   network.json     { networkKey }            the network's random 32 bytes
 *
 * From the network key come two public values, so the key itself never
 * leaves the device except to a device being paired (inside Noise):
 *
 *   topic      = BLAKE2b("kith/topic" ‖ key)       Hyperswarm's discovery topic
 *   networkId  = BLAKE2b("kith/network-id" ‖ key)  in sync hello frames
 *   mdnsTag    = BLAKE2b("kith/mdns" ‖ networkId)[0..8] in the LAN TXT record
 *
 * A device that joins another's network through an invitation adopts that
 * network's key (`adoptNetwork`); its own document then merges with the
 * other device's — both are CRDTs of the same shape.
 */
import { readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import crypto, { type KeyPair } from 'hypercore-crypto';
import { writeFileAtomic } from '../data-dir';

export const DEVICE_KEY_FILE = 'device-key.json';
export const NETWORK_FILE = 'network.json';

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const deviceKeyFile = z.object({ publicKey: hex(32), secretKey: hex(64) });
const networkFile = z.object({ networkKey: hex(32) });

export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
export const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

export interface DeviceKey {
  readonly keyPair: KeyPair;
  readonly publicKeyHex: string;
}

/**
 * A name for this device until the user gives it one, from who uses it and
 * the computer's name — "ana on ana-thinkpad" — so two devices in the list
 * are told apart at a glance. A domain after the host name is left out.
 */
export function deviceNameFrom(user: string | null, host: string | null): string {
  const person = user?.trim() ?? '';
  const machine = host?.trim().split('.')[0] ?? '';
  const known = machine !== '' && machine.toLowerCase() !== 'localhost';
  const name = person && known ? `${person} on ${machine}` : person ? `${person}'s computer` : known ? machine : 'This device';
  return name.slice(0, 100);
}

export function defaultDeviceName(): string {
  let user: string | null = null;
  try {
    user = userInfo().username;
  } catch {
    // No entry for this uid (some containers): the host name alone says it.
  }
  return deviceNameFrom(user, hostname());
}

async function readJson(path: string): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function damaged(path: string): Error {
  return new Error(`${path} is damaged. Kith left it untouched; restore it from a backup or move it away (this device will then pair again as a new device).`);
}

/** This device's key pair, created on first run. */
export async function loadDeviceKey(dataDir: string): Promise<DeviceKey> {
  const path = join(dataDir, DEVICE_KEY_FILE);
  const stored = await readJson(path);
  if (stored !== undefined) {
    const parsed = deviceKeyFile.safeParse(stored);
    if (!parsed.success) throw damaged(path);
    const keyPair = { publicKey: fromHex(parsed.data.publicKey), secretKey: fromHex(parsed.data.secretKey) };
    if (!crypto.validateKeyPair(keyPair)) throw damaged(path);
    return { keyPair, publicKeyHex: parsed.data.publicKey };
  }
  const keyPair = crypto.keyPair();
  const publicKeyHex = toHex(keyPair.publicKey);
  await writeFileAtomic(path, `${JSON.stringify({ publicKey: publicKeyHex, secretKey: toHex(keyPair.secretKey) }, null, 2)}\n`);
  return { keyPair, publicKeyHex };
}

const label = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/** The network this device belongs to, with the public values derived from its key. */
export class Network {
  readonly topic: Uint8Array;
  readonly networkId: Uint8Array;
  /** A short public tag of the network for mDNS (hex), from the networkId. */
  readonly mdnsTag: string;

  constructor(readonly key: Uint8Array) {
    if (key.byteLength !== 32) throw new Error('A network key is 32 bytes');
    this.topic = crypto.hash([label('kith/topic'), key]);
    this.networkId = crypto.hash([label('kith/network-id'), key]);
    this.mdnsTag = toHex(crypto.hash([label('kith/mdns'), this.networkId]).subarray(0, 8));
  }

  /** The first 8 hex characters of the networkId, for people comparing two devices. */
  get shortId(): string {
    return toHex(this.networkId).slice(0, 8);
  }
}

/** This device's network, created (a new random key) on first run. */
export async function loadNetwork(dataDir: string): Promise<Network> {
  const path = join(dataDir, NETWORK_FILE);
  const stored = await readJson(path);
  if (stored !== undefined) {
    const parsed = networkFile.safeParse(stored);
    if (!parsed.success) throw damaged(path);
    return new Network(fromHex(parsed.data.networkKey));
  }
  const network = new Network(crypto.randomBytes(32));
  await saveNetwork(dataDir, network);
  return network;
}

async function saveNetwork(dataDir: string, network: Network): Promise<void> {
  await writeFileAtomic(join(dataDir, NETWORK_FILE), `${JSON.stringify({ networkKey: toHex(network.key) }, null, 2)}\n`);
}

/** Joins another device's network: its key replaces this device's, on disk before it is used. */
export async function adoptNetwork(dataDir: string, key: Uint8Array): Promise<Network> {
  const network = new Network(new Uint8Array(key));
  await saveNetwork(dataDir, network);
  return network;
}
