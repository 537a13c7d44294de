/** Errors and warnings of the import and export codecs. */

/** A file the codec cannot read at all: empty, not this format, cut short before any record. */
export class ImportFormatError extends Error {
  override readonly name = 'ImportFormatError';
  constructor(
    message: string,
    /** The 1-based line the problem is on, where there is one. */
    readonly line: number | null = null,
  ) {
    super(message);
  }
}

/** Something read around (a line ignored, a damaged photo dropped); the records themselves are kept. */
export interface ImportWarning {
  /** 1-based line in the file, or null when the problem has no one place. */
  line: number | null;
  message: string;
}

/**
 * The largest file the codecs read. A bigger one is refused at once, before
 * any decoding, instead of holding the page's memory for minutes. 10,000
 * cards with photos come to about 40 MB.
 */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

const MB = 1024 * 1024;

/**
 * Why a file of `size` bytes is refused, or null when it is not too large.
 * The window asks this of a chosen or dropped file before reading a byte
 * of it; the codecs ask it again of the bytes they are given.
 */
export function tooLarge(size: number, what = ''): string | null {
  if (size <= MAX_IMPORT_BYTES) return null;
  const kind = what ? `${what} ` : '';
  return `This file is ${Math.round(size / MB).toLocaleString('en-US')} MB; Kith imports ${kind}files of up to ${MAX_IMPORT_BYTES / MB} MB. Export fewer contacts at a time, or without photos.`;
}

/** Why a backup this size is refused unread, or null when Restore reads it. */
export function backupTooLarge(size: number): string | null {
  if (size <= MAX_IMPORT_BYTES) return null;
  return `This file is ${Math.round(size / MB).toLocaleString('en-US')} MB, larger than any Kith backup Kith reads (${MAX_IMPORT_BYTES / MB} MB).`;
}

export function checkSize(bytes: Uint8Array, what: string): void {
  const large = tooLarge(bytes.length, what);
  if (large) throw new ImportFormatError(large);
  if (bytes.length === 0 || bytes.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d)) {
    throw new ImportFormatError(`The ${what} file is empty. Choose the exported file itself, not an empty copy.`);
  }
}
