/**
 * One side of a y-protocols sync conversation over any message pipe (the
 * renderer ⇄ host doc channel). Peer links carry the same messages inside
 * frames (shared/sync/protocol.ts).
 *
 * Message flow, as in y-protocols/sync:
 *
 *   A ── [sync, step1(stateVector A)] ──► B    "here is what I have"
 *   A ◄── [sync, step2(diff for A)] ───── B    "here is what you lack"
 *   A ◄── [sync, step1(stateVector B)] ── B    (B asks in turn)
 *   A ── [sync, step2(diff for B)] ─────► B
 *   A ◄─► [sync, update] ◄─►            B    every later local change
 *
 * Every message starts with a varuint message type; only 0 (sync) is used on
 * this channel. Updates a peer applies carry the peer itself as origin, and
 * the peer never sends back an update whose origin is itself (no echoes).
 * A message that does not decode fully — including the update inside it —
 * is refused before anything is applied.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as sync from 'y-protocols/sync';
import { checkUpdate } from './check-update';

export { checkUpdate };

export const MESSAGE_SYNC = 0;

export class SyncMessageError extends Error {
  override readonly name = 'SyncMessageError';
}

export type SyncMessageKind = 'step1' | 'step2' | 'update';

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
    if (step === sync.messageYjsSyncStep2 || step === sync.messageYjsUpdate) {
      checkUpdate(payload);
      return { kind: step === sync.messageYjsUpdate ? 'update' : 'step2', payload };
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

/** The answer to a step1: everything this replica has that `stateVector` lacks. */
export function encodeStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  sync.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  sync.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export class DocSyncPeer {
  private destroyed = false;

  constructor(
    readonly doc: Y.Doc,
    private readonly send: (message: Uint8Array) => void,
  ) {
    doc.on('update', this.onUpdate);
  }

  /** Opens the conversation: tells the other side what this replica has. */
  start(): void {
    if (!this.destroyed) this.send(encodeStep1(this.doc));
  }

  /** Handles one message from the other side; returns its kind. Throws SyncMessageError and applies nothing if malformed. */
  receive(message: Uint8Array): SyncMessageKind {
    if (this.destroyed) throw new SyncMessageError('This sync session has ended');
    const kind = inspectSyncMessage(message);
    const decoder = decoding.createDecoder(message);
    decoding.readVarUint(decoder);
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, MESSAGE_SYNC);
    sync.readSyncMessage(decoder, reply, this.doc, this);
    if (encoding.length(reply) > 1) this.send(encoding.toUint8Array(reply));
    return kind;
  }

  destroy(): void {
    this.destroyed = true;
    this.doc.off('update', this.onUpdate);
  }

  private onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin !== this && !this.destroyed) this.send(encodeUpdate(update));
  };
}
