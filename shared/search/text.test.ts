import { describe, expect, it } from 'vitest';
import { fold, foldWithOffsets, words } from './text';

describe('folding for search', () => {
  it('lower-cases and drops accents, letter by letter', () => {
    expect(fold('José Łukasz STRAßE Ærøskøbing')).toBe('jose lukasz strasse aeroskobing');
    expect(words(fold("O'Brien, Min-jun & Zoë"))).toEqual(['o', 'brien', 'min', 'jun', 'zoe']);
  });

  it('folds a whole string as it folds its letters one by one', () => {
    for (const text of ['ΟΔΥΣΣΕΑΣ', 'Straße', 'İstanbul', 'Nguyễn Thị', 'plain ascii']) {
      expect(foldWithOffsets(text).folded).toBe(fold(text));
    }
  });

  it('maps a place in the folded text back to the original', () => {
    const text = 'Met Straße-Nörd in Zoë’s café';
    const { folded, original } = foldWithOffsets(text);
    const at = folded.indexOf('cafe');
    expect(text.slice(original(at), original(at + 4))).toBe('café');
    const nord = folded.indexOf('nord');
    expect(text.slice(original(nord), original(nord + 4))).toBe('Nörd');
    expect(original(folded.length)).toBe(text.length);
  });
});

describe('fold on ASCII', () => {
  it('folds every ASCII text as the full folding does: to its lower case', () => {
    const full = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    let seed = 9;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const texts = Array.from({ length: 5000 }, () => Array.from({ length: Math.floor(random() * 30) }, () => String.fromCharCode(Math.floor(random() * 128))).join(''));
    for (const text of texts) expect(fold(text), JSON.stringify(text)).toBe(full(text));
    expect(fold('José Łukasz')).toBe('jose lukasz');
  });
});
