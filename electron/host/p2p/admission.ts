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
 * the invitation, and waits for `pairResult`. With a short code
 * (`joinShort`) the joiner does not know the inviter's key in advance: the
 * inviter proves the code in its `pairResult`, and the joiner takes nothing
 * from a device that cannot (invitations.ts says why that is enough). No document byte is read on a
 * link before it has passed: the pairing phase reads only its own frames,
 * and a link is handed to sync only after.
 *
 * Payloads (binary; the first byte says which code it is for):
 *   pair        [1][proof: 32][device name: UTF-8, ≤ 400 bytes]            long code
 *               [2][locator][proof: 32][device name]                       short code
 *   pairResult  [1][status][… ok: network key: 32][inviter's name: UTF-8]
 *               [2][status][… ok: network key: 32][inviter's proof: 32][inviter's name]
 *                          [… wrong: tries left]
 */
import type * as Y from 'yjs';
import { addDevice, deviceName, isPairedKey, isRevokedKey } from '../../../shared/doc/devices';
import type { Link } from './lan';
import { toHex, type DeviceKey } from './identity';
import {
  InvitationError,
  pairProof,
  shortCodeKey,
  shortCodeProof,
  type InvitationBook,
  type InvitationCode,
  type InvitationProblem,
  type ShortCode,
} from './invitations';
import type { PeerManager } from './peers';
import type { PeerWire, WireFrame } from './wire';
import type { Timers } from '../reminders';

export const PAIRING_TIMEOUT_MS = 10_000;
const LONG = 1;
const SHORT = 2;
type CodeKind = typeof LONG | typeof SHORT;
const PROOF_BYTES = 32;
const MAX_NAME_BYTES = 400;
const MAX_PAIRING_FRAME_BYTES = 1024;
const STATUSES = ['ok', 'unknown', 'expired', 'used', 'revoked', 'refused', 'wrong', 'closed'] as const;
type PairStatus = (typeof STATUSES)[number];

interface PairRequest {
  kind: CodeKind;
  /** The short code's locator (0 for a long code). */
  locator: number;
  proof: Uint8Array;
  name: string;
}

interface PairAnswer {
  status: PairStatus;
  networkKey?: Uint8Array;
  /** The inviter's proof of the short code. */
  proof?: Uint8Array;
  name?: string;
  triesLeft?: number;
}

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

function readName(bytes: Uint8Array, fallback: string): string | null {
  if (bytes.byteLength > MAX_NAME_BYTES) return null;
  try {
    const parsed = deviceName.safeParse(text.decode(bytes));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return null;
  }
}

function encodePair(request: PairRequest): Uint8Array {
  const head = request.kind === SHORT ? [SHORT, request.locator] : [LONG];
  const nameBytes = utf8.encode(request.name).subarray(0, MAX_NAME_BYTES);
  const payload = new Uint8Array(head.length + PROOF_BYTES + nameBytes.byteLength);
  payload.set(head);
  payload.set(request.proof, head.length);
  payload.set(nameBytes, head.length + PROOF_BYTES);
  return payload;
}

function decodePair(payload: Uint8Array): PairRequest | null {
  const kind = payload[0];
  if (kind !== LONG && kind !== SHORT) return null;
  const start = kind === SHORT ? 2 : 1;
  if (payload.byteLength < start + PROOF_BYTES) return null;
  const locator = kind === SHORT ? payload[1]! : 0;
  if (locator > 31) return null;
  const name = readName(payload.subarray(start + PROOF_BYTES), 'New device');
  if (name === null) return null;
  return { kind, locator, proof: payload.slice(start, start + PROOF_BYTES), name };
}

function encodeResult(kind: CodeKind, answer: PairAnswer): Uint8Array {
  const { status } = answer;
  const parts: Uint8Array[] = [Uint8Array.of(kind, STATUSES.indexOf(status))];
  if (status === 'ok') {
    parts.push(answer.networkKey!);
    if (kind === SHORT) parts.push(answer.proof!);
    parts.push(utf8.encode(answer.name ?? '').subarray(0, MAX_NAME_BYTES));
  } else if (status === 'wrong' && kind === SHORT) {
    parts.push(Uint8Array.of(answer.triesLeft ?? 0));
  }
  return Buffer.concat(parts);
}

function decodeResult(kind: CodeKind, payload: Uint8Array): PairAnswer | null {
  if (payload.byteLength < 2 || payload[0] !== kind) return null;
  const status = STATUSES[payload[1]!];
  if (!status) return null;
  if (status === 'wrong' && kind === SHORT) return payload.byteLength === 3 ? { status, triesLeft: payload[2]! } : null;
  if (status !== 'ok') return payload.byteLength === 2 ? { status } : null;
  const nameAt = 2 + 32 + (kind === SHORT ? PROOF_BYTES : 0);
  if (payload.byteLength < nameAt) return null;
  const name = readName(payload.subarray(nameAt), 'Other device');
  if (name === null) return null;
  return {
    status,
    networkKey: payload.slice(2, 34),
    ...(kind === SHORT ? { proof: payload.slice(34, 34 + PROOF_BYTES) } : {}),
    name,
  };
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
    if (isRevokedKey(doc, keyHex)) {
      this.options.report?.(`Kith: refused device ${keyHex.slice(0, 8)}: it was removed from this network`);
      return link.stream.destroy();
    }
    if (link.initiator) return link.stream.destroy();
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
    const { self } = this.options;
    if (Buffer.compare(link.remotePublicKey, invitation.hostPublicKey) !== 0) {
      link.stream.destroy();
      throw new InvitationError('unreachable', 'a different device answered at that address');
    }
    const proof = pairProof(invitation.secret, self.keyPair.publicKey, invitation.hostPublicKey);
    const answer = await this.ask(link, { kind: LONG, locator: 0, proof, name: this.options.selfName() });
    return { networkKey: answer.networkKey!, inviterName: answer.name! };
  }

  /**
   * The joiner's half with a short code, on a link to a device that
   * advertised it: this side proves the code, and accepts the answer only
   * if the other side proves it too. Throws InvitationError.
   */
  async joinShort(link: Link, code: ShortCode): Promise<Joined> {
    const { self } = this.options;
    const inviter = link.remotePublicKey;
    const key = await shortCodeKey(code, inviter);
    const proof = shortCodeProof(key, 'joiner', self.keyPair.publicKey, inviter);
    const answer = await this.ask(link, { kind: SHORT, locator: code.locator, proof, name: this.options.selfName() });
    const expected = shortCodeProof(key, 'inviter', self.keyPair.publicKey, inviter);
    if (Buffer.compare(answer.proof!, expected) !== 0) {
      link.stream.destroy();
      throw new InvitationError('refused', 'the device that answered could not prove it made that code');
    }
    return { networkKey: answer.networkKey!, inviterName: answer.name! };
  }

  /** Sends `pair` and reads `pairResult`; resolves with an ok answer, else destroys the link and throws. */
  private async ask(link: Link, request: PairRequest): Promise<PairAnswer> {
    const { wire, timers } = this.options;
    const reply = firstFrame(link, wire, timers);
    link.stream.write(wire.encode('pair', encodePair(request)));
    const frame = await reply;
    const answer = frame?.type === 'pairResult' ? decodeResult(request.kind, frame.payload) : null;
    if (!answer) {
      link.stream.destroy();
      throw new InvitationError('refused', 'no answer to the pairing request');
    }
    if (answer.status !== 'ok') {
      link.stream.destroy();
      const left = answer.triesLeft;
      throw new InvitationError(
        answer.status as InvitationProblem,
        left === undefined ? undefined : `${left} ${left === 1 ? 'try' : 'tries'} left before the code closes`,
      );
    }
    return answer;
  }

  private async answerPairing(link: Link, keyHex: string): Promise<void> {
    const { doc, self, book, wire, peers, timers } = this.options;
    const frame = await firstFrame(link, wire, timers);
    if (!frame) return;
    const request = frame.type === 'pair' ? decodePair(frame.payload) : null;
    if (!request) return link.stream.destroy();
    const answer = (reply: PairAnswer) => link.stream.write(wire.encode('pairResult', encodeResult(request.kind, reply)));
    const refuse = (reply: PairAnswer) => {
      this.options.report?.(`Kith: refused to pair device ${keyHex.slice(0, 8)}: ${reply.status}`);
      answer(reply);
      link.stream.end();
      // Give the refusal a moment to leave, then make sure the link is gone.
      timers.setTimeout(() => link.stream.destroy(), 1_000);
    };
    // It may have been revoked, or paired by another link, while this one waited.
    if (isRevokedKey(doc, keyHex)) return refuse({ status: 'revoked' });
    const redeemed =
      request.kind === SHORT
        ? book.redeemShort(request.locator, request.proof, link.remotePublicKey, self.keyPair.publicKey)
        : book.redeem(request.proof, link.remotePublicKey, self.keyPair.publicKey);
    if (!redeemed.ok) return refuse(redeemed.reason === 'wrong' ? { status: 'wrong', triesLeft: redeemed.triesLeft } : { status: redeemed.reason });
    try {
      addDevice(doc, keyHex, { name: request.name, addedBy: self.publicKeyHex }, this.options.origin, this.options.clock);
    } catch (error) {
      this.options.report?.(`Kith: could not add device ${keyHex.slice(0, 8)}: ${(error as Error).message}`);
      return refuse({ status: 'refused' });
    }
    if (link.stream.destroying) return;
    answer({
      status: 'ok',
      networkKey: this.options.networkKey(),
      proof: redeemed.key && shortCodeProof(redeemed.key, 'inviter', link.remotePublicKey, self.keyPair.publicKey),
      name: this.options.selfName(),
    });
    this.options.onPaired?.(keyHex);
    // The joiner speaks first from here on, so its sync bytes never share a read with the reply.
    peers.attach(link, { waitForPeer: true });
  }
}
