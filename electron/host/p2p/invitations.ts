/**
 * Invitations: how a new device joins this device's network. One invitation
 * has two codes: a short one to type on the same network (LAN), and a long
 * one (also shown as a QR image) that works over the internet too.
 *
 * ## The long code
 *
 *   inviter (A)                                         joiner (B)
 *   create() ─► code + QR  ── a person types it ────────────► decodeInvitation(code)
 *                                                         dials A's addresses (or A's
 *                                                         key on Hyperswarm); Noise XX;
 *                                                         checks remotePublicKey = A
 *   ◄──────────── pair { proof = HMAC(secret, "kith/pair" ‖ B ‖ A), name } ──
 *   redeem(proof, B, A): known, unexpired, unused → used;
 *   addDevice(B) ── pairResult { ok, networkKey, name } ──────────────────► adopt the key
 *   ◄──────────────────────────── sync (shared/sync) ──────────────────────►
 *
 * What it holds — version, A's public key, a 16-byte one-time secret, A's
 * LAN port and IPv4 addresses, a 2-byte checksum — in Crockford base32 in
 * dashed groups of five: 92 characters with one LAN address. It names A's
 * key, so B knows whom it dials before it says anything, and its 128-bit
 * secret needs no limit on tries.
 *
 * The network key is NOT in the code, although ARCHITECTURE §4 says the
 * invitation holds it: A sends it inside the Noise stream, after B has proved
 * the secret. That makes the code 32 bytes (52 characters) shorter, and a
 * code seen over someone's shoulder or left in a photo after its 10 minutes
 * is worth nothing: it never reveals the key that finds and joins the
 * network. B still learns exactly what the invitation promised.
 *
 * ## The short code (same network only)
 *
 * Twelve Crockford base32 characters, `XXXX-XXXX-XXXX` (60 bits):
 *
 *   [locator: 1][secret: 10 characters = 50 bits][check: 1]
 *
 * - Finding A: until the invitation expires, A advertises it on the LAN by
 *   mDNS (`_kith-pair._tcp` on its LAN port, TXT `i` = a hash of the
 *   locator character: mdns.ts). The locator only picks A's advertisement
 *   among the LAN's open invitations; it is public, and it is not part of
 *   the secret. A gives its open invitations distinct locators.
 * - Who A is: the code cannot name A's 32-byte key, so B cannot check A's
 *   key in advance. Instead both prove the secret, bound to both Noise
 *   static keys of this very connection, and B adopts nothing (no network
 *   key, no link) before A's proof checks out:
 *
 *     key       = scrypt(secret, "kith/short-code" ‖ A ‖ locator)   (N 2^14, r 8)
 *     B ── pair v2 { locator, HMAC(key, "kith/pair-short/joiner" ‖ B ‖ A), name } ──► A
 *     A ── pairResult v2 { ok, networkKey, HMAC(key, "kith/pair-short/inviter" ‖ A ‖ B), name } ──► B
 *
 * Why 50 bits is enough here, when the long code has 128:
 * - Guessing online: A counts wrong proofs for an invitation; the 5th closes
 *   it (both of its codes), and every try after that — the right code too —
 *   hears "closed". Five tries at 2^50 secrets: a chance of 4·10^-15.
 * - Guessing offline: a proof is all anyone ever sees of the secret (the
 *   mDNS record carries only the locator's hash; Noise hides the proofs from
 *   the LAN). B sends its proof only to a device answering for that
 *   locator, and an impostor that collects it must then try secrets through
 *   scrypt, which costs about 50–250 ms and 16 MiB each: 2^50 of them are
 *   millions of core-years, against a code that lives 10 minutes.
 * - Replaying or relaying: each proof names both static keys of its
 *   connection, so it is worthless on any other connection or to any other
 *   device; an impostor cannot make A's proof, so B never joins it.
 * - What it costs: anyone who reaches the LAN port can close an invitation by five
 *   wrong codes; the person then makes a new one (or uses the long code,
 *   which a closed invitation refuses too). Closing is the safe way to fail.
 * - Typos: the check character is a weighted sum over GF(32) (weights α^11…α^1,
 *   α a primitive element), so every single wrong character and every swap of
 *   two neighbours is caught before anything is sent.
 *
 * The joiner types either code in one field; its length decides the path.
 * Pending invitations live in memory: a restart voids them (make a new one).
 */
import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import QRCode from 'qrcode';
import crypto from 'hypercore-crypto';
import { SHORT_CODE_LENGTH } from '../../../shared/host/contract';

export const INVITATION_TTL_MS = 10 * 60_000;
export const SECRET_BYTES = 16;
/** Wrong short-code proofs an invitation takes; the last of them closes it. */
export const MAX_WRONG_GUESSES = 5;
const VERSION = 1;
const KEY_BYTES = 32;
const CHECKSUM_BYTES = 2;
const FIXED_BYTES = 1 + KEY_BYTES + SECRET_BYTES + 2 + CHECKSUM_BYTES;
/** At most this many LAN addresses go into a code (each adds about 6.4 characters). */
export const MAX_CODE_ADDRESSES = 4;
/** Invitations remembered after they expire or are used, so a late try hears why it failed. */
const REMEMBER_MS = 60 * 60_000;

/** Why an invitation did not work, with what the person should do. */
export const INVITATION_MESSAGES = {
  typo: 'That code has a typo — check it against the other device and try again',
  expired: 'That invitation has expired — make a new one on the other device',
  used: 'That invitation was already used — make a new one on the other device',
  unknown: 'The other device does not know that invitation (it may have restarted) — make a new one there',
  revoked: 'This device was removed from that network, so it cannot join with its current key',
  unreachable: 'Could not reach the other device — check that both are on the same network and Kith is open there, or connect by address',
  refused: 'The other device refused to pair',
  wrong: 'That code is not the one the other device shows — check it and type it again',
  closed: 'That code was closed after too many wrong tries — make a new one on the other device',
  notFound:
    'No device on this network shows that code — check the code, and that both devices are on the same network with Kith open and LAN sync on; on different networks, use the long code',
} as const;
export type InvitationProblem = keyof typeof INVITATION_MESSAGES;

export class InvitationError extends Error {
  override readonly name = 'InvitationError';
  constructor(readonly reason: InvitationProblem, detail?: string) {
    super(detail ? `${INVITATION_MESSAGES[reason]} (${detail})` : INVITATION_MESSAGES[reason]);
  }
}

/** What a code carries. */
export interface InvitationCode {
  hostPublicKey: Uint8Array;
  secret: Uint8Array;
  /** The inviter's LAN port (0 when its LAN transport is off). */
  port: number;
  /** The inviter's IPv4 addresses; the joiner also tries 127.0.0.1 (same machine). */
  addresses: string[];
}

// ------------------------------------------------------------- base32 codec

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUP = 5;

function toBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Crockford's reading: case-free, O is 0, I and L are 1; dashes and spaces are ignored. */
function fromBase32(text: string): Uint8Array | null {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const raw of text.toUpperCase().replace(/[\s-]/g, '')) {
    const char = raw === 'O' ? '0' : raw === 'I' || raw === 'L' ? '1' : raw;
    const value = ALPHABET.indexOf(char);
    if (value < 0) return null;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  // Leftover bits are padding: anything but zeros there is a mistyped last character.
  if (bits >= 5 || buffer !== 0) return null;
  return Uint8Array.from(bytes);
}

function checksum(payload: Uint8Array): Uint8Array {
  return crypto.hash([Buffer.from('kith/invitation'), payload]).subarray(0, CHECKSUM_BYTES);
}

export function encodeInvitation(invitation: InvitationCode): string {
  const addresses = invitation.addresses.slice(0, MAX_CODE_ADDRESSES);
  const payload = new Uint8Array(FIXED_BYTES - CHECKSUM_BYTES + 4 * addresses.length);
  const view = new DataView(payload.buffer);
  payload[0] = VERSION;
  payload.set(invitation.hostPublicKey, 1);
  payload.set(invitation.secret, 1 + KEY_BYTES);
  view.setUint16(1 + KEY_BYTES + SECRET_BYTES, invitation.port);
  addresses.forEach((address, index) => {
    payload.set(address.split('.').map(Number), FIXED_BYTES - CHECKSUM_BYTES + 4 * index);
  });
  const bytes = new Uint8Array(payload.byteLength + CHECKSUM_BYTES);
  bytes.set(payload);
  bytes.set(checksum(payload), payload.byteLength);
  const text = toBase32(bytes);
  const groups: string[] = [];
  for (let i = 0; i < text.length; i += GROUP) groups.push(text.slice(i, i + GROUP));
  return groups.join('-');
}

/** Reads a code as typed; a mistyped, cut short or damaged code throws InvitationError('typo'). */
export function decodeInvitation(code: string): InvitationCode {
  const bytes = fromBase32(code);
  if (!bytes) throw new InvitationError('typo', 'a code has only digits, letters and dashes');
  if (bytes.byteLength < FIXED_BYTES || (bytes.byteLength - FIXED_BYTES) % 4 !== 0) {
    throw new InvitationError('typo', 'it is too short or too long');
  }
  const payload = bytes.subarray(0, bytes.byteLength - CHECKSUM_BYTES);
  if (!timingSafeEqual(checksum(payload), bytes.subarray(payload.byteLength))) throw new InvitationError('typo');
  if (payload[0] !== VERSION) throw new InvitationError('typo', 'it was made by a different version of Kith');
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const addresses: string[] = [];
  for (let offset = FIXED_BYTES - CHECKSUM_BYTES; offset < payload.byteLength; offset += 4) {
    addresses.push(Array.from(payload.subarray(offset, offset + 4)).join('.'));
  }
  return {
    hostPublicKey: payload.slice(1, 1 + KEY_BYTES),
    secret: payload.slice(1 + KEY_BYTES, 1 + KEY_BYTES + SECRET_BYTES),
    port: view.getUint16(1 + KEY_BYTES + SECRET_BYTES),
    addresses,
  };
}

/** This machine's IPv4 LAN addresses (not loopback), as a code would carry them. */
export function lanAddresses(): string[] {
  const found: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) found.push(entry.address);
    }
  }
  return found.slice(0, MAX_CODE_ADDRESSES);
}

/** The joiner's proof that it holds the secret, bound to both ends of this Noise connection. */
export function pairProof(secret: Uint8Array, joinerPublicKey: Uint8Array, inviterPublicKey: Uint8Array): Uint8Array {
  const hmac = createHmac('sha256', secret);
  hmac.update('kith/pair');
  hmac.update(joinerPublicKey);
  hmac.update(inviterPublicKey);
  return new Uint8Array(hmac.digest());
}

/** A QR image of the code, as a data: URL the renderer's CSP allows. */
export async function invitationQr(code: string): Promise<string> {
  const svg = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

// ------------------------------------------------------------- the short code

const SHORT_SECRET_LENGTH = 10;
const SHORT_GROUP = 4;
/** A short code's key derivation (see the header); node's default scrypt cost, 16 MiB. */
const SHORT_KEY_SCRYPT = { N: 1 << 14, r: 8, p: 1 } as const;

/** What a short code carries. */
export interface ShortCode {
  /** 0–31: which of the LAN's open invitations (public). */
  locator: number;
  /** Ten base32 characters: the one-time secret (50 bits). */
  secret: string;
}

/** Multiplies by α in GF(32), modulo the primitive polynomial x^5 + x^2 + 1. */
function timesAlpha(value: number): number {
  const shifted = value << 1;
  return shifted & 32 ? shifted ^ 0b100101 : shifted;
}

/** The check character's value: Σ α^(11-i)·symbol_i over the first eleven symbols (Horner). */
function checkSymbol(symbols: readonly number[]): number {
  let sum = 0;
  for (const symbol of symbols) sum = timesAlpha(sum ^ symbol);
  return sum;
}

/** The symbols of a code as typed (Crockford's reading), or null when a character is not one. */
function symbolsOf(text: string): number[] | null {
  const symbols: number[] = [];
  for (const raw of text.toUpperCase().replace(/[\s-]/g, '')) {
    const char = raw === 'O' ? '0' : raw === 'I' || raw === 'L' ? '1' : raw;
    const value = ALPHABET.indexOf(char);
    if (value < 0) return null;
    symbols.push(value);
  }
  return symbols;
}

/** Whether a code as typed has the short form (twelve characters once dashes and spaces are gone). */
export function isShortCode(code: string): boolean {
  return code.replace(/[\s-]/g, '').length === SHORT_CODE_LENGTH;
}

export function encodeShortCode(code: ShortCode): string {
  const symbols = [code.locator, ...[...code.secret].map((char) => ALPHABET.indexOf(char))];
  if (symbols.length !== SHORT_CODE_LENGTH - 1 || symbols.some((symbol) => symbol < 0 || symbol > 31)) {
    throw new RangeError('A short code has a locator and ten base32 characters');
  }
  const text = [...symbols, checkSymbol(symbols)].map((symbol) => ALPHABET[symbol]).join('');
  const groups: string[] = [];
  for (let i = 0; i < text.length; i += SHORT_GROUP) groups.push(text.slice(i, i + SHORT_GROUP));
  return groups.join('-');
}

/** Reads a short code as typed; a wrong character, or one missing, throws InvitationError('typo'). */
export function decodeShortCode(code: string): ShortCode {
  const symbols = symbolsOf(code);
  if (!symbols) throw new InvitationError('typo', 'a code has only digits, letters and dashes');
  if (symbols.length !== SHORT_CODE_LENGTH) throw new InvitationError('typo', `a short code has ${SHORT_CODE_LENGTH} characters`);
  if (checkSymbol(symbols.slice(0, -1)) !== symbols[SHORT_CODE_LENGTH - 1]) throw new InvitationError('typo');
  return { locator: symbols[0]!, secret: symbols.slice(1, -1).map((symbol) => ALPHABET[symbol]).join('') };
}

/** The mDNS tag of an open short code: a hash of its locator (mdns.ts advertises it). */
export function locatorTag(locator: number): string {
  return Buffer.from(crypto.hash([Buffer.from('kith/pair-locator'), Buffer.from([locator])]).subarray(0, 4)).toString('hex');
}

/** The key both sides prove with, stretched so that a collected proof cannot be searched for the secret. */
export function shortCodeKey(code: ShortCode, inviterPublicKey: Uint8Array): Promise<Uint8Array> {
  const salt = Buffer.concat([Buffer.from('kith/short-code'), inviterPublicKey, Buffer.from([code.locator])]);
  return new Promise((resolve, reject) => {
    scrypt(code.secret, salt, 32, SHORT_KEY_SCRYPT, (error, key) => (error ? reject(error) : resolve(new Uint8Array(key))));
  });
}

/** One side's proof of the short code's key, bound to both ends of this Noise connection. */
export function shortCodeProof(
  key: Uint8Array,
  side: 'joiner' | 'inviter',
  joinerPublicKey: Uint8Array,
  inviterPublicKey: Uint8Array,
): Uint8Array {
  const hmac = createHmac('sha256', key);
  hmac.update(`kith/pair-short/${side}`);
  if (side === 'joiner') {
    hmac.update(joinerPublicKey);
    hmac.update(inviterPublicKey);
  } else {
    hmac.update(inviterPublicKey);
    hmac.update(joinerPublicKey);
  }
  return new Uint8Array(hmac.digest());
}

function sameProof(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

// ------------------------------------------------------------- the inviter's book

interface Pending {
  id: string;
  secret: Uint8Array;
  /** The short code's locator and key, when it has one. */
  short: { locator: number; key: Uint8Array } | null;
  expiresAt: number;
  usedAt: number | null;
  /** The key (hex) of the device that used it. */
  usedBy: string | null;
  /** When the last allowed wrong short code closed it. */
  closedAt: number | null;
  wrongGuesses: number;
}

export interface CreatedInvitation {
  id: string;
  code: string;
  /** Null when no short code was asked for (LAN sync or its discovery is off). */
  shortCode: string | null;
  expiresAt: Date;
}

export type InvitationState = 'open' | 'used' | 'closed' | 'expired';

export interface InvitationStatus {
  id: string;
  state: InvitationState;
  /** The short code's mDNS tag, while it has one. */
  tag: string | null;
  expiresAt: Date;
  usedBy: string | null;
}

export type RedeemResult =
  /** `key`: the short code's key, which the inviter's own proof is made with. */
  | { ok: true; id: string; key?: Uint8Array }
  | { ok: false; reason: 'expired' | 'used' | 'unknown' | 'closed' }
  | { ok: false; reason: 'wrong'; triesLeft: number };

export interface InvitationBookOptions {
  /** An invitation was used or closed. */
  onChange?(): void;
}

/** The invitations this device has made, in memory: one-time, for 10 minutes. */
export class InvitationBook {
  private readonly pending: Pending[] = [];
  /** Locators of short codes whose key is being derived. */
  private readonly deriving = new Set<number>();

  constructor(
    private readonly clock: () => Date = () => new Date(),
    private readonly options: InvitationBookOptions = {},
  ) {}

  /** Makes an invitation: its long code always, its short code when `short` (the inviter then advertises it on the LAN). */
  async create(hostPublicKey: Uint8Array, port: number, addresses: string[], { short = false } = {}): Promise<CreatedInvitation> {
    const now = this.clock().getTime();
    this.prune(now);
    const secret = new Uint8Array(randomBytes(SECRET_BYTES));
    const shortCode = short ? this.newShortCode(now) : null;
    let key: Uint8Array | null = null;
    if (shortCode) {
      this.deriving.add(shortCode.locator);
      try {
        key = await shortCodeKey(shortCode, hostPublicKey);
      } finally {
        this.deriving.delete(shortCode.locator);
      }
    }
    const entry: Pending = {
      id: randomBytes(8).toString('hex'),
      secret,
      short: shortCode && key ? { locator: shortCode.locator, key } : null,
      expiresAt: this.clock().getTime() + INVITATION_TTL_MS,
      usedAt: null,
      usedBy: null,
      closedAt: null,
      wrongGuesses: 0,
    };
    this.pending.push(entry);
    return {
      id: entry.id,
      code: encodeInvitation({ hostPublicKey, secret, port, addresses }),
      shortCode: shortCode ? encodeShortCode(shortCode) : null,
      expiresAt: new Date(entry.expiresAt),
    };
  }

  /** Whether some invitation can still be used (the internet transport then lets unpaired keys try). */
  hasOpen(): boolean {
    const now = this.clock().getTime();
    return this.pending.some((entry) => this.stateOf(entry, now) === 'open');
  }

  /** The invitations remembered (for an hour after they end), oldest first. */
  list(): InvitationStatus[] {
    const now = this.clock().getTime();
    return this.pending.map((entry) => {
      const state = this.stateOf(entry, now);
      return {
        id: entry.id,
        state,
        tag: state === 'open' && entry.short ? locatorTag(entry.short.locator) : null,
        expiresAt: new Date(entry.expiresAt),
        usedBy: entry.usedBy,
      };
    });
  }

  /**
   * Finds the invitation this long-code proof was made with and uses it up.
   * Only a joiner that knows the secret can make a matching proof for its own key.
   */
  redeem(proof: Uint8Array, joinerPublicKey: Uint8Array, inviterPublicKey: Uint8Array): RedeemResult {
    const entry = this.pending.find((candidate) => sameProof(proof, pairProof(candidate.secret, joinerPublicKey, inviterPublicKey)));
    if (!entry) return { ok: false, reason: 'unknown' };
    return this.use(entry, joinerPublicKey);
  }

  /**
   * Checks a short-code proof against the invitation its locator names. A
   * wrong proof for an open invitation counts; the MAX_WRONG_GUESSES-th
   * closes it, and it then refuses every proof, the right one too.
   */
  redeemShort(locator: number, proof: Uint8Array, joinerPublicKey: Uint8Array, inviterPublicKey: Uint8Array): RedeemResult {
    const now = this.clock().getTime();
    const withLocator = this.pending.filter((entry) => entry.short?.locator === locator);
    const open = withLocator.find((entry) => this.stateOf(entry, now) === 'open');
    const matches = (entry: Pending) => sameProof(proof, shortCodeProof(entry.short!.key, 'joiner', joinerPublicKey, inviterPublicKey));
    if (open) {
      if (matches(open)) {
        const used = this.use(open, joinerPublicKey);
        return used.ok ? { ...used, key: open.short!.key } : used;
      }
      open.wrongGuesses++;
      if (open.wrongGuesses < MAX_WRONG_GUESSES) return { ok: false, reason: 'wrong', triesLeft: MAX_WRONG_GUESSES - open.wrongGuesses };
      open.closedAt = now;
      this.options.onChange?.();
      return { ok: false, reason: 'closed' };
    }
    // No open one: say why the one it was made for ended, if this device still remembers it.
    const ended = withLocator.reverse().find(matches);
    if (!ended) return { ok: false, reason: 'unknown' };
    const state = this.stateOf(ended, now);
    return { ok: false, reason: state === 'open' ? 'unknown' : state };
  }

  private use(entry: Pending, joinerPublicKey: Uint8Array): RedeemResult {
    const now = this.clock().getTime();
    const state = this.stateOf(entry, now);
    if (state !== 'open') return { ok: false, reason: state };
    entry.usedAt = now;
    entry.usedBy = Buffer.from(joinerPublicKey).toString('hex');
    this.options.onChange?.();
    return { ok: true, id: entry.id };
  }

  private stateOf(entry: Pending, now: number): InvitationState {
    if (entry.usedAt !== null) return 'used';
    if (entry.closedAt !== null) return 'closed';
    if (now >= entry.expiresAt) return 'expired';
    return 'open';
  }

  /** A short code whose locator no open invitation has (there are 32). */
  private newShortCode(now: number): ShortCode {
    const taken = new Set(this.deriving);
    for (const entry of this.pending) if (entry.short && this.stateOf(entry, now) === 'open') taken.add(entry.short.locator);
    const free = Array.from({ length: 32 }, (_, locator) => locator).filter((locator) => !taken.has(locator));
    if (free.length === 0) throw new Error('There are too many open invitations: wait until one expires, or use one');
    const locator = free[randomBytes(1)[0]! % free.length]!;
    // 256 is a multiple of 32, so each character is uniform.
    const secret = Array.from(randomBytes(SHORT_SECRET_LENGTH), (byte) => ALPHABET[byte & 31]).join('');
    return { locator, secret };
  }

  private prune(now: number): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const entry = this.pending[i]!;
      const endedAt = Math.max(entry.expiresAt, entry.usedAt ?? 0, entry.closedAt ?? 0);
      if (endedAt + REMEMBER_MS < now) this.pending.splice(i, 1);
    }
  }
}
