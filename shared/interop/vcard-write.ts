/**
 * vCard 4.0 writer (RFC 6350): everyone, or a selection, one card each.
 * Standard properties carry what other apps understand (FN, ORG, TITLE,
 * EMAIL, TEL, URL, ADR, BDAY, NOTE, CATEGORIES); links are RELATED with the
 * other person's UID; Kith's personal fields are X-KITH-* properties, which
 * vcard-read.ts and toPersonInput read back, so an export imported into an
 * empty network gives the same people, fields and links.
 */
import * as Y from 'yjs';
import { root } from '../doc/schema';
import { readPerson, type Person } from '../doc/people';
import { listLinks, type Link, type LinkKind } from '../doc/links';
import { KITH_PROPERTIES } from './to-person';

export interface VCardExportOptions {
  /** Only these people (live ones); everyone when absent. */
  ids?: readonly string[];
  /** Called every PROGRESS_EVERY people and at the end, so a worker can show how far a long export is. */
  onProgress?: ExportProgress;
}

export type ExportProgress = (done: number, total: number) => void;

export const PROGRESS_EVERY = 500;

/** The live people an export writes, in the document's order: everyone, or those of `ids`. */
export function exportedPeople(doc: Y.Doc, ids: readonly string[] | undefined): [string, Y.Map<unknown>][] {
  const wanted = ids ? new Set(ids) : null;
  const people: [string, Y.Map<unknown>][] = [];
  root(doc, 'contacts').forEach((record, id) => {
    if (record instanceof Y.Map && !record.get('deletedAt') && (!wanted || wanted.has(id))) people.push([id, record]);
  });
  return people;
}

/** Calls `write` for each person, reporting progress as it goes. */
export function eachWithProgress<T>(items: readonly T[], write: (item: T) => void, onProgress: ExportProgress | undefined): void {
  items.forEach((item, i) => {
    write(item);
    if (onProgress && ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === items.length)) onProgress(i + 1, items.length);
  });
}

/** The UID Kith writes for a person: a URN holding its id, so a re-import finds them. */
export const kithUid = (personId: string) => `urn:kith:${personId}`;

/** RFC 6350 §3.4: backslash, comma, semicolon and line breaks are escaped in text values. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\r\n|\r|\n/g, '\\n');
}

/** RFC 6868: a parameter value with ^, " or a line break is caret-encoded, and quoted when it holds , ; or :. */
function paramValue(text: string): string {
  const encoded = text.replace(/\^/g, '^^').replace(/"/g, "^'").replace(/\r\n|\r|\n/g, '^n');
  return /[,;:]/.test(encoded) ? `"${encoded}"` : encoded;
}

const utf8Length = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/**
 * Folds a content line at 75 octets (RFC 6350 §3.2): CRLF and one space
 * before each continuation, which counts toward its 75. A line is cut only
 * between characters, never inside a UTF-8 sequence or a surrogate pair.
 */
export function foldLine(line: string): string {
  let out = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0)!);
    if (octets + size > 75) {
      out += '\r\n ';
      octets = 1;
    }
    out += char;
    octets += size;
  }
  return `${out}\r\n`;
}

const RELATED_TYPES: Partial<Record<LinkKind, string>> = { 'works-with': 'co-worker', family: 'kin', knows: 'acquaintance' };

/** "2019-04-21" → "20190421", "--04-21" → "--0421" (RFC 6350 §4.3.1 basic format). */
const basicDate = (date: string) => (date.startsWith('--') ? `--${date.slice(2).replace('-', '')}` : date.replace(/-/g, ''));

function card(person: Person, record: Y.Map<unknown>, links: Link[]): string {
  const lines: string[] = ['BEGIN:VCARD', 'VERSION:4.0', 'PRODID:-//Kith//Kith//EN', `UID:${kithUid(person.id)}`, `FN:${escapeText(person.name)}`];
  const add = (name: string, value: string) => {
    if (value !== '') lines.push(`${name}:${escapeText(value)}`);
  };
  if (person.org) add('ORG', person.org);
  add('TITLE', person.role);
  add('ROLE', person.function);
  for (const email of person.emails) add('EMAIL', email);
  for (const phone of person.phones) add('TEL', phone);
  for (const link of person.links) add('URL', link);
  for (const address of person.addresses) lines.push(`ADR:;;${escapeText(address)};;;;`);
  if (person.birthday) lines.push(`BDAY:${basicDate(person.birthday)}`);
  add('NOTE', person.about);
  if (person.tags.length) lines.push(`CATEGORIES:${person.tags.map(escapeText).join(',')}`);
  for (const [property, field] of Object.entries(KITH_PROPERTIES)) {
    // ROLE already carries the function.
    if (!record.has(field) || field === 'function') continue;
    const value = person[field];
    const name = `X-KITH-${property.toUpperCase()}`;
    if (Array.isArray(value)) for (const item of value) add(name, item);
    else if (value !== null && value !== '') add(name, String(value));
  }
  if (person.introducedBy) lines.push(`X-KITH-INTRODUCED-BY:${kithUid(person.introducedBy)}`);
  for (const link of links) {
    const params = [`X-KITH-KIND=${link.kind}`, `X-KITH-STRENGTH=${link.strength}`];
    const type = RELATED_TYPES[link.kind];
    if (type) params.unshift(`TYPE=${type}`);
    if (link.label) params.push(`X-KITH-LABEL=${paramValue(link.label)}`);
    if (link.since) params.push(`X-KITH-SINCE=${link.since}`);
    lines.push(`RELATED;${params.join(';')}:${kithUid(link.to)}`);
  }
  if (person.updatedAt) lines.push(`REV:${person.updatedAt.replace(/[-:]/g, '').replace(/\.\d+/, '')}`);
  lines.push('END:VCARD');
  return lines.map(foldLine).join('');
}

/** The vCard 4.0 text of the people (live ones; a selection when `ids` is given), one card each. */
export function writeVCard(doc: Y.Doc, options: VCardExportOptions = {}): string {
  const linksFrom = new Map<string, Link[]>();
  for (const link of listLinks(doc)) {
    const list = linksFrom.get(link.from);
    if (list) list.push(link);
    else linksFrom.set(link.from, [link]);
  }
  const cards: string[] = [];
  eachWithProgress(exportedPeople(doc, options.ids), ([id, record]) => cards.push(card(readPerson(id, record), record, linksFrom.get(id) ?? [])), options.onProgress);
  return cards.join('');
}
