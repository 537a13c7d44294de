/**
 * Names in running text. A name can be anything a person typed: an emoji, a
 * 120-character name with five parts. Sentences ("Log a call with …") take
 * a shortened one so they still read as sentences; headings and fields show
 * the whole name.
 */

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The user-perceived characters of a text: "👩‍💻" and "é" are one each, never half a surrogate pair. */
export function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), (part) => part.segment);
}

/** Longest name shown whole in a sentence. */
export const SHORT_NAME = 32;

/** The name, or its first words up to `max` characters followed by "…" (a single long word is cut). */
export function shortName(name: string, max = SHORT_NAME): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  const chars = graphemes(trimmed);
  if (chars.length <= max) return trimmed;
  const cut = chars.slice(0, max - 1).join('');
  const endsAWord = chars[max - 1] === ' ';
  const lastSpace = cut.lastIndexOf(' ');
  // Keep whole words when a reasonable part of the name remains.
  const kept = endsAWord || lastSpace < max / 2 ? cut : cut.slice(0, lastSpace);
  return `${kept.replace(/[\s,.-]+$/u, '')}…`;
}

/** The first word of a name for friendly sentences ("Promises to Ada…"), shortened like a whole name. */
export function firstName(name: string): string {
  return shortName(name.trim().split(/\s+/)[0] ?? '', 20);
}
