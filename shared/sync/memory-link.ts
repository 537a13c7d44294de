/**
 * Two PeerSyncs joined by an in-memory pipe, for tests (Yjs's TestConnector
 * idea). Frames stay in flight until a test delivers them, so it decides
 * the interleaving, and it can break the stream, duplicate or reorder frames.
 *
 *   doc A ── PeerSync a ──send──► [frames to b] ──deliver('b')──► PeerSync b ── doc B
 *        ◄──────────────────────── [frames to a] ◄──────────────────────
 *
 * What each fault means on a real stream: a stream never loses, duplicates
 * or reorders a byte, so a lost frame is a broken connection — `break` — and
 * the next connection is a new link with fresh PeerSyncs. Duplicating or
 * swapping frames is what no stream does; tests use them on sync updates to
 * show that Yjs takes updates in any order, any number of times.
 */
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { FrameDecoder, encodeFrame, type Frame } from './frames';
import { NETWORK_ID_BYTES, PeerSync, type PeerSyncOptions } from './protocol';
import { ROOTS } from '../doc/schema';

export type Side = 'a' | 'b';

/** A network id for tests: 32 bytes of `fill`. */
export function testNetworkId(fill = 1): Uint8Array {
  return new Uint8Array(NETWORK_ID_BYTES).fill(fill);
}

/**
 * Everything a replica shows, as JSON with sorted keys, so two replicas that
 * converged compare equal whatever order their maps were filled in.
 */
export function docContent(doc: Y.Doc): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
  };
  return JSON.stringify(Object.fromEntries(ROOTS.map((name) => [name, sortKeys(doc.getMap(name).toJSON())])));
}

export interface LinkEndOptions extends Pick<PeerSyncOptions, 'schemaVersion' | 'held' | 'onRemoteSchema'> {
  networkId?: Uint8Array;
  awareness?: Awareness;
  origin?: unknown;
  deviceName?: string;
  maxFrameBytes?: number;
  maxWriteBytes?: number;
  sliceBytes?: number;
}

export interface LinkPairOptions {
  /** The network id of both ends unless an end says otherwise; default testNetworkId(). */
  networkId?: Uint8Array;
  a?: LinkEndOptions;
  b?: LinkEndOptions;
  /** How the bytes of a delivered frame are cut into chunks for `receive`; default one chunk. */
  chunk?: (bytes: Uint8Array) => Uint8Array[];
  /** Sends both hellos at once (default true). */
  start?: boolean;
}

export class MemoryLink {
  readonly a: PeerSync;
  readonly b: PeerSync;
  /** Why the link ended, or null while it is up. */
  closeReason: string | null = null;
  /** Which end closed it, or 'link' when the test broke it. */
  closedBy: Side | 'link' | null = null;
  /** Frames delivered so far, by receiving side. */
  readonly delivered = { a: 0, b: 0 };

  private readonly inFlight: Record<Side, Frame[]> = { a: [], b: [] };
  private readonly chunk: (bytes: Uint8Array) => Uint8Array[];

  constructor(docA: Y.Doc, docB: Y.Doc, options: LinkPairOptions = {}) {
    this.chunk = options.chunk ?? ((bytes) => [bytes]);
    this.a = this.end('a', docA, options);
    this.b = this.end('b', docB, options);
    if (options.start ?? true) {
      this.a.start();
      this.b.start();
    }
  }

  get open(): boolean {
    return this.closeReason === null;
  }

  /** The frames on their way to `side`, oldest first. */
  queue(side: Side): readonly Frame[] {
    return this.inFlight[side];
  }

  get idle(): boolean {
    return this.inFlight.a.length === 0 && this.inFlight.b.length === 0;
  }

  /** Delivers the frame at `index` of the queue to `side`; returns it, or null when there is none. */
  deliver(side: Side, index = 0): Frame | null {
    const queue = this.inFlight[side];
    const frame = queue[index];
    if (!this.open || !frame) return null;
    queue.splice(index, 1);
    this.delivered[side]++;
    const peer = side === 'a' ? this.a : this.b;
    for (const piece of this.chunk(encodeFrame(frame.type, frame.payload, Number.MAX_SAFE_INTEGER))) peer.receive(piece);
    return frame;
  }

  /** Delivers frames both ways, alternating, until none is in flight or the link ends. */
  flush(limit = 100_000): void {
    for (let round = 0; this.open && !this.idle; round++) {
      if (round >= limit) throw new Error(`The link was still busy after ${limit} rounds`);
      this.deliver('b');
      this.deliver('a');
    }
  }

  /** Puts a copy of the frame at `index` right after it. */
  duplicate(side: Side, index: number): void {
    const frame = this.inFlight[side][index];
    if (frame) this.inFlight[side].splice(index + 1, 0, { type: frame.type, payload: frame.payload.slice() });
  }

  /** Swaps two frames in flight. */
  swap(side: Side, first: number, second: number): void {
    const queue = this.inFlight[side];
    const [x, y] = [queue[first], queue[second]];
    if (!x || !y) return;
    queue[first] = y;
    queue[second] = x;
  }

  /** The stream breaks: frames in flight are lost and both ends stop, as when a socket dies. */
  break(reason = 'the connection broke'): void {
    this.shut('link', reason);
  }

  private shut(by: Side | 'link', reason: string): void {
    if (!this.open) return;
    this.closeReason = reason;
    this.closedBy = by;
    this.inFlight.a = [];
    this.inFlight.b = [];
    this.a.destroy();
    this.b.destroy();
  }

  private end(side: Side, doc: Y.Doc, options: LinkPairOptions): PeerSync {
    const own = side === 'a' ? options.a : options.b;
    const to: Side = side === 'a' ? 'b' : 'a';
    // The pipe reads frames back out of the bytes the sender wrote, as the other end would.
    const wire = new FrameDecoder(Number.MAX_SAFE_INTEGER);
    return new PeerSync(doc, {
      networkId: own?.networkId ?? options.networkId ?? testNetworkId(),
      awareness: own?.awareness,
      origin: own?.origin,
      deviceName: own?.deviceName,
      maxFrameBytes: own?.maxFrameBytes,
      maxWriteBytes: own?.maxWriteBytes,
      sliceBytes: own?.sliceBytes,
      schemaVersion: own?.schemaVersion,
      held: own?.held,
      onRemoteSchema: own?.onRemoteSchema,
      send: (bytes) => {
        if (!this.open) throw new Error('The stream is closed');
        this.inFlight[to].push(...wire.push(bytes));
      },
      close: (reason) => this.shut(side, reason),
    });
  }
}

/** Joins two documents by an in-memory link (started unless `start: false`). */
export function linkPair(docA: Y.Doc, docB: Y.Doc, options: LinkPairOptions = {}): MemoryLink {
  return new MemoryLink(docA, docB, options);
}
