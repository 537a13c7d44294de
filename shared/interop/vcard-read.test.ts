import { describe, expect, it } from 'vitest';
import { toPersonInput } from './to-person';
import { readVCard } from './vcard-read';
import { ImportFormatError, tooLarge } from './errors';
import { readCsv } from './csv-read';
import { displayName } from './contact';
import { encodeUtf8 } from 'lib0/string';

const utf8 = (text: string) => encodeUtf8(text);
/** A card from lines joined with CRLF (RFC 6350 §3.2's line ending). */
const card = (...lines: string[]) => utf8(['BEGIN:VCARD', ...lines, 'END:VCARD', ''].join('\r\n'));
const one = (bytes: Uint8Array) => {
  const result = readVCard(bytes);
  expect(result.contacts).toHaveLength(1);
  return result.contacts[0]!;
};
const bytesOf = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...utf8(part)] : part)));

describe('line folding (RFC 6350 §3.2, RFC 2425 §5.8.1)', () => {
  it('unfolds CRLF followed by one space, removing only that space', () => {
    const contact = one(card('VERSION:4.0', 'FN:Ada', 'NOTE:first part', '  and the second', 'ADR;TYPE=work:;Suite 1;2 Main St;', ' Quebec;QC;;Canada'));
    expect(contact.notes).toEqual(['first part and the second']);
    expect(contact.addresses[0]).toMatchObject({ extended: 'Suite 1', street: '2 Main St', locality: 'Quebec', region: 'QC', country: 'Canada' });
  });

  it('unfolds bare LF lines and a tab continuation', () => {
    const contact = one(utf8('BEGIN:VCARD\nVERSION:3.0\nFN:Ada Love\n\tlace\nEND:VCARD\n'));
    expect(contact.fn).toBe('Ada Lovelace');
  });

  it('reads a file whose line endings are mixed (CRLF on properties, LF inside a folded photo), as Apple writes', () => {
    const photo = 'PHOTO;BASE64:\r\n  /9j/4AAQ\n  SkZJRg==\r\n';
    const contact = one(utf8(`BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Apple\r\n${photo}EMAIL:a@b.ch\r\nEND:VCARD\r\n`));
    expect(contact.photo?.data).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]));
    expect(contact.photo?.mediaType).toBe('image/jpeg');
    expect(contact.emails[0]?.value).toBe('a@b.ch');
  });

  it('reads a bare CR as a line end', () => {
    expect(one(utf8('BEGIN:VCARD\rVERSION:3.0\rFN:Old Mac\rEND:VCARD\r')).fn).toBe('Old Mac');
  });
});

describe('QUOTED-PRINTABLE (vCard 2.1 §2.1.5, RFC 2045 §6.7)', () => {
  it('joins a soft line break and decodes =0D=0A into a line break', () => {
    const contact = one(card('VERSION:2.1', 'FN:Jo', 'NOTE;ENCODING=QUOTED-PRINTABLE:One=0D=0ATwo=', ' and three'));
    expect(contact.notes).toEqual(['One\r\nTwo and three']);
  });

  it('keeps a soft break that falls inside =0D=0A (RFC 2045 §6.7 rule 5: the = ends the line, not the octet)', () => {
    const contact = one(card('VERSION:2.1', 'FN:Jo', 'NOTE;ENCODING=QUOTED-PRINTABLE:last line=0D=', '=0A'));
    expect(contact.notes).toEqual(['last line\r\n']);
  });

  it('continues onto a line that starts with # (a soft break joins whatever follows, so it is no comment)', () => {
    const result = readVCard(card('VERSION:2.1', 'FN:Call', '# not vCard', 'NOTE;ENCODING=QUOTED-PRINTABLE:sharp ->=', '#<- sharp', '# not vCard either'));
    expect(result.contacts[0]!.notes).toEqual(['sharp ->#<- sharp']);
    expect(result.warnings.map((w) => w.line)).toEqual([4, 7]);
    expect(result.warnings[0]!.message).toContain('Line 4 is not a vCard property (“# not vCard”)');
  });

  it('ends the value at a soft break followed by an empty line', () => {
    const contact = one(card('VERSION:2.1', 'FN:Jo', 'ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=C3=91=', '', 'TITLE:Boss'));
    expect(contact.orgs[0]?.name).toBe('ÑÑ');
    expect(contact.titles).toEqual(['Boss']);
  });

  it('does not take the = of base64 padding for a soft break', () => {
    const contact = one(card('VERSION:2.1', 'FN:Jo', 'PHOTO;ENCODING=BASE64;JPEG:/9j/4A==', 'TEL:123456789'));
    expect(contact.phones.map((p) => p.value)).toEqual(['123456789']);
    expect(contact.photo?.mediaType).toBe('image/jpeg');
  });

  it('accepts the bare 2.1 parameter QUOTED-PRINTABLE and a lower-case hex octet', () => {
    expect(one(card('VERSION:2.1', 'FN;QUOTED-PRINTABLE;CHARSET=UTF-8:Z=c3=bc', '')).fn).toBe('Zü');
  });
});

describe('CHARSET (vCard 2.1 §2.1.6; decoded with TextDecoder)', () => {
  it('decodes UTF-8 quoted-printable', () => {
    expect(one(card('VERSION:2.1', 'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=20=C3=91')).fn).toBe('Ñ Ñ');
  });

  it('decodes Windows-1252, raw and quoted-printable', () => {
    const bytes = bytesOf('BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=WINDOWS-1252:Ren', [0xe9], ' M', [0x9c], 'ller\r\n', 'NOTE;CHARSET=windows-1252;ENCODING=QUOTED-PRINTABLE:=80 5\r\nEND:VCARD\r\n');
    const contact = one(bytes);
    expect(contact.fn).toBe('René Mœller');
    expect(contact.notes).toEqual(['€ 5']);
  });

  it('decodes raw 8-bit Shift_JIS and Shift_JIS quoted-printable split by soft breaks', () => {
    // 安藤 in Shift_JIS is 88 C0 93 A1; メモ is 83 81 83 82.
    const bytes = bytesOf('BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=SHIFT_JIS:', [0x88, 0xc0, 0x93, 0xa1], ';Ando\r\n', 'NOTE;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:=83=81=\r\n=83=82\r\nEND:VCARD\r\n');
    const contact = one(bytes);
    expect(contact.n?.family).toEqual(['安藤']);
    expect(contact.notes).toEqual(['メモ']);
  });

  it('replaces invalid UTF-8 with U+FFFD and warns with the line, leaving other values intact', () => {
    const result = readVCard(card('VERSION:2.1', 'FN:Henry', 'ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=', '=80', 'TITLE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91'));
    expect(result.contacts[0]!.orgs[0]!.name).toBe('Ñ\uFFFD');
    expect(result.contacts[0]!.titles).toEqual(['Ñ']);
    expect(result.warnings).toEqual([{ line: 4, message: 'Line 4 (ORG): bytes that are not valid UTF-8 were replaced by �.' }]);
  });

  it('reads an unknown charset as UTF-8 with a warning', () => {
    const result = readVCard(card('VERSION:2.1', 'FN;CHARSET=X-MADE-UP:Zoë'));
    expect(result.contacts[0]!.fn).toBe('Zoë');
    expect(result.warnings[0]!.message).toContain('X-MADE-UP is unknown');
  });

  it('skips a UTF-8 byte-order mark', () => {
    expect(one(bytesOf([0xef, 0xbb, 0xbf], 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bom\r\nEND:VCARD\r\n')).fn).toBe('Bom');
  });
});

describe('escapes (RFC 6350 §3.4, RFC 2426 §4, vCard 2.1 §2.1.3)', () => {
  it('unescapes \\, \\; \\n and \\\\ in 3.0 and 4.0 text', () => {
    const contact = one(card('VERSION:4.0', 'FN:Ada', 'NOTE:a\\, b\\; c\\nd\\\\e\\Nf', 'TITLE:Lead\\, Platform'));
    expect(contact.notes).toEqual(['a, b; c\nd\\e\nf']);
    expect(contact.titles).toEqual(['Lead, Platform']);
  });

  it('splits N and ADR components at ; and their lists at , but not at escaped ones', () => {
    const contact = one(card('VERSION:4.0', 'FN:Simon', 'N:Perreault;Simon;;;ing. jr,M.Sc.', 'ADR:;;1\\, rue A\\;B;Paris;;;'));
    expect(contact.n).toEqual({ family: ['Perreault'], given: ['Simon'], additional: [], prefixes: [], suffixes: ['ing. jr', 'M.Sc.'] });
    expect(contact.addresses[0]!.street).toBe('1, rue A;B');
  });

  it('keeps 2.1 commas as text (ORG "Company, The") and 2.1 \\n as written', () => {
    const contact = one(card('VERSION:2.1', 'FN:John', 'ORG:Company, The;TheDepartment', 'NOTE:C:\\new'));
    expect(contact.orgs).toEqual([{ name: 'Company, The', units: ['TheDepartment'] }]);
    expect(contact.notes).toEqual(['C:\\new']);
  });

  it('drops the backslash Apple writes in http\\://', () => {
    expect(one(card('VERSION:3.0', 'FN:Apple', 'item2.URL;type=pref:http\\://www.apple.ch')).urls[0]!.value).toBe('http://www.apple.ch');
  });
});

describe('parameters (RFC 6350 §5, RFC 6868)', () => {
  it('keeps a ; inside a quoted SORT-AS value', () => {
    const contact = one(card('VERSION:4.0', 'FN:安藤 ロイド', 'N;SORT-AS="あんどう;ろいど":安藤;ロイド;;;', 'ORG;TYPE=WORK;SORT-AS="ぐーぐる;けんさく":グーグル;検索部門'));
    expect(contact.n?.family).toEqual(['安藤']);
    expect(contact.n?.given).toEqual(['ロイド']);
    expect(contact.phoneticName).toBe('あんどう ろいど');
    expect(contact.orgs).toEqual([{ name: 'グーグル', units: ['検索部門'] }]);
  });

  it('reads TYPE lists, quoted TYPE lists, PREF=1, TYPE=pref and bare 2.1 types', () => {
    const contact = one(
      card('VERSION:4.0', 'FN:S', 'TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-418-656-9254;ext=102', 'TEL;TYPE=cell,text:tel:+1-418-262-6501', 'EMAIL;TYPE=INTERNET;TYPE=pref:s@v.ca'),
    );
    expect(contact.phones).toEqual([
      { value: '+1-418-656-9254 ext. 102', types: ['work', 'voice'], pref: 1, label: '' },
      { value: '+1-418-262-6501', types: ['cell', 'text'], pref: null, label: '' },
    ]);
    expect(contact.emails).toEqual([{ value: 's@v.ca', types: [], pref: 1, label: '' }]);
    expect(one(card('VERSION:2.1', 'FN:J', 'TEL;WORK;FAX:123')).phones[0]!.types).toEqual(['work', 'fax']);
  });

  it('decodes RFC 6868 caret escapes in parameter values', () => {
    const contact = one(card('VERSION:4.0', 'FN:A', 'ADR;LABEL="Main St^nSpringfield":;;Main St;Springfield;;;'));
    expect(contact.addresses[0]!.formatted).toBe('Main St\nSpringfield');
  });
});

describe('cards and their properties', () => {
  it('reads BEGIN:vCard in mixed case (RFC 6350 §3.3: names are case-insensitive)', () => {
    expect(one(utf8('begin:vCard\r\nVERSION:2.1\r\nFN:Mixed\r\nEnd:VCard\r\n')).fn).toBe('Mixed');
  });

  it('reads many cards per file, each with its line', () => {
    const text = ['Ada', 'Grace', 'Linus'].map((name) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${name}\r\nEND:VCARD`).join('\r\n');
    const result = readVCard(utf8(text));
    expect(result.contacts.map((c) => [c.fn, c.line])).toEqual([['Ada', 1], ['Grace', 5], ['Linus', 9]]);
  });

  it('warns about a line outside any card, naming it, and still reads the cards', () => {
    const result = readVCard(utf8('ENCODING:UTF-8\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:alex spass\r\nEND:VCARD\r\n'));
    expect(result.contacts.map((c) => c.fn)).toEqual(['alex spass']);
    expect(result.warnings).toEqual([{ line: 1, message: 'Line 1 is outside any card (“ENCODING:UTF-8”); it was ignored.' }]);
  });

  it('keeps a card with no N or FN, named by its email, with a warning; two such cards stay two', () => {
    const text = 'BEGIN:VCARD\r\nVERSION:2.1\r\nEMAIL;PREF:john@co.com\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nEMAIL;PREF:jane@co.com\r\nEND:VCARD\r\n';
    const result = readVCard(utf8(text));
    expect(result.contacts.map((c) => displayName(c))).toEqual([
      { name: 'john@co.com', from: 'email' },
      { name: 'jane@co.com', from: 'email' },
    ]);
    expect(result.warnings.map((w) => w.message)).toEqual([
      'The card that begins on line 1 has no name; it is named by its email john@co.com.',
      'The card that begins on line 5 has no name; it is named by its email jane@co.com.',
    ]);
  });

  it('flags a card with nothing to name it by, and keeps it', () => {
    const result = readVCard(card('VERSION:3.0', 'NOTE:who?'));
    expect(result.contacts).toHaveLength(1);
    expect(displayName(result.contacts[0]!).from).toBe('none');
    expect(result.warnings[0]!.message).toContain('has no name, email or phone');
  });

  it('reports a truncated last card with its line and keeps the earlier cards', () => {
    const result = readVCard(utf8('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Whole\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut'));
    expect(result.contacts.map((c) => c.fn)).toEqual(['Whole']);
    expect(result.errors).toEqual([
      { line: 5, message: 'The card that begins on line 5 has no END:VCARD before the file ends: the file may be cut short. It was left out.' },
    ]);
  });

  it('reports a card that a new BEGIN interrupts', () => {
    const result = readVCard(utf8('BEGIN:VCARD\r\nFN:Open\r\nBEGIN:VCARD\r\nFN:Next\r\nEND:VCARD\r\n'));
    expect(result.contacts.map((c) => c.fn)).toEqual(['Next']);
    expect(result.errors[0]).toEqual({ line: 1, message: 'The card that begins on line 1 has no END:VCARD before the next card begins on line 3. It was left out.' });
  });

  it('keeps the card around a 2.1 AGENT card (vCard 2.1 §2.5.4), leaving out the agent', () => {
    const result = readVCard(utf8('BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Boss\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nFN:Assistant\r\nEND:VCARD\r\nTEL:555 0100\r\nEND:VCARD\r\n'));
    expect(result.contacts.map((c) => [c.fn, c.phones.length])).toEqual([['Boss', 1]]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([{ line: 5, message: 'Line 5: the card of an AGENT was left out.' }]);
  });

  it('refuses a 200 MB file from its size alone, with a sentence naming the size and the limit', () => {
    const MB = 1024 * 1024;
    expect(tooLarge(200 * MB)).toBe('This file is 200 MB; Kith imports files of up to 100 MB. Export fewer contacts at a time, or without photos.');
    expect(tooLarge(100 * MB)).toBeNull();
    // Never written to, so this costs no memory; the size check comes before any byte is looked at.
    const huge = new Uint8Array(200 * MB);
    expect(() => readVCard(huge)).toThrow(new ImportFormatError('This file is 200 MB; Kith imports vCard files of up to 100 MB. Export fewer contacts at a time, or without photos.'));
    expect(() => readCsv(huge)).toThrow('Kith imports CSV files of up to 100 MB');
  });

  it('refuses an empty file, random bytes and a file of only a cut-off card with ImportFormatError', () => {
    expect(() => readVCard(new Uint8Array())).toThrow(ImportFormatError);
    expect(() => readVCard(utf8(' \r\n'))).toThrow('The vCard file is empty');
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    expect(() => readVCard(random)).toThrow('This is not a vCard file: it has no BEGIN:VCARD line');
    try {
      readVCard(utf8('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ImportFormatError);
      expect((error as ImportFormatError).line).toBe(1);
    }
  });

  it('reads around a line of 300,000 name characters, and a property 300,000 bytes long', () => {
    const long = 'X'.repeat(300_000);
    const result = readVCard(card('VERSION:3.0', 'FN:Long', `${long}:value`, `NOTE;X-P="${long}":${long}`));
    expect(result.contacts[0]!.fn).toBe('Long');
    expect(result.contacts[0]!.notes[0]!.length).toBe(300_000);
  });

  it('reads every EMAIL, TEL, URL and ADR, not only the first', () => {
    const contact = one(card('VERSION:3.0', 'FN:M', 'EMAIL:a@x.de', 'EMAIL;TYPE=HOME:b@x.de', 'TEL:1', 'TEL:2', 'URL:http://a', 'URL:http://b', 'ADR:;;A;;;;', 'ADR:;;B;;;;'));
    expect([contact.emails.length, contact.phones.length, contact.urls.length, contact.addresses.length]).toEqual([2, 2, 2, 2]);
  });

  it('applies an X-ABLabel to the property of its group (RFC 6350 §3.3 group)', () => {
    const contact = one(card('VERSION:3.0', 'FN:A', 'item1.EMAIL:a@x.com', 'item1.X-ABLabel:_$!<Other>!$_', 'item2.TEL:555 0100', 'item2.X-ABLabel:Boat', 'EMAIL:b@x.com'));
    expect(contact.emails.map((e) => e.label)).toEqual(['Other', '']);
    expect(contact.phones[0]!.label).toBe('Boat');
  });

  it('reads ORG with units, TITLE, ROLE, NICKNAME lists and CATEGORIES', () => {
    const contact = one(card('VERSION:3.0', 'FN:A', 'ORG:ABC\\, Inc.;North American Division;Marketing', 'TITLE:Director', 'ROLE:Programmer', 'NICKNAME:Jim,Jimmie', 'CATEGORIES:friends,work,friends'));
    expect(contact.orgs).toEqual([{ name: 'ABC, Inc.', units: ['North American Division', 'Marketing'] }]);
    expect([contact.titles, contact.roles, contact.nicknames, contact.categories]).toEqual([['Director'], ['Programmer'], ['Jim', 'Jimmie'], ['friends', 'work']]);
  });

  it('reads BDAY with and without a year and ANNIVERSARY with a time (RFC 6350 §6.2.5, §6.2.6, §4.3)', () => {
    expect(one(card('VERSION:2.1', 'FN:A', 'BDAY:19800321')).birthday).toBe('1980-03-21');
    expect(one(card('VERSION:4.0', 'FN:A', 'BDAY:--0203', 'ANNIVERSARY:20090808T1430-0500'))).toMatchObject({ birthday: '--02-03', anniversary: '2009-08-08T14:30-05:00' });
    expect(one(card('VERSION:3.0', 'FN:A', 'BDAY;X-APPLE-OMIT-YEAR=1604:1604-11-05')).birthday).toBe('--11-05');
    const bad = readVCard(card('VERSION:3.0', 'FN:A', 'BDAY:someday'));
    expect(bad.contacts[0]!.birthday).toBe('');
    expect(bad.warnings[0]!.message).toBe('Line 4 (BDAY): “someday” is not a date; the birthday was left out.');
  });

  it('reads a photo inline (base64, data: URI) or by URI, and drops a damaged one with a warning, keeping the card', () => {
    expect(one(card('VERSION:4.0', 'FN:A', 'PHOTO:data:image/png;base64,iVBORw0K')).photo).toEqual({ data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), uri: '', mediaType: 'image/png' });
    expect(one(card('VERSION:4.0', 'FN:A', 'PHOTO:http://example.com/a.jpg')).photo).toEqual({ data: null, uri: 'http://example.com/a.jpg', mediaType: '' });
    // Five base64 characters leave one that makes no byte: strict decoders refuse it.
    const damaged = readVCard(card('VERSION:2.1', 'FN:A', 'PHOTO;ENCODING=BASE64;JPEG:/9j/4', '', 'TEL:1234567'));
    expect(damaged.contacts[0]!.photo).toBeNull();
    expect(damaged.contacts[0]!.phones).toHaveLength(1);
    expect(damaged.warnings[0]!.message).toContain('the photo is damaged');
  });

  it('reads RELATED by UID or by text, with Kith link parameters', () => {
    const contact = one(
      card('VERSION:4.0', 'FN:A', 'RELATED;TYPE=friend:urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6', 'RELATED;TYPE=spouse;VALUE=text:Jane Doe', 'RELATED;X-KITH-KIND=works-with;X-KITH-STRENGTH=4:urn:kith:person:abc'),
    );
    expect(contact.related).toEqual([
      { uid: 'urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6', text: '', types: ['friend'], label: '', kith: {} },
      { uid: '', text: 'Jane Doe', types: ['spouse'], label: '', kith: {} },
      { uid: 'urn:kith:person:abc', text: '', types: [], label: '', kith: { kind: 'works-with', strength: '4' } },
    ]);
  });

  it('reads UID, KIND, X-ABShowAs and X-KITH-* properties, and lists what has no place in Kith', () => {
    const contact = one(card('VERSION:4.0', 'KIND:org', 'FN:Viagenie', 'UID:urn:uuid:1', 'X-KITH-HOMETOWN:Lyon', 'X-KITH-INTEREST:chess', 'X-KITH-INTEREST:go', 'GEO:geo:1,2', 'KEY:http://x'));
    expect(contact).toMatchObject({ kind: 'org', uid: 'urn:uuid:1', kith: { hometown: ['Lyon'], interest: ['chess', 'go'] }, ignored: ['GEO', 'KEY'] });
    expect(one(card('VERSION:3.0', 'N:;;;;', 'FN:Apple AG', 'X-ABShowAs:COMPANY')).kind).toBe('org');
  });

  it('reads the phonetic name of SOUND;X-IRMC-N without taking it for the name', () => {
    const contact = one(card('VERSION:2.1', 'N:Ando;Roid;;;', 'SOUND;X-IRMC-N:ando;roid;;;'));
    expect(contact.phoneticName).toBe('ando roid');
    expect(displayName(contact)).toEqual({ name: 'Roid Ando', from: 'n' });
  });

  it('keeps LANG (RFC 6350 §6.4.4) with its PREF, and the person lists the languages most preferred first', () => {
    const contact = one(card('VERSION:4.0', 'FN:Inès Marchetti', 'LANG;TYPE=work;PREF=2:en', 'LANG;TYPE=work;PREF=1:fr', 'LANG:it'));
    expect(contact.languages.map((language) => [language.value, language.pref])).toEqual([['en', 2], ['fr', 1], ['it', null]]);
    expect(contact.ignored).not.toContain('LANG');
    expect(toPersonInput(contact, '2026-12-03T09:00:00.000Z').input!.details).toEqual(['Languages: fr, en, it']);
  });

});
