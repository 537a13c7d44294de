/**
 * The readers over real files from other projects' test suites, checked
 * against what their README says a correct import gives. The files are not
 * in this repository (they are other projects' files); this test runs where
 * the folder exists and says it is skipped elsewhere (CI).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readVCard } from './vcard-read';
import { readCsv } from './csv-read';
import { displayName, type ImportedContact } from './contact';
import { toPersonInput } from './to-person';
import { applyImport, planImport } from './plan';

const DIR = process.env.KITH_INTEROP_SAMPLES ?? '/work/shared/interop-samples';
const present = existsSync(join(DIR, 'README.md'));
const bytes = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));
const vcf = (name: string) => readVCard(bytes(name));
const AT = '2026-12-03T09:00:00.000Z';
const input = (contact: ImportedContact) => toPersonInput(contact, AT).input!;
const values = (list: { value: string }[]) => list.map((item) => item.value);

describe.skipIf(!present)(`interop samples in ${DIR}${present ? '' : ' (skipped: that folder is not on this machine; set KITH_INTEROP_SAMPLES to run)'}`, () => {
  it('ezvcard-outlook-2003.vcf: one person with every field, the QP note exact, KEY and FBURL dropped', () => {
    const { contacts, errors } = vcf('ezvcard-outlook-2003.vcf');
    expect(errors).toEqual([]);
    expect(contacts).toHaveLength(1);
    const john = contacts[0]!;
    expect(john).toMatchObject({
      fn: 'John Doe III',
      n: { family: ['Doe'], given: ['John'], additional: [], prefixes: ['Mr.'], suffixes: ['III'] },
      nicknames: ['Joey'],
      orgs: [{ name: 'Company, The', units: ['TheDepartment'] }],
      titles: ['The Job Title'],
      roles: ['TheProfession'],
      birthday: '1980-03-21',
      emails: [{ value: 'jdoe@hotmail.com', pref: 1 }],
      notes: ['This is the note field!!\r\nSecond line\r\n\r\nThird line is empty\r\n'],
    });
    expect(values(john.phones)).toEqual(['BusinessPhone', 'HomePhone', 'MobilePhone', 'BusinessFaxPhone']);
    expect(john.addresses).toEqual([
      expect.objectContaining({ types: ['work'], extended: 'TheOffice', street: '123 Main St', locality: 'Austin', region: 'TX', postalCode: '12345', country: 'United States of America' }),
    ]);
    expect(john.addresses[0]!.formatted.endsWith('United States of America')).toBe(true);
    expect(john.ignored).toEqual(['KEY', 'FBURL']);
    expect(input(john)).toMatchObject({ name: 'John Doe III', org: 'Company, The', role: 'The Job Title', function: 'TheProfession', birthday: '1980-03-21', emails: ['jdoe@hotmail.com'] });
    expect(input(john).details).toContain('Work fax phone: BusinessFaxPhone');
  });

  it('ezvcard-John_Doe_ANDROID.vcf: six cards, two named by email and kept apart, a damaged photo dropped, invalid UTF-8 as U+FFFD', () => {
    const { contacts, warnings } = vcf('ezvcard-John_Doe_ANDROID.vcf');
    expect(contacts).toHaveLength(6);
    expect(contacts.map((c) => displayName(c))).toEqual([
      { name: 'john.doe@company.com', from: 'email' },
      { name: 'jane.doe@company.com', from: 'email' },
      { name: 'Ñ Ñ Ñ Ñ Ñ', from: 'fn' },
      { name: 'Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ', from: 'fn' },
      { name: 'Ñ Ñ Ñ Ñ', from: 'fn' },
      { name: 'ÑÑÑÑ', from: 'fn' },
    ]);
    const [first, second, third, fourth, fifth, sixth] = contacts as [ImportedContact, ImportedContact, ImportedContact, ImportedContact, ImportedContact, ImportedContact];
    expect([first.categories, second.categories, values(second.emails)]).toEqual([['My Contacts'], ['My Contacts'], ['jane.doe@company.com']]);
    expect(values(third.phones)).toEqual(['123456789']);
    expect(fourth.notes[0]!.startsWith('Ñ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ')).toBe(true);
    expect(fifth.n).toMatchObject({ family: ['Ñ Ñ'], given: ['Ñ Ñ Ñ'] });
    expect([fifth.phones.length, values(fifth.emails), fifth.orgs.length, values(fifth.urls), fifth.photo]).toEqual([3, ['bob@company.com', 'Ñ'.repeat(14)], 2, ['www.company.com', 'http://www.company.com'], null]);
    expect(warnings.some((w) => w.line === 52 && w.message.includes('photo is damaged'))).toBe(true);
    expect(sixth.orgs.map((org) => org.name)).toEqual(['Ñ'.repeat(44), `${'Ñ'.repeat(44)}\uFFFD`, 'Ñ'.repeat(44)]);
    expect(warnings.some((w) => w.line === 82 && w.message.includes('not valid UTF-8'))).toBe(true);
    expect([values(sixth.emails), values(sixth.phones)]).toEqual([['henry@company.com'], ['55556666']]);
    // "My Contacts" is Android's bookkeeping, not a tag; the fourteen Ñ are kept as a detail, not an email.
    expect(input(first).tags).toBeUndefined();
    expect(input(fifth).details).toContain(`Email: ${'Ñ'.repeat(14)}`);
    const doc = new Y.Doc();
    const plan = planImport(doc, contacts);
    expect(plan.counts).toMatchObject({ new: 6, unnamed: 0 });
  });

  it('aosp-v21_japanese_2.vcf: Shift_JIS raw and quoted-printable; the phonetic name is not the display name', () => {
    const { contacts } = vcf('aosp-v21_japanese_2.vcf');
    expect(contacts).toHaveLength(1);
    const ando = contacts[0]!;
    expect(ando).toMatchObject({ fn: '安藤 ロイド 1', n: { family: ['安藤'], given: ['ロイド1'] }, phoneticName: 'ｱﾝﾄﾞｳ ﾛｲﾄﾞ1', notes: ['メモ'] });
    // The file puts the street in the second ADR component (extended address), as AOSP's importer reads it too.
    expect(ando.addresses[0]).toMatchObject({ types: ['home'], extended: '東京都渋谷区桜丘町26-1セルリアンタワー6階', postalCode: '150-8512' });
    expect(input(ando)).toMatchObject({ name: '安藤 ロイド 1', about: 'メモ', addresses: ['東京都渋谷区桜丘町26-1セルリアンタワー6階, 150-8512'] });
  });

  it('aosp-v21_invalid_comment_line.vcf: lines 6 and 9 ignored by name, line 8 continues the note', () => {
    const { contacts, warnings } = vcf('aosp-v21_invalid_comment_line.vcf');
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      fn: 'Conference Call',
      n: { family: [], given: ['Conference Call'] },
      uid: '357',
      notes: ['This is an (sharp ->#<- sharp) example. This message must NOT be ignored.'],
    });
    expect(warnings.map((w) => w.line)).toEqual([6, 9]);
  });

  it('roundcube-apple.vcf: a company; mixed line ends; X-ABLabel applied; http\\:// unescaped; 2043-byte JPEG', () => {
    const { contacts } = vcf('roundcube-apple.vcf');
    expect(contacts).toHaveLength(1);
    const apple = contacts[0]!;
    expect(apple).toMatchObject({ kind: 'org', fn: 'Apple Computer AG', n: { family: [], given: [] }, orgs: [{ name: 'Apple Computer AG', units: [] }] });
    expect(apple.addresses[0]).toMatchObject({ types: ['work'], street: 'Birgistrasse 4a', locality: 'Wallisellen-Zürich', postalCode: '8304', country: 'Switzerland' });
    expect(apple.urls).toEqual([{ value: 'http://www.apple.ch', types: [], pref: 1, label: 'HomePage' }]);
    const photo = apple.photo!.data!;
    expect([photo.length, photo[0], photo[1], photo[photo.length - 2], photo[photo.length - 1], apple.photo!.mediaType]).toEqual([2043, 0xff, 0xd8, 0xff, 0xd9, 'image/jpeg']);
    expect(input(apple).name).toBe('Apple Computer AG');
  });

  it('tine20-contacts.vcf: line 1 outside any card is named, both people import', () => {
    const { contacts, warnings } = vcf('tine20-contacts.vcf');
    expect(warnings).toEqual([{ line: 1, message: 'Line 1 is outside any card (“ENCODING:UTF-8”); it was ignored.' }]);
    expect(contacts.map((c) => c.fn)).toEqual(['alex spass', 'jan gerber']);
    const [alex, jan] = contacts as [ImportedContact, ImportedContact];
    expect(values(alex.emails)).toEqual(['alex@spass.net']);
    expect(alex.phones.map((p) => [p.value, p.types])).toEqual([['+49732121258035', ['home']], ['+4913232153769', ['cell']]]);
    expect(alex.notes).toEqual(['mitbewohner']);
    expect(alex.addresses[0]).toMatchObject({ types: ['work'], street: 'Eisenhüttenstraße 723', locality: 'Eisenhüttenstadt', postalCode: '23139' });
    expect(values(alex.urls)).toEqual(['http://www.vcard.de']);
    expect([values(jan.emails), values(jan.phones), jan.photo?.data?.length, jan.photo?.mediaType]).toEqual([['gerber.jan@web.de', 'gerber@home.org'], ['0123233838592'], 7763, 'image/jpeg']);
  });

  it('ezvcard-rfc6350-example.vcf: the RFC 6350 §8 card', () => {
    const { contacts } = vcf('ezvcard-rfc6350-example.vcf');
    expect(contacts).toHaveLength(1);
    const simon = contacts[0]!;
    expect(simon).toMatchObject({
      fn: 'Simon Perreault',
      n: { family: ['Perreault'], given: ['Simon'], suffixes: ['ing. jr', 'M.Sc.'] },
      orgs: [{ name: 'Viagenie', units: [] }],
      birthday: '--02-03',
      anniversary: '2009-08-08T14:30-05:00',
      emails: [{ value: 'simon.perreault@viagenie.ca', types: ['work'] }],
      urls: [{ value: 'http://nomis80.org', types: ['home'] }],
    });
    expect(simon.phones).toEqual([
      { value: '+1-418-656-9254 ext. 102', types: ['work', 'voice'], pref: 1, label: '' },
      { value: '+1-418-262-6501', types: ['work', 'cell', 'voice', 'video', 'text'], pref: null, label: '' },
    ]);
    expect(simon.addresses[0]).toMatchObject({ extended: 'Suite D2-630', street: '2875 Laurier', locality: 'Quebec', region: 'QC', postalCode: 'G1V 2M2', country: 'Canada' });
    expect(values(simon.languages)).toEqual(['fr', 'en']);
    expect(input(simon)).toMatchObject({ birthday: '--02-03', phones: ['+1-418-656-9254', '+1-418-262-6501'] });
    expect(input(simon).details).toContain('Languages: fr, en');
  });

  it('aosp-v40_sort_as.vcf: a ; inside a quoted SORT-AS does not split the value', () => {
    const { contacts } = vcf('aosp-v40_sort_as.vcf');
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ fn: '安藤 ロイド', n: { family: ['安藤'], given: ['ロイド'] }, orgs: [{ name: 'グーグル', units: ['検索部門'] }], phoneticName: 'あんどう ろいど' });
  });

  it('tine20-google_contacts.csv: five people; "* My Contacts" is no tag; the quoted CRLF stays in its record', () => {
    const result = readCsv(bytes('tine20-google_contacts.csv'));
    expect(result.layout).toBe('google');
    const people = result.contacts.map(input);
    // Google's own "Name" column is the display name ("axel"; his family name gert is kept in N).
    expect(people.map((p) => p.name)).toEqual(['Ando', 'Anna', 'Anne', 'axel', 'Bus Winsen']);
    expect(result.contacts.map((c) => c.n!.family[0])).toEqual(['family', 'family', 'family', 'gert', 'family']);
    expect(result.contacts[0]!.phoneticName).toBe('yomi');
    expect(people.flatMap((p) => p.emails ?? [])).toEqual(['abc@here.de']);
    expect(result.contacts[3]!.emails[0]!.types).toEqual(['other']);
    expect(people[3]).toMatchObject({ about: 'rutan', tags: ['kunden'] });
    expect(people.map((p) => p.phones)).toEqual([['+49227913452'], ['+494471707801'], ['01235684494'], ['+4921234435'], ['021224351809']]);
    expect(result.contacts[4]!.addresses[0]).toMatchObject({ street: 'Niedersachsen Ring 22', locality: 'Winsen' });
  });

  it('hirefrank-Connections.csv: ten people after the preamble, no emails, dates read, company names as written', () => {
    const result = readCsv(bytes('hirefrank-Connections.csv'));
    expect(result.layout).toBe('linkedin');
    const people = result.contacts.map(input);
    expect(people).toHaveLength(10);
    expect(people.every((p) => p.emails === undefined)).toBe(true);
    expect(people[0]).toMatchObject({ name: 'Ada Lovelace', org: 'Analytical Engines Inc', role: 'Engineer', links: ['https://www.linkedin.com/in/ada'], howMet: 'Connected on LinkedIn on 2024-01-01' });
    expect(people[9]).toMatchObject({ name: 'Grace Zhao', org: 'University of Nowhere', role: 'Professor', howMet: 'Connected on LinkedIn on 2024-10-10' });
    expect(people.filter((p) => p.org?.startsWith('Stripe')).map((p) => [p.name, p.org])).toEqual([['Jane Doe', 'Stripe'], ['John Smith', 'Stripe'], ['Eve Kim', 'Stripe Inc']]);
  });

  it('every file imports into an empty network, and importing it again is nothing new', () => {
    for (const name of readdirSync(DIR).filter((file) => /\.(vcf|csv)$/.test(file))) {
      const contacts = name.endsWith('.vcf') ? vcf(name).contacts : readCsv(bytes(name)).contacts;
      const doc = new Y.Doc();
      const run = applyImport(doc, planImport(doc, contacts), {}, 'import');
      for (let step = run.next(); !step.done; step = run.next());
      const before = Y.encodeStateVector(doc);
      const again = planImport(doc, contacts);
      expect(again.counts, name).toMatchObject({ new: 0, matched: 0, unchanged: contacts.length });
      const rerun = applyImport(doc, again, {}, 'import');
      for (let step = rerun.next(); !step.done; step = rerun.next());
      expect(Y.encodeStateVector(doc), name).toEqual(before);
    }
  });
});
