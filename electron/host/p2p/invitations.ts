/**
 * Invitations: how a new device joins this device's network.
 *
 *   inviter (A)                                         joiner (B)
 *   createInvitation() ─► code + QR  ── a person types it ──► decodeInvitation(code)
 *                                                         dials A's addresses (or A's
 *                                                         key on Hyperswarm); Noise XX;
 *                                                         checks remotePublicKey = A
 *   ◄──────────── pair { proof = HMAC(secret, "kith/pair" ‖ B ‖ A), name } ──
 *   redeem(proof, B, A): known, unexpired, unused → used;
 *   addDevice(B) ── pairResult { ok, networkKey, name } ──────────────────► adopt the key
 *   ◄──────────────────────────── sync (shared/sync) ──────────────────────►
 *
 * What the code holds — version, A's public key, a 16-byte one-time secret,
 * A's LAN port and IPv4 addresses, a 2-byte checksum — in Crockford base32
 * in dashed groups of five: 92 characters with one LAN address.
 *
 * The network key is NOT in the code, although ARCHITECTURE §4 says the
 * invitation holds it: A sends it inside the Noise stream, after B has proved
 * the secret. That makes the code 32 bytes (52 characters) shorter, and a
 * code seen over someone's shoulder or left in a photo after its 10 minutes
 * is worth nothing: it never reveals the key that finds and joins the
 * network. B still learns exactly what the invitation promised.
 *
 * The proof binds the secret to both Noise keys, so it cannot be replayed on
 * another connection, and B only sends it to the key named in the code.
 * Pending invitations live in memory: a restart voids them (make a new one).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import QRCode from 'qrcode';
import crypto from 'hypercore-crypto';

export const INVITATION_TTL_MS = 10 * 60_000;
export const SECRET_BYTES = 16;
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

// ------------------------------------------------------------- the inviter's book

interface Pending {
  secret: Uint8Array;
  expiresAt: number;
  usedAt: number | null;
}

export interface CreatedInvitation {
  code: string;
  expiresAt: Date;
}

export type RedeemResult = { ok: true } | { ok: false; reason: 'expired' | 'used' | 'unknown' };

/** The invitations this device has made, in memory: one-time, for 10 minutes. */
export class InvitationBook {
  private readonly pending: Pending[] = [];

  constructor(private readonly clock: () => Date = () => new Date()) {}

  create(hostPublicKey: Uint8Array, port: number, addresses: string[]): CreatedInvitation {
    const now = this.clock().getTime();
    this.prune(now);
    const secret = new Uint8Array(randomBytes(SECRET_BYTES));
    const expiresAt = now + INVITATION_TTL_MS;
    this.pending.push({ secret, expiresAt, usedAt: null });
    return { code: encodeInvitation({ hostPublicKey, secret, port, addresses }), expiresAt: new Date(expiresAt) };
  }

  /** Whether some invitation can still be used (the internet transport then lets unpaired keys try). */
  hasOpen(): boolean {
    const now = this.clock().getTime();
    return this.pending.some((entry) => entry.usedAt === null && entry.expiresAt > now);
  }

  /**
   * Finds the invitation this proof was made with and uses it up. Only a
   * joiner that knows the secret can make a matching proof for its own key.
   */
  redeem(proof: Uint8Array, joinerPublicKey: Uint8Array, inviterPublicKey: Uint8Array): RedeemResult {
    const now = this.clock().getTime();
    const entry = this.pending.find((candidate) => {
      const expected = pairProof(candidate.secret, joinerPublicKey, inviterPublicKey);
      return proof.byteLength === expected.byteLength && timingSafeEqual(proof, expected);
    });
    if (!entry) return { ok: false, reason: 'unknown' };
    if (entry.usedAt !== null) return { ok: false, reason: 'used' };
    if (now >= entry.expiresAt) return { ok: false, reason: 'expired' };
    entry.usedAt = now;
    return { ok: true };
  }

  private prune(now: number): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const entry = this.pending[i]!;
      if (Math.max(entry.expiresAt, entry.usedAt ?? 0) + REMEMBER_MS < now) this.pending.splice(i, 1);
    }
  }
}
