import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addDevice, getDevice, isPairedKey, isRevokedKey, listDevices, renameDevice, revokeDevice } from './devices';
import { NotFoundError, ValidationError } from './errors';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
const at = (iso: string) => () => new Date(iso);

function origins(doc: Y.Doc): unknown[] {
  const seen: unknown[] = [];
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.changed.size > 0) seen.push(transaction.origin);
  });
  return seen;
}

function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

describe('devices', () => {
  it('adds a device in one transaction tagged with the origin', () => {
    const doc = new Y.Doc();
    const seen = origins(doc);
    expect(addDevice(doc, A, { name: ' Laptop ', addedBy: A }, 'me', at('2026-01-01T00:00:00Z'))).toBe(true);
    expect(seen).toEqual(['me']);
    expect(getDevice(doc, A)).toEqual({
      publicKey: A,
      name: 'Laptop',
      addedAt: '2026-01-01T00:00:00.000Z',
      addedBy: A,
      revokedAt: null,
    });
    expect(isPairedKey(doc, A)).toBe(true);
    expect(isPairedKey(doc, B)).toBe(false);
  });

  it('leaves an existing device alone when added again', () => {
    const doc = new Y.Doc();
    addDevice(doc, A, { name: 'Laptop', addedBy: A }, 'me');
    const seen = origins(doc);
    expect(addDevice(doc, A, { name: 'Other', addedBy: B }, 'me')).toBe(false);
    expect(seen).toEqual([]);
    expect(getDevice(doc, A)?.name).toBe('Laptop');
  });

  it('refuses bad keys and names, writing nothing', () => {
    const doc = new Y.Doc();
    const seen = origins(doc);
    expect(() => addDevice(doc, 'ABC', { name: 'x', addedBy: A }, 'me')).toThrow(ValidationError);
    expect(() => addDevice(doc, 'A'.repeat(64), { name: 'x', addedBy: A }, 'me')).toThrow(/64 lowercase hex/);
    expect(() => addDevice(doc, A, { name: '  ', addedBy: A }, 'me')).toThrow(/cannot be empty/);
    expect(() => addDevice(doc, A, { name: 'x'.repeat(101), addedBy: A }, 'me')).toThrow(/at most 100/);
    expect(() => addDevice(doc, A, { name: 42, addedBy: A }, 'me')).toThrow(ValidationError);
    expect(() => addDevice(doc, A, { name: 'x', addedBy: 'me' }, 'me')).toThrow(ValidationError);
    expect(seen).toEqual([]);
    expect(listDevices(doc)).toEqual([]);
  });

  it('renames, and refuses to rename what is not there', () => {
    const doc = new Y.Doc();
    addDevice(doc, A, { name: 'Laptop', addedBy: A }, 'me');
    renameDevice(doc, A, 'Work laptop', 'me');
    expect(getDevice(doc, A)?.name).toBe('Work laptop');
    expect(() => renameDevice(doc, B, 'x', 'me')).toThrow(NotFoundError);
    expect(() => renameDevice(doc, A, '', 'me')).toThrow(ValidationError);
  });

  it('revokes for good: the key is no longer paired and cannot be added again', () => {
    const doc = new Y.Doc();
    addDevice(doc, A, { name: 'Laptop', addedBy: A }, 'me');
    addDevice(doc, B, { name: 'Phone', addedBy: A }, 'me');
    revokeDevice(doc, B, 'me', at('2026-02-01T00:00:00Z'));
    expect(isPairedKey(doc, B)).toBe(false);
    expect(isRevokedKey(doc, B)).toBe(true);
    expect(getDevice(doc, B)?.revokedAt).toBe('2026-02-01T00:00:00.000Z');
    expect(() => addDevice(doc, B, { name: 'Phone', addedBy: A }, 'me')).toThrow(/removed from this network/);
    // Revoking twice keeps the first time.
    revokeDevice(doc, B, 'me', at('2026-03-01T00:00:00Z'));
    expect(getDevice(doc, B)?.revokedAt).toBe('2026-02-01T00:00:00.000Z');
    expect(() => revokeDevice(doc, C, 'me')).toThrow(NotFoundError);
  });

  it('lists devices oldest first, revoked ones included, skipping malformed entries', () => {
    const doc = new Y.Doc();
    addDevice(doc, B, { name: 'Second', addedBy: A }, 'me', at('2026-01-02T00:00:00Z'));
    addDevice(doc, A, { name: 'First', addedBy: A }, 'me', at('2026-01-01T00:00:00Z'));
    revokeDevice(doc, B, 'me');
    doc.getMap('devices').set('not-a-key', new Y.Map());
    doc.getMap('devices').set(C, 'not a map');
    expect(listDevices(doc).map((device) => [device.name, device.revokedAt !== null])).toEqual([
      ['First', false],
      ['Second', true],
    ]);
  });

  it('merges a rename on one device with a revoke on another', () => {
    const one = new Y.Doc();
    addDevice(one, A, { name: 'Laptop', addedBy: A }, 'me');
    addDevice(one, B, { name: 'Phone', addedBy: A }, 'me');
    const two = new Y.Doc();
    sync(one, two);
    renameDevice(one, B, 'Old phone', 'me');
    revokeDevice(two, B, 'me');
    sync(one, two);
    sync(two, one);
    for (const doc of [one, two]) {
      expect(getDevice(doc, B)).toMatchObject({ name: 'Old phone' });
      expect(isPairedKey(doc, B)).toBe(false);
    }
  });
});
