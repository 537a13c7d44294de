import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createTestnet, { type Testnet } from 'hyperdht/testnet';
import { startHost, type Host } from '../host';
import { createPerson, listPeople } from '../../../shared/doc/people';
import { syncWire } from './sync-wire';
import { NETWORK_FILE } from './identity';

let testnet: Testnet;
beforeAll(async () => {
  testnet = await createTestnet(5);
});
afterAll(async () => {
  await testnet.destroy();
});

const dirs: string[] = [];
const hosts: Host[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close().catch(() => undefined)));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A host whose only transport is Hyperswarm on the local testnet. */
async function start(): Promise<Host> {
  const dir = await mkdtemp(join(tmpdir(), 'kith-swarm-'));
  dirs.push(dir);
  const host = await startHost({
    dataDir: dir,
    mode: 'browser',
    version: 'test',
    p2p: { wire: syncWire, mdns: false, lanHost: '127.0.0.1', dht: { bootstrap: testnet.bootstrap, firewalled: false }, report: () => undefined },
  });
  hosts.push(host);
  await host.settings.update({ sync: { lan: false } });
  return host;
}

async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const names = (host: Host) => listPeople(host.doc).map((person) => person.name).sort();

describe('internet sync over Hyperswarm (local HyperDHT testnet)', () => {
  it('pairs by the inviter key over the DHT, then converges on the network topic', async () => {
    const one = await start();
    const two = await start();
    expect(one.p2p!.lanPort()).toBeNull();
    createPerson(one.doc, { name: 'Ada' }, 'test');
    createPerson(two.doc, { name: 'Grace' }, 'test');

    const invitation = await one.handlers.createInvitation({} as never);
    const joined = await two.handlers.joinWithInvitation({} as never, invitation.code);
    expect(joined).toMatchObject({ ok: true });
    await until('both people on both', () => names(one).length === 2 && names(two).length === 2);
    const twoKey = two.p2p!.self.publicKeyHex;
    expect(one.p2p!.devices().devices.find((device) => device.publicKey === twoKey)).toMatchObject({
      online: true,
      transport: 'internet',
    });

    // After a restart of the joiner, it finds the other on the network's topic.
    const dir = two.info.dataDir;
    await two.close();
    hosts.splice(hosts.indexOf(two), 1);
    createPerson(one.doc, { name: 'Hedy' }, 'test');
    const again = await startHost({
      dataDir: dir,
      mode: 'browser',
      version: 'test',
      p2p: { wire: syncWire, mdns: false, lanHost: '127.0.0.1', dht: { bootstrap: testnet.bootstrap, firewalled: false }, report: () => undefined },
    });
    hosts.push(again);
    await until('the edit made while it was away', () => names(again).includes('Hedy'));
    expect(names(again)).toEqual(['Ada', 'Grace', 'Hedy']);
  }, 40_000);

  it('refuses an unpaired key that found the topic, in the handshake', async () => {
    const one = await start();
    createPerson(one.doc, { name: 'Ada' }, 'test');
    // A stranger with the network key (as if it leaked) finds the topic, but is not paired.
    const dir = await mkdtemp(join(tmpdir(), 'kith-swarm-'));
    dirs.push(dir);
    await copyFile(join(one.info.dataDir, NETWORK_FILE), join(dir, NETWORK_FILE));
    const stranger = await startHost({
      dataDir: dir,
      mode: 'browser',
      version: 'test',
      p2p: { wire: syncWire, mdns: false, lanHost: '127.0.0.1', dht: { bootstrap: testnet.bootstrap, firewalled: false }, report: () => undefined },
    });
    hosts.push(stranger);
    createPerson(stranger.doc, { name: 'Mallory' }, 'test');
    expect(stranger.p2p!.network().shortId).toBe(one.p2p!.network().shortId);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(names(one)).toEqual(['Ada']);
    expect(names(stranger)).toEqual(['Mallory']);
    expect(one.p2p!.devices().devices).toHaveLength(1);
  });
});
