/**
 * CSV contacts: Google Contacts (the older "Name,Given Name,…" export and
 * the current "First Name,Middle Name,Last Name,…" one), Outlook, LinkedIn's
 * Connections.csv, and any other CSV through a column mapping the user
 * confirms (proposeMapping → applyMapping).
 *
 * papaparse splits the records (quoted fields with commas, doubled quotes
 * and line breaks). Around it: the bytes are decoded as UTF-8, or as
 * Windows-1252 when they are not valid UTF-8 (Excel and Outlook on Windows);
 * a byte-order mark is dropped; the header is looked for among the first
 * rows, because LinkedIn puts a "Notes:" preamble above it.
 */
import Papa from 'papaparse';
import { ImportFormatError, checkSize, type ImportWarning } from './errors';
import { decodeText } from './text';
import { parseLooseDate } from './dates';
import { emptyAddress, emptyContact, type Address, type ImportedContact, type ReadResult, type SourceKind, type TypedValue } from './contact';

export interface CsvTable {
  headers: string[];
  headerLine: number;
  rows: { line: number; cells: string[] }[];
  encoding: 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
  delimiter: string;
}

export type CsvLayout = 'google' | 'outlook' | 'linkedin' | 'generic';

/** What a column of a generic CSV holds. */
export const CSV_TARGETS = [
  'name', 'given', 'middle', 'family', 'prefix', 'suffix', 'nickname', 'email', 'phone', 'org', 'title', 'department',
  'url', 'note', 'tags', 'birthday', 'address', 'location', 'howMet', 'metOn', 'uid', 'ignore',
] as const;
export type CsvTarget = (typeof CSV_TARGETS)[number];
/** One target per column, in column order. */
export type CsvMapping = CsvTarget[];

export interface CsvReadResult extends ReadResult {
  layout: CsvLayout;
  table: CsvTable;
  /** The mapping used; for a generic CSV it is the proposal, to be confirmed by the user. */
  mapping: CsvMapping | null;
}

/** How many rows the header is looked for in (LinkedIn's preamble is three). */
const HEADER_SEARCH_ROWS = 20;
const MULTI = ' ::: ';

function decode(bytes: Uint8Array): { text: string; encoding: CsvTable['encoding'] } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeText(bytes.subarray(2), 'utf-16le').text, encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeText(bytes.subarray(2), 'utf-16be').text, encoding: 'utf-16be' };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const utf8 = decodeText(body);
  if (!utf8.problem) return { text: utf8.text, encoding: 'utf-8' };
  return { text: decodeText(body, 'windows-1252').text, encoding: 'windows-1252' };
}

function splitRows(text: string, delimiter: string): { rows: CsvTable['rows']; errors: ImportWarning[] } {
  // One parse of the whole text (papaparse's step mode is several times slower); a row's line is
  // the lines of the rows before it plus the line breaks inside their quoted cells.
  const parsed = Papa.parse<string[]>(text, { delimiter, newline: '\n' });
  const lines: number[] = [];
  let line = 1;
  for (const cells of parsed.data) {
    lines.push(line);
    line += 1;
    for (const cell of cells) for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) line++;
  }
  const rows: CsvTable['rows'] = [];
  parsed.data.forEach((cells, i) => {
    if (cells.length === 1 && cells[0]!.trim() === '') return;
    rows.push({ line: lines[i]!, cells: cells.map((cell) => cell.trim()) });
  });
  const errors = parsed.errors.map((error) => {
    const at = lines[error.row ?? 0] ?? 1;
    return { line: at, message: `Row on line ${at}: ${error.message}.` };
  });
  return { rows, errors };
}

/** Decodes the bytes and splits them into a header and rows. Throws ImportFormatError when no row looks like a header. */
export function parseCsv(bytes: Uint8Array): CsvTable & { warnings: ImportWarning[] } {
  checkSize(bytes, 'CSV');
  const decoded = decode(bytes);
  const encoding = decoded.encoding;
  // papaparse takes one kind of line end per file; exports that mix them (a CRLF file
  // with LF inside quoted notes) would otherwise merge rows.
  const text = decoded.text.replace(/\r\n?/g, '\n');
  if (text.includes('\u0000')) throw new ImportFormatError('This is not a CSV file: it holds binary data. Export the contacts as CSV and try again.');
  for (const delimiter of [',', ';', '\t']) {
    const { rows, errors } = splitRows(text, delimiter);
    const at = rows.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => row.cells.length >= 2 && looksLikeHeader(row.cells));
    if (at < 0) continue;
    const header = rows[at]!;
    const warnings: ImportWarning[] = errors.filter((error) => error.line !== null && error.line >= header.line);
    if (at > 0) warnings.unshift({ line: 1, message: `Lines 1–${header.line - 1} come before the header and were skipped.` });
    return { headers: header.cells, headerLine: header.line, rows: rows.slice(at + 1), encoding, delimiter, warnings };
  }
  throw new ImportFormatError(
    'This CSV has no header Kith recognises: none of its first rows names a column such as Name, First Name or E-mail. Add a header row, or export the contacts again with one.',
    1,
  );
}

function looksLikeHeader(cells: string[]): boolean {
  if (detectLayout(cells)) return true;
  const mapping = proposeMapping(cells);
  return mapping.some((target) => target === 'name' || target === 'given' || target === 'family') || mapping.includes('email');
}

const has = (headers: string[], ...names: string[]) => names.every((name) => headers.includes(name));

export function detectLayout(headers: string[]): Exclude<CsvLayout, 'generic'> | null {
  if (has(headers, 'First Name', 'Last Name', 'URL', 'Connected On')) return 'linkedin';
  if (headers.some((header) => /^E-mail \d+ - Value$/.test(header)) || has(headers, 'Name', 'Given Name', 'Family Name')) return 'google';
  if (has(headers, 'First Name', 'Last Name') && headers.some((header) => /^(E-mail Address|Business Phone|Mobile Phone|Home Phone)$/.test(header))) return 'outlook';
  return null;
}

/** Reads a CSV export; a generic CSV is read with the proposed mapping, for the user to confirm or change. */
export function readCsv(bytes: Uint8Array): CsvReadResult {
  const table = parseCsv(bytes);
  const layout = detectLayout(table.headers);
  if (!layout) {
    const mapping = proposeMapping(table.headers);
    const read = applyMapping(table, mapping);
    return { ...read, layout: 'generic', table, mapping, warnings: [...table.warnings, ...read.warnings] };
  }
  const source: SourceKind = `${layout}-csv`;
  const warnings = [...table.warnings];
  const contacts: ImportedContact[] = [];
  for (const row of table.rows) {
    const get = cellReader(table.headers, row.cells);
    const contact = emptyContact(source, row.line);
    if (layout === 'google') readGoogle(get, table.headers, contact);
    else if (layout === 'outlook') readOutlook(get, contact);
    else readLinkedIn(get, contact, warnings);
    contacts.push(contact);
  }
  return { contacts, warnings, errors: [], layout, table, mapping: null };
}

type Cell = (header: string) => string;

function cellReader(headers: string[], cells: string[]): Cell {
  const index = new Map<string, number>();
  headers.forEach((header, i) => {
    if (!index.has(header)) index.set(header, i);
  });
  return (header) => {
    const at = index.get(header);
    return at === undefined ? '' : (cells[at] ?? '').trim();
  };
}

const multi = (text: string) => text.split(MULTI).map((part) => part.trim()).filter(Boolean);
const typed = (value: string, type = '', label = ''): TypedValue => ({ value, types: type ? [type] : [], pref: null, label });
/** Google's types: "* Work" (built in) or a custom label. */
function googleType(text: string): { type: string; label: string } {
  const value = text.trim();
  if (value.startsWith('* ')) return { type: value.slice(2).toLowerCase(), label: '' };
  const known = ['home', 'work', 'mobile', 'other', 'main', 'pager'];
  return known.includes(value.toLowerCase()) ? { type: value.toLowerCase() === 'mobile' ? 'cell' : value.toLowerCase(), label: '' } : { type: '', label: value };
}

function readGoogle(get: Cell, headers: string[], contact: ImportedContact): void {
  const given = get('Given Name') || get('First Name');
  const middle = get('Additional Name') || get('Middle Name');
  const family = get('Family Name') || get('Last Name');
  contact.fn = get('Name') || [get('Name Prefix'), given, middle, family, get('Name Suffix')].filter(Boolean).join(' ');
  contact.n = { family: family ? [family] : [], given: given ? [given] : [], additional: middle ? [middle] : [], prefixes: multi(get('Name Prefix')), suffixes: multi(get('Name Suffix')) };
  contact.phoneticName = [get('Yomi Name') || [get('Given Name Yomi'), get('Family Name Yomi')].join(' ').trim(), [get('Phonetic First Name'), get('Phonetic Last Name')].join(' ').trim()]
    .filter(Boolean)
    .join(' ');
  contact.nicknames = multi(get('Nickname'));
  contact.notes = get('Notes') ? [get('Notes')] : [];
  const birthday = get('Birthday');
  if (birthday) contact.birthday = parseLooseDate(birthday) ?? birthday;
  contact.categories = multi(get('Group Membership') || get('Labels'));
  if (get('Organization Name') || get('Organization Title')) {
    contact.orgs.push({ name: get('Organization Name'), units: multi(get('Organization Department')) });
    if (get('Organization Title')) contact.titles.push(get('Organization Title'));
  }
  for (const n of numberedGroups(headers)) {
    const field = (group: string, part: string) => get(`${group} ${n} - ${part}`);
    const kind = (group: string) => googleType(field(group, 'Type') || field(group, 'Label'));
    for (const value of multi(field('E-mail', 'Value'))) contact.emails.push(typed(value, kind('E-mail').type, kind('E-mail').label));
    for (const value of multi(field('Phone', 'Value'))) contact.phones.push(typed(value, kind('Phone').type, kind('Phone').label));
    for (const value of multi(field('Website', 'Value'))) contact.urls.push(typed(value, kind('Website').type, kind('Website').label));
    const orgName = field('Organization', 'Name');
    if (orgName || field('Organization', 'Title')) {
      contact.orgs.push({ name: orgName, units: multi(field('Organization', 'Department')) });
      if (field('Organization', 'Title')) contact.titles.push(field('Organization', 'Title'));
    }
    const address: Address = {
      ...emptyAddress(),
      types: kind('Address').type ? [kind('Address').type] : [],
      label: kind('Address').label,
      formatted: field('Address', 'Formatted'),
      street: field('Address', 'Street'),
      locality: field('Address', 'City'),
      poBox: field('Address', 'PO Box'),
      region: field('Address', 'Region'),
      postalCode: field('Address', 'Postal Code'),
      country: field('Address', 'Country'),
      extended: field('Address', 'Extended Address'),
    };
    if (Object.values(address).some((value) => typeof value === 'string' && value)) contact.addresses.push(address);
    const relation = field('Relation', 'Value');
    if (relation) contact.related.push({ uid: '', text: relation, types: [], label: kind('Relation').label || kind('Relation').type, kith: {} });
    const event = field('Event', 'Value');
    if (event) {
      const date = parseLooseDate(event) ?? event;
      const label = kind('Event').label || kind('Event').type;
      if (/^anniversary$/i.test(label)) contact.anniversary = date;
      else contact.events.push({ label, date });
    }
  }
}

/** The n of every "E-mail n - Value", "Phone n - Type" … column, in order. */
function numberedGroups(headers: string[]): number[] {
  const numbers = new Set<number>();
  for (const header of headers) {
    const match = /^[A-Za-z-]+ (\d+) - /.exec(header);
    if (match) numbers.add(Number(match[1]));
  }
  return [...numbers].sort((a, b) => a - b);
}

const OUTLOOK_PHONES: [string, string][] = [
  ['Primary Phone', ''], ['Business Phone', 'work'], ['Business Phone 2', 'work'], ['Mobile Phone', 'cell'], ['Home Phone', 'home'], ['Home Phone 2', 'home'], ['Other Phone', 'other'], ['Company Main Phone', 'main'], ['Car Phone', 'car'], ['Pager', 'pager'],
  ['Business Fax', 'fax'], ['Home Fax', 'fax'], ['Other Fax', 'fax'], ['Assistant\'s Phone', 'assistant'],
];

function readOutlook(get: Cell, contact: ImportedContact): void {
  const part = (name: string) => (get(name) ? [get(name)] : []);
  // Outlook's "Title" is the honorific (Mr., Dr.); the job is "Job Title".
  contact.n = { family: part('Last Name'), given: part('First Name'), additional: part('Middle Name'), prefixes: part('Title'), suffixes: part('Suffix') };
  contact.fn = [get('First Name'), get('Middle Name'), get('Last Name')].filter(Boolean).join(' ');
  contact.nicknames = part('Nickname');
  if (get('Company') || get('Department')) contact.orgs.push({ name: get('Company'), units: part('Department') });
  contact.titles = part('Job Title');
  for (const header of ['E-mail Address', 'E-mail 2 Address', 'E-mail 3 Address']) if (get(header)) contact.emails.push(typed(get(header)));
  for (const [header, type] of OUTLOOK_PHONES) if (get(header)) contact.phones.push(typed(get(header), type));
  for (const header of ['Web Page', 'Personal Web Page']) if (get(header)) contact.urls.push(typed(get(header)));
  for (const [prefix, type] of [['Business', 'work'], ['Home', 'home'], ['Other', 'other']] as const) {
    const address: Address = {
      ...emptyAddress(),
      types: [type],
      street: [get(`${prefix} Street`), get(`${prefix} Street 2`), get(`${prefix} Street 3`)].filter(Boolean).join(', '),
      poBox: get(`${prefix} PO Box`),
      locality: get(`${prefix} City`),
      region: get(`${prefix} State`),
      postalCode: get(`${prefix} Postal Code`),
      country: get(`${prefix} Country/Region`) || get(`${prefix} Country`),
    };
    if (address.street || address.locality || address.postalCode || address.country) contact.addresses.push(address);
  }
  const birthday = parseLooseDate(get('Birthday'));
  if (birthday) contact.birthday = birthday;
  contact.anniversary = parseLooseDate(get('Anniversary')) ?? '';
  if (get('Notes')) contact.notes.push(get('Notes'));
  contact.categories = get('Categories').split(';').map((c) => c.trim()).filter(Boolean);
  if (get('Spouse')) contact.related.push({ uid: '', text: get('Spouse'), types: ['spouse'], label: '', kith: {} });
}

function readLinkedIn(get: Cell, contact: ImportedContact, warnings: ImportWarning[]): void {
  contact.n = { family: get('Last Name') ? [get('Last Name')] : [], given: get('First Name') ? [get('First Name')] : [], additional: [], prefixes: [], suffixes: [] };
  contact.fn = [get('First Name'), get('Last Name')].filter(Boolean).join(' ');
  if (get('Email Address')) contact.emails.push(typed(get('Email Address')));
  if (get('URL')) contact.urls.push(typed(get('URL'), '', 'LinkedIn'));
  // The profile address is the one stable key LinkedIn gives a connection.
  contact.uid = get('URL');
  if (get('Company')) contact.orgs.push({ name: get('Company'), units: [] });
  if (get('Position')) contact.titles.push(get('Position'));
  const connected = get('Connected On');
  contact.howMet = 'Connected on LinkedIn';
  if (connected) {
    const date = parseLooseDate(connected);
    if (date) contact.metOn = date;
    else warnings.push({ line: contact.line, message: `Row on line ${contact.line}: “${connected}” is not a date; the connection date was left out.` });
  }
}

// ---------------------------------------------------------------- generic CSV

/** Header words (lower case, letters and digits only) → what the column holds. */
const HEADER_WORDS: [RegExp, CsvTarget][] = [
  [/^(full|display|contact)?name$/, 'name'],
  [/^(first|given|fore)name$|^first$/, 'given'],
  [/^(middle|additional)name$/, 'middle'],
  [/^(last|family|sur)name$|^surname$|^last$/, 'family'],
  [/^(name)?prefix$|^salutation$/, 'prefix'],
  [/^(name)?suffix$/, 'suffix'],
  [/^nick(name)?$/, 'nickname'],
  [/e?mail/, 'email'],
  [/phone|mobile|^tel|^cell|^fax/, 'phone'],
  [/^(company|organi[sz]ation|org|employer|organi[sz]ationname|companyname)$/, 'org'],
  [/^(job)?title$|^position$|^role$|^occupation$/, 'title'],
  [/^department$/, 'department'],
  [/^(url|website|web|webpage|homepage|linkedin|profile|profileurl|link)\d*$/, 'url'],
  [/^notes?$|^comments?$/, 'note'],
  [/^(tags?|labels?|categories|groups?|groupmembership)$/, 'tags'],
  [/^(birthday|birthdate|dateofbirth|dob)$/, 'birthday'],
  [/address|^street$/, 'address'],
  [/^(city|location|town)$/, 'location'],
  [/^howwemet$|^howmet$/, 'howMet'],
  [/^(connectedon|met|metdate|datemet)$/, 'metOn'],
  [/^(uid|id)$/, 'uid'],
];

const SINGLE_TARGETS = new Set<CsvTarget>(['name', 'given', 'middle', 'family', 'prefix', 'suffix', 'org', 'title', 'department', 'birthday', 'location', 'howMet', 'metOn', 'uid']);

/** Proposes what each column holds from its header; a second column for a one-value target, or an unknown one, is 'ignore'. */
export function proposeMapping(headers: string[]): CsvMapping {
  const taken = new Set<CsvTarget>();
  return headers.map((header) => {
    const words = header.toLowerCase().replace(/[^a-z0-9]/g, '');
    const target = HEADER_WORDS.find(([pattern]) => pattern.test(words))?.[1] ?? 'ignore';
    if (SINGLE_TARGETS.has(target) && taken.has(target)) return 'ignore';
    taken.add(target);
    return target;
  });
}

/** Reads the rows with a mapping the user confirmed (one target per column). */
export function applyMapping(table: CsvTable, mapping: CsvMapping): ReadResult {
  if (mapping.length !== table.headers.length || mapping.some((target) => !CSV_TARGETS.includes(target))) {
    throw new ImportFormatError(`The column mapping must give one of ${CSV_TARGETS.join(', ')} for each of the ${table.headers.length} columns.`);
  }
  const warnings: ImportWarning[] = [];
  const contacts = table.rows.map((row) => {
    const contact = emptyContact('csv', row.line);
    const n = { family: [] as string[], given: [] as string[], additional: [] as string[], prefixes: [] as string[], suffixes: [] as string[] };
    mapping.forEach((target, i) => {
      const value = (row.cells[i] ?? '').trim();
      if (value) applyCell(contact, n, target, value, row.line, warnings);
    });
    if (Object.values(n).some((parts) => parts.length)) contact.n = n;
    return contact;
  });
  return { contacts, warnings, errors: [] };
}

function organisation(contact: ImportedContact): ImportedContact['orgs'][number] {
  if (!contact.orgs[0]) contact.orgs.push({ name: '', units: [] });
  return contact.orgs[0]!;
}

function applyCell(contact: ImportedContact, n: NonNullable<ImportedContact['n']>, target: CsvTarget, value: string, line: number, warnings: ImportWarning[]): void {
  const values = value.includes(MULTI) ? multi(value) : [value];
  switch (target) {
    case 'name': contact.fn = value; break;
    case 'given': n.given.push(value); break;
    case 'middle': n.additional.push(value); break;
    case 'family': n.family.push(value); break;
    case 'prefix': n.prefixes.push(value); break;
    case 'suffix': n.suffixes.push(value); break;
    case 'nickname': contact.nicknames.push(...values); break;
    case 'email': for (const v of values) contact.emails.push(typed(v)); break;
    case 'phone': for (const v of values) contact.phones.push(typed(v)); break;
    case 'url': for (const v of values) contact.urls.push(typed(v)); break;
    case 'org': organisation(contact).name = value; break;
    case 'department': organisation(contact).units.push(value); break;
    case 'title': contact.titles.push(value); break;
    case 'note': contact.notes.push(value); break;
    case 'tags': contact.categories.push(...values.flatMap((v) => v.split(/[;,]/)).map((v) => v.trim()).filter(Boolean)); break;
    case 'address': contact.addresses.push({ ...emptyAddress(), formatted: value }); break;
    case 'location': contact.kith.location = [value]; break;
    case 'howMet': contact.howMet = value; break;
    case 'uid': contact.uid = value; break;
    case 'birthday':
    case 'metOn': {
      const date = parseLooseDate(value);
      if (date) contact[target === 'birthday' ? 'birthday' : 'metOn'] = date;
      else warnings.push({ line, message: `Row on line ${line}: “${value}” is not a date; it was left out.` });
      break;
    }
    case 'ignore': break;
  }
}
