/**
 * Pairing with the short code between real hosts on 127.0.0.1: the joiner
 * finds the inviter by its mDNS advert (multicast on loopback), both prove
 * the code over Noise, and wrong codes, an expired code and a device that
 * cannot prove the code are refused.
 */
import { describe, expect, it } from 'vitest';
import net from 'node:net';
import * as Y from 'yjs';
import NoiseSecretStream from '@hyperswarm/secret-stream';
import crypto from 'hypercore-crypto';
import { createPerson, listPeople } from '../../../shared/doc/people';
import { isPairedKey } from '../../../shared/doc/devices';
import { encodeFrame } from '../../../shared/sync/frames';
import type { Host } from '../host';
import { INVITATION_MESSAGES, INVITATION_TTL_MS, MAX_WRONG_GUESSES, decodeShortCode, encodeShortCode, locatorTag } from './invitations';
import { LanTransport } from './lan';
import { advertiseInvitation } from './mdns';
import { syncHosts, until } from './test-hosts';

const hosts = syncHosts('short');
const start = (clock?: { now: number }) =>
  hosts.start({ p2p: { mdns: true, ...(clock ? { clock: () => new Date(clock.now) } : {}) } });
const names = (host: Host) => listPeople(host.doc).map((person) => person.name).sort();

/** The same locator with another secret and a valid check character: a wrong code the check cannot catch. */
function wrongCodeFor(code: string): string {
  const { locator, secret } = decodeShortCode(code);
  return encodeShortCode({ locator, secret: `${secret.slice(0, -1)}${secret.endsWith('Z') ? 'Y' : 'Z'}` });
}

describe('pairing with the short code on one network', () => {
  it('pairs two hosts from twelve typed characters, and the used code leaves the inviter\'s view', async () => {
    const one = await start();
    const two = await start();
    createPerson(one.doc, { name: 'Ada' }, 'test');
    createPerson(two.doc, { name: 'Grace' }, 'test');
    const invitation = await one.handlers.createInvitation({} as never);
    expect(invitation.shortCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(one.p2p!.devices().invitations).toEqual([expect.objectContaining({ id: invitation.id, state: 'open', usedBy: null })]);
    const heard: string[] = [];
    one.p2p!.onChange((view) => heard.push(...view.invitations.map((entry) => entry.state)));

    // Typed as a person might: lower case, spaces for dashes.
    const typed = invitation.shortCode!.toLowerCase().replace(/-/g, ' ');
    const result = await two.handlers.joinWithInvitation({} as never, typed);
    expect(result).toEqual({
      ok: true,
      networkId: one.p2p!.network().shortId,
      inviter: { publicKey: one.p2p!.self.publicKeyHex, name: one.p2p!.devices().self.name },
    });
    expect(Buffer.compare(two.p2p!.network().key, one.p2p!.network().key)).toBe(0);
    await until('both people on both', () => names(one).length === 2 && names(two).length === 2);
    expect(names(two)).toEqual(['Ada', 'Grace']);
    expect(isPairedKey(one.doc, two.p2p!.self.publicKeyHex)).toBe(true);
    expect(one.p2p!.devices().invitations).toEqual([
      expect.objectContaining({ id: invitation.id, state: 'used', usedBy: two.p2p!.self.publicKeyHex }),
    ]);
    await until('the window told the code was used', () => heard.includes('used'));
    // Used up: a third device with the same code is refused.
    const three = await start();
    expect(await three.handlers.joinWithInvitation({} as never, invitation.shortCode!)).toMatchObject({ ok: false, reason: 'used' });
    expect(Y.encodeStateVector(three.doc)).not.toEqual(Y.encodeStateVector(one.doc));
  });

  it(`closes the invitation after ${MAX_WRONG_GUESSES} wrong codes: the next try is refused even with the right one`, async () => {
    const one = await start();
    const two = await start();
    const invitation = await one.handlers.createInvitation({} as never);
    const wrong = wrongCodeFor(invitation.shortCode!);
    const answers = [];
    for (let i = 0; i < MAX_WRONG_GUESSES; i++) answers.push(await two.handlers.joinWithInvitation({} as never, wrong));
    expect(answers.map((answer) => !answer.ok && answer.reason)).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'closed']);
    expect(answers[0]).toMatchObject({ message: `${INVITATION_MESSAGES.wrong} (4 tries left before the code closes)` });
    expect(answers[3]).toMatchObject({ message: `${INVITATION_MESSAGES.wrong} (1 try left before the code closes)` });

    expect(await two.handlers.joinWithInvitation({} as never, invitation.shortCode!)).toEqual({
      ok: false,
      reason: 'closed',
      message: INVITATION_MESSAGES.closed,
    });
    expect(await two.handlers.joinWithInvitation({} as never, invitation.code)).toMatchObject({ ok: false, reason: 'closed' });
    expect(isPairedKey(one.doc, two.p2p!.self.publicKeyHex)).toBe(false);
    expect(one.p2p!.devices().invitations).toEqual([expect.objectContaining({ id: invitation.id, state: 'closed' })]);
  });

  it('refuses an expired short code, and a mistyped one before dialling anything', async () => {
    const clock = { now: Date.parse('2026-03-01T10:00:00Z') };
    const one = await start(clock);
    const two = await start();
    const invitation = await one.handlers.createInvitation({} as never);
    clock.now += INVITATION_TTL_MS;
    expect(await two.handlers.joinWithInvitation({} as never, invitation.shortCode!)).toEqual({
      ok: false,
      reason: 'expired',
      message: INVITATION_MESSAGES.expired,
    });
    const code = invitation.shortCode!;
    const typo = code.slice(0, 5) + (code[5] === 'A' ? 'B' : 'A') + code.slice(6);
    expect(await two.handlers.joinWithInvitation({} as never, typo)).toMatchObject({ ok: false, reason: 'typo' });
    expect(isPairedKey(one.doc, two.p2p!.self.publicKeyHex)).toBe(false);
  });

  it('takes nothing from a device that advertises the code but cannot prove it', async () => {
    const two = await start();
    const networkBefore = two.p2p!.network().shortId;
    const code = encodeShortCode({ locator: 19, secret: 'QRSTVWXYZ0' });
    // An impostor: it answers every pairing request "ok" with a network key of its own and a made-up proof.
    const impostor = await LanTransport.listen({
      keyPair: crypto.keyPair(),
      port: 0,
      host: '127.0.0.1',
      onConnection: (link) => {
        let answered = false;
        link.stream.on('data', () => {
          if (answered) return;
          answered = true;
          const reply = Buffer.concat([Buffer.from([2, 0]), crypto.randomBytes(32), crypto.randomBytes(32), Buffer.from('Impostor')]);
          link.stream.write(encodeFrame('pairResult', reply));
        });
      },
    });
    const advert = advertiseInvitation({ port: impostor.port, tag: locatorTag(19), report: () => undefined });
    try {
      const result = await two.handlers.joinWithInvitation({} as never, code);
      expect(result).toMatchObject({ ok: false, reason: 'refused' });
      expect(!result.ok && result.message).toContain('could not prove it made that code');
      expect(two.p2p!.network().shortId).toBe(networkBefore);
      expect(two.p2p!.devices().devices).toHaveLength(1);
    } finally {
      await advert.close();
      await impostor.close();
    }
  });

  it('closes a link whose short-code request is malformed, counting no try and adding no device', async () => {
    const one = await start();
    const invitation = await one.handlers.createInvitation({} as never);
    const socket = net.connect(one.p2p!.lanPort()!, '127.0.0.1');
    const stream = new NoiseSecretStream(true, socket, { keyPair: crypto.keyPair() });
    stream.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => stream.once('close', resolve));
    await new Promise<void>((resolve) => stream.once('connect', resolve));
    // Version 2 (short code) with a locator no code can have.
    stream.write(encodeFrame('pair', Buffer.concat([Buffer.from([2, 40]), crypto.randomBytes(32), Buffer.from('Mallory')])));
    await closed;
    expect(one.p2p!.devices().devices).toHaveLength(1);
    expect(one.p2p!.devices().invitations).toEqual([expect.objectContaining({ id: invitation.id, state: 'open' })]);
    // All five tries are still there: the first wrong code hears "4 tries left".
    const two = await start();
    expect(await two.handlers.joinWithInvitation({} as never, wrongCodeFor(invitation.shortCode!))).toMatchObject({
      reason: 'wrong',
      message: `${INVITATION_MESSAGES.wrong} (4 tries left before the code closes)`,
    });
  });
});
