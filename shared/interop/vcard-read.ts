/**
 * vCard 2.1, 3.0 and 4.0 reader: bytes in, ImportedContacts out, with a
 * warning (and its line) for everything read around.
 *
 * It reads bytes rather than text because vCard 2.1 gives each property its
 * own CHARSET and QUOTED-PRINTABLE encoding (vCard 2.1 §2.1.5–2.1.6): a
 * Shift_JIS name may sit next to a UTF-8 note, so a value is decoded only
 * once its parameters are known. The steps:
 *
 *   bytes ─ physical lines (CRLF, LF or CR) ─ logical lines (unfolded; a
 *   quoted-printable soft break joins the next line whatever it starts with)
 *   ─ properties (group, name, parameters, value bytes) ─ cards (BEGIN…END)
 *   ─ values decoded (QP, charset, escapes for the card's VERSION) ─ contact
 *
 * ical.js was considered: it reads 3.0 and 4.0 from a string, but not 2.1
 * (no QUOTED-PRINTABLE, no per-property CHARSET; ical.js issue #187), which
 * is what Outlook and Android phones write. See README.md.
 */
import { ImportFormatError, checkSize, type ImportWarning } from './errors';
import { decodeBase64, decodeQuotedPrintable, decodeText } from './text';
import { parseVCardDate } from './dates';
import {
  displayName,
  emptyAddress,
  emptyContact,
  type Address,
  type ImportedContact,
  type ReadResult,
  type StructuredName,
  type TypedValue,
} from './contact';

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const EQUALS = 0x3d;

interface PhysicalLine {
  bytes: Uint8Array;
  line: number;
}

/** Lines ending in CRLF, bare LF or bare CR, mixed as some exporters mix them (RFC 6350 §3.2 asks for CRLF). */
function physicalLines(bytes: Uint8Array): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  let start = 0;
  let line = 1;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte !== CR && byte !== LF) continue;
    lines.push({ bytes: bytes.subarray(start, i), line: line++ });
    if (byte === CR && bytes[i + 1] === LF) i++;
    start = i + 1;
  }
  if (start < bytes.length) lines.push({ bytes: bytes.subarray(start), line });
  return lines;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

interface RawProperty {
  line: number;
  group: string;
  /** Upper case. */
  name: string;
  /** Upper-case parameter names → values; vCard 2.1's bare parameters (WORK, QUOTED-PRINTABLE) are put under TYPE or ENCODING. */
  params: Map<string, string[]>;
  value: Uint8Array;
}

const NAME_BYTE = (byte: number) =>
  (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x2d || byte === 0x5f;

const ENCODINGS = new Set(['QUOTED-PRINTABLE', 'BASE64', 'B', '8BIT', '7BIT']);
const VALUE_KINDS = new Set(['INLINE', 'URL', 'URI', 'CONTENT-ID', 'CID']);

/** RFC 6868 §3: ^n is a newline, ^' a double quote and ^^ a caret, in parameter values. */
function unescapeParam(value: string): string {
  return value.replace(/\^(n|'|\^)/g, (_, char: string) => (char === 'n' ? '\n' : char === "'" ? '"' : '^'));
}

/** Splits a parameter's values at commas outside double quotes (RFC 6350 §5: TYPE="work,voice"). */
function paramValues(text: string): string[] {
  const values: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      values.push(current);
      current = '';
    } else current += char;
  }
  values.push(current);
  return values.map(unescapeParam);
}

/**
 * `[group.]name *(;param[=value]) : value` (RFC 6350 §3.3, RFC 2425 §5.8.2).
 * A `;` or `:` inside a double-quoted parameter value (SORT-AS="あんどう;ろいど")
 * belongs to the value. Null when the line is no property.
 */
function parseProperty(bytes: Uint8Array, line: number): RawProperty | null {
  let i = 0;
  while (i < bytes.length && (NAME_BYTE(bytes[i]!) || bytes[i] === 0x2e)) i++;
  if (i === 0 || i >= bytes.length || (bytes[i] !== 0x3a && bytes[i] !== 0x3b)) return null;
  const fullName = decodeText(bytes.subarray(0, i)).text;
  const dot = fullName.lastIndexOf('.');
  const name = fullName.slice(dot + 1).toUpperCase();
  if (!name) return null;
  const params = new Map<string, string[]>();
  const add = (key: string, values: string[]) => params.set(key, [...(params.get(key) ?? []), ...values]);
  while (bytes[i] === 0x3b) {
    const start = ++i;
    let quoted = false;
    while (i < bytes.length && (quoted || (bytes[i] !== 0x3b && bytes[i] !== 0x3a))) {
      if (bytes[i] === 0x22) quoted = !quoted;
      i++;
    }
    if (i >= bytes.length) return null;
    const text = decodeText(bytes.subarray(start, i)).text.trim();
    if (!text) continue;
    const eq = text.indexOf('=');
    if (eq < 0) {
      const bare = text.toUpperCase();
      add(ENCODINGS.has(bare) ? 'ENCODING' : VALUE_KINDS.has(bare) ? 'VALUE' : 'TYPE', [text]);
    } else {
      add(text.slice(0, eq).trim().toUpperCase(), paramValues(text.slice(eq + 1)));
    }
  }
  return { line, group: dot < 0 ? '' : fullName.slice(0, dot), name, params, value: bytes.subarray(i + 1) };
}

function encodingOf(property: RawProperty): 'qp' | 'b' | null {
  const encoding = property.params.get('ENCODING')?.[0]?.toUpperCase();
  if (encoding === 'QUOTED-PRINTABLE') return 'qp';
  if (encoding === 'B' || encoding === 'BASE64') return 'b';
  return null;
}

const QUOTED_PRINTABLE = /[;:]\s*(ENCODING\s*=\s*)?QUOTED-PRINTABLE\s*[;:]/i;

/**
 * Whether a line's parameters say QUOTED-PRINTABLE; null while its header
 * (everything before the first `:` outside quotes) is not complete. Cheaper
 * than parsing the property, which the unfolding asks of every line.
 */
function quotedPrintableHeader(bytes: Uint8Array): boolean | null {
  let quoted = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x22) quoted = !quoted;
    else if (byte === 0x3a && !quoted) return QUOTED_PRINTABLE.test(decodeText(bytes.subarray(0, i + 1)).text);
  }
  return null;
}

interface LogicalLine {
  bytes: Uint8Array;
  line: number;
}

/**
 * Unfolds: a line that starts with a space or tab continues the one before,
 * less that one character (RFC 6350 §3.2, RFC 2425 §5.8.1). A
 * quoted-printable value that ends in `=` continues on the next line
 * whatever that line starts with — even `#` or `=0A` (RFC 2045 §6.7 rule 5) —
 * and a soft break followed by an empty line ends the value.
 */
function logicalLines(lines: PhysicalLine[]): LogicalLine[] {
  const out: LogicalLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!.line;
    const parts = [lines[i]!.bytes];
    let quotedPrintable: boolean | null = null;
    for (;;) {
      quotedPrintable ??= quotedPrintableHeader(parts.length === 1 ? parts[0]! : concat(parts));
      const next = lines[i + 1];
      const last = parts[parts.length - 1]!;
      if (quotedPrintable && last[last.length - 1] === EQUALS) {
        parts[parts.length - 1] = last.subarray(0, last.length - 1);
        if (!next) break;
        i++;
        if (next.bytes.length === 0) break;
        parts.push(next.bytes);
        continue;
      }
      if (next && (next.bytes[0] === SPACE || next.bytes[0] === TAB)) {
        parts.push(next.bytes.subarray(1));
        i++;
        continue;
      }
      break;
    }
    out.push({ bytes: concat(parts), line: first });
  }
  return out;
}

/** A short, printable view of a line for a warning. */
function preview(bytes: Uint8Array): string {
  const text = [...decodeText(bytes.subarray(0, 60)).text].map((char) => (char < ' ' || char === '\u007f' ? '?' : char)).join('');
  return text.length < 40 ? text : `${text.slice(0, 40)}…`;
}

interface RawCard {
  line: number;
  properties: RawProperty[];
}

const isBlank = (bytes: Uint8Array) => bytes.every((byte) => byte === SPACE || byte === TAB);

/** Reads every card of a .vcf file. Throws ImportFormatError when the file holds no card at all. */
export function readVCard(bytes: Uint8Array): ReadResult {
  checkSize(bytes, 'vCard');
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const warnings: ImportWarning[] = [];
  const errors: ImportWarning[] = [];
  const cards: RawCard[] = [];
  let card: RawCard | null = null;
  let sawBegin = false;
  /** Depth inside a card a 2.1 AGENT property holds (vCard 2.1 §2.5.4): skipped, the outer card kept. */
  let agentDepth = 0;
  for (const logical of logicalLines(physicalLines(body))) {
    if (isBlank(logical.bytes)) continue;
    const property = parseProperty(logical.bytes, logical.line);
    if (!property) {
      if (!agentDepth) warnings.push({ line: logical.line, message: `Line ${logical.line} is not a vCard property (“${preview(logical.bytes)}”); it was ignored.` });
      continue;
    }
    const value = decodeText(property.value).text.trim().toUpperCase();
    const isBegin = property.name === 'BEGIN' && value === 'VCARD';
    if (agentDepth || (isBegin && card?.properties.at(-1)?.name === 'AGENT')) {
      if (isBegin) agentDepth++;
      else if (property.name === 'END' && value === 'VCARD') agentDepth--;
      if (isBegin && agentDepth === 1) warnings.push({ line: logical.line, message: `Line ${logical.line}: the card of an AGENT was left out.` });
      continue;
    }
    if (isBegin) {
      sawBegin = true;
      if (card) errors.push(cutShort(card, `before the next card begins on line ${logical.line}`));
      card = { line: logical.line, properties: [] };
    } else if (property.name === 'END' && value === 'VCARD') {
      if (card) cards.push(card);
      else warnings.push({ line: logical.line, message: `Line ${logical.line} ends a card that never began; it was ignored.` });
      card = null;
    } else if (card) {
      card.properties.push(property);
    } else {
      warnings.push({ line: logical.line, message: `Line ${logical.line} is outside any card (“${preview(logical.bytes)}”); it was ignored.` });
    }
  }
  if (card) errors.push(cutShort(card, 'before the file ends: the file may be cut short'));
  if (!sawBegin) {
    throw new ImportFormatError('This is not a vCard file: it has no BEGIN:VCARD line. Export the contacts as vCard (.vcf) and try again.');
  }
  if (!cards.length) throw new ImportFormatError(errors[0]!.message, errors[0]!.line);
  const contacts = cards.map((raw) => buildContact(raw, warnings));
  return { contacts, warnings, errors };
}

function cutShort(card: RawCard, where: string): ImportWarning {
  return { line: card.line, message: `The card that begins on line ${card.line} has no END:VCARD ${where}. It was left out.` };
}

// ---------------------------------------------------------------- values

type Version = '2.1' | '3.0' | '4.0';

class CardReader {
  constructor(
    readonly version: Version,
    private readonly warnings: ImportWarning[],
  ) {}

  /** The value as text: quoted-printable undone, then decoded in its CHARSET (UTF-8 unless it says). */
  raw(property: RawProperty): string {
    const bytes = encodingOf(property) === 'qp' ? decodeQuotedPrintable(property.value) : property.value;
    const charset = property.params.get('CHARSET')?.[0] ?? 'utf-8';
    const { text, problem } = decodeText(bytes, charset);
    if (problem) this.warn(property, problem);
    return text;
  }

  warn(property: RawProperty, problem: string): void {
    this.warnings.push({ line: property.line, message: `Line ${property.line} (${property.name}): ${problem}.` });
  }

  /**
   * Backslash escapes. 3.0 and 4.0: `\n` `\N` newline, `\,` `\;` `\\`
   * (RFC 6350 §3.4, RFC 2426 §4). 2.1 knows only `\;` (vCard 2.1 §2.1.3),
   * so its `\n` stays as written; `\,` `\\` and the `\:` Apple writes in
   * `http\://` lose their backslash in every version.
   */
  unescape(text: string): string {
    return text.replace(/\\(.)/gs, (whole, char: string) => {
      if (char === 'n' || char === 'N') return this.version === '2.1' ? whole : '\n';
      return char === ',' || char === ';' || char === '\\' || char === ':' ? char : whole;
    });
  }

  text(property: RawProperty): string {
    return this.unescape(this.raw(property));
  }

  /** Components split at unescaped `;` (N, ADR, ORG: RFC 6350 §3.3 component), each unescaped. */
  components(property: RawProperty): string[] {
    return splitUnescaped(this.raw(property), ';').map((part) => this.unescape(part));
  }

  /** A component's list of values: commas separate them in 3.0 and 4.0; in 2.1 a comma is text. */
  componentLists(property: RawProperty): string[][] {
    return splitUnescaped(this.raw(property), ';').map((part) => this.list(part));
  }

  /** A list value (CATEGORIES, NICKNAME): comma-separated in 3.0 and 4.0; 2.1 separates with `;`. */
  listOf(property: RawProperty): string[] {
    const raw = this.raw(property);
    const parts = this.version === '2.1' ? splitUnescaped(raw, ';') : splitUnescaped(raw, ',');
    return parts.map((part) => this.unescape(part).trim()).filter(Boolean);
  }

  private list(component: string): string[] {
    const parts = this.version === '2.1' ? [component] : splitUnescaped(component, ',');
    return parts.map((part) => this.unescape(part).trim()).filter(Boolean);
  }
}

/** Splits at `separator` where it is not escaped by a backslash; escapes stay for unescape(). */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[++i];
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

const NOISE_TYPES = new Set(['pref', 'internet', 'x400']);

function typesOf(property: RawProperty): string[] {
  const types = (property.params.get('TYPE') ?? []).flatMap((value) => value.split(','));
  return [...new Set(types.map((type) => type.trim().toLowerCase()).filter((type) => type && !NOISE_TYPES.has(type)))];
}

/** PREF=1 (RFC 6350 §5.3), or TYPE=pref (3.0) and a bare PREF (2.1), both read as 1. */
function prefOf(property: RawProperty): number | null {
  const pref = Number(property.params.get('PREF')?.[0]);
  if (Number.isInteger(pref) && pref >= 1 && pref <= 100) return pref;
  const types = (property.params.get('TYPE') ?? []).flatMap((value) => value.split(','));
  return types.some((type) => type.trim().toLowerCase() === 'pref') ? 1 : null;
}

/** Apple's built-in labels are written `_$!<HomePage>!$_`; custom ones as plain text. */
function appleLabel(text: string): string {
  const match = /^_\$!<(.*)>!\$_$/.exec(text.trim());
  return (match ? match[1]! : text).trim();
}

/** "tel:+1-418-656-9254;ext=102" (RFC 3966) as "+1-418-656-9254 ext. 102". */
function telValue(text: string): string {
  const value = text.trim();
  if (!/^tel:/i.test(value)) return value;
  const [number = '', ...params] = value.slice(4).split(';');
  const ext = params.find((param) => /^ext=/i.test(param))?.slice(4);
  return ext ? `${number} ext. ${ext}` : number;
}

const MEDIA_TYPES: Record<string, string> = { jpeg: 'image/jpeg', jpg: 'image/jpeg', png: 'image/png', gif: 'image/gif', bmp: 'image/bmp', webp: 'image/webp' };

/** Properties read for bookkeeping only: not worth a line in "what was not imported". */
const QUIET = new Set(['VERSION', 'PRODID', 'REV', 'X-ABLABEL', 'X-ABADR', 'X-ABSHOWAS', 'X-ABUID', 'LABEL', 'CLIENTPIDMAP', 'X-IRMC-LUID']);

function buildContact(raw: RawCard, warnings: ImportWarning[]): ImportedContact {
  const versionProperty = raw.properties.find((property) => property.name === 'VERSION');
  const written = versionProperty ? decodeText(versionProperty.value).text.trim() : '';
  const version: Version = written === '2.1' || written === '4.0' ? written : written === '3.0' ? '3.0' : guessVersion(raw);
  const reader = new CardReader(version, warnings);
  const contact = emptyContact('vcard', raw.line);
  const labels = new Map<string, string>();
  for (const property of raw.properties) {
    if (property.group && property.name === 'X-ABLABEL') labels.set(property.group.toLowerCase(), appleLabel(reader.text(property)));
  }
  const labelOf = (property: RawProperty) => (property.group ? (labels.get(property.group.toLowerCase()) ?? '') : '');
  const typed = (property: RawProperty, value: string): TypedValue => ({
    value,
    types: typesOf(property),
    pref: prefOf(property),
    label: labelOf(property),
  });
  const formattedLabels: { types: string[]; text: string }[] = [];
  const ignored = new Set<string>();
  for (const property of raw.properties) {
    const name = property.name;
    switch (name) {
      case 'FN': {
        const fn = reader.text(property).trim();
        if (fn && !contact.fn) contact.fn = fn;
        break;
      }
      case 'N':
        contact.n ??= structuredName(reader.componentLists(property));
        if (!contact.phoneticName && property.params.has('SORT-AS')) {
          contact.phoneticName = splitUnescaped(property.params.get('SORT-AS')!.join(','), ';').join(' ').trim();
        }
        break;
      case 'NICKNAME':
        contact.nicknames.push(...reader.listOf(property));
        break;
      case 'ORG': {
        const [orgName = '', ...units] = reader.components(property).map((part) => part.trim());
        if (orgName || units.some(Boolean)) contact.orgs.push({ name: orgName, units: units.filter(Boolean) });
        break;
      }
      case 'TITLE':
      case 'ROLE': {
        const text = reader.text(property).trim();
        if (text) (name === 'TITLE' ? contact.titles : contact.roles).push(text);
        break;
      }
      case 'EMAIL': {
        const email = reader.text(property).trim();
        if (email) contact.emails.push(typed(property, email));
        break;
      }
      case 'TEL': {
        const tel = telValue(reader.text(property));
        if (tel) contact.phones.push(typed(property, tel));
        break;
      }
      case 'URL': {
        const url = reader.text(property).trim();
        if (url) contact.urls.push(typed(property, url));
        break;
      }
      case 'LANG': {
        const language = reader.text(property).trim();
        if (language) contact.languages.push(typed(property, language));
        break;
      }
      case 'ADR':
        contact.addresses.push(address(reader, property, labelOf(property)));
        break;
      case 'LABEL':
        formattedLabels.push({ types: typesOf(property), text: reader.text(property) });
        break;
      case 'BDAY':
      case 'ANNIVERSARY':
      case 'X-ANNIVERSARY':
      case 'X-EVOLUTION-ANNIVERSARY':
        readDate(reader, property, name === 'BDAY' ? 'birthday' : 'anniversary', contact);
        break;
      case 'X-ABDATE': {
        const date = parseVCardDate(reader.text(property));
        const label = labelOf(property);
        if (!date) reader.warn(property, `“${reader.text(property)}” is not a date; it was left out`);
        else if (/^anniversary$/i.test(label) && !contact.anniversary) contact.anniversary = date;
        else contact.events.push({ label, date });
        break;
      }
      case 'NOTE': {
        const note = reader.text(property);
        if (note.trim()) contact.notes.push(note);
        break;
      }
      case 'CATEGORIES':
        for (const category of reader.listOf(property)) if (!contact.categories.includes(category)) contact.categories.push(category);
        break;
      case 'PHOTO':
        readPhoto(reader, property, contact);
        break;
      case 'RELATED':
      case 'X-ABRELATEDNAMES':
        readRelated(reader, property, labelOf(property), contact);
        break;
      case 'UID':
        contact.uid = reader.text(property).trim();
        break;
      case 'KIND': {
        const kind = reader.text(property).trim().toLowerCase();
        if (kind === 'org' || kind === 'group' || kind === 'location' || kind === 'individual') contact.kind = kind;
        break;
      }
      case 'X-ABSHOWAS':
        if (reader.text(property).trim().toUpperCase() === 'COMPANY') contact.kind = 'org';
        break;
      case 'SOUND':
        if (property.params.get('TYPE')?.some((type) => type.toUpperCase() === 'X-IRMC-N')) {
          contact.phoneticName ||= reader.components(property).map((part) => part.trim()).filter(Boolean).join(' ');
        } else ignored.add(name);
        break;
      case 'X-PHONETIC-FIRST-NAME':
      case 'X-PHONETIC-MIDDLE-NAME':
      case 'X-PHONETIC-LAST-NAME':
        contact.phoneticName = [contact.phoneticName, reader.text(property).trim()].filter(Boolean).join(' ');
        break;
      default:
        if (name.startsWith('X-KITH-')) {
          const key = name.slice('X-KITH-'.length).toLowerCase();
          (contact.kith[key] ??= []).push(reader.text(property));
        } else if (!QUIET.has(name)) ignored.add(name);
    }
  }
  attachLabels(contact.addresses, formattedLabels);
  contact.ignored = [...ignored];
  const named = displayName(contact);
  if (named.from === 'none') {
    warnings.push({ line: raw.line, message: `The card that begins on line ${raw.line} has no name, email or phone; give it a name in the preview or leave it out.` });
  } else if (named.from === 'email' || named.from === 'phone') {
    warnings.push({ line: raw.line, message: `The card that begins on line ${raw.line} has no name; it is named by its ${named.from} ${named.name}.` });
  }
  return contact;
}

/** A card without VERSION: quoted-printable or bare parameters mean 2.1, otherwise 3.0. */
function guessVersion(raw: RawCard): Version {
  const looks21 = raw.properties.some((property) => encodingOf(property) === 'qp' || property.params.has('CHARSET'));
  return looks21 ? '2.1' : '3.0';
}

function structuredName(parts: string[][]): StructuredName {
  const [family = [], given = [], additional = [], prefixes = [], suffixes = []] = parts;
  return { family, given, additional, prefixes, suffixes };
}

function address(reader: CardReader, property: RawProperty, label: string): Address {
  const join = (values: string[] | undefined) => (values ?? []).join(', ');
  const parts = reader.componentLists(property);
  return {
    ...emptyAddress(),
    types: typesOf(property),
    pref: prefOf(property),
    label,
    poBox: join(parts[0]),
    extended: join(parts[1]),
    street: join(parts[2]),
    locality: join(parts[3]),
    region: join(parts[4]),
    postalCode: join(parts[5]),
    country: join(parts[6]),
    formatted: property.params.get('LABEL')?.[0] ?? '',
  };
}

/** LABEL (vCard 2.1 §2.3.2, RFC 2426 §3.2.2) is the printed form of the ADR with the same types. */
function attachLabels(addresses: Address[], labels: { types: string[]; text: string }[]): void {
  const key = (types: string[]) => types.toSorted().join(',');
  for (const label of labels) {
    const target =
      addresses.find((found) => !found.formatted && key(found.types) === key(label.types)) ?? addresses.find((found) => !found.formatted);
    if (target) target.formatted = label.text;
    else addresses.push({ ...emptyAddress(), types: label.types, formatted: label.text });
  }
}

function readDate(reader: CardReader, property: RawProperty, field: 'birthday' | 'anniversary', contact: ImportedContact): void {
  const text = reader.text(property).trim();
  if (!text || contact[field]) return;
  const date = parseVCardDate(text, property.params.get('X-APPLE-OMIT-YEAR')?.[0]);
  if (date) contact[field] = date;
  else reader.warn(property, `“${text}” is not a date; the ${field} was left out`);
}

function readPhoto(reader: CardReader, property: RawProperty, contact: ImportedContact): void {
  const text = decodeText(property.value).text.trim();
  if (!text) return;
  const type = (property.params.get('TYPE') ?? []).map((value) => value.toLowerCase()).find((value) => MEDIA_TYPES[value] || value.includes('/'));
  const mediaType = type ? (MEDIA_TYPES[type] ?? type) : '';
  const dataUri = /^data:([^;,]*)(;base64)?,(.*)$/is.exec(text);
  let data: Uint8Array | null = null;
  if (encodingOf(property) === 'b') data = decodeBase64(text);
  else if (dataUri && dataUri[2]) data = decodeBase64(dataUri[3]!);
  else {
    contact.photo = { data: null, uri: reader.unescape(text), mediaType };
    return;
  }
  if (!data || data.length === 0) {
    reader.warn(property, 'the photo is damaged (its base64 data does not decode); the card was kept without it');
    return;
  }
  contact.photo = { data, uri: '', mediaType: dataUri?.[1] || mediaType || sniffImage(data) };
}

/** The image type from its first bytes, for a PHOTO that does not say (Apple writes `PHOTO;BASE64:`). */
function sniffImage(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xd8) return 'image/jpeg';
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'image/png';
  if (data[0] === 0x47 && data[1] === 0x49 && data[2] === 0x46) return 'image/gif';
  return '';
}

function readRelated(reader: CardReader, property: RawProperty, label: string, contact: ImportedContact): void {
  const text = reader.text(property).trim();
  if (!text) return;
  const asText = property.name === 'X-ABRELATEDNAMES' || property.params.get('VALUE')?.[0]?.toLowerCase() === 'text';
  const kith: Record<string, string> = {};
  for (const [key, values] of property.params) {
    if (key.startsWith('X-KITH-')) kith[key.slice('X-KITH-'.length).toLowerCase()] = values.join(',');
  }
  const isUri = !asText && /^[a-z][a-z0-9+.-]*:\S+$/i.test(text);
  contact.related.push({ uid: isUri ? text : '', text: isUri ? '' : text, types: typesOf(property), label, kith });
}
