/**
 * Bytes to text for the codecs: character sets through TextDecoder (in
 * browsers and Node alike, so shared/ stays pure), quoted-printable and
 * base64 by hand because neither runtime offers a decoder that both accepts
 * what real exporters write and reports what it could not read.
 */

interface Decoder {
  decode(input: Uint8Array): string;
  readonly encoding?: string;
}
type DecoderClass = new (label: string, options?: { fatal?: boolean }) => Decoder;
// shared/ is compiled without the DOM library; TextDecoder exists in every runtime Kith runs in.
const TextDecoderClass = (globalThis as unknown as { TextDecoder: DecoderClass }).TextDecoder;

export interface Decoded {
  text: string;
  /** Why the text may not be what the writer meant, or null. */
  problem: string | null;
}

const strictUtf8 = new TextDecoderClass('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoderClass('utf-8');
const decoders = new Map<string, Decoder | null>();

function decoderFor(label: string): Decoder | null {
  const key = label.trim().toLowerCase();
  if (!decoders.has(key)) {
    try {
      decoders.set(key, new TextDecoderClass(key));
    } catch {
      decoders.set(key, null);
    }
  }
  return decoders.get(key)!;
}

/**
 * Decodes bytes in the named character set (a WHATWG Encoding label:
 * utf-8, windows-1252, shift_jis, iso-8859-1 …). Invalid UTF-8 becomes
 * U+FFFD with a problem to report; an unknown label is read as UTF-8.
 */
export function decodeText(bytes: Uint8Array, charset = 'utf-8'): Decoded {
  const label = charset.trim().toLowerCase();
  if (label !== 'utf-8' && label !== 'utf8') {
    const decoder = decoderFor(label);
    if (decoder?.encoding === 'windows-1252') return { text: decodeWindows1252(bytes), problem: null };
    if (decoder) return { text: decoder.decode(bytes), problem: null };
    const utf8 = decodeText(bytes, 'utf-8');
    return { text: utf8.text, problem: `the character set ${charset} is unknown; read as UTF-8` };
  }
  try {
    return { text: strictUtf8.decode(bytes), problem: null };
  } catch {
    return { text: lenientUtf8.decode(bytes), problem: 'bytes that are not valid UTF-8 were replaced by �' };
  }
}

/** Windows-1252's bytes 0x80–0x9F (WHATWG Encoding, index-windows-1252); 0 where the byte is undefined and stands for itself. */
const WINDOWS_1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/**
 * Windows-1252 by hand: Latin-1 plus 32 characters at 0x80–0x9F. Node 20.18.3
 * and later decode this label as Latin-1 (nodejs/node#60888), so "€" and
 * curly quotes from Outlook would come out as control characters.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const codes = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    codes[i] = byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80] || byte : byte;
  }
  return fromCodes(codes);
}

/** Char codes to a string, in chunks a call can take; apply() reads a typed array without iterating it, as a spread would. */
function fromCodes(codes: Uint16Array): string {
  let text = '';
  for (let i = 0; i < codes.length; i += 8192) text += String.fromCharCode.apply(null, codes.subarray(i, i + 8192) as unknown as number[]);
  return text;
}



const HEX = /^[0-9A-Fa-f]{2}$/;

/**
 * Quoted-printable (RFC 2045 §6.7) to bytes. Soft line breaks are already
 * removed by the line reader, which must know them to join lines; here `=XX`
 * becomes its byte and a stray `=` stays as it is, as lenient readers do.
 */
export function decodeQuotedPrintable(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 0x3d && i + 2 < bytes.length) {
      const hex = String.fromCharCode(bytes[i + 1]!, bytes[i + 2]!);
      if (HEX.test(hex)) {
        out[length++] = parseInt(hex, 16);
        i += 2;
        continue;
      }
    }
    out[length++] = byte;
  }
  return out.slice(0, length);
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE64_ALPHABET.length; i++) BASE64_VALUES[BASE64_ALPHABET.charCodeAt(i)] = i;
// The URL-safe alphabet (RFC 4648 §5) decodes the same.
BASE64_VALUES['-'.charCodeAt(0)] = 62;
BASE64_VALUES['_'.charCodeAt(0)] = 63;

/**
 * Base64 (RFC 4648 §4) to bytes, ignoring white space (folded lines keep
 * their indentation) and accepting missing padding. Returns null for
 * anything else: a foreign character, or a length that leaves one stray
 * character (6 bits cannot make a byte).
 */
export function decodeBase64(text: string): Uint8Array | null {
  const clean = text.replace(/[\s]+/g, '').replace(/=+$/, '');
  if (clean.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let length = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const value = code < 128 ? BASE64_VALUES[code]! : -1;
    if (value < 0) return null;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, length);
}

export function encodeBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    text += BASE64_ALPHABET[a >> 2];
    text += BASE64_ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)];
    text += b === undefined ? '=' : BASE64_ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)];
    text += c === undefined ? '=' : BASE64_ALPHABET[c & 63];
  }
  return text;
}
