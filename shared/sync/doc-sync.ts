/**
 * The sync handshake, one for both links of a replica:
 *
 *   window link  renderer ⇄ host, over the contract's doc channel
 *                (`DocSyncPeer`: the handshake's messages as they are)
 *   device link  host ⇄ host, over Noise (`PeerSync`, protocol.ts: the same
 *                messages inside `sync` frames, after hello)
 *
 * Message flow, as in y-protocols/sync:
 *
 *   A ── [sync, step1(stateVector A)] ──► B    "here is what I have"
 *   A ◄── [sync, step2(diff for A)] ───── B    "here is what you lack"
 *   A ◄── [sync, step1(stateVector B)] ── B    (B asks in turn)
 *   A ── [sync, step2(diff for B)] ─────► B
 *   A ◄─► [sync, update] ◄─►            B    every later change
 *
 * Every message starts with a varuint message type; only 0 (sync) is used.
 * A side is synced once it has applied the other's step2 and sent its own.
 * A change of the replica is sent on only once this side has sent its step2
 * (an earlier change travels in the step2), and never over the link it came
 * by: updates a handshake applies carry its origin, and it sends on no
 * update with that origin (no echoes). A message that does not decode fully
 * — the update inside included (check-update.ts) — is refused before
 * anything is applied.
 *
 * Big updates go in slices (slice-update.ts), so that no message is the
 * whole document and a window can apply one slice per task:
 *
 *   A ◄── [sync, slice(1)] … [sync, slice(n-1)] ── B   Kith's own step (3): part of
 *   A ◄── [sync, step2(n)] ──────────────────────── B   what follows; the last closes it
 *
 * A step2 (or a forwarded change, then the last is an update) that is too
 * big goes as n-1 slice messages and the closing step2 or update. The
 * closing message comes last, so "applied the other's step2" still means
 * "holds everything the other had": a side is synced only after the last
 * slice. A receiver keeps the slices and applies them with the closing
 * message, in one transaction: a slice alone can hold half of one record
 * (a person without the list a later slice holds, say), and an edit made on
 * that half would fork the record, so nothing of a batch shows before all of
 * it is there, and a batch cut off by a link ending is dropped (the next
 * handshake carries it). Only a window applies slices as they come, one per
 * task (`applySlices: 'as-they-come'`): renderer/src/doc/store.ts keeps its
 * views from reading a half-loaded document, and its 'update' listeners are
 * handed each message's update as it came (apply-as-is.ts) rather than one
 * Yjs encodes again.
 *
 * A window's own big change (an import) is applied there in parts, one per
 * task too; while it is, the window holds its link (`holdForwarded`), so
 * each part goes as slices and the release closes them:
 *
 *   window ── [sync, slice(part 1)] … [sync, slice(part n)] ──► host   kept
 *   window ── [sync, update(empty)] ──────────────────────────► host   all applied, in one transaction
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as sync from 'y-protocols/sync';
import { applyUpdateAsIs } from './apply-as-is';
import { checkUpdate } from './check-update';
import { sliceUpdate } from './slice-update';

export { checkUpdate };

export const MESSAGE_SYNC = 0;

export class SyncMessageError extends Error {
  override readonly name = 'SyncMessageError';
}

export type SyncMessageKind = 'step1' | 'step2' | 'update' | 'slice';

/** Kith's own sync step (y-protocols uses 0–2): a slice of the step2 or update that a later message closes. */
const MESSAGE_SLICE = 3;

/** A decoded sync message: a state vector (step1) or a Yjs update (step2, update). */
export interface SyncMessage {
  kind: SyncMessageKind;
  payload: Uint8Array;
}

/** Decodes and checks a whole message without applying it; throws SyncMessageError when it is malformed. */
export function decodeSyncMessage(message: Uint8Array): SyncMessage {
  try {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) throw new Error('unknown message type');
    const step = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
    if (step === sync.messageYjsSyncStep1) {
      Y.decodeStateVector(payload);
      return { kind: 'step1', payload };
    }
    if (step === sync.messageYjsSyncStep2 || step === sync.messageYjsUpdate || step === MESSAGE_SLICE) {
      checkUpdate(payload);
      return { kind: step === sync.messageYjsUpdate ? 'update' : step === MESSAGE_SLICE ? 'slice' : 'step2', payload };
    }
    throw new Error('unknown sync step');
  } catch (cause) {
    throw new SyncMessageError(`Malformed sync message: ${(cause as Error).message ?? cause}`);
  }
}

/** Decodes a whole message without applying it; throws SyncMessageError when it is malformed. */
export function inspectSyncMessage(message: Uint8Array): SyncMessageKind {
  return decodeSyncMessage(message).kind;
}

export function encodeStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  sync.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  sync.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A sync message of `step` carrying `update` (for a step2: y-protocols' writeSyncStep2, for an update already encoded). */
function encodeCarrying(step: number, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * The largest slice a link sends by default (device links, the window's
 * step2 to the host): a message this size decodes and applies in well under
 * a second on a host, and the caps (MAX_DOC_MESSAGE_BYTES, frames.ts) leave
 * room for the one struct or delete set that may be bigger.
 */
export const SYNC_SLICE_BYTES = 4 * 1024 * 1024;

/**
 * What the host sends a window at a time, and the slices a window reads its
 * stored copy in: each is applied in one task of the window. At 30,000
 * people 512 KiB took 60–100 ms and, with a garbage collection landing in
 * it, several hundred; 256 KiB halves that and in all costs no more (in
 * Node at 5,000 people 256 KiB slices applied in 1.7 s against 2.0 s at
 * 1 MiB). 128 KiB measured worse in the window (its longest task 1,000 ms
 * against 439 ms, bench long-task-open-30000, both at load 12-18).
 */
export const WINDOW_SLICE_BYTES = 256 * 1024;

/** The sync messages carrying `update` in slices of at most `sliceBytes`: slices, closed by a step2 (`asStep2`) or an update. */
export function encodeSliced(update: Uint8Array, sliceBytes: number, asStep2: boolean): Uint8Array[] {
  return encodeSlices(update, sliceBytes, asStep2 ? sync.messageYjsSyncStep2 : sync.messageYjsUpdate);
}

/** Like encodeSliced; with `closing` null every message is a slice, and a later message closes them. */
function encodeSlices(update: Uint8Array, sliceBytes: number, closing: number | null): Uint8Array[] {
  const slices = sliceUpdate(update, sliceBytes);
  return slices.map((slice, index) => encodeCarrying(index === slices.length - 1 && closing !== null ? closing : MESSAGE_SLICE, slice));
}

/** A Yjs update (v1) that holds nothing: no structs, no deletions. It closes slices that no change of its own follows. */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

/** An update that decoded but that Yjs failed to apply (an observer threw, say); it may be partly applied. */
export class SyncApplyError extends Error {
  override readonly name = 'SyncApplyError';
}

export interface SyncHandshakeOptions {
  /** Sends one sync message; returns false when it could not (the link is ending). */
  send(message: Uint8Array): boolean | void;
  /** The transaction origin of the updates this link applies; its own are never sent back. */
  origin: unknown;
  /** The largest update one message carries (bigger ones go in slices); SYNC_SLICE_BYTES unless given. */
  sliceBytes?: number;
  /** Slices from the other side: kept and applied with the message that closes them (default), or applied as they come (a window). */
  applySlices?: 'at-end' | 'as-they-come';
}

/** The step1/step2/update conversation on one link; see the header. */
export class SyncHandshake {
  /** True once this side has sent its step2. */
  sentStep2 = false;
  /** True once this side has applied the other's step2. */
  receivedStep2 = false;

  /** Where the other side's updates go instead of the document (a device of a newer schema; protocol.ts). */
  private hold: ((update: Uint8Array) => void) | null = null;
  /** Slices received that their closing message has not followed yet. */
  private slices: Uint8Array[] = [];
  /** How many holdForwarded() are open: changes then go as slices, closed when the last is released. */
  private holds = 0;
  /** Slices this side sent while held that no closing message has followed yet. */
  private unclosed = false;
  /** A step1 that came while held: its step2 would carry the held change half-written, so it is answered at the release. */
  private deferredStep1: Uint8Array | null = null;

  constructor(
    readonly doc: Y.Doc,
    private readonly options: SyncHandshakeOptions,
  ) {}

  /** From now on the other side's step2 and updates are handed to `hold`, checked whole, never applied. */
  holdWith(hold: (update: Uint8Array) => void): void {
    this.hold = hold;
  }

  get synced(): boolean {
    return this.sentStep2 && this.receivedStep2;
  }

  /** Tells the other side what this replica has (step1). Returns false if it could not be sent. */
  begin(): boolean {
    return this.options.send(encodeStep1(this.doc)) !== false;
  }

  /**
   * Handles one message from the other side and returns its kind. Throws
   * SyncMessageError, having applied nothing, when it is malformed, and
   * SyncApplyError when Yjs fails to apply the update inside.
   */
  receive(message: Uint8Array): SyncMessageKind {
    const { kind, payload } = decodeSyncMessage(message);
    if (kind === 'step1') {
      if (this.holds > 0) {
        this.deferredStep1 = payload;
        return kind;
      }
      if (this.sendAll(encodeSliced(Y.encodeStateAsUpdate(this.doc, payload), this.sliceBytes, true))) this.sentStep2 = true;
      return kind;
    }
    if (kind === 'slice' && !this.hold && this.options.applySlices !== 'as-they-come') {
      this.slices.push(payload);
      return kind;
    }
    const batch = kind === 'slice' ? [payload] : [...this.slices.splice(0), payload];
    try {
      if (this.hold) this.hold(payload);
      // A window applies each message in a task of its own: its listeners (y-indexeddb, the readers' link) take the bytes as they came.
      else if (this.options.applySlices === 'as-they-come') applyUpdateAsIs(this.doc, payload, this.options.origin);
      else if (batch.length === 1) Y.applyUpdate(this.doc, payload, this.options.origin);
      else Y.transact(this.doc, () => batch.forEach((update) => Y.applyUpdate(this.doc, update, this.options.origin)), this.options.origin);
    } catch (cause) {
      throw new SyncApplyError((cause as Error).message ?? String(cause));
    }
    if (kind === 'step2') this.receivedStep2 = true;
    return kind;
  }

  /** Sends a change of the replica on, unless it came by this link or this side's step2 has not gone yet. */
  forward(update: Uint8Array, origin: unknown): void {
    if (origin === this.options.origin || !this.sentStep2) return;
    if (this.holds === 0) {
      this.sendAll(encodeSliced(update, this.sliceBytes, false));
      this.unclosed = false;
    } else if (this.sendAll(encodeSlices(update, this.sliceBytes, null))) {
      this.unclosed = true;
    }
  }

  /**
   * Until the returned function is called, the changes this side forwards go
   * as slices that the other side keeps; calling it closes them (an empty
   * update when no change follows), and the other side applies them all in
   * one transaction. For a change this side applies in parts, one per task
   * (a window writing an import): the other side, and whoever it passes the
   * change on to, never holds half of it. A step1 that comes meanwhile (a
   * new session) is answered at the release, its step2 carrying all of it.
   */
  holdForwarded(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds > 0) return;
      if (this.unclosed) {
        this.unclosed = false;
        this.options.send(encodeUpdate(EMPTY_UPDATE));
      }
      const step1 = this.deferredStep1;
      this.deferredStep1 = null;
      if (step1 && this.sendAll(encodeSliced(Y.encodeStateAsUpdate(this.doc, step1), this.sliceBytes, true))) this.sentStep2 = true;
    };
  }

  private get sliceBytes(): number {
    return this.options.sliceBytes ?? SYNC_SLICE_BYTES;
  }

  /** Sends the messages in order; false (and the rest unsent) once one could not be sent. */
  private sendAll(messages: Uint8Array[]): boolean {
    return messages.every((message) => this.options.send(message) !== false);
  }
}

/** The window link's side of the handshake: its messages over the doc channel as they are. */
export class DocSyncPeer {
  private destroyed = false;
  private readonly handshake: SyncHandshake;

  constructor(
    readonly doc: Y.Doc,
    send: (message: Uint8Array) => void,
    options: Pick<SyncHandshakeOptions, 'sliceBytes' | 'applySlices'> = {},
  ) {
    this.handshake = new SyncHandshake(doc, { send, origin: this, ...options });
    doc.on('update', this.onUpdate);
  }

  /** Opens the conversation: tells the other side what this replica has. */
  start(): void {
    if (!this.destroyed) this.handshake.begin();
  }

  /** Handles one message from the other side; returns its kind. Throws SyncMessageError and applies nothing if malformed. */
  receive(message: Uint8Array): SyncMessageKind {
    if (this.destroyed) throw new SyncMessageError('This sync session has ended');
    return this.handshake.receive(message);
  }

  /** See SyncHandshake.holdForwarded: this window's changes go as slices until the returned function closes them. */
  holdForwarded(): () => void {
    const release = this.handshake.holdForwarded();
    // An ended session's host dropped what it kept; the closing would reach the next session, which kept nothing.
    return () => {
      if (!this.destroyed) release();
    };
  }

  destroy(): void {
    this.destroyed = true;
    this.doc.off('update', this.onUpdate);
  }

  private onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (!this.destroyed) this.handshake.forward(update, origin);
  };
}
