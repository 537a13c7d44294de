/**
 * Frames on a device-to-device byte stream (a Noise-encrypted TCP or
 * Hyperswarm connection, or an in-memory pipe in tests).
 *
 *   frame = u32be length · u8 type · payload        length = 1 + payload bytes
 *
 * The stream may cut frames anywhere: FrameDecoder reassembles them from
 * chunks of any size. It refuses a frame by its header alone — a length of
 * zero or over the cap, an unknown type — before it keeps a byte of the
 * payload, so a peer cannot make it hold more than one frame's worth.
 */

/**
 * The largest payload a frame may carry: 32 MiB, the cap of the renderer ⇄
 * host doc channel too (MAX_DOC_MESSAGE_BYTES), so a sync message that fits
 * one fits the other.
 *
 * A first sync carries everything the other device lacks — at LinkedIn's
 * cap (30,000 people, 90,000 links, 60,000 notes) about 70 MB — but in
 * slices of at most 4 MiB (SyncHandshake, doc-sync.ts); only a single struct
 * or a delete set can make one bigger, and 8× the slice leaves room for it.
 * The peer is already authenticated when a frame arrives, so the cap guards
 * against a broken or compromised device rather than strangers; it bounds
 * what one frame can make us hold.
 */
export const MAX_PAYLOAD_BYTES = 32 * 1024 * 1024;

/** The largest frame length (the type byte and the payload). */
export const MAX_FRAME_BYTES = 1 + MAX_PAYLOAD_BYTES;

/**
 * The largest piece handed to the stream in one write: a frame larger than
 * this is written in pieces. @hyperswarm/secret-stream refuses (and breaks
 * the connection on) a single write over 16 MiB.
 */
export const MAX_WRITE_BYTES = 1024 * 1024;

/** Frame types. Pairing frames (16–17) are exchanged before any document byte; see electron/host/p2p. */
export const FRAME_TYPES = {
  hello: 1,
  sync: 2,
  awareness: 3,
  pair: 16,
  pairResult: 17,
  bye: 31,
} as const;

export type FrameTypeName = keyof typeof FRAME_TYPES;

export interface Frame {
  type: FrameTypeName;
  payload: Uint8Array;
}

const HEADER_BYTES = 5;
/** The most the four length bytes can say. */
const MAX_LENGTH_FIELD = 0xffffffff;

const TYPE_NAMES = new Map<number, FrameTypeName>(
  Object.entries(FRAME_TYPES).map(([name, code]) => [code, name as FrameTypeName]),
);

export type FrameErrorReason = 'too-large' | 'empty' | 'unknown-type' | 'truncated';

export class FrameError extends Error {
  override readonly name = 'FrameError';
  constructor(
    readonly reason: FrameErrorReason,
    message: string,
  ) {
    super(message);
  }
}

function tooLarge(length: number, maxFrameBytes: number): FrameError {
  return new FrameError('too-large', `A frame of ${length} bytes is over the limit of ${maxFrameBytes} bytes`);
}

/** One frame: header and payload in a new buffer. Throws FrameError when it would be over the cap. */
export function encodeFrame(type: FrameTypeName, payload: Uint8Array, maxFrameBytes = MAX_FRAME_BYTES): Uint8Array {
  const code = FRAME_TYPES[type];
  if (code === undefined) throw new FrameError('unknown-type', `There is no frame type called "${String(type)}"`);
  const length = 1 + payload.byteLength;
  const cap = Math.min(maxFrameBytes, MAX_LENGTH_FIELD);
  if (length > cap) throw tooLarge(length, cap);
  const frame = new Uint8Array(4 + length);
  new DataView(frame.buffer).setUint32(0, length);
  frame[4] = code;
  frame.set(payload, HEADER_BYTES);
  return frame;
}

/** Reading a large payload starts with a buffer this big and doubles it as bytes arrive. */
const FIRST_PAYLOAD_CAPACITY = 64 * 1024;

/**
 * Turns a byte stream back into frames. Once it has thrown a FrameError it
 * is spent: every later push throws the same error.
 *
 * A payload grows by doubling up to its announced length, so holding a
 * frame costs at most twice the bytes that actually arrived (a five-byte
 * header announcing 64 MiB reserves nothing), and every byte is copied a
 * bounded number of times however the stream is cut. Each payload is a
 * buffer of its own: a length prefix inside it that overruns fails instead
 * of reading a neighbour's bytes, and it stays valid after the chunk is reused.
 */
export class FrameDecoder {
  private readonly header = new Uint8Array(HEADER_BYTES);
  private headerFilled = 0;
  private type: FrameTypeName | null = null;
  private payload = new Uint8Array(0);
  private payloadLength = 0;
  private payloadFilled = 0;
  private failure: FrameError | null = null;

  constructor(readonly maxFrameBytes = MAX_FRAME_BYTES) {}

  /** True while part of a frame has arrived and the rest has not. */
  get midFrame(): boolean {
    return this.headerFilled > 0;
  }

  /** Takes the next chunk of the stream; returns the frames it completes. Throws FrameError on a bad header. */
  push(chunk: Uint8Array): Frame[] {
    if (this.failure) throw this.failure;
    const frames: Frame[] = [];
    let offset = 0;
    while (offset < chunk.byteLength || this.frameComplete()) {
      if (this.type === null) {
        offset += this.readHeader(chunk, offset);
        if (this.type === null) break;
      } else {
        offset += this.readPayload(chunk, offset);
      }
      if (this.frameComplete()) frames.push(this.takeFrame());
    }
    return frames;
  }

  /** Call at the end of the stream: throws FrameError when it stopped inside a frame. */
  end(): void {
    if (this.failure) throw this.failure;
    if (this.midFrame) this.fail(new FrameError('truncated', 'The stream ended inside a frame'));
  }

  private frameComplete(): boolean {
    return this.type !== null && this.payloadFilled === this.payloadLength;
  }

  private readHeader(chunk: Uint8Array, offset: number): number {
    const count = Math.min(HEADER_BYTES - this.headerFilled, chunk.byteLength - offset);
    this.header.set(chunk.subarray(offset, offset + count), this.headerFilled);
    this.headerFilled += count;
    // The length is judged as soon as its four bytes are in, before the type byte.
    if (this.headerFilled >= 4) {
      const length = new DataView(this.header.buffer).getUint32(0);
      if (length === 0) this.fail(new FrameError('empty', 'A frame of length 0 has no type'));
      if (length > this.maxFrameBytes) this.fail(tooLarge(length, this.maxFrameBytes));
      this.payloadLength = length - 1;
    }
    if (this.headerFilled === HEADER_BYTES) {
      const code = this.header[4]!;
      const type = TYPE_NAMES.get(code);
      if (!type) this.fail(new FrameError('unknown-type', `Frame type ${code} is unknown`));
      this.type = type!;
      this.payloadFilled = 0;
      this.payload = new Uint8Array(0);
    }
    return count;
  }

  private readPayload(chunk: Uint8Array, offset: number): number {
    const count = Math.min(this.payloadLength - this.payloadFilled, chunk.byteLength - offset);
    const needed = this.payloadFilled + count;
    if (needed > this.payload.byteLength) {
      const capacity = Math.min(this.payloadLength, Math.max(needed, this.payload.byteLength * 2, FIRST_PAYLOAD_CAPACITY));
      const grown = new Uint8Array(capacity);
      grown.set(this.payload.subarray(0, this.payloadFilled));
      this.payload = grown;
    }
    this.payload.set(chunk.subarray(offset, offset + count), this.payloadFilled);
    this.payloadFilled = needed;
    return count;
  }

  private takeFrame(): Frame {
    // Capacity never exceeds the announced length, so a full payload fills its buffer exactly.
    const frame: Frame = { type: this.type!, payload: this.payloadLength === 0 ? new Uint8Array(0) : this.payload };
    this.type = null;
    this.headerFilled = 0;
    this.payload = new Uint8Array(0);
    this.payloadLength = 0;
    this.payloadFilled = 0;
    return frame;
  }

  private fail(error: FrameError): never {
    this.failure = error;
    throw error;
  }
}
