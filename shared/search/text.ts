/**
 * Folding and word splitting for the search index.
 *
 * Folding must give the same words at index time, at query time and when a
 * snippet is highlighted, so all three go through `fold` here. Unlike
 * analytics' `foldText` (which drops punctuation, joins "King's" into
 * "kings" and reads "&" as "and"), `fold` changes letters only, one
 * character at a time, so a word found in folded text can be located in the
 * original for highlighting.
 */

/** Letters that NFD does not decompose into a base letter plus a mark. */
const TRANSLITERATION: Readonly<Record<string, string>> = {
  ł: 'l', ø: 'o', ß: 'ss', đ: 'd', ı: 'i', æ: 'ae', œ: 'oe', þ: 'th', ð: 'd',
  // Greek final sigma: lower-casing a whole string and one letter at a time must agree.
  ς: 'σ',
};
const TRANSLITERATED = /[łøßđıæœþðς]/g;
const MARKS = /\p{M}/gu;
const ASCII = /^\p{ASCII}*$/u;

/** Lower case without accents: "José Łukasz" → "jose lukasz". Word boundaries stay where they were. */
export function fold(text: string): string {
  // ASCII has no marks and nothing to transliterate: its fold is its lower case (most names and notes are ASCII).
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(TRANSLITERATED, (char) => TRANSLITERATION[char] ?? char);
}

/**
 * `fold(text)` plus where each folded character came from in `text`
 * (`original(folded.length)` is `text.length`), so a range found in the
 * folded text can be shown on the original one.
 */
export function foldWithOffsets(text: string): { folded: string; original: (index: number) => number } {
  // ASCII folds to its lower case, character for character.
  if (ASCII.test(text)) return { folded: text.toLowerCase(), original: (index) => index };
  let folded = '';
  const offsets: number[] = [];
  let index = 0;
  for (const char of text) {
    const part = char.charCodeAt(0) < 0x80 ? char.toLowerCase() : fold(char);
    for (let i = 0; i < part.length; i++) offsets.push(index);
    folded += part;
    index += char.length;
  }
  offsets.push(index);
  return { folded, original: (at) => offsets[at]! };
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The words of an already folded text: runs of letters and digits. */
export function words(folded: string): string[] {
  return folded.match(WORD) ?? [];
}
