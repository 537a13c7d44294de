import { describe, expect, it } from 'vitest';
import crypto from 'hypercore-crypto';
import {
  INVITATION_TTL_MS,
  InvitationBook,
  InvitationError,
  MAX_WRONG_GUESSES,
  decodeInvitation,
  decodeShortCode,
  encodeInvitation,
  encodeShortCode,
  invitationQr,
  isShortCode,
  pairProof,
  shortCodeKey,
  shortCodeProof,
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
  it('accepts a proof of the secret once, within 10 minutes', async () => {
    const clock = clockAt(Date.parse('2026-01-01T00:00:00Z'));
    const book = new InvitationBook(clock.get);
    const { code, expiresAt } = await book.create(inviter.publicKey, 1234, []);
    expect(expiresAt.getTime() - clock.now).toBe(INVITATION_TTL_MS);
    expect(book.hasOpen()).toBe(true);
    const { secret } = decodeInvitation(code);
    const proof = pairProof(secret, joiner.publicKey, inviter.publicKey);
    expect(book.redeem(proof, joiner.publicKey, inviter.publicKey)).toEqual({ ok: true, id: expect.any(String) });
    expect(book.redeem(proof, joiner.publicKey, inviter.publicKey)).toEqual({ ok: false, reason: 'used' });
    expect(book.hasOpen()).toBe(false);
  });

  it('refuses an expired invitation, a proof for another key and a wrong secret', async () => {
    const clock = clockAt(Date.parse('2026-01-01T00:00:00Z'));
    const book = new InvitationBook(clock.get);
    const { secret } = decodeInvitation((await book.create(inviter.publicKey, 1234, [])).code);
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

describe('short codes', () => {
  const short = { locator: 7, secret: 'K7QMX2R9HD' };
  const SHORT_FORM = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

  it('are twelve Crockford base32 characters in groups of four, read as typed', () => {
    const code = encodeShortCode(short);
    expect(code).toMatch(SHORT_FORM);
    expect(decodeShortCode(code)).toEqual(short);
    expect(decodeShortCode(code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l'))).toEqual(short);
    expect(isShortCode(code)).toBe(true);
    expect(isShortCode(encodeInvitation({ hostPublicKey: new Uint8Array(32), secret: new Uint8Array(16), port: 1, addresses: [] }))).toBe(false);
  });

  it('catch every single wrong character and every swap of two neighbours', () => {
    const code = encodeShortCode(short).replace(/-/g, '');
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    let typos = 0;
    for (let i = 0; i < code.length; i++) {
      for (const wrong of alphabet) {
        if (wrong === code[i]) continue;
        typos++;
        expect(reason(() => decodeShortCode(code.slice(0, i) + wrong + code.slice(i + 1)))).toBe('typo');
      }
    }
    expect(typos).toBe(12 * 31);
    for (let i = 0; i + 1 < code.length; i++) {
      if (code[i] === code[i + 1]) continue;
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      expect(reason(() => decodeShortCode(swapped))).toBe('typo');
    }
    expect(reason(() => decodeShortCode(code.slice(0, -1)))).toBe('typo');
    expect(reason(() => decodeShortCode('K7QM-X2R9-HD4U'))).toBe('typo');
  });
});

describe('the invitation book with short codes', () => {
  /** A joiner's try; `from` is the key of the connection it arrives on (the joiner's own unless told). */
  const guess = async (book: InvitationBook, code: string, from = joiner.publicKey) => {
    const decoded = decodeShortCode(code);
    const key = await shortCodeKey(decoded, inviter.publicKey);
    return book.redeemShort(decoded.locator, shortCodeProof(key, 'joiner', joiner.publicKey, inviter.publicKey), from, inviter.publicKey);
  };
  /** The same locator with another secret, and a valid check character: a typo the check cannot see. */
  const wrongCodeFor = (code: string) => {
    const { locator, secret } = decodeShortCode(code);
    return encodeShortCode({ locator, secret: secret[0] === 'Z' ? `Y${secret.slice(1)}` : `Z${secret.slice(1)}` });
  };

  it('accept the right short code once, with the key the inviter proves it with', async () => {
    const book = new InvitationBook();
    const made = await book.create(inviter.publicKey, 1234, [], { short: true });
    expect(made.shortCode).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    const result = await guess(book, made.shortCode!);
    expect(result).toEqual({ ok: true, id: made.id, key: expect.any(Uint8Array) });
    expect(await guess(book, made.shortCode!)).toEqual({ ok: false, reason: 'used' });
    expect(book.list()).toEqual([expect.objectContaining({ id: made.id, state: 'used', tag: null, usedBy: Buffer.from(joiner.publicKey).toString('hex') })]);
    // A proof made for one joiner's key is a wrong guess on another's connection.
    const other = await book.create(inviter.publicKey, 1234, [], { short: true });
    expect(await guess(book, other.shortCode!, crypto.keyPair().publicKey)).toMatchObject({ ok: false, reason: 'wrong' });
  });

  it(`close after ${MAX_WRONG_GUESSES} wrong codes, and then refuse the right one too (and the long code)`, async () => {
    let changes = 0;
    const book = new InvitationBook(undefined, { onChange: () => changes++ });
    const made = await book.create(inviter.publicKey, 1234, [], { short: true });
    const wrong = wrongCodeFor(made.shortCode!);
    const answers = [];
    for (let i = 0; i < MAX_WRONG_GUESSES; i++) answers.push(await guess(book, wrong));
    expect(answers).toEqual([
      { ok: false, reason: 'wrong', triesLeft: 4 },
      { ok: false, reason: 'wrong', triesLeft: 3 },
      { ok: false, reason: 'wrong', triesLeft: 2 },
      { ok: false, reason: 'wrong', triesLeft: 1 },
      { ok: false, reason: 'closed' },
    ]);
    expect(changes).toBe(1);
    expect(await guess(book, made.shortCode!)).toEqual({ ok: false, reason: 'closed' });
    const { secret } = decodeInvitation(made.code);
    expect(book.redeem(pairProof(secret, joiner.publicKey, inviter.publicKey), joiner.publicKey, inviter.publicKey)).toEqual({
      ok: false,
      reason: 'closed',
    });
    expect(book.hasOpen()).toBe(false);
    expect(book.list()[0]).toMatchObject({ state: 'closed', tag: null });
  });

  it('refuse an expired short code, and give open ones distinct locators', async () => {
    const clock = clockAt(Date.parse('2026-01-01T00:00:00Z'));
    const book = new InvitationBook(clock.get);
    const made = await book.create(inviter.publicKey, 1234, [], { short: true });
    const locators = new Set([decodeShortCode(made.shortCode!).locator]);
    for (let i = 0; i < 9; i++) locators.add(decodeShortCode((await book.create(inviter.publicKey, 1234, [], { short: true })).shortCode!).locator);
    expect(locators.size).toBe(10);
    clock.now += INVITATION_TTL_MS;
    expect(await guess(book, made.shortCode!)).toEqual({ ok: false, reason: 'expired' });
    expect(book.list().every((entry) => entry.state === 'expired')).toBe(true);
  });
});
