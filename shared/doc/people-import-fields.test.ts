import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, getPerson, validatePersonField } from './people';
import { ValidationError } from './errors';
import { LOCAL_UI } from './origins';

describe('the fields imports fill: birthday, about, addresses, details, sources', () => {
  it('stores them on create and reads them back, the lists as Y.Arrays', () => {
    const doc = new Y.Doc();
    const id = createPerson(
      doc,
      {
        name: 'John Doe',
        birthday: '1980-03-21',
        about: 'This is the note field!!\nSecond line',
        addresses: ['123 Main St, Austin, TX 12345'],
        details: ['Nickname: Joey'],
        sources: ['vcard|2026-12-03T08:00:00.000Z|urn:uuid:1'],
      },
      LOCAL_UI,
    );
    expect(getPerson(doc, id)).toMatchObject({
      birthday: '1980-03-21',
      about: 'This is the note field!!\nSecond line',
      addresses: ['123 Main St, Austin, TX 12345'],
      details: ['Nickname: Joey'],
      sources: ['vcard|2026-12-03T08:00:00.000Z|urn:uuid:1'],
    });
    const record = doc.getMap('contacts').get(id) as Y.Map<unknown>;
    expect(record.get('addresses')).toBeInstanceOf(Y.Array);
    expect(record.get('sources')).toBeInstanceOf(Y.Array);
  });

  it('reads them as empty for a person created before they existed', () => {
    const doc = new Y.Doc();
    const id = createPerson(doc, { name: 'Ada' }, LOCAL_UI);
    expect(getPerson(doc, id)).toMatchObject({ birthday: '', about: '', addresses: [], details: [], sources: [] });
  });

  it('takes a birthday with or without a year, and refuses impossible days', () => {
    expect(validatePersonField('birthday', '--02-29')).toBe('--02-29');
    expect(validatePersonField('birthday', '2000-02-29')).toBe('2000-02-29');
    expect(validatePersonField('birthday', '')).toBe('');
    for (const bad of ['1999-02-29', '1980-13-01', '--04-31', '21 March', '1980']) {
      expect(() => validatePersonField('birthday', bad), bad).toThrow(ValidationError);
    }
  });

  it('refuses an empty address or detail and a source that is not kind|time|uid', () => {
    expect(() => validatePersonField('addresses', [' '])).toThrow('An address cannot be empty');
    expect(() => validatePersonField('details', [''])).toThrow('A detail cannot be empty');
    expect(() => validatePersonField('sources', ['vcard'])).toThrow('A source is kind|time|uid');
    expect(validatePersonField('sources', ['linkedin-csv|2026-12-03T08:00:00.000Z|'])).toEqual(['linkedin-csv|2026-12-03T08:00:00.000Z|']);
  });
});
