/**
 * What a peer link carries, as the p2p services see it: frames (of which
 * this folder speaks only `pair` and `pairResult`, the pairing exchange) and,
 * once a device is admitted, a sync conversation that owns the link.
 *
 * Both come from the peer sync protocol (shared/sync: frames.ts and
 * protocol.ts); `syncWire.ts` adapts them. The interface keeps the gate, the
 * pairing exchange and the peer manager testable on their own.
 */
import type { CreateSync } from './peers';

export type PairingFrameType = 'pair' | 'pairResult';

export interface WireFrame {
  /** The frame's type by name; types this folder does not handle are refused in the pairing phase. */
  type: string;
  payload: Uint8Array;
}

export interface FrameDecoderLike {
  /** The whole frames completed by this chunk; throws on a malformed or oversized frame. */
  push(chunk: Uint8Array): WireFrame[];
  /** True while part of a frame has arrived and the rest has not. */
  readonly midFrame: boolean;
}

export interface PeerWire {
  encode(type: PairingFrameType, payload: Uint8Array): Uint8Array;
  /** A frame decoder refusing frames over `maxFrameBytes` by their header alone. */
  decoder(maxFrameBytes: number): FrameDecoderLike;
  createSync: CreateSync;
}
