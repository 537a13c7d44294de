import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import createTestnet, { type Testnet } from 'hyperdht/testnet';
import type { Host } from '../host';
import { createPerson, listPeople } from '../../../shared/doc/people';
import { syncHosts, until } from './test-hosts';
import { NETWORK_FILE } from './identity';

let testnet: Testnet;
beforeAll(async () => {
  testnet = await createTestnet(5);
});
afterAll(async () => {
  await testnet.destroy();
});

const hosts = syncHosts('swarm');
/** A host whose only transport is Hyperswarm on the local testnet (`sync: null`: as its folder has it). */
const start = (options: { dataDir?: string; prepare?(dir: string): Promise<void>; sync?: null } = {}) =>
  hosts.start({ p2p: { dht: { bootstrap: testnet.bootstrap, firewalled: false } }, sync: { lan: false }, ...options });

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
    await until('both people on both', () => names(one).length === 2 && names(two).length === 2, 15_000);
    const twoKey = two.p2p!.self.publicKeyHex;
    expect(one.p2p!.devices().devices.find((device) => device.publicKey === twoKey)).toMatchObject({
      online: true,
      transport: 'internet',
    });

    // After a restart of the joiner, it finds the other on the network's topic.
    await hosts.close(two);
    createPerson(one.doc, { name: 'Hedy' }, 'test');
    const again = await start({ dataDir: two.info.dataDir, sync: null });
    await until('the edit made while it was away', () => names(again).includes('Hedy'), 15_000);
    expect(names(again)).toEqual(['Ada', 'Grace', 'Hedy']);
  }, 40_000);

  it('refuses an unpaired key that found the topic, in the handshake', async () => {
    const one = await start();
    createPerson(one.doc, { name: 'Ada' }, 'test');
    // A stranger with the network key (as if it leaked) finds the topic, but is not paired.
    const stranger = await start({ prepare: (dir) => copyFile(join(one.info.dataDir, NETWORK_FILE), join(dir, NETWORK_FILE)) });
    createPerson(stranger.doc, { name: 'Mallory' }, 'test');
    expect(stranger.p2p!.network().shortId).toBe(one.p2p!.network().shortId);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(names(one)).toEqual(['Ada']);
    expect(names(stranger)).toEqual(['Mallory']);
    expect(one.p2p!.devices().devices).toHaveLength(1);
  });
});
