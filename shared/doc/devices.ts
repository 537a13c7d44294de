/**
 * The devices of a network (the `devices` root): public key (64 hex chars)
 * -> Y.Map { name, addedAt, addedBy, revokedAt }.
 *
 * This list is what every device's transports check before reading a byte
 * of the document from a peer (`isPairedKey`): a key that is here and not
 * revoked may sync. Every device learns the list through sync.
 *
 * Revocation is for good. `addDevice` never replaces a record that exists
 * (so a concurrent or later pairing cannot silently overwrite a revoke), and
 * refuses a revoked key outright. A removed device that should come back
 * joins again with a new key pair (it is a new device to the network).
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { NotFoundError, ValidationError, firstIssue } from './errors';
import { DEVICES } from './kinds';
import { systemClock, type Clock } from './records';

export const publicKeyHex = z
  .string({ error: 'A device key is text' })
  .regex(/^[0-9a-f]{64}$/, 'A device key is 64 lowercase hex characters (32 bytes)');

export const deviceName = z
  .string({ error: 'A device name is text' })
  .trim()
  .min(1, 'A device name cannot be empty')
  .max(100, 'A device name can be at most 100 characters');

export interface Device {
  publicKey: string;
  name: string;
  addedAt: string;
  /** The key of the device that paired this one (itself for a network's first device). */
  addedBy: string;
  revokedAt: string | null;
}


function check<T>(schema: z.ZodType<T>, field: string, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(field, firstIssue(parsed.error));
  return parsed.data;
}

function deviceMap(doc: Y.Doc, publicKey: string): Y.Map<unknown> {
  const key = check(publicKeyHex, 'publicKey', publicKey);
  const record = DEVICES.find(doc, key);
  if (!record) throw new NotFoundError(`No device with key ${key.slice(0, 8)}… in this network`);
  return record;
}

function readDevice(publicKey: string, record: Y.Map<unknown>): Device | null {
  const name = record.get('name');
  const addedAt = record.get('addedAt');
  const addedBy = record.get('addedBy');
  const revokedAt = record.get('revokedAt');
  if (typeof name !== 'string' || typeof addedAt !== 'string') return null;
  return {
    publicKey,
    name,
    addedAt,
    addedBy: typeof addedBy === 'string' ? addedBy : '',
    revokedAt: typeof revokedAt === 'string' ? revokedAt : null,
  };
}

/**
 * Adds a device to the network. Adding a key that is already paired changes
 * nothing (returns false); a revoked key is refused with a ValidationError.
 */
export function addDevice(
  doc: Y.Doc,
  publicKey: string,
  input: { name: unknown; addedBy: string },
  origin: unknown,
  clock: Clock = systemClock,
): boolean {
  const key = check(publicKeyHex, 'publicKey', publicKey);
  const name = check(deviceName, 'name', input.name);
  const addedBy = check(publicKeyHex, 'addedBy', input.addedBy);
  const existing = DEVICES.find(doc, key);
  if (existing) {
    if (typeof existing.get('revokedAt') === 'string') {
      throw new ValidationError('publicKey', 'That device was removed from this network; it can only join again with a new key');
    }
    return false;
  }
  DEVICES.create(doc, { name, addedBy }, origin, clock, { id: key });
  return true;
}

export function renameDevice(doc: Y.Doc, publicKey: string, name: unknown, origin: unknown): void {
  const clean = check(deviceName, 'name', name);
  const record = deviceMap(doc, publicKey);
  if (record.get('name') === clean) return;
  DEVICES.update(doc, record, { name: clean }, origin, systemClock);
}

/** Removes a device from the network for good: no device accepts its key again. */
export function revokeDevice(doc: Y.Doc, publicKey: string, origin: unknown, clock: Clock = systemClock): void {
  DEVICES.stamp(doc, deviceMap(doc, publicKey), 'revokedAt', origin, clock);
}

export function getDevice(doc: Y.Doc, publicKey: string): Device | null {
  const record = DEVICES.find(doc, publicKey);
  return record ? readDevice(publicKey, record) : null;
}

/** Every device ever paired, revoked ones included, oldest first. */
export function listDevices(doc: Y.Doc): Device[] {
  const list: Device[] = [];
  for (const [key, record] of DEVICES.entries(doc)) {
    if (!publicKeyHex.safeParse(key).success) continue;
    const device = readDevice(key, record);
    if (device) list.push(device);
  }
  return list.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.publicKey.localeCompare(b.publicKey));
}

/** Whether this key may sync: paired and not revoked. */
export function isPairedKey(doc: Y.Doc, publicKey: string): boolean {
  const device = getDevice(doc, publicKey);
  return device !== null && device.revokedAt === null;
}

/** Whether this key was paired once and then removed. */
export function isRevokedKey(doc: Y.Doc, publicKey: string): boolean {
  const device = getDevice(doc, publicKey);
  return device !== null && device.revokedAt !== null;
}
