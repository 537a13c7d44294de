/**
 * Pairing when the inviter answers at several addresses — as two devices on
 * one machine, or a laptop on both Wi-Fi and Ethernet, do. The joiner must
 * end with one link: it tries the invitation's addresses one after another
 * and gives up the rest as soon as one answers, so the inviter never sees a
 * second connection from it replace the one it paired on.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPerson, listPeople } from '../../../shared/doc/people';
import { LanTransport } from './lan';
import { syncHosts, until } from './test-hosts';

const advertised = vi.hoisted(() => ({ addresses: [] as string[] }));
vi.mock('./invitations', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./invitations')>()),
  lanAddresses: () => advertised.addresses,
}));

afterEach(() => {
  vi.restoreAllMocks();
});

const hosts = syncHosts('dials');
// Listening on every interface: each 127.x address reaches it.
const start = () => hosts.start({ p2p: { lanHost: '0.0.0.0' } });

/** Sockets each host's LAN listener accepted, by its port. */
function countAccepted() {
  const accepted = new Map<number, number>();
  const proto = LanTransport.prototype as unknown as { accept(this: LanTransport, socket: unknown): void };
  const original = proto.accept;
  vi.spyOn(proto, 'accept').mockImplementation(function (this: LanTransport, socket: unknown) {
    accepted.set(this.port, (accepted.get(this.port) ?? 0) + 1);
    original.call(this, socket);
  });
  return accepted;
}

describe('pairing with an inviter reachable at several addresses', () => {
  it.each([
    ['every address answers', ['127.0.0.2', '127.0.0.3']],
    ['the first address goes nowhere', ['10.255.255.1', '127.0.0.2']],
  ])('%s: one link, kept', async (_case, addresses) => {
    const one = await start();
    const two = await start();
    advertised.addresses = addresses;
    const port = one.p2p!.lanPort()!;
    const accepted = countAccepted();
    createPerson(one.doc, { name: 'Ada' }, 'test');
    createPerson(two.doc, { name: 'Grace' }, 'test');

    const invitation = await one.handlers.createInvitation({} as never);
    const result = await two.handlers.joinWithInvitation({} as never, invitation.code);
    expect(result).toMatchObject({ ok: true });
    await until('both people on both', () => listPeople(one.doc).length === 2 && listPeople(two.doc).length === 2);
    // Long enough for any other dial to have landed (the stagger is 300 ms).
    await new Promise((resolve) => setTimeout(resolve, 1200));

    // Dialling every address at once reached the inviter three times (two addresses and 127.0.0.1). With the
    // stagger a second dial goes out only when the first has not answered in 300 ms (a loaded machine), and the
    // joiner drops it; what matters is that the inviter keeps the link it paired on, checked just below.
    expect(accepted.get(port)).toBeLessThan(3);
    const other = one.p2p!.devices().devices.find((device) => !device.isSelf)!;
    expect(other).toMatchObject({ publicKey: two.p2p!.self.publicKeyHex, online: true });
    createPerson(one.doc, { name: 'Hedy' }, 'test');
    const acceptedAfterPairing = accepted.get(port);
    await until('a later edit over the same link', () => listPeople(two.doc).some((person) => person.name === 'Hedy'));
    expect(accepted.get(port)).toBe(acceptedAfterPairing);
  });
});
