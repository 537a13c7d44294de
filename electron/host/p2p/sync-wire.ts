/**
 * The real peer wire: shared/sync's frames for the pairing exchange, and its
 * PeerSync for the sync conversation that follows (see wire.ts).
 */
import { FrameDecoder, encodeFrame } from '../../../shared/sync/frames';
import { PeerSync } from '../../../shared/sync/protocol';
import type { PeerWire } from './wire';

export const syncWire: PeerWire = {
  encode: (type, payload) => encodeFrame(type, payload),
  decoder: (maxFrameBytes) => new FrameDecoder(maxFrameBytes),
  createSync: (doc, options) => new PeerSync(doc, options),
};
