/**
 * The bytes of the document log, and how they are read back — damage and all.
 *
 *   file   = MAGIC record*
 *   record = u32le length · u32le crc32(payload) · payload (one Yjs update, never empty)
 *
 * Reading keeps every record that can be read. A record whose length is
 * impossible (0, over the cap, past the end of the file) or whose checksum
 * fails is not the end of the log: the reader scans forward one byte at a
 * time for the next frame whose length fits and whose crc32 matches its
 * payload, and goes on from there. What it skipped is reported as damage —
 * except the one case that is a torn write: an unreadable stretch at the very
 * end, with nothing readable after it, that is an incomplete record (fewer
 * than 8 header bytes, or a header whose payload runs past the end).
 *
 * The scan is linear. Checking a candidate frame by hashing its payload
 * would cost its length at every byte (quadratic on a large damaged record),
 * so once damage is found the reader keeps the crc32 of every 16-byte-aligned
 * prefix from there on, and gets the crc32 of any stretch from two prefixes:
 * crc(B) = crc(A·B) ⊕ crc(A)·x^(8|B|) mod P (zlib's crc32_combine, solved for
 * B). Each candidate then costs at most 32 hashed bytes and five 32-bit
 * polynomial multiplications, whatever its length.
 */
import { crc32 } from 'node:zlib';

export const MAGIC = Buffer.from('KITHLOG1');
export const HEADER_BYTES = 8;
/** A single record larger than this is taken as corruption, not data. */
export const MAX_RECORD_BYTES = 1024 * 1024 * 1024;

export class LogFormatError extends Error {
  override readonly name = 'LogFormatError';
}

export function encodeRecord(payload: Uint8Array): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(payload.byteLength, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

export function encodeLog(payloads: readonly Uint8Array[]): Buffer {
  return Buffer.concat([MAGIC, ...payloads.map(encodeRecord)]);
}

/** A stretch of the file that held no readable record. */
export interface DamagedStretch {
  offset: number;
  bytes: number;
}

export interface ParsedLog {
  /** Every readable record's payload, in file order. */
  updates: Uint8Array[];
  /** Unreadable stretches other than a torn tail: corruption. */
  damage: DamagedStretch[];
  /** Bytes of an incomplete last record (an interrupted append), to cut. */
  tornBytes: number;
  /** Where the torn tail starts: the file is sound up to here when there is no damage. */
  soundBytes: number;
  /** Bytes hashed, and offsets tried as a record start while resyncing: both stay linear in the file's size. */
  hashedBytes: number;
  scannedOffsets: number;
}

// ------------------------------------------------------------- crc32 algebra

// Values are kept as signed 32-bit integers here: V8 keeps those unboxed, while
// an unsigned value over 2^31 is a heap number, which made the scan ten times slower.
const POLY = 0xedb88320 | 0;

/** a·b modulo the crc32 polynomial, in crc32's bit-reflected form (zlib `multmodp`). */
function multModP(a: number, b: number): number {
  let product = 0;
  // The sign bit of `a` is its x^0 term; shifting left walks it towards higher powers.
  for (let k = 0; k < 32; k++) {
    if (a < 0) product ^= b;
    a <<= 1;
    if (a === 0) break;
    b = (b >>> 1) ^ (-(b & 1) & POLY);
  }
  return product | 0;
}

const X0 = 1 << 31; // the polynomial 1, bit-reflected

/**
 * x^(8·n) mod P for each byte of n: SHIFT[k][b] = x^(8·b·256^k). A shift by
 * any length up to 2^32 bytes is then at most four multiplications.
 */
const SHIFT: Int32Array[] = (() => {
  const tables: Int32Array[] = [];
  let unit = 1 << 23; // x^8: one byte of zeros
  for (let k = 0; k < 4; k++) {
    const table = new Int32Array(256);
    table[0] = X0;
    for (let b = 1; b < 256; b++) table[b] = multModP(table[b - 1]!, unit);
    tables.push(table);
    unit = multModP(table[255]!, unit); // x^(8·256^(k+1))
  }
  return tables;
})();

/** x^(8·bytes) mod P: what appending `bytes` zero bytes does to a crc (zlib `x2nmodp(bytes, 3)`). */
function shiftByBytes(bytes: number): number {
  let result = SHIFT[0]![bytes & 0xff]!;
  for (let k = 1; k < 4; k++) {
    const digit = (bytes >>> (8 * k)) & 0xff;
    if (digit) result = multModP(SHIFT[k]![digit]!, result);
  }
  return result;
}

/** crc32's byte table, for the short stretches hashed while resyncing (cheaper in place than a call to zlib). */
const BYTE_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** zlib's crc32(bytes[from, to), crc), byte by byte (signed). */
function crc32Update(crc: number, bytes: Buffer, from: number, to: number): number {
  let c = ~crc;
  for (let i = from; i < to; i++) c = BYTE_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c;
}

const PREFIX_STEP = 16;

/**
 * crc32 of any stretch [start, end) with start ≥ base, from the crc32 of
 * every PREFIX_STEP-aligned prefix of bytes[base…].
 */
class StretchHasher {
  private readonly prefixes: Int32Array;
  hashed = 0;

  constructor(
    private readonly bytes: Buffer,
    private readonly base: number,
  ) {
    const steps = Math.floor((bytes.byteLength - base) / PREFIX_STEP);
    this.prefixes = new Int32Array(steps + 1);
    let crc = 0;
    for (let step = 1; step <= steps; step++) {
      const from = base + (step - 1) * PREFIX_STEP;
      crc = crc32Update(crc, bytes, from, from + PREFIX_STEP);
      this.prefixes[step] = crc;
    }
    this.hashed += steps * PREFIX_STEP;
  }

  /** crc32 of bytes[base, at). */
  private prefix(at: number): number {
    const step = Math.floor((at - this.base) / PREFIX_STEP);
    const from = this.base + step * PREFIX_STEP;
    this.hashed += at - from;
    return crc32Update(this.prefixes[step]!, this.bytes, from, at);
  }

  /** crc32 of bytes[start, end), unsigned. */
  crc(start: number, end: number): number {
    return (this.prefix(end) ^ multModP(shiftByBytes(end - start), this.prefix(start))) >>> 0;
  }
}

// ------------------------------------------------------------- reading

class Reader {
  private hasher: StretchHasher | null = null;
  private directlyHashed = 0;
  scannedOffsets = 0;

  constructor(private readonly bytes: Buffer) {}

  get hashedBytes(): number {
    return this.directlyHashed + (this.hasher?.hashed ?? 0);
  }

  /** The record at `offset`, if one is whole and sound there. */
  recordAt(offset: number): { end: number; payload: Buffer } | null {
    const bytes = this.bytes;
    if (offset + HEADER_BYTES >= bytes.byteLength) return null;
    const length = bytes.readUInt32LE(offset);
    const end = offset + HEADER_BYTES + length;
    if (length === 0 || length > MAX_RECORD_BYTES || end > bytes.byteLength) return null;
    const checksum = bytes.readUInt32LE(offset + 4);
    if (this.crc(offset + HEADER_BYTES, end) !== checksum) return null;
    return { end, payload: bytes.subarray(offset + HEADER_BYTES, end) };
  }

  /** The first offset at or after `from` where a sound record starts, or -1. */
  resync(from: number): number {
    this.hasher ??= new StretchHasher(this.bytes, from);
    const bytes = this.bytes;
    const last = bytes.byteLength - HEADER_BYTES - 1; // a record needs a header and a byte
    let offset = from;
    for (; offset <= last; offset++) {
      // The cheap test first, in 32-bit integers: most offsets claim a length that cannot be.
      const length = bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24);
      if (length <= 0 || length > MAX_RECORD_BYTES || offset + HEADER_BYTES + length > bytes.byteLength) continue;
      if (this.recordAt(offset)) break;
    }
    this.scannedOffsets += Math.min(offset, last + 1) - from + (offset <= last ? 1 : 0);
    return offset <= last ? offset : -1;
  }

  private crc(start: number, end: number): number {
    if (this.hasher) return this.hasher.crc(start, end);
    this.directlyHashed += end - start;
    return crc32(this.bytes.subarray(start, end));
  }
}

/** Whether the unreadable rest of the file, from `offset`, is an incomplete last record. */
function isTornTail(bytes: Buffer, offset: number): boolean {
  if (bytes.byteLength - offset < HEADER_BYTES) return true;
  const length = bytes.readUInt32LE(offset);
  return length > 0 && length <= MAX_RECORD_BYTES && offset + HEADER_BYTES + length > bytes.byteLength;
}

/** A magic with at most two bytes changed: a damaged log rather than some other file. */
function nearMagic(bytes: Buffer): boolean {
  if (bytes.byteLength < MAGIC.byteLength) return false;
  let differing = 0;
  for (let index = 0; index < MAGIC.byteLength; index++) if (bytes[index] !== MAGIC[index]) differing++;
  return differing <= 2;
}

/**
 * Reads every readable record. Throws LogFormatError only for a file that
 * is not a Kith log at all: no magic and not one sound record.
 */
export function parseLog(bytes: Buffer, path = 'the log'): ParsedLog {
  const result: ParsedLog = { updates: [], damage: [], tornBytes: 0, soundBytes: bytes.byteLength, hashedBytes: 0, scannedOffsets: 0 };
  // A file cut short while its magic was written is an empty log.
  if (bytes.byteLength < MAGIC.byteLength && MAGIC.subarray(0, bytes.byteLength).equals(bytes)) {
    return { ...result, soundBytes: 0 };
  }
  const reader = new Reader(bytes);
  let offset = MAGIC.byteLength;
  if (!bytes.subarray(0, MAGIC.byteLength).equals(MAGIC)) {
    // Damaged magic, or not a log: sound records after it, or a magic off by a byte or two, tell which.
    const first = reader.resync(0);
    if (first === -1 && !nearMagic(bytes)) {
      throw new LogFormatError(
        `${path} is not a Kith document log. It was left untouched; move it away to start a new document there.`,
      );
    }
    if (first === -1) {
      result.damage.push({ offset: 0, bytes: bytes.byteLength });
      offset = bytes.byteLength;
    } else {
      result.damage.push({ offset: 0, bytes: first });
      offset = first;
    }
  }
  while (offset < bytes.byteLength) {
    const record = reader.recordAt(offset);
    if (record) {
      result.updates.push(new Uint8Array(record.payload));
      offset = record.end;
      continue;
    }
    const next = reader.resync(offset + 1);
    if (next === -1) {
      if (isTornTail(bytes, offset)) {
        result.tornBytes = bytes.byteLength - offset;
        result.soundBytes = offset;
      } else {
        result.damage.push({ offset, bytes: bytes.byteLength - offset });
      }
      break;
    }
    result.damage.push({ offset, bytes: next - offset });
    offset = next;
  }
  result.hashedBytes = reader.hashedBytes;
  result.scannedOffsets = reader.scannedOffsets;
  return result;
}
