import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, getPerson, personInput } from '../doc/people';
import { ValidationError } from '../doc/errors';
import { LOCAL_UI } from '../doc/origins';
import { describeContents, emptyAddress, emptyContact, proposeName, type ImportedContact } from './contact';
import { formatAddress, formatSource, parseSource, toPersonInput } from './to-person';

const AT = '2026-12-03T09:00:00.000Z';
const contact = (fields: Partial<ImportedContact>): ImportedContact => ({ ...emptyContact('vcard', 1), ...fields });
const typed = (value: string, types: string[] = [], label = '') => ({ value, types, pref: null, label });

describe('toPersonInput', () => {
  it('names a person from FN, then N, then the organisation, a nickname, an email or a phone', () => {
    expect(toPersonInput(contact({ fn: 'Ada', n: { family: ['L'], given: ['A'], additional: [], prefixes: [], suffixes: [] } }), AT).input!.name).toBe('Ada');
    expect(toPersonInput(contact({ n: { family: ['Doe'], given: ['John'], additional: [], prefixes: ['Mr.'], suffixes: ['III'] } }), AT).input!.name).toBe('Mr. John Doe III');
    expect(toPersonInput(contact({ kind: 'org', orgs: [{ name: 'Apple AG', units: [] }] }), AT).input!.name).toBe('Apple AG');
    expect(toPersonInput(contact({ emails: [typed('x@y.example')] }), AT).input!.name).toBe('x@y.example');
    expect(toPersonInput(contact({ phones: [typed('+1 555 0100')] }), AT).input!.name).toBe('+1 555 0100');
  });

  it('gives no input, with the reason, for a contact with nothing to name it by, unless the user names it', () => {
    expect(toPersonInput(contact({ notes: ['who?'] }), AT)).toEqual({ input: null, problems: ['It has no name, email or phone to name it by.'] });
    expect(toPersonInput(contact({ notes: ['who?'] }), AT, 'Mystery').input).toMatchObject({ name: 'Mystery', about: 'who?' });
  });

  it('maps organisation, title and role, with departments and further ones as details', () => {
    const input = toPersonInput(contact({ fn: 'A', orgs: [{ name: 'Acme', units: ['R&D'] }, { name: 'Side Co', units: [] }], titles: ['CTO', 'Founder'], roles: ['Engineering'] }), AT).input;
    expect(input).toMatchObject({ org: 'Acme', role: 'CTO', function: 'Engineering', details: ['Department: R&D', 'Organisation: Side Co', 'Title: Founder'] });
  });

  it('keeps phone types as details, an extension with its number, and words that are no number as details', () => {
    const input = toPersonInput(
      contact({ fn: 'A', phones: [typed('+44 20 7946 0001', ['cell']), typed('+1-418-656-9254 ext. 102', ['work', 'voice']), typed('BusinessPhone', ['work', 'voice']), typed('020 7946 0001')] }),
      AT,
    ).input!;
    expect(input.phones).toEqual(['+44 20 7946 0001', '+1-418-656-9254']);
    expect(input.details).toEqual(['Mobile: +44 20 7946 0001', 'Work: +1-418-656-9254 ext. 102', 'Work phone: BusinessPhone']);
  });

  it('puts the preferred email first, keeps what is no email address as a detail, and joins no duplicates', () => {
    const input = toPersonInput(contact({ fn: 'A', emails: [typed('b@x.example'), { ...typed('a@x.example'), pref: 1 }, typed('B@X.example'), typed('ÑÑÑ')] }), AT).input!;
    expect(input.emails).toEqual(['a@x.example', 'b@x.example']);
    expect(input.details).toEqual(['Email: ÑÑÑ']);
  });

  it('gives a web address without a scheme http://, and leaves out Google and Android bookkeeping groups', () => {
    const input = toPersonInput(contact({ fn: 'A', urls: [typed('www.company.com'), typed('http://www.company.com')], categories: ['My Contacts', '* starred', 'friends', 'Friends'] }), AT).input!;
    expect(input.links).toEqual(['http://www.company.com']);
    expect(input.tags).toEqual(['friends']);
  });

  it('keeps a birthday with or without a year, and one the field cannot hold as a detail', () => {
    expect(toPersonInput(contact({ fn: 'A', birthday: '--02-03' }), AT).input!.birthday).toBe('--02-03');
    const yearOnly = toPersonInput(contact({ fn: 'A', birthday: '1980', anniversary: '2009-08-08T14:30-05:00' }), AT).input!;
    expect(yearOnly.birthday).toBeUndefined();
    expect(yearOnly.details).toEqual(['Birthday: 1980', 'Anniversary: 2009-08-08T14:30-05:00']);
  });

  it('joins notes into about with plain line breaks, and LinkedIn’s connection into how we met', () => {
    const input = toPersonInput(contact({ fn: 'A', notes: ['one\r\ntwo\r\n', 'three'], howMet: 'Connected on LinkedIn', metOn: '2023-03-14' }), AT).input!;
    expect(input).toMatchObject({ about: 'one\ntwo\n\nthree', howMet: 'Connected on LinkedIn on 2023-03-14' });
  });

  it('reads Kith’s own X-KITH-* values into their fields, and reports those a field refuses', () => {
    const draft = toPersonInput(
      contact({ fn: 'A', kith: { tier: ['inner'], 'cadence-days': ['30'], interest: ['chess', 'go'], hometown: ['Lyon'], 'how-met': ['At school'], detail: ['Pet: cat'] } }),
      AT,
    );
    expect(draft.input).toMatchObject({ tier: 'inner', cadenceDays: 30, interests: ['chess', 'go'], hometown: 'Lyon', howMet: 'At school', details: ['Pet: cat'] });
    const bad = toPersonInput(contact({ fn: 'A', kith: { tier: ['best friend'], 'cadence-days': ['0'] }, categories: ['x'.repeat(150)] }), AT);
    expect(bad.input!.tier).toBeUndefined();
    expect(bad.input!.cadenceDays).toBeUndefined();
    expect(bad.problems).toEqual([
      `The tag “${'x'.repeat(40)}” was left out: tags are at most 100 characters.`,
      'Closeness “best friend” is not one Kith knows; it was left out.',
      'Keep-in-touch cadence is at least 1 day; it was left out.',
    ]);
  });

  it('stamps where the person came from: kind, import time and UID', () => {
    expect(toPersonInput(contact({ fn: 'A', uid: 'urn:uuid:1' }), AT).input!.sources).toEqual(['vcard|2026-12-03T09:00:00.000Z|urn:uuid:1']);
    expect(parseSource(formatSource('linkedin-csv', AT, 'https://x|y'))).toEqual({ kind: 'linkedin-csv', importedAt: AT, uid: 'https://x|y' });
  });

  it('writes an address on one line in the order a letter has it', () => {
    expect(formatAddress({ ...emptyAddress(), extended: 'Suite 1', street: '2 Main St', locality: 'Austin', region: 'TX', postalCode: '78701', country: 'USA' })).toBe('Suite 1, 2 Main St, Austin, TX 78701, USA');
    expect(formatAddress({ ...emptyAddress(), locality: 'Winsen', postalCode: '21423' })).toBe('Winsen 21423');
    expect(formatAddress({ ...emptyAddress(), formatted: 'Ring 22\r\nWinsen' })).toBe('Ring 22, Winsen');
  });
});

describe('naming a card that names no one', () => {
  it('proposes a name from an email of two or more words, and none from a role address, a phone or a real name', () => {
    expect(proposeName(contact({ emails: [typed('ada.lovelace@engines.example')] }))).toBe('Ada Lovelace');
    expect(proposeName(contact({ emails: [typed('JOSÉ_garcía-lópez+news@x.example')] }))).toBe('José García López');
    expect(proposeName(contact({ emails: [typed('ada@engines.example')] }))).toBe('');
    expect(proposeName(contact({ emails: [typed('jsmith42@x.example')] }))).toBe('');
    expect(proposeName(contact({ emails: [typed('info.sales@x.example')] }))).toBe('');
    expect(proposeName(contact({ emails: [typed('ada.l2@x.example')] }))).toBe('');
    expect(proposeName(contact({ phones: [typed('+44 20 7946 0001')] }))).toBe('');
    expect(proposeName(contact({ fn: 'Ada', emails: [typed('ada.lovelace@engines.example')] }))).toBe('');
  });

  it('says what else a card holds, in a few words', () => {
    const note = 'Met at the conference in Leeds, talked about graph databases and their pitfalls at length 🙂';
    expect(describeContents(contact({ urls: [typed('https://who.example/')], notes: [note] }))).toBe(
      'https://who.example/ · Met at the conference in Leeds, talked about graph databases…',
    );
    expect(describeContents(contact({ birthday: '--03-21', categories: ['My Contacts', 'Friends'] }))).toBe('born --03-21 · Friends');
    expect(describeContents(contact({}))).toBe('nothing but its line in the file');
  });
});

describe('toPersonInput checks each value once', () => {
  /** Seeded contacts with values every field takes and values it refuses. */
  function contacts(count: number): ImportedContact[] {
    let seed = 3;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const some = <T,>(items: readonly T[]) => items.filter(() => random() < 0.3);
    return Array.from({ length: count }, (_, i) =>
      contact({
        fn: pick(['Ada Lovelace', '  Grace Hopper ', 'Zoë Ørsted', `Person ${i}`]),
        orgs: random() < 0.7 ? [{ name: pick(['Acme', ' Helix ', 'x'.repeat(250)]), units: [] }] : [],
        emails: some(['ada@engines.example', ' grace@navy.example ', 'not an email', 'ADA@ENGINES.EXAMPLE']).map((value) => typed(value, pick([[], ['work']]))),
        phones: some(['+44 20 7946 0001', '020 7946 0001', '+1 418 656 9254 ext. 102', 'BusinessPhone', ' +1 555 0100 ']).map((value) => typed(value, pick([[], ['cell']]))),
        urls: some(['https://example.com/a', 'example.com', 'ftp://files.example', ' http://x.example ']).map((value) => typed(value)),
        categories: some(['Friends', ' Chess ', 'x'.repeat(120), 'My Contacts']),
        birthday: pick(['', '1980-03-21', '--02-29', '1981-02-29']),
        kith: random() < 0.3 ? { interest: [pick(['kites', '', 'y'.repeat(120)])], detail: ['Met: at a fair'] } : {},
        uid: `uid-${i}`,
      }),
    );
  }

  it('gives inputs that the person validator gives back unchanged, so createPerson can write them without parsing again', () => {
    for (const one of contacts(400)) {
      const { input } = toPersonInput(one, AT);
      expect(Object.isFrozen(input)).toBe(true);
      const parsed = personInput.safeParse(input);
      expect(parsed.success).toBe(true);
      expect(parsed.data).toEqual(input);
    }
  });

  it('writes a checked input as the same person as an unchecked copy of it, and still refuses a bad unchecked one', () => {
    const doc = new Y.Doc();
    for (const one of contacts(100)) {
      const { input } = toPersonInput(one, AT);
      const copy = JSON.parse(JSON.stringify(input)) as typeof input;
      const [checked, unchecked] = [createPerson(doc, input, LOCAL_UI), createPerson(doc, copy, LOCAL_UI)];
      const { id: _a, createdAt: _b, updatedAt: _c, ...person } = getPerson(doc, checked)!;
      const { id: _d, createdAt: _e, updatedAt: _f, ...same } = getPerson(doc, unchecked)!;
      expect(person).toEqual(same);
      expect([...(doc.getMap('contacts').get(checked) as Y.Map<unknown>).keys()].sort()).toEqual([...(doc.getMap('contacts').get(unchecked) as Y.Map<unknown>).keys()].sort());
    }
    expect(() => createPerson(doc, { ...toPersonInput(contact({ fn: 'Ada' }), AT).input, emails: ['not an email'] }, LOCAL_UI)).toThrow(ValidationError);
  });
});
