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
 * above. Unlike `Y.decodeUpdate` it builds no Item, ID or content object, so
 * a 15 MB initial sync is checked without holding a second copy of the
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
        if (decoding.readVarUint(decoder) === 1) decoding.readVarString(decoder); // parent: a root type's name
        else checkBackward(decoder, client, clock); // parent: an item
        if (info & BIT6) decoding.readVarString(decoder); // parent sub (map key)
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
      return decoding.readVarString(decoder).length;
    case Content.Embed:
      JSON.parse(decoding.readVarString(decoder));
      return 1;
    case Content.Format:
      decoding.readVarString(decoder);
      JSON.parse(decoding.readVarString(decoder));
      return 1;
    case Content.Type: {
      const ref = decoding.readVarUint(decoder);
      if (!(ref < TYPE_REFS)) throw new Error('an unknown type');
      if (ref === XML_ELEMENT || ref === XML_HOOK) decoding.readVarString(decoder);
      return 1;
    }
    case Content.Any: {
      const length = decoding.readVarUint(decoder);
      for (let i = 0; i < length; i++) decoding.readAny(decoder);
      return length;
    }
    case Content.Doc: {
      decoding.readVarString(decoder); // guid
      const options: unknown = decoding.readAny(decoder);
      if (options === null || options === undefined) throw new Error('a sub-document without options');
      return 1;
    }
    default:
      throw new Error('an unknown kind of content');
  }
}
