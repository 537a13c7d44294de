import { describe, expect, it } from 'vitest';
import crypto from 'hypercore-crypto';
import {
  INVITATION_TTL_MS,
  InvitationBook,
  InvitationError,
  decodeInvitation,
  encodeInvitation,
  invitationQr,
  pairProof,
} from './invitations';

const inviter = crypto.keyPair();
const joiner = crypto.keyPair();

function clockAt(start: number) {
  const clock = { now: start, get: () => new Date(clock.now) };
  return clock;
}

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvitationError) return error.reason;
    throw error;
  }
  return 'none';
}

describe('invitation codes', () => {
  // Fixed bytes, so the typo test below is the same every run.
  const invitation = {
    hostPublicKey: new Uint8Array(32).fill(3),
    secret: new Uint8Array(16).fill(5),
    port: 47001,
    addresses: ['192.168.1.20'],
  };

  it('round-trip in dashed groups of Crockford base32, 92 characters with one address', () => {
    const code = encodeInvitation(invitation);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{1,5})+$/);
    expect(code.replace(/-/g, '')).toHaveLength(92);
    const decoded = decodeInvitation(code);
    expect(Array.from(decoded.hostPublicKey)).toEqual(Array.from(invitation.hostPublicKey));
    expect(Array.from(decoded.secret)).toEqual(Array.from(invitation.secret));
    expect(decoded.port).toBe(47001);
    expect(decoded.addresses).toEqual(['192.168.1.20']);
    const none = encodeInvitation({ ...invitation, addresses: [] });
    expect(none.replace(/-/g, '')).toHaveLength(85);
    expect(decodeInvitation(none).addresses).toEqual([]);
  });

  it('read as typed: any case, spaces, O for 0 and I or L for 1', () => {
    const code = encodeInvitation(invitation);
    const sloppy = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    expect(decodeInvitation(sloppy).port).toBe(47001);
  });

  it('catch every single-character typo, and codes cut short', () => {
    const code = encodeInvitation(invitation).replace(/-/g, '');
    let caught = 0;
    for (let i = 0; i < code.length; i++) {
      const wrong = code[i] === 'A' ? 'B' : 'A';
      const typo = code.slice(0, i) + wrong + code.slice(i + 1);
      if (reason(() => decodeInvitation(typo)) === 'typo') caught++;
    }
    // A 16-bit checksum misses about one typo in 65,536.
    expect(caught).toBe(code.length);
    expect(reason(() => decodeInvitation(code.slice(0, -5)))).toBe('typo');
    expect(reason(() => decodeInvitation(`${code}U`))).toBe('typo');
    expect(reason(() => decodeInvitation(''))).toBe('typo');
    expect(() => decodeInvitation('hello')).toThrow('That code has a typo');
  });

  it('become a QR image the renderer may show', async () => {
    const url = await invitationQr(encodeInvitation(invitation));
    expect(url).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(url.split(',')[1]!, 'base64').toString()).toContain('<svg');
  });
});

describe('the invitation book', () => {
  it('accepts a proof of the secret once, within 10 minutes', () => {
    const clock = clockAt(Date.parse('2026-01-01T00:00:00Z'));
    const book = new InvitationBook(clock.get);
    const { code, expiresAt } = book.create(inviter.publicKey, 1234, []);
    expect(expiresAt.getTime() - clock.now).toBe(INVITATION_TTL_MS);
    expect(book.hasOpen()).toBe(true);
    const { secret } = decodeInvitation(code);
    const proof = pairProof(secret, joiner.publicKey, inviter.publicKey);
    expect(book.redeem(proof, joiner.publicKey, inviter.publicKey)).toEqual({ ok: true });
    expect(book.redeem(proof, joiner.publicKey, inviter.publicKey)).toEqual({ ok: false, reason: 'used' });
    expect(book.hasOpen()).toBe(false);
  });

  it('refuses an expired invitation, a proof for another key and a wrong secret', () => {
    const clock = clockAt(Date.parse('2026-01-01T00:00:00Z'));
    const book = new InvitationBook(clock.get);
    const { secret } = decodeInvitation(book.create(inviter.publicKey, 1234, []).code);
    const proof = pairProof(secret, joiner.publicKey, inviter.publicKey);
    // A proof made for one joiner is no use to another key.
    const other = crypto.keyPair();
    expect(book.redeem(proof, other.publicKey, inviter.publicKey)).toEqual({ ok: false, reason: 'unknown' });
    expect(book.redeem(pairProof(new Uint8Array(16), joiner.publicKey, inviter.publicKey), joiner.publicKey, inviter.publicKey))
      .toEqual({ ok: false, reason: 'unknown' });
    clock.now += INVITATION_TTL_MS;
    expect(book.hasOpen()).toBe(false);
    expect(book.redeem(proof, joiner.publicKey, inviter.publicKey)).toEqual({ ok: false, reason: 'expired' });
  });
});
