/**
 * Checks a Yjs update (v1 encoding) before it is applied, reading it once
 * from start to end and keeping nothing.
 *
 * `Y.applyUpdate` reads all structs before integrating any, but it trusts two
 * things a corrupt update can break, and then throws after part of it was
 * applied: that an item's references to its own client point back in time,
 * and that a deleted range is not empty (found by fuzzing bit-flipped
 * updates; legitimate updates never break either). It also applies the
 * structs before reading the delete set, so a delete set cut short fails half
 * way too.
 *
 * This walks the same bytes Yjs's own reader (`Y.decodeUpdate`) walks and
 * throws wherever that reader would throw — unknown struct or content kinds,
 * unknown type refs, unparsable JSON, truncated input — plus the two checks
 * above. Unlike `Y.decodeUpdate` it builds no Item, ID or content object and
 * no string (text is measured and checked as UTF-8 where it lies), so a
 * 15 MB initial sync is checked without holding a second copy of the
 * document in memory.
 */
import * as decoding from 'lib0/decoding';

const BITS5 = 31;
const BIT6 = 32;
const BIT7 = 64;
const BIT8 = 128;

/** Content kinds by the low five bits of an item's info byte (Yjs `contentRefs`). */
const enum Content {
  Deleted = 1,
  Json = 2,
  Binary = 3,
  String = 4,
  Embed = 5,
  Format = 6,
  Type = 7,
  Any = 8,
  Doc = 9,
}

/** Yjs type refs that carry a node name: YXmlElement and YXmlHook. */
const TYPE_REFS = 7;
const XML_ELEMENT = 3;
const XML_HOOK = 5;

export function checkUpdate(update: Uint8Array): void {
  const decoder = decoding.createDecoder(update);
  const clients = decoding.readVarUint(decoder);
  for (let c = 0; c < clients; c++) {
    const structs = decoding.readVarUint(decoder);
    const client = decoding.readVarUint(decoder);
    let clock = decoding.readVarUint(decoder);
    for (let s = 0; s < structs; s++) {
      const info = decoding.readUint8(decoder);
      if (info === 10) {
        clock += decoding.readVarUint(decoder); // skip
        continue;
      }
      const kind = info & BITS5;
      if (kind === 0) {
        clock += decoding.readVarUint(decoder); // gc
        continue;
      }
      if (info & BIT8) checkBackward(decoder, client, clock); // origin
      if (info & BIT7) checkBackward(decoder, client, clock); // right origin
      if ((info & (BIT7 | BIT8)) === 0) {
        if (decoding.readVarUint(decoder) === 1) skipString(decoder); // parent: a root type's name
        else checkBackward(decoder, client, clock); // parent: an item
        if (info & BIT6) skipString(decoder); // parent sub (map key)
      }
      clock += readContent(decoder, kind);
    }
  }
  const deleting = decoding.readVarUint(decoder);
  for (let c = 0; c < deleting; c++) {
    decoding.readVarUint(decoder); // client
    const ranges = decoding.readVarUint(decoder);
    for (let r = 0; r < ranges; r++) {
      decoding.readVarUint(decoder); // clock
      if (!(decoding.readVarUint(decoder) > 0)) throw new Error('an empty deleted range');
    }
  }
}

/** Reads an ID and throws when it names a struct of `client` at or after `clock`. */
function checkBackward(decoder: decoding.Decoder, client: number, clock: number): void {
  const refClient = decoding.readVarUint(decoder);
  const refClock = decoding.readVarUint(decoder);
  if (refClient === client && refClock >= clock) throw new Error('an item refers forward to its own client');
}

/** Reads one item's content as Yjs would and returns its length in clock ticks. */
function readContent(decoder: decoding.Decoder, kind: number): number {
  switch (kind) {
    case Content.Deleted:
      return decoding.readVarUint(decoder);
    case Content.Json: {
      const length = decoding.readVarUint(decoder);
      for (let i = 0; i < length; i++) {
        const json = decoding.readVarString(decoder);
        if (json !== 'undefined') JSON.parse(json);
      }
      return length;
    }
    case Content.Binary:
      decoding.readVarUint8Array(decoder);
      return 1;
    case Content.String:
      return skipString(decoder);
    case Content.Embed:
      JSON.parse(decoding.readVarString(decoder));
      return 1;
    case Content.Format:
      skipString(decoder);
      JSON.parse(decoding.readVarString(decoder));
      return 1;
    case Content.Type: {
      const ref = decoding.readVarUint(decoder);
      if (!(ref < TYPE_REFS)) throw new Error('an unknown type');
      if (ref === XML_ELEMENT || ref === XML_HOOK) skipString(decoder);
      return 1;
    }
    case Content.Any: {
      const length = decoding.readVarUint(decoder);
      for (let i = 0; i < length; i++) skipAny(decoder);
      return length;
    }
    case Content.Doc: {
      skipString(decoder); // guid
      const options: unknown = decoding.readAny(decoder); // rare: read whole, as Yjs needs it to be an object
      if (options === null || options === undefined) throw new Error('a sub-document without options');
      return 1;
    }
    default:
      throw new Error('an unknown kind of content');
  }
}

/** Steps over a value as lib0's `readAny` reads it, building nothing; throws where it would. */
function skipAny(decoder: decoding.Decoder): void {
  const type = decoding.readUint8(decoder);
  switch (type) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return;
    case 125:
      decoding.readVarInt(decoder);
      return;
    case 124:
      return skipBytes(decoder, 4); // float32
    case 123:
    case 122:
      return skipBytes(decoder, 8); // float64, bigint64
    case 119:
      skipString(decoder);
      return;
    case 118: {
      const entries = decoding.readVarUint(decoder);
      for (let i = 0; i < entries; i++) {
        skipString(decoder);
        skipAny(decoder);
      }
      return;
    }
    case 117: {
      const items = decoding.readVarUint(decoder);
      for (let i = 0; i < items; i++) skipAny(decoder);
      return;
    }
    case 116:
      return skipBytes(decoder, decoding.readVarUint(decoder)); // Uint8Array
    default:
      throw new Error('an unknown kind of value');
  }
}

function skipBytes(decoder: decoding.Decoder, bytes: number): void {
  if (decoder.pos + bytes > decoder.arr.length) throw new Error('Unexpected end of array');
  decoder.pos += bytes;
}

/**
 * Steps over a string as lib0's `readVarString` reads it (a varuint byte
 * length, then UTF-8 that a fatal TextDecoder accepts) without building it,
 * and returns its length in UTF-16 code units — a text item's length in
 * clock ticks.
 */
function skipString(decoder: decoding.Decoder): number {
  const bytes = decoding.readVarUint(decoder);
  const start = decoder.pos;
  skipBytes(decoder, bytes);
  const length = utf16Length(decoder.arr, start, decoder.pos);
  if (length < 0) throw new Error('a string that is not UTF-8');
  return length;
}

const isContinuation = (byte: number) => (byte & 0xc0) === 0x80;

/**
 * The number of UTF-16 code units in the UTF-8 bytes [start, end), or -1 when
 * they are not well-formed UTF-8 (the WHATWG decoder's rules: no overlong
 * forms, no surrogates, nothing above U+10FFFF, no sequence cut short).
 */
export function utf16Length(bytes: Uint8Array, start: number, end: number): number {
  let length = 0;
  let i = start;
  while (i < end) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      length += 1;
    } else if (lead < 0xc2) {
      return -1; // a continuation byte, or an overlong two-byte form
    } else if (lead < 0xe0) {
      if (i + 1 >= end || !isContinuation(bytes[i + 1]!)) return -1;
      i += 2;
      length += 1;
    } else if (lead < 0xf0) {
      if (i + 2 >= end) return -1;
      const second = bytes[i + 1]!;
      // E0: no overlong forms (A0–BF); ED: no surrogates (80–9F)
      const low = lead === 0xe0 ? 0xa0 : 0x80;
      const high = lead === 0xed ? 0x9f : 0xbf;
      if (second < low || second > high || !isContinuation(bytes[i + 2]!)) return -1;
      i += 3;
      length += 1;
    } else if (lead < 0xf5) {
      if (i + 3 >= end) return -1;
      const second = bytes[i + 1]!;
      // F0: no overlong forms (90–BF); F4: nothing above U+10FFFF (80–8F)
      const low = lead === 0xf0 ? 0x90 : 0x80;
      const high = lead === 0xf4 ? 0x8f : 0xbf;
      if (second < low || second > high || !isContinuation(bytes[i + 2]!) || !isContinuation(bytes[i + 3]!)) return -1;
      i += 4;
      length += 2; // a surrogate pair
    } else {
      return -1;
    }
  }
  return length;
}
