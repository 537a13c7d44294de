import { describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import {
  FRAME_TYPES,
  FrameDecoder,
  FrameError,
  MAX_FRAME_BYTES,
  MAX_PAYLOAD_BYTES,
  encodeFrame,
  type Frame,
  type FrameTypeName,
} from './frames';
import { MAX_DOC_MESSAGE_BYTES } from '../host/contract';

const gen = prng.create(42);

function sampleFrames(): Frame[] {
  const types = Object.keys(FRAME_TYPES) as FrameTypeName[];
  const sizes = [0, 1, 2, 3, 4, 5, 17, 255, 256, 4096, 70_000, 140_000];
  return sizes.map((size, index) => ({ type: types[index % types.length]!, payload: prng.uint8Array(gen, size) }));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, index) => byte === b[index]);
}

function cut(bytes: Uint8Array, sizeOf: () => number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.byteLength; ) {
    const size = Math.max(1, sizeOf());
    chunks.push(bytes.slice(offset, offset + size));
    offset += size;
  }
  return chunks;
}

function decodeAll(chunks: Uint8Array[], decoder = new FrameDecoder()): Frame[] {
  const frames = chunks.flatMap((chunk) => decoder.push(chunk));
  decoder.end();
  return frames;
}

function header(length: number, type: number): Uint8Array {
  const bytes = new Uint8Array(5);
  new DataView(bytes.buffer).setUint32(0, length);
  bytes[4] = type;
  return bytes;
}

function reasonOf(act: () => unknown): string {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(FrameError);
    return (error as FrameError).reason;
  }
  return 'no error';
}

describe('frames', () => {
  it('round-trips frames however the stream is cut', () => {
    const frames = sampleFrames();
    const stream = concat(frames.map((frame) => encodeFrame(frame.type, frame.payload)));
    const cuts: Array<[string, () => number]> = [
      ['one chunk', () => stream.byteLength],
      ['1-byte chunks', () => 1],
      ['random chunks', () => prng.uint32(gen, 1, 9000)],
      ['chunks around the header size', () => prng.uint32(gen, 1, 6)],
    ];
    for (const [name, sizeOf] of cuts) {
      const decoded = decodeAll(cut(stream, sizeOf));
      expect(decoded.map((frame) => frame.type), name).toEqual(frames.map((frame) => frame.type));
      decoded.forEach((frame, index) => expect(sameBytes(frame.payload, frames[index]!.payload), name).toBe(true));
    }
  });

  it('writes a big-endian length of type and payload, then the type', () => {
    expect([...encodeFrame('sync', new Uint8Array([9, 8]))]).toEqual([0, 0, 0, 3, FRAME_TYPES.sync, 9, 8]);
    expect([...encodeFrame('bye', new Uint8Array())]).toEqual([0, 0, 0, 1, FRAME_TYPES.bye]);
  });

  it('gives each payload a buffer of its own', () => {
    const stream = concat([encodeFrame('sync', new Uint8Array([1, 2, 3])), encodeFrame('hello', new Uint8Array([4]))]);
    const [first, second] = new FrameDecoder().push(stream);
    for (const frame of [first!, second!]) {
      expect(frame.payload.byteOffset).toBe(0);
      expect(frame.payload.buffer.byteLength).toBe(frame.payload.byteLength);
    }
    stream.fill(0);
    expect([...first!.payload]).toEqual([1, 2, 3]);
  });

  it('refuses a frame over the cap from its four length bytes, before any payload', () => {
    const decoder = new FrameDecoder(100);
    expect(decoder.push(header(100, FRAME_TYPES.sync).subarray(0, 3))).toEqual([]);
    expect(reasonOf(() => decoder.push(header(101, FRAME_TYPES.sync).subarray(3, 4)))).toBe('too-large');
    // Spent: whatever follows is refused too.
    expect(reasonOf(() => decoder.push(new Uint8Array(10)))).toBe('too-large');

    const withPayload = concat([header(MAX_FRAME_BYTES + 1, FRAME_TYPES.sync), new Uint8Array(1000)]);
    expect(reasonOf(() => new FrameDecoder().push(withPayload))).toBe('too-large');
    expect(reasonOf(() => new FrameDecoder().push(header(0xffffffff, FRAME_TYPES.sync)))).toBe('too-large');
  });

  it('accepts a frame of exactly the cap', () => {
    const decoder = new FrameDecoder(50);
    const [frame] = decoder.push(encodeFrame('sync', new Uint8Array(49), 50));
    expect(frame?.payload.byteLength).toBe(49);
    expect(reasonOf(() => encodeFrame('sync', new Uint8Array(50), 50))).toBe('too-large');
  });

  it('refuses a zero length and an unknown type', () => {
    expect(reasonOf(() => new FrameDecoder().push(header(0, FRAME_TYPES.sync)))).toBe('empty');
    expect(reasonOf(() => new FrameDecoder().push(new Uint8Array([0, 0, 0, 0])))).toBe('empty');
    for (const type of [0, 4, 15, 18, 30, 32, 255]) {
      expect(reasonOf(() => new FrameDecoder().push(header(5, type))), `type ${type}`).toBe('unknown-type');
    }
    // A good frame, then a bad one in the same chunk: the bad one throws.
    const mixed = concat([encodeFrame('hello', new Uint8Array([1])), header(3, 99)]);
    expect(reasonOf(() => new FrameDecoder().push(mixed))).toBe('unknown-type');
  });

  it('tells a stream that ends inside a frame', () => {
    const frame = encodeFrame('sync', new Uint8Array([1, 2, 3, 4]));
    for (let end = 1; end < frame.byteLength; end++) {
      const decoder = new FrameDecoder();
      expect(decoder.push(frame.subarray(0, end))).toEqual([]);
      expect(decoder.midFrame).toBe(true);
      expect(reasonOf(() => decoder.end()), `cut at ${end}`).toBe('truncated');
    }
    const whole = new FrameDecoder();
    whole.push(frame);
    expect(whole.midFrame).toBe(false);
    expect(() => whole.end()).not.toThrow();
  });

  it('allows a payload as large as a doc-channel message', () => {
    expect(MAX_PAYLOAD_BYTES).toBe(MAX_DOC_MESSAGE_BYTES);
    expect(MAX_FRAME_BYTES).toBe(MAX_PAYLOAD_BYTES + 1);
  });
});
