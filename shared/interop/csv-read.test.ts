import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from 'lib0/string';
import { applyMapping, parseCsv, proposeMapping, readCsv } from './csv-read';
import { ImportFormatError } from './errors';
import { toPersonInput } from './to-person';

const csv = (text: string) => encodeUtf8(text);
const AT = '2026-12-03T09:00:00.000Z';

const GOOGLE_LEGACY_HEADER =
  'Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Nickname,Birthday,Notes,Group Membership,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Address 1 - Type,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Organization 1 - Type,Organization 1 - Name,Organization 1 - Title,Website 1 - Type,Website 1 - Value';
const GOOGLE_HEADER =
  'First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - Postal Code,Address 1 - Country,Relation 1 - Label,Relation 1 - Value,Event 1 - Label,Event 1 - Value';

describe('Google Contacts CSV', () => {
  it('reads the older "Name,Given Name,…" export: multi-values joined by " ::: ", "* My Contacts" is no tag, a quoted address with a line break stays in its row', () => {
    const text = [
      GOOGLE_LEGACY_HEADER,
      'Axel Gert,Axel,,Gert,,,,,,,,1980-03-21,rutan,customers ::: * My Contacts,* Work,axel@work.example ::: axel@old.example,* Home,axel@home.example,Mobile,+49 30 1234567,Home,"Ring 22\r\nWinsen",Ring 22,Winsen,,,21423,Germany,,Gert GmbH,Founder,,www.gert.example',
      'Bus Winsen,Bus,,Winsen,,,,,,,,,,* My Contacts,,,,,Home,021224351809,,,,,,,,,,,,,',
    ].join('\r\n');
    const result = readCsv(csv(text));
    expect(result.layout).toBe('google');
    expect(result.contacts.map((c) => [c.fn, c.line])).toEqual([['Axel Gert', 2], ['Bus Winsen', 4]]);
    const axel = result.contacts[0]!;
    expect(axel.emails.map((e) => [e.value, e.types])).toEqual([['axel@work.example', ['work']], ['axel@old.example', ['work']], ['axel@home.example', ['home']]]);
    expect(axel.addresses[0]).toMatchObject({ street: 'Ring 22', locality: 'Winsen', postalCode: '21423', formatted: 'Ring 22\nWinsen' });
    const input = toPersonInput(axel, AT).input!;
    expect(input).toMatchObject({ name: 'Axel Gert', org: 'Gert GmbH', role: 'Founder', tags: ['customers'], about: 'rutan', birthday: '1980-03-21', links: ['http://www.gert.example'] });
    expect(input.emails).toEqual(['axel@work.example', 'axel@old.example', 'axel@home.example']);
    expect(input.addresses).toEqual(['Ring 22, Winsen 21423, Germany']);
  });

  it('reads the current "First Name,Middle Name,Last Name,…" export with labels, relations and events', () => {
    const text = `${GOOGLE_HEADER}\nAda,,Lovelace,,,,,,,,Analytical Engines,Engineer,Research,--12-10,,,* myContacts ::: Friends,Work,ada@engines.example,Mobile,+44 20 7946 0001,,,,,,,Spouse,William King,Anniversary,1835-07-08\n`;
    const [ada] = readCsv(csv(text)).contacts;
    expect(ada).toMatchObject({ fn: 'Ada Lovelace', birthday: '--12-10', categories: ['* myContacts', 'Friends'], anniversary: '1835-07-08' });
    expect(toPersonInput(ada!, AT).input).toMatchObject({
      name: 'Ada Lovelace',
      org: 'Analytical Engines',
      tags: ['Friends'],
      phones: ['+44 20 7946 0001'],
      details: ['Department: Research', 'Mobile: +44 20 7946 0001', 'Anniversary: 1835-07-08', 'Spouse: William King'],
    });
  });
});

describe('Outlook CSV', () => {
  it('reads names, "E-mail Address", phones by kind, business address, and takes "Title" for the honorific', () => {
    const text = [
      '"First Name","Middle Name","Last Name","Title","Suffix","E-mail Address","E-mail 2 Address","Business Phone","Mobile Phone","Job Title","Company","Department","Business Street","Business City","Business State","Business Postal Code","Business Country/Region","Birthday","Categories","Notes"',
      '"John","Q","Doe","Mr.","III","jdoe@example.com","","+1 512 555 0100","+1 512 555 0101","Manager","Company, The","Sales","123 Main St","Austin","TX","78701","United States","3/21/1980","Clients;Texas","Met at ""the"" fair"',
    ].join('\r\n');
    const result = readCsv(csv(text));
    expect(result.layout).toBe('outlook');
    const john = result.contacts[0]!;
    expect(john.n).toEqual({ family: ['Doe'], given: ['John'], additional: ['Q'], prefixes: ['Mr.'], suffixes: ['III'] });
    expect(toPersonInput(john, AT).input).toMatchObject({
      name: 'John Q Doe',
      org: 'Company, The',
      role: 'Manager',
      emails: ['jdoe@example.com'],
      phones: ['+1 512 555 0100', '+1 512 555 0101'],
      birthday: '1980-03-21',
      tags: ['Clients', 'Texas'],
      about: 'Met at "the" fair',
      addresses: ['123 Main St, Austin, TX 78701, United States'],
    });
  });
});

describe('LinkedIn Connections.csv', () => {
  const LINKEDIN = [
    'Notes:',
    '"When exporting your connection data, you may notice that some of the email addresses are missing. ""Why?"" See our help."',
    '',
    'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
    'Ada,Lovelace,https://www.linkedin.com/in/ada,,"Engines, Analytical Inc",Engineer,14 Mar 2023',
    'Jane,"O\'Doe ""JD""",https://www.linkedin.com/in/jane,jane@example.com,Stripe,Product Manager,01 Jan 2024',
    '',
  ].join('\n');

  it('skips the "Notes:" preamble (with a warning), reads quoted commas and doubled quotes, empty emails and "DD Mon YYYY" dates', () => {
    const result = readCsv(csv(LINKEDIN));
    expect(result.layout).toBe('linkedin');
    expect(result.table.headerLine).toBe(4);
    expect(result.warnings).toEqual([{ line: 1, message: 'Lines 1–3 come before the header and were skipped.' }]);
    expect(result.contacts.map((c) => [c.fn, c.orgs[0]?.name, c.emails.length, c.metOn, c.uid])).toEqual([
      ['Ada Lovelace', 'Engines, Analytical Inc', 0, '2023-03-14', 'https://www.linkedin.com/in/ada'],
      ['Jane O\'Doe "JD"', 'Stripe', 1, '2024-01-01', 'https://www.linkedin.com/in/jane'],
    ]);
    expect(toPersonInput(result.contacts[0]!, AT).input).toMatchObject({ howMet: 'Connected on LinkedIn on 2023-03-14', role: 'Engineer', links: ['https://www.linkedin.com/in/ada'] });
  });

  it('warns about a "Connected On" that is not a date and keeps the row', () => {
    const result = readCsv(csv('First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,L,,,,,sometime\n'));
    expect(result.contacts).toHaveLength(1);
    expect(result.warnings).toEqual([{ line: 2, message: 'Row on line 2: “sometime” is not a date; the connection date was left out.' }]);
  });
});

describe('encodings and line ends', () => {
  it('drops a byte-order mark and reads CRLF and LF alike', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...csv('Name,E-mail\r\nZoë,zoe@example.com\nÅsa,asa@example.com\r\n')]);
    const result = readCsv(withBom);
    expect(result.table.headers).toEqual(['Name', 'E-mail']);
    expect(result.contacts.map((c) => c.fn)).toEqual(['Zoë', 'Åsa']);
  });

  it('falls back to Windows-1252 when the bytes are not valid UTF-8', () => {
    const bytes = new Uint8Array([...csv('Name,Company\r\nRen'), 0xe9, ...csv(' M'), 0x9c, ...csv('ller,Caf'), 0xe9, ...csv(' '), 0x80, ...csv('\r\n')]);
    const table = parseCsv(bytes);
    expect(table.encoding).toBe('windows-1252');
    expect(table.rows[0]!.cells).toEqual(['René Mœller', 'Café €']);
  });

  it('reads UTF-16 with its byte-order mark (Outlook\'s "Unicode" CSV)', () => {
    const text = 'Name,Email\r\nJosé,jose@example.com\r\n';
    const bytes = new Uint8Array([0xff, 0xfe, ...[...text].flatMap((char) => [char.charCodeAt(0) & 0xff, char.charCodeAt(0) >> 8])]);
    expect(readCsv(bytes).contacts[0]!.fn).toBe('José');
  });

  it('keeps a quoted field with line breaks in one record and numbers rows by their first line', () => {
    const result = readCsv(csv('Name,Notes\n"Ada","line one\nline two\nline three"\nGrace,x\n'));
    expect(result.contacts.map((c) => [c.fn, c.notes[0], c.line])).toEqual([['Ada', 'line one\nline two\nline three', 2], ['Grace', 'x', 5]]);
  });

  it('reads semicolon-separated files (Excel in much of Europe)', () => {
    expect(readCsv(csv('Vorname;Nachname;E-Mail\nJan;Gerber;jan@example.de\n')).contacts[0]!.emails[0]!.value).toBe('jan@example.de');
  });
});

describe('a generic CSV: a proposed mapping the user confirms', () => {
  it('proposes a mapping from the header names', () => {
    expect(proposeMapping(['Full name', 'Work email', 'Email 2', 'Mobile', 'Employer', 'Job title', 'City', 'Tags', 'Favourite colour', 'Full Name'])).toEqual([
      'name', 'email', 'email', 'phone', 'org', 'title', 'location', 'tags', 'ignore', 'ignore',
    ]);
  });

  it('reads with the proposal, and again with the mapping the user confirmed', () => {
    const text = 'Who,Mail,Where,Colour\nAda Lovelace,ada@example.com,London,blue\n';
    const result = readCsv(csv(text));
    expect(result.layout).toBe('generic');
    expect(result.mapping).toEqual(['ignore', 'email', 'ignore', 'ignore']);
    expect(toPersonInput(result.contacts[0]!, AT).input!.name).toBe('ada@example.com');
    const confirmed = applyMapping(result.table, ['name', 'email', 'location', 'tags']);
    expect(toPersonInput(confirmed.contacts[0]!, AT).input).toMatchObject({ name: 'Ada Lovelace', emails: ['ada@example.com'], location: 'London', tags: ['blue'] });
  });

  it('refuses a mapping that does not fit the columns', () => {
    const { table } = readCsv(csv('Name,Email\nA,a@example.com\n'));
    expect(() => applyMapping(table, ['name'])).toThrow(ImportFormatError);
  });
});

describe('bad input', () => {
  it('refuses a CSV with no recognisable header, naming the problem', () => {
    expect(() => readCsv(csv('1,2,3\n4,5,6\n'))).toThrow('This CSV has no header Kith recognises');
  });

  it('refuses an empty file and a binary one', () => {
    expect(() => readCsv(new Uint8Array())).toThrow('The CSV file is empty');
    expect(() => readCsv(new Uint8Array([0x4e, 0x61, 0x6d, 0x65, 0x00, 0x01, 0x02]))).toThrow('This is not a CSV file');
  });

  it('reports an unclosed quote with its line and keeps the rows before it', () => {
    const result = readCsv(csv('Name,Email\nAda,ada@example.com\n"Grace,grace@example.com\n'));
    expect(result.contacts[0]!.fn).toBe('Ada');
    expect(result.warnings.some((warning) => warning.line === 3 && /quote/i.test(warning.message))).toBe(true);
  });
});
