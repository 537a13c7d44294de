import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVICE_KEY_FILE, NETWORK_FILE, Network, adoptNetwork, deviceNameFrom, loadDeviceKey, loadNetwork, toHex } from './identity';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kith-identity-'));
  dirs.push(dir);
  return dir;
}

describe('device identity', () => {
  it('creates a key pair once, owner-only, and keeps it', async () => {
    const dir = await temp();
    const first = await loadDeviceKey(dir);
    expect(first.publicKeyHex).toMatch(/^[0-9a-f]{64}$/);
    expect(first.keyPair.secretKey.byteLength).toBe(64);
    expect((await stat(join(dir, DEVICE_KEY_FILE))).mode & 0o777).toBe(0o600);
    const again = await loadDeviceKey(dir);
    expect(again.publicKeyHex).toBe(first.publicKeyHex);
    expect(toHex(again.keyPair.secretKey)).toBe(toHex(first.keyPair.secretKey));
  });

  it('refuses a damaged key file, or one whose halves do not match, and leaves it alone', async () => {
    const dir = await temp();
    const path = join(dir, DEVICE_KEY_FILE);
    await writeFile(path, '{ nope');
    await expect(loadDeviceKey(dir)).rejects.toThrow(/damaged/);
    expect(await readFile(path, 'utf8')).toBe('{ nope');
    const one = await loadDeviceKey(await temp());
    const two = await loadDeviceKey(await temp());
    await writeFile(path, JSON.stringify({ publicKey: one.publicKeyHex, secretKey: toHex(two.keyPair.secretKey) }));
    await expect(loadDeviceKey(dir)).rejects.toThrow(/damaged/);
  });
});

describe('network', () => {
  it('creates a random key once and derives public values that never contain it', async () => {
    const dir = await temp();
    const network = await loadNetwork(dir);
    expect(network.key.byteLength).toBe(32);
    expect((await stat(join(dir, NETWORK_FILE))).mode & 0o777).toBe(0o600);
    expect(toHex((await loadNetwork(dir)).key)).toBe(toHex(network.key));
    const key = toHex(network.key);
    for (const value of [toHex(network.topic), toHex(network.networkId), network.mdnsTag]) {
      expect(value).not.toContain(key.slice(0, 16));
    }
    expect(toHex(network.topic)).not.toBe(toHex(network.networkId));
    expect(network.networkId.byteLength).toBe(32);
    expect(network.mdnsTag).toMatch(/^[0-9a-f]{16}$/);
  });

  it('derives the same values on every device from the same key', () => {
    const key = new Uint8Array(32).fill(7);
    const one = new Network(key);
    const two = new Network(new Uint8Array(key));
    expect(toHex(one.topic)).toBe(toHex(two.topic));
    expect(toHex(one.networkId)).toBe(toHex(two.networkId));
    expect(one.mdnsTag).toBe(two.mdnsTag);
  });

  it('adopts another network key, on disk', async () => {
    const dir = await temp();
    await loadNetwork(dir);
    const key = new Uint8Array(32).fill(9);
    const adopted = await adoptNetwork(dir, key);
    expect(toHex(adopted.key)).toBe(toHex(key));
    expect(toHex((await loadNetwork(dir)).key)).toBe(toHex(key));
  });
});

describe('a new device\'s name', () => {
  it('says who uses it and on which computer, not the host name alone', () => {
    expect(deviceNameFrom('ana', 'ana-thinkpad')).toBe('ana on ana-thinkpad');
    expect(deviceNameFrom('ana', 'ana-thinkpad.local')).toBe('ana on ana-thinkpad');
    expect(deviceNameFrom('ana', 'localhost')).toBe("ana's computer");
    expect(deviceNameFrom(null, 'ana-thinkpad')).toBe('ana-thinkpad');
    expect(deviceNameFrom(' ', '')).toBe('This device');
    expect(deviceNameFrom('a'.repeat(80), 'b'.repeat(80))).toHaveLength(100);
  });
});
