/**
 * The admission gate: every link, from any transport, passes here once its
 * Noise handshake is done and before anything reads a byte from it.
 *
 *   link ─► remote key paired, not revoked? ── yes ─► peer manager (sync)
 *              │ no
 *              ├─ revoked, or this side dialled it ───────────► destroy
 *              └─ the other side dialled: pairing only
 *                   first frame must be one `pair` { proof, name } (10 s)
 *                   ├─ proof of an open invitation ─► addDevice, `pairResult` ok
 *                   │                                 { network key, my name } ─► peer manager
 *                   └─ anything else ─► `pairResult` refusal (when it was a `pair`), destroy
 *
 * The joiner's half (`join`) sends `pair` on a link it dialled to the key in
 * the invitation, and waits for `pairResult`. No document byte is read on a
 * link before it has passed: the pairing phase reads only its own frames,
 * and a link is handed to sync only after.
 *
 * Payloads (binary, version 1):
 *   pair        [1][proof: 32][device name: UTF-8, ≤ 400 bytes]
 *   pairResult  [1][status][… ok: network key: 32][inviter's name: UTF-8]
 */
import type * as Y from 'yjs';
import { addDevice, deviceName, isPairedKey, isRevokedKey } from '../../../shared/doc/devices';
import type { Link } from './lan';
import { toHex, type DeviceKey } from './identity';
import { InvitationError, pairProof, type InvitationBook, type InvitationCode, type InvitationProblem } from './invitations';
import type { PeerManager } from './peers';
import type { PeerWire, WireFrame } from './wire';
import type { Timers } from '../reminders';

export const PAIRING_TIMEOUT_MS = 10_000;
const VERSION = 1;
const MAX_NAME_BYTES = 400;
const MAX_PAIRING_FRAME_BYTES = 1024;
const STATUSES = ['ok', 'unknown', 'expired', 'used', 'revoked', 'refused'] as const;
type PairStatus = (typeof STATUSES)[number];

export interface AdmissionOptions {
  doc: Y.Doc;
  self: DeviceKey;
  selfName(): string;
  networkKey(): Uint8Array;
  book: InvitationBook;
  peers: PeerManager;
  wire: PeerWire;
  /** The origin of the transaction that adds a paired device. */
  origin: unknown;
  timers: Timers;
  clock?: () => Date;
  /** A device was just paired here (the inviter side). */
  onPaired?(keyHex: string): void;
  report?: (message: string) => void;
}

export interface Joined {
  networkKey: Uint8Array;
  inviterName: string;
}

const utf8 = new TextEncoder();
const text = new TextDecoder('utf-8', { fatal: true });

function encodePair(proof: Uint8Array, name: string): Uint8Array {
  const nameBytes = utf8.encode(name).subarray(0, MAX_NAME_BYTES);
  const payload = new Uint8Array(1 + 32 + nameBytes.byteLength);
  payload[0] = VERSION;
  payload.set(proof, 1);
  payload.set(nameBytes, 33);
  return payload;
}

function decodePair(payload: Uint8Array): { proof: Uint8Array; name: string } | null {
  if (payload.byteLength < 33 || payload.byteLength > 33 + MAX_NAME_BYTES || payload[0] !== VERSION) return null;
  try {
    const parsed = deviceName.safeParse(text.decode(payload.subarray(33)));
    return { proof: payload.slice(1, 33), name: parsed.success ? parsed.data : 'New device' };
  } catch {
    return null;
  }
}

function encodeResult(status: PairStatus, networkKey?: Uint8Array, name?: string): Uint8Array {
  const nameBytes = status === 'ok' ? utf8.encode(name ?? '').subarray(0, MAX_NAME_BYTES) : new Uint8Array(0);
  const payload = new Uint8Array(2 + (status === 'ok' ? 32 : 0) + nameBytes.byteLength);
  payload[0] = VERSION;
  payload[1] = STATUSES.indexOf(status);
  if (status === 'ok') {
    payload.set(networkKey!, 2);
    payload.set(nameBytes, 34);
  }
  return payload;
}

function decodeResult(payload: Uint8Array): { status: PairStatus; networkKey?: Uint8Array; name?: string } | null {
  if (payload.byteLength < 2 || payload[0] !== VERSION) return null;
  const status = STATUSES[payload[1]!];
  if (!status) return null;
  if (status !== 'ok') return payload.byteLength === 2 ? { status } : null;
  if (payload.byteLength < 34 || payload.byteLength > 34 + MAX_NAME_BYTES) return null;
  try {
    const parsed = deviceName.safeParse(text.decode(payload.subarray(34)));
    return { status, networkKey: payload.slice(2, 34), name: parsed.success ? parsed.data : 'Other device' };
  } catch {
    return null;
  }
}

/**
 * Reads the first frame of a link in its pairing phase. Resolves with it, or
 * null (and the link destroyed) on a malformed frame, more than one frame,
 * a close or a timeout. Leaves the link paused, its 'data' listener removed.
 */
function firstFrame(link: Link, wire: PeerWire, timers: Timers): Promise<WireFrame | null> {
  const { stream } = link;
  // Pairing frames are a few hundred bytes: an unpaired peer cannot make this side hold more.
  const decoder = wire.decoder(MAX_PAIRING_FRAME_BYTES);
  return new Promise((resolve) => {
    let done = false;
    const finish = (frame: WireFrame | null) => {
      if (done) return;
      done = true;
      timers.clearTimeout(timer);
      stream.off('data', onData);
      stream.off('close', onClose);
      stream.pause();
      if (!frame) stream.destroy();
      resolve(frame);
    };
    const onData = (chunk: Uint8Array) => {
      let frames: WireFrame[];
      try {
        frames = decoder.push(chunk);
      } catch {
        return finish(null);
      }
      if (frames.length === 0) return;
      // One frame and nothing after it: the other side must wait for the answer.
      finish(frames.length === 1 && !decoder.midFrame ? frames[0]! : null);
    };
    const onClose = () => finish(null);
    const timer = timers.setTimeout(() => finish(null), PAIRING_TIMEOUT_MS);
    stream.on('close', onClose);
    stream.on('data', onData);
  });
}

export class Admission {
  constructor(private readonly options: AdmissionOptions) {}

  /** Decides what a new link may do (see the diagram above). */
  admit(link: Link): void {
    const { doc, peers } = this.options;
    const keyHex = toHex(link.remotePublicKey);
    // This device reached itself (its own listener, say at 127.0.0.1).
    if (keyHex === this.options.self.publicKeyHex) return link.stream.destroy();
    if (isPairedKey(doc, keyHex)) return peers.attach(link);
    if (link.initiator || isRevokedKey(doc, keyHex)) return link.stream.destroy();
    void this.answerPairing(link, keyHex);
  }

  /** Whether a key may open a link at all: paired, or (while an invitation is open) trying to pair. */
  mayConnect(keyHex: string): boolean {
    const { doc, book } = this.options;
    if (isPairedKey(doc, keyHex)) return true;
    return !isRevokedKey(doc, keyHex) && book.hasOpen();
  }

  /**
   * The joiner's half, on a link this device dialled to the invitation's
   * address. Resolves with the network key once the inviter accepted; the
   * link is then paused, ready for the peer manager. Throws InvitationError.
   */
  async join(link: Link, invitation: InvitationCode): Promise<Joined> {
    const { self, wire, timers } = this.options;
    if (Buffer.compare(link.remotePublicKey, invitation.hostPublicKey) !== 0) {
      link.stream.destroy();
      throw new InvitationError('unreachable', 'a different device answered at that address');
    }
    const proof = pairProof(invitation.secret, self.keyPair.publicKey, invitation.hostPublicKey);
    const reply = firstFrame(link, wire, timers);
    link.stream.write(wire.encode('pair', encodePair(proof, this.options.selfName())));
    const frame = await reply;
    const result = frame?.type === 'pairResult' ? decodeResult(frame.payload) : null;
    if (!result) {
      link.stream.destroy();
      throw new InvitationError('refused', 'no answer to the pairing request');
    }
    if (result.status !== 'ok') {
      link.stream.destroy();
      throw new InvitationError(result.status as InvitationProblem);
    }
    return { networkKey: result.networkKey!, inviterName: result.name! };
  }

  private async answerPairing(link: Link, keyHex: string): Promise<void> {
    const { doc, self, book, wire, peers, timers } = this.options;
    const frame = await firstFrame(link, wire, timers);
    if (!frame) return;
    const request = frame.type === 'pair' ? decodePair(frame.payload) : null;
    if (!request) return link.stream.destroy();
    const refuse = (status: PairStatus) => {
      this.options.report?.(`Kith: refused to pair device ${keyHex.slice(0, 8)}: ${status}`);
      link.stream.write(wire.encode('pairResult', encodeResult(status)));
      link.stream.end();
      // Give the refusal a moment to leave, then make sure the link is gone.
      timers.setTimeout(() => link.stream.destroy(), 1_000);
    };
    // It may have been revoked, or paired by another link, while this one waited.
    if (isRevokedKey(doc, keyHex)) return refuse('revoked');
    const redeemed = book.redeem(request.proof, link.remotePublicKey, self.keyPair.publicKey);
    if (!redeemed.ok) return refuse(redeemed.reason);
    try {
      addDevice(doc, keyHex, { name: request.name, addedBy: self.publicKeyHex }, this.options.origin, this.options.clock);
    } catch (error) {
      this.options.report?.(`Kith: could not add device ${keyHex.slice(0, 8)}: ${(error as Error).message}`);
      return refuse('refused');
    }
    if (link.stream.destroying) return;
    link.stream.write(wire.encode('pairResult', encodeResult('ok', this.options.networkKey(), this.options.selfName())));
    this.options.onPaired?.(keyHex);
    // The joiner speaks first from here on, so its sync bytes never share a read with the reply.
    peers.attach(link, { waitForPeer: true });
  }
}
