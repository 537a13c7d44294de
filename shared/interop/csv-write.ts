/**
 * CSV of the people, for spreadsheets: one row each, several values in a
 * cell joined by " ::: " as Google Contacts does. The headers are ones the
 * generic CSV reader maps back by itself (Name, Email, Phone, …). The JSON
 * backup, not this, is the lossless copy.
 */
import Papa from 'papaparse';
import type * as Y from 'yjs';
import { readPerson, type Person } from '../doc/people';
import { eachWithProgress, exportedPeople, kithUid, type VCardExportOptions } from './vcard-write';

const JOIN = ' ::: ';
/**
 * A cell starting with = or @ is a formula to Excel and LibreOffice (CSV
 * injection): papaparse prefixes such cells with '. Not + or -, which start
 * phone numbers.
 */
const FORMULA = /^[=@\t\r]/;

const COLUMNS: [string, (person: Person) => string][] = [
  ['Name', (p) => p.name],
  ['Organisation', (p) => p.org],
  ['Title', (p) => p.role],
  ['Function', (p) => p.function],
  ['Email', (p) => p.emails.join(JOIN)],
  ['Phone', (p) => p.phones.join(JOIN)],
  ['Website', (p) => p.links.join(JOIN)],
  ['Address', (p) => p.addresses.join(JOIN)],
  ['Location', (p) => p.location],
  ['Birthday', (p) => p.birthday],
  ['Tags', (p) => p.tags.join(JOIN)],
  ['Interests', (p) => p.interests.join(JOIN)],
  ['Expertise', (p) => p.expertise.join(JOIN)],
  ['Schools', (p) => p.schools.join(JOIN)],
  ['Hometown', (p) => p.hometown],
  ['Past organisations', (p) => p.pastOrgs.join(JOIN)],
  ['Family', (p) => p.family],
  ['How we met', (p) => p.howMet],
  ['Closeness', (p) => p.tier],
  ['Keep in touch every (days)', (p) => (p.cadenceDays === null ? '' : String(p.cadenceDays))],
  ['Notes', (p) => p.about],
  ['Details', (p) => p.details.join(JOIN)],
  ['ID', (p) => kithUid(p.id)],
];

/** The people (live ones; a selection when `ids` is given) as CSV text with a header row and CRLF line ends. */
export function writeCsv(doc: Y.Doc, options: VCardExportOptions = {}): string {
  const rows: string[][] = [];
  eachWithProgress(
    exportedPeople(doc, options.ids),
    ([id, record]) => {
      const person = readPerson(id, record);
      rows.push(COLUMNS.map(([, value]) => value(person)));
    },
    options.onProgress,
  );
  return `${Papa.unparse({ fields: COLUMNS.map(([header]) => header), data: rows }, { newline: '\r\n', quotes: false, escapeFormulae: FORMULA })}\r\n`;
}
