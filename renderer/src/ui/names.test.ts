import { describe, expect, it } from 'vitest';
import { firstName, graphemes, shortName } from './names';
import { initials } from './Avatar';

describe('names in running text', () => {
  it('keeps a short name whole', () => {
    expect(shortName('Ada Lovelace')).toBe('Ada Lovelace');
    expect(shortName('  Ada   Lovelace ')).toBe('Ada Lovelace');
  });

  it('shortens a very long name at a word, with an ellipsis', () => {
    const long = 'Maximiliana Theodora Wilhelmina Konstantinopoulou-Vanderbilt de la Fontaine';
    const short = shortName(long);
    expect(short).toBe('Maximiliana Theodora Wilhelmina…');
    expect(graphemes(short).length).toBeLessThanOrEqual(32);
    expect(shortName('X'.repeat(80))).toBe(`${'X'.repeat(31)}…`);
  });

  it('never cuts an emoji in half', () => {
    const name = `${'👩‍💻'.repeat(40)}`;
    const short = shortName(name);
    expect(graphemes(short)).toEqual([...Array(31).fill('👩‍💻'), '…']);
    expect(short).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('takes the first word for friendly sentences', () => {
    expect(firstName('Grace Hopper')).toBe('Grace');
    expect(firstName('Wolfeschlegelsteinhausenbergerdorff Sr.')).toBe('Wolfeschlegelsteinh…');
  });
});

describe('initials', () => {
  it('are whole characters, not halves of a surrogate pair', () => {
    expect(initials('😀 Smiley Person')).toBe('😀P');
    expect(initials('👩‍💻')).toBe('👩‍💻');
    expect(initials('Émile Zola')).toBe('ÉZ');
    expect(initials('ada lovelace')).toBe('AL');
    expect(initials('  ')).toBe('?');
  });
});
