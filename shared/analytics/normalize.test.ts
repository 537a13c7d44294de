import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BUILTIN_ALIASES, addAlias, createMatcher, foldText, listAliases, matchKey, removeAlias } from './normalize';
import { NotFoundError, ValidationError } from '../doc/errors';
import { LOCAL_UI } from '../doc/origins';
import { migrate } from '../doc/schema';

const sameKey = (match: (value: string) => string, values: string[]) =>
  expect(new Set(values.map(match)).size, values.join(' / ')).toBe(1);

describe('foldText', () => {
  it('folds case, accents, ampersands, punctuation, spaces and a leading "the"', () => {
    expect(foldText('  The Café & Bar,  Zürich. ')).toBe('cafe and bar zurich');
    expect(foldText('U.C.L.A.')).toBe('ucla');
    expect(foldText("King's College London")).toBe('kings college london');
    expect(foldText('Sci-fi/Fantasy')).toBe('sci fi fantasy');
    expect(foldText('Malmø, Łódź, Straße, İstanbul')).toBe('malmo lodz strasse istanbul');
    expect(foldText('ＭＩＴ')).toBe('mit');
    expect(foldText('Theatre')).toBe('theatre');
    expect(foldText('?!')).toBe('');
  });
});

describe('matchKey', () => {
  it('joins a plural last word and British -isation spellings, but not verb forms or words ending in s', () => {
    expect(matchKey('Board games')).toBe(matchKey('board game'));
    expect(matchKey('Data visualisation')).toBe(matchKey('Data Visualization'));
    expect(matchKey('Hiking')).not.toBe(matchKey('hike'));
    expect(matchKey('Class')).toBe('class');
    expect(matchKey('Analysis')).toBe('analysis');
    expect(matchKey('AWS')).toBe('aws');
  });
});

describe('createMatcher', () => {
  const match = createMatcher();

  it('matches built-in aliases whatever the case, accents or punctuation', () => {
    sameKey(match, ['MIT', 'mit', 'Massachusetts Institute of Technology', 'Massachusetts Institute of Technology.']);
    sameKey(match, ['ETH', 'ETH Zurich', 'ETH Zürich', 'Eidgenössische Technische Hochschule Zürich']);
    sameKey(match, ['Zürich', 'Zurich', 'zuerich']);
    sameKey(match, ['NYC', 'New York', 'new york city']);
    sameKey(match, ['Den Haag', 'The Hague', 'Hague']);
    sameKey(match, ['UC Berkeley', 'University of California, Berkeley', 'Berkeley']);
    sameKey(match, ['Photography', 'photography ']);
  });

  it('keeps different things apart', () => {
    expect(match('MIT')).not.toBe(match('UCL'));
    expect(match('University of Oxford')).not.toBe(match('University of Cambridge'));
    expect(match('San Francisco')).not.toBe(match('Science fiction'));
    expect(match('')).toBe('');
  });

  it('has built-in groups that never share a spelling (which would silently merge them)', () => {
    const owner = new Map<string, string>();
    for (const group of BUILTIN_ALIASES) {
      for (const spelling of [group.canonical, ...group.variants]) {
        const key = matchKey(spelling);
        expect(owner.get(key) ?? group.canonical, spelling).toBe(group.canonical);
        owner.set(key, group.canonical);
      }
    }
    expect(BUILTIN_ALIASES.length).toBeGreaterThanOrEqual(30);
  });
});

describe("the user's aliases", () => {
  it('adds an alias in one transaction that the matcher then uses, transitively and with the built-ins', () => {
    const doc = new Y.Doc();
    migrate(doc, LOCAL_UI);
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    addAlias(doc, 'MIT', 'The Tute', LOCAL_UI);
    addAlias(doc, 'Imperial College London', 'IC', LOCAL_UI);
    addAlias(doc, 'IC', 'ICL', LOCAL_UI);
    expect(origins).toEqual([LOCAL_UI, LOCAL_UI, LOCAL_UI]);
    const match = createMatcher(doc);
    sameKey(match, ['tute', 'Massachusetts Institute of Technology', 'MIT']);
    sameKey(match, ['ICL', 'ic', 'Imperial']);
    expect(match('ICL')).not.toBe(match('MIT'));
  });

  it('lists the user’s aliases by name, then the built-in ones, each marked', () => {
    const doc = new Y.Doc();
    addAlias(doc, 'Zeta Club', 'ZC', LOCAL_UI);
    addAlias(doc, 'Alpha Club', 'AC', LOCAL_UI);
    const list = listAliases(doc);
    expect(list.slice(0, 2)).toEqual([
      { canonical: 'Alpha Club', variant: 'AC', source: 'user' },
      { canonical: 'Zeta Club', variant: 'ZC', source: 'user' },
    ]);
    expect(list[2]).toEqual({ canonical: 'MIT', variant: 'Massachusetts Institute of Technology', source: 'builtin' });
    expect(list.filter((entry) => entry.source === 'builtin')).toHaveLength(
      BUILTIN_ALIASES.reduce((sum, group) => sum + group.variants.length, 0),
    );
  });

  it('removes an alias; refuses to remove one it does not have', () => {
    const doc = new Y.Doc();
    addAlias(doc, 'Alpha Club', 'AC', LOCAL_UI);
    removeAlias(doc, 'alpha club', 'ac', LOCAL_UI);
    expect(createMatcher(doc)('AC')).not.toBe(createMatcher(doc)('Alpha Club'));
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => removeAlias(doc, 'Alpha Club', 'AC', LOCAL_UI)).toThrow(NotFoundError);
    expect(() => removeAlias(doc, 'MIT', 'Massachusetts Institute of Technology', LOCAL_UI)).toThrow(NotFoundError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('refuses empty names, and spellings that already match, writing nothing', () => {
    const doc = new Y.Doc();
    addAlias(doc, 'Alpha Club', 'AC', LOCAL_UI);
    const before = Y.encodeStateAsUpdate(doc);
    const cases: [unknown, unknown, string][] = [
      ['', 'x', 'canonical'],
      ['x', '  ', 'variant'],
      ['x', '!!', 'variant'],
      ['x', 42, 'variant'],
      ['MIT', 'mit.', 'variant'],
      ['MIT', 'Massachusetts Institute of Technology', 'variant'],
      ['alpha club', 'A.C.', 'variant'],
    ];
    for (const [canonical, variant, field] of cases) {
      try {
        addAlias(doc, canonical, variant, LOCAL_UI);
        expect.unreachable(`${String(canonical)} / ${String(variant)}`);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).field).toBe(field);
      }
    }
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('keeps aliases two devices add offline for the same name', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    addAlias(a, 'Northgate Institute of Technology', 'NIT', LOCAL_UI);
    addAlias(b, 'Northgate Institute of Technology', 'Northgate Tech', LOCAL_UI);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    for (const doc of [a, b]) sameKey(createMatcher(doc), ['NIT', 'Northgate Tech', 'northgate institute of technology']);
  });

  it('skips a stored alias of another shape instead of failing', () => {
    const doc = new Y.Doc();
    doc.getMap('aliases').set('odd', 42);
    addAlias(doc, 'Alpha Club', 'AC', LOCAL_UI);
    expect(listAliases(doc).filter((entry) => entry.source === 'user')).toHaveLength(1);
  });
});

describe('foldText on ASCII', () => {
  /** foldText as it is for every text: the ASCII shortcut must give the same. */
  const foldAnyText = (text: string) =>
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[ßøæœłđıþð]/g, (letter) => ({ ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ı: 'i', þ: 'th', ð: 'd' })[letter] ?? letter)
      .replace(/&/g, ' and ')
      .replace(/[.'’‘`´]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
      .replace(/^the /, '');

  it('folds every ASCII text as the full folding does', () => {
    let seed = 5;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    // Every ASCII character, weighted towards the ones names and organisations hold.
    const alphabet = [...Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)), ...'aAeE  .&\'-the '.split('')];
    const texts = Array.from({ length: 5000 }, () => (random() < 0.1 ? 'The ' : '') + Array.from({ length: Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    texts.push('The Café & Bar', 'U.C.L.A.', "King's College", 'the theatre', '  AT&T  ', 'R2-D2');
    for (const text of texts) expect(foldText(text), JSON.stringify(text)).toBe(foldAnyText(text));
  });
});
