/**
 * Frames of the browser-mode transport: the host contract over a WebSocket.
 *
 *   renderer ── {t:'call', id, method, args} ──────────────► host
 *   renderer ◄── {t:'result', id, ok, value | error} ─────── host
 *   renderer ◄── {t:'event', name, payload} ───────────────── host
 *
 * Frames are JSON text; Uint8Array values travel as {"$bytes": base64}.
 * A frame that does not parse, or does not have this shape, is refused
 * whole (the server answers with an error or closes the socket).
 */
import { z } from 'zod';
import { fromBase64, toBase64 } from 'lib0/buffer';

/** Largest text frame either side accepts: base64 of the largest call argument — an import file (MAX_IMPORT_BYTES, 100 MiB) — with room. */
export const MAX_FRAME_CHARS = 192 * 1024 * 1024;

const callFrame = z
  .object({
    t: z.literal('call'),
    id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    method: z.string().max(100),
    args: z.array(z.unknown()).max(16),
  })
  .strict();

const serverFrame = z.union([
  z.object({ t: z.literal('result'), id: z.number(), ok: z.literal(true), value: z.unknown() }),
  z.object({
    t: z.literal('result'),
    id: z.number(),
    ok: z.literal(false),
    error: z.object({ name: z.string(), message: z.string() }),
  }),
  z.object({ t: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);

export type CallFrame = z.infer<typeof callFrame>;
export type ServerFrame = z.infer<typeof serverFrame>;

export class FrameError extends Error {
  override readonly name = 'FrameError';
}

function replacer(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? { $bytes: toBase64(value) } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const encoded = (value as { $bytes?: unknown }).$bytes;
    if (keys.length === 1 && typeof encoded === 'string') return fromBase64(encoded);
  }
  return value;
}

export function encodeFrame(frame: CallFrame | ServerFrame): string {
  return JSON.stringify(frame, replacer);
}

function parse(text: unknown): unknown {
  if (typeof text !== 'string') throw new FrameError('A frame must be text');
  if (text.length > MAX_FRAME_CHARS) throw new FrameError('Frame too large');
  try {
    return JSON.parse(text, reviver);
  } catch {
    throw new FrameError('A frame must be JSON');
  }
}

export function decodeCallFrame(text: unknown): CallFrame {
  const result = callFrame.safeParse(parse(text));
  if (!result.success) throw new FrameError('Not a call frame');
  return result.data;
}

export function decodeServerFrame(text: unknown): ServerFrame {
  const result = serverFrame.safeParse(parse(text));
  if (!result.success) throw new FrameError('Not a server frame');
  return result.data;
}
