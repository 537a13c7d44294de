/**
 * Device-to-device sync: one PeerSync for each side of a connection between
 * two devices of one network, over a reliable, ordered byte stream that is
 * already encrypted and authenticated (a Noise stream whose remote key is in
 * `devices`; see ARCHITECTURE.md §4). Every message is one frame (frames.ts).
 *
 * Message flow:
 *
 *   A ── hello(version, network id, name, schema) ──► B   both sides send hello at once
 *   A ◄── hello(version, network id, name, schema) ── B
 *        Each side checks the other's hello: the same protocol version and
 *        the same network id (a hash of the network key), else it refuses;
 *        a later schema means the other's updates are held (see Schemas).
 *        Nothing about the document leaves a device before it has accepted
 *        the other's hello and sent its own.
 *   A ── sync step1(state vector of A) ─────► B   "this is what I have"
 *   A ◄── sync step1(state vector of B) ───── B
 *   A ◄── sync step2(what A lacks) ────────── B   the answers
 *   A ── sync step2(what B lacks) ──────────► B
 *        A side is synced once it has applied the other's step2 and sent
 *        its own.
 *   A ◄─► sync update ◄─► B                       every later change of either replica
 *   A ◄─► awareness ◄─► B                         presence (optional): states on
 *                                                 accepting hello, then each change
 *   A ── bye(reason) ──► B                        the link ends; either side, any time
 *
 * The sync payloads are the window link's messages, and one SyncHandshake
 * (doc-sync.ts) speaks them on both links; the awareness payloads are
 * y-protocols awareness updates. A replica sends every change of its
 * document except those that came from this very link: changes made on the
 * device and changes from its other links alike. So the host replica relays
 * between the renderer and every peer, and between peers, and a change
 * crosses a chain of devices; it never comes back over the link it arrived by.
 * A change made before the other's step1 arrives travels in the step2.
 *
 * Acknowledged: an edit is acknowledged once the replica where it was made
 * has applied and stored it (the host's update log). Nothing is acknowledged
 * on the wire. While a stream lasts it loses and reorders nothing; when it
 * breaks, whatever was in flight is lost with it, and the next connection's
 * step1/step2 carries everything either side lacks. So an acknowledged edit
 * reaches every device that connects, directly or through others, to the
 * one that has it.
 *
 * What ends a link: a frame the decoder refuses (length 0, over the cap, an
 * unknown type); a malformed hello, or one of another version or network; a
 * second hello; a sync or awareness frame before both hellos; a pairing frame
 * (pairing happens before PeerSync takes the stream); a sync or awareness
 * message that does not decode fully, the update inside included; an update
 * that Yjs fails to apply; a frame this side would have to send over the cap;
 * a bye. PeerSync then sends bye(reason) (unless the peer said bye or the
 * stream failed), stops reading and listening to the document, and calls
 * close(reason) once. Every frame is checked whole — the Yjs update inside
 * decoded and its references checked — before any of it is applied, so a
 * refused frame changes nothing. (An update that passes and still fails in
 * Yjs, say because an observer throws, may have been applied; the link ends
 * all the same, and the next one's step1/step2 sets things right.)
 *
 * Frames carry no checksum: the Noise stream authenticates every byte, and a
 * byte changed inside a string would be a well-formed edit anyway. PeerSync
 * keeps no timers either: a peer that never says hello is for the transport's
 * timeout to end.
 *
 * Versions: hello starts with the version, and later versions keep it first,
 * so a newer device can read an older one's hello and answer in its version.
 * This one speaks version 1 only.
 *
 * Schemas: hello ends with the document schema this device's Kith writes
 * (`meta.schemaVersion`, shared/doc/schema.ts), when it says one. A device
 * whose Kith is newer than this one's may have rewritten the document in a
 * shape this one cannot read, so everything it sends is held, unapplied:
 *
 *   A (schema 3) ◄── hello(…, schema 4) ── N
 *   A ── step1, step2, updates ──────────► N    N reads older shapes: A's edits go on
 *   A ◄── step2, updates ───────────────── N    kept in `held` (never applied here,
 *                                               so this replica stays readable);
 *                                               the host applies them once its
 *                                               Kith reads schema 4
 *
 * A newer device also gets, after its step2, what this one holds for schemas
 * it reads, and each such update held later (never over the link it came
 * by): so an older device between two newer ones (an always-on peer not yet
 * updated) still carries their edits. Without a `held` store, a newer
 * device's link is ended instead.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates, type Awareness } from 'y-protocols/awareness';
import { SyncApplyError, SyncHandshake, encodeUpdate } from './doc-sync';
import { FrameDecoder, MAX_FRAME_BYTES, MAX_WRITE_BYTES, encodeFrame, type Frame, type FrameTypeName } from './frames';

export const PROTOCOL_VERSION = 1;
export const NETWORK_ID_BYTES = 32;
export const MAX_DEVICE_NAME_LENGTH = 100;
/** Schema versions go up by one a release that changes the document; this leaves room enough, and keeps file names short. */
export const MAX_SCHEMA_VERSION = 65_535;
const MAX_BYE_REASON_LENGTH = 500;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export interface Hello {
  version: number;
  /** A hash of the network key: devices of one network agree on it. */
  networkId: Uint8Array;
  deviceName?: string;
  /** The document schema the device's Kith writes (1 or more), when it says. */
  schemaVersion?: number;
}

/**
 * Where a link keeps what a device of a newer schema sent, unapplied
 * (electron/host/held-updates.ts keeps it on disk). An update is kept under
 * the schema of the device that sent it: it is readable by any Kith of that
 * schema or later.
 */
export interface HeldUpdates {
  /** Keeps an update from the link whose origin is `from`, sent by a device of `schemaVersion`. */
  hold(schemaVersion: number, update: Uint8Array, from: unknown): void;
  /** Everything held for schemas up to `schemaVersion`, merged into one update; null when there is none. */
  upTo(schemaVersion: number): Uint8Array | null;
  /** Hears each update as it is held (so the other newer devices' links pass it on). Returns an unsubscribe function. */
  onHeld(listener: (schemaVersion: number, update: Uint8Array, from: unknown) => void): () => void;
}

export class HelloError extends Error {
  override readonly name = 'HelloError';
  constructor(
    readonly reason: 'malformed' | 'version',
    message: string,
  ) {
    super(message);
  }
}

/** hello = varuint version · 32 bytes network id · varstring device name ('' when none) · [varuint schema, 1 to 65,535]. */
export function encodeHello(hello: Hello): Uint8Array {
  if (!Number.isSafeInteger(hello.version) || hello.version < 0) {
    throw new HelloError('malformed', `A protocol version is a whole number, not ${hello.version}`);
  }
  if (hello.networkId.byteLength !== NETWORK_ID_BYTES) {
    throw new HelloError('malformed', `A network id has ${NETWORK_ID_BYTES} bytes, not ${hello.networkId.byteLength}`);
  }
  const deviceName = hello.deviceName ?? '';
  if (deviceName.length > MAX_DEVICE_NAME_LENGTH) {
    throw new HelloError('malformed', `A device name can be at most ${MAX_DEVICE_NAME_LENGTH} characters`);
  }
  const { schemaVersion } = hello;
  if (schemaVersion !== undefined && (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > MAX_SCHEMA_VERSION)) {
    throw new HelloError('malformed', `A schema version is a whole number from 1 to ${MAX_SCHEMA_VERSION}, not ${schemaVersion}`);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, hello.version);
  encoding.writeUint8Array(encoder, hello.networkId);
  encoding.writeVarString(encoder, deviceName);
  if (schemaVersion !== undefined) encoding.writeVarUint(encoder, schemaVersion);
  return encoding.toUint8Array(encoder);
}

/** Reads a hello of this protocol version; throws HelloError when it is malformed or of another version. */
export function decodeHello(payload: Uint8Array): Hello {
  const decoder = decoding.createDecoder(payload);
  let version: number;
  try {
    version = decoding.readVarUint(decoder);
  } catch {
    throw new HelloError('malformed', 'The hello has no protocol version');
  }
  if (version !== PROTOCOL_VERSION) {
    throw new HelloError(
      'version',
      `The other device speaks sync protocol ${version} and this one ${PROTOCOL_VERSION}: update Kith so both run the same version`,
    );
  }
  try {
    if (payload.byteLength - decoder.pos < NETWORK_ID_BYTES) throw new Error('the network id is cut short');
    const networkId = decoding.readUint8Array(decoder, NETWORK_ID_BYTES).slice();
    const deviceName = decoding.readVarString(decoder);
    if (deviceName.length > MAX_DEVICE_NAME_LENGTH) throw new Error('the device name is too long');
    const schemaVersion = decoding.hasContent(decoder) ? decoding.readVarUint(decoder) : undefined;
    if (schemaVersion !== undefined && (schemaVersion < 1 || schemaVersion > MAX_SCHEMA_VERSION)) {
      throw new Error(`the schema version is not from 1 to ${MAX_SCHEMA_VERSION}`);
    }
    if (decoding.hasContent(decoder)) throw new Error('bytes after the schema version');
    return {
      version,
      networkId,
      ...(deviceName === '' ? {} : { deviceName }),
      ...(schemaVersion === undefined ? {} : { schemaVersion }),
    };
  } catch (cause) {
    throw new HelloError('malformed', `The hello is malformed: ${messageOf(cause)}`);
  }
}

function encodeBye(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, reason.slice(0, MAX_BYE_REASON_LENGTH));
  return encoding.toUint8Array(encoder);
}

function decodeBye(payload: Uint8Array): string {
  try {
    const decoder = decoding.createDecoder(payload);
    const reason = decoding.readVarString(decoder);
    if (decoding.hasContent(decoder) || reason.length > MAX_BYE_REASON_LENGTH) throw new Error('malformed');
    return reason || 'no reason given';
  } catch {
    return 'with a malformed bye';
  }
}

interface AwarenessEntry {
  clientID: number;
  clock: number;
  json: string;
  removed: boolean;
}

/** Decodes a whole y-protocols awareness update; throws when it is malformed. */
function decodeAwarenessEntries(payload: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(payload);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let index = 0; index < count; index++) {
    const clientID = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    const state: unknown = JSON.parse(json);
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new Error('a state is not an object');
    entries.push({ clientID, clock, json, removed: state === null });
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
  return entries;
}

function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientID);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.json);
  }
  return encoding.toUint8Array(encoder);
}

/** Compares in time independent of where the first difference is. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let difference = 0;
  for (let index = 0; index < a.byteLength; index++) difference |= a[index]! ^ b[index]!;
  return difference === 0;
}

export interface PeerSyncOptions {
  /** 32-byte hash of the network key; a peer with another id is refused. */
  networkId: Uint8Array;
  /** Writes bytes to the stream. A frame over `maxWriteBytes` comes in several calls. */
  send(bytes: Uint8Array): void;
  /** Called once when PeerSync ends the link (see the header); end the stream then. */
  close(reason: string): void;
  awareness?: Awareness;
  /**
   * Transaction origin of the updates this link applies; default the
   * PeerSync itself. Give each link its own: a link never sends updates
   * carrying its origin, so links sharing one would not relay to each other.
   */
  origin?: unknown;
  /** This device's name, told to the peer in hello. */
  deviceName?: string;
  /** The document schema this device's Kith writes, told in hello; a peer saying a later one is held (see the header). */
  schemaVersion?: number;
  /** Where a newer device's updates are kept unapplied; without it, such a link is ended. */
  held?: HeldUpdates;
  /** Called with the peer's schema once its hello is accepted (when it says one). */
  onRemoteSchema?(schemaVersion: number): void;
  /** The largest frame accepted or sent; default MAX_FRAME_BYTES. */
  maxFrameBytes?: number;
  /** The largest piece passed to `send` at once; default MAX_WRITE_BYTES. */
  maxWriteBytes?: number;
  /** The largest update one sync frame carries, bigger ones going in slices; default SYNC_SLICE_BYTES (doc-sync.ts). */
  sliceBytes?: number;
}

/** One side of a device-to-device link; see the header for the message flow. */
export class PeerSync {
  readonly origin: unknown;
  /** The peer's hello, once received and accepted. */
  remoteHello: Hello | null = null;
  /** True once this side has applied the peer's step2 and sent its own. */
  synced = false;
  /** Why the link ended (close, bye or destroy), or null while it lasts. */
  endReason: string | null = null;
  /** The peer's schema when it is newer than this device's: its updates are held, not applied. */
  heldSchema: number | null = null;
  private stopRelayingHeld: (() => void) | null = null;

  private readonly decoder: FrameDecoder;
  private readonly maxFrameBytes: number;
  private readonly maxWriteBytes: number;
  private readonly handshake: SyncHandshake;
  private helloSent = false;
  private syncBegun = false;
  private ended = false;
  private receiving = false;
  private inbox: Uint8Array[] = [];
  private readonly syncedListeners = new Set<() => void>();
  /** Awareness clients this link told us about, forgotten when it ends. */
  private readonly heardClients = new Set<number>();

  constructor(
    readonly doc: Y.Doc,
    private readonly options: PeerSyncOptions,
  ) {
    if (options.networkId.byteLength !== NETWORK_ID_BYTES) {
      throw new RangeError(`A network id has ${NETWORK_ID_BYTES} bytes, not ${options.networkId.byteLength}`);
    }
    this.origin = options.origin ?? this;
    this.maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES;
    this.maxWriteBytes = Math.max(1, options.maxWriteBytes ?? MAX_WRITE_BYTES);
    this.decoder = new FrameDecoder(this.maxFrameBytes);
    this.handshake = new SyncHandshake(doc, {
      origin: this.origin,
      send: (message) => this.sendFrame('sync', message),
      sliceBytes: options.sliceBytes,
    });
    doc.on('update', this.onDocUpdate);
    options.awareness?.on('update', this.onAwarenessUpdate);
  }

  /** Sends hello. Sync starts once the peer's hello is accepted too. */
  start(): void {
    if (this.ended || this.helloSent) return;
    this.helloSent = true;
    const hello = encodeHello({
      version: PROTOCOL_VERSION,
      networkId: this.options.networkId,
      deviceName: this.options.deviceName?.slice(0, MAX_DEVICE_NAME_LENGTH),
      schemaVersion: this.options.schemaVersion,
    });
    if (this.sendFrame('hello', hello) && this.remoteHello) this.beginSync();
  }

  /** Takes bytes from the stream, cut anywhere. Never throws; a bad frame ends the link (see the header). */
  receive(chunk: Uint8Array): void {
    if (this.ended) return;
    this.inbox.push(chunk);
    // A send below may lead straight back here (a synchronous pipe): the loop running takes it in turn.
    if (this.receiving) return;
    this.receiving = true;
    try {
      while (!this.ended && this.inbox.length > 0) {
        let frames: Frame[];
        try {
          frames = this.decoder.push(this.inbox.shift()!);
        } catch (error) {
          this.fail(`The other device sent a bad frame: ${messageOf(error)}`);
          break;
        }
        for (const frame of frames) {
          if (this.ended) break;
          this.handle(frame);
        }
      }
    } finally {
      this.receiving = false;
      if (this.ended) this.inbox = [];
    }
  }

  /**
   * Takes one frame already decoded by the caller — for a connection whose
   * first frames (pairing) the caller read itself. Use either this or
   * `receive` on a link, not both. Never throws.
   */
  receiveFrame(frame: Frame): void {
    if (!this.ended) this.handle(frame);
  }

  /** Calls `listener` once the link is synced (at once if it is already). Returns an unsubscribe function. */
  onSynced(listener: () => void): () => void {
    if (this.synced) {
      listener();
      return () => {};
    }
    this.syncedListeners.add(listener);
    return () => this.syncedListeners.delete(listener);
  }

  /** Tells the peer the link ends, then stops (close is not called: the caller is ending the stream). */
  bye(reason = 'closed'): void {
    if (this.ended) return;
    this.trySend('bye', encodeBye(reason));
    this.end(`bye: ${reason}`);
  }

  /** Stops listening to the document and reading; call when the stream has closed. */
  destroy(): void {
    this.end('destroyed');
  }

  private handle(frame: Frame): void {
    try {
      switch (frame.type) {
        case 'hello':
          return this.onHello(frame.payload);
        case 'sync':
          if (this.requireHellos(frame.type)) this.onSync(frame.payload);
          return;
        case 'awareness':
          if (this.requireHellos(frame.type)) this.onAwareness(frame.payload);
          return;
        case 'bye':
          return this.fail(`The other device ended the link: ${decodeBye(frame.payload)}`, false);
        default:
          return this.fail(`A ${frame.type} frame does not belong on a sync link`);
      }
    } catch (error) {
      this.fail(messageOf(error));
    }
  }

  private requireHellos(type: FrameTypeName): boolean {
    if (this.helloSent && this.remoteHello) return true;
    this.fail(`The other device sent a ${type} frame before both hellos`);
    return false;
  }

  private onHello(payload: Uint8Array): void {
    if (this.remoteHello) return this.fail('The other device said hello twice');
    const hello = decodeHello(payload);
    if (!sameBytes(hello.networkId, this.options.networkId)) {
      return this.fail('The other device belongs to another network');
    }
    const ours = this.options.schemaVersion;
    if (hello.schemaVersion !== undefined && ours !== undefined && hello.schemaVersion > ours) {
      const held = this.options.held;
      if (!held) return this.fail(`The other device uses a newer Kith (schema ${hello.schemaVersion}; this one reads up to ${ours}): update Kith here to sync with it`);
      this.heldSchema = hello.schemaVersion;
      this.handshake.holdWith((update) => held.hold(hello.schemaVersion!, update, this.origin));
      this.stopRelayingHeld = held.onHeld((schema, update, from) => {
        if (from !== this.origin && schema <= this.heldSchema! && this.handshake.sentStep2) this.sendFrame('sync', encodeUpdate(update));
      });
    }
    this.remoteHello = hello;
    if (hello.schemaVersion !== undefined) this.options.onRemoteSchema?.(hello.schemaVersion);
    if (this.helloSent) this.beginSync();
  }

  /** A newer device reads what this one holds for its schema and older: it goes after the step2. */
  private relayHeld(): void {
    if (this.heldSchema === null) return;
    const held = this.options.held?.upTo(this.heldSchema);
    if (held) this.sendFrame('sync', encodeUpdate(held));
  }

  private beginSync(): void {
    if (this.syncBegun) return;
    this.syncBegun = true;
    if (!this.handshake.begin()) return;
    const awareness = this.options.awareness;
    if (!awareness) return;
    const clients = [...awareness.getStates().keys()];
    if (clients.length > 0) this.sendFrame('awareness', encodeAwarenessUpdate(awareness, clients));
  }

  private onSync(payload: Uint8Array): void {
    try {
      if (this.handshake.receive(payload) === 'step1') this.relayHeld();
    } catch (error) {
      if (!(error instanceof SyncApplyError)) throw error;
      return this.fail(`An update from the other device failed to apply: ${error.message}`);
    }
    this.checkSynced();
  }

  private onAwareness(payload: Uint8Array): void {
    const entries = decodeAwarenessEntries(payload);
    const awareness = this.options.awareness;
    if (!awareness) return;
    // Only this device sets its own state; a peer echoing it with a later clock would overwrite it.
    const others = entries.filter((entry) => entry.clientID !== awareness.clientID);
    for (const entry of others) {
      if (entry.removed) this.heardClients.delete(entry.clientID);
      else this.heardClients.add(entry.clientID);
    }
    if (others.length > 0) applyAwarenessUpdate(awareness, encodeAwarenessEntries(others), this.origin);
  }

  private checkSynced(): void {
    if (this.synced || !this.handshake.synced) return;
    this.synced = true;
    for (const listener of [...this.syncedListeners]) listener();
    this.syncedListeners.clear();
  }

  private onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (!this.ended) this.handshake.forward(update, origin);
  };

  private onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const awareness = this.options.awareness;
    if (!awareness || origin === this.origin || this.ended || !this.syncBegun) return;
    const clients = [...changes.added, ...changes.updated, ...changes.removed].filter((client) => awareness.meta.has(client));
    if (clients.length > 0) this.sendFrame('awareness', encodeAwarenessUpdate(awareness, clients));
  };

  /** Frames and writes; on failure ends the link and returns false. Never throws. */
  private sendFrame(type: FrameTypeName, payload: Uint8Array): boolean {
    if (this.ended) return false;
    let frame: Uint8Array;
    try {
      frame = encodeFrame(type, payload, this.maxFrameBytes);
    } catch (error) {
      this.fail(`This device has a ${type} message too large to send (${messageOf(error)})`);
      return false;
    }
    try {
      this.write(frame);
      return true;
    } catch (error) {
      this.fail(`Writing to the stream failed: ${messageOf(error)}`, false);
      return false;
    }
  }

  private write(frame: Uint8Array): void {
    for (let offset = 0; offset < frame.byteLength; offset += this.maxWriteBytes) {
      this.options.send(frame.subarray(offset, offset + this.maxWriteBytes));
    }
  }

  /** Best effort, for a bye: the link is ending anyway. */
  private trySend(type: FrameTypeName, payload: Uint8Array): void {
    try {
      this.write(encodeFrame(type, payload, this.maxFrameBytes));
    } catch {
      // The stream is already gone.
    }
  }

  private fail(reason: string, sayBye = true): void {
    if (this.ended) return;
    if (sayBye) this.trySend('bye', encodeBye(reason));
    this.end(reason);
    try {
      this.options.close(reason);
    } catch {
      // The caller's close failing must not reach the stream's data handler.
    }
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.endReason = reason;
    this.inbox = [];
    this.syncedListeners.clear();
    this.doc.off('update', this.onDocUpdate);
    this.stopRelayingHeld?.();
    const awareness = this.options.awareness;
    if (!awareness) return;
    awareness.off('update', this.onAwarenessUpdate);
    const heard = [...this.heardClients].filter((client) => awareness.getStates().has(client));
    this.heardClients.clear();
    if (heard.length > 0) removeAwarenessStates(awareness, heard, this.origin);
  }
}
