/**
 * Matching names that people write differently: "MIT" and "Massachusetts
 * Institute of Technology.", "Zürich" and "Zurich", "Board games" and "board
 * game". Two values match when they fold to the same key, or when an alias —
 * built in, or the user's own — says they name one thing.
 *
 * The user's aliases live in the `aliases` root (schema version 2), one entry
 * per pair keyed by the folded pair. Keying by pair, rather than holding a
 * Y.Array per name, means two devices adding spellings of one name offline
 * never create rival arrays of which only one survives the merge.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { root } from '../doc/schema';
import { NotFoundError, ValidationError, firstIssue } from '../doc/errors';

/** Letters that NFKD leaves whole but that people type without, as in "Malmo" for "Malmø". */
const TRANSLITERATION: Readonly<Record<string, string>> = {
  ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ı: 'i', þ: 'th', ð: 'd',
};

const ASCII = /^\p{ASCII}*$/u;

/**
 * Case, accents and punctuation folded away: "The Café & Bar, Zürich." →
 * "cafe and bar zurich". Dots and apostrophes join their word ("U.C.L.A." →
 * "ucla", "King's" → "kings"); other punctuation separates words.
 */
export function foldText(text: string): string {
  // ASCII has no accents, marks or letters to transliterate, and its letters and digits are a-z0-9: half the work.
  if (ASCII.test(text)) {
    return text
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/[.'`]/g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
      .replace(/^the /, '');
  }
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßøæœłđıþð]/g, (letter) => TRANSLITERATION[letter] ?? letter)
    .replace(/&/g, ' and ')
    .replace(/[.'’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

/**
 * The last word without a plural "s" ("board games" → "board game"), unless
 * the "s" is part of the word ("class", "campus", "analysis") or the word is
 * short enough to be an acronym ("aws", "ios"). Verb forms ("hiking" /
 * "hike") are left apart: stripping "-ing" breaks more words than it joins.
 */
function singularLastWord(folded: string): string {
  const start = folded.lastIndexOf(' ') + 1;
  const word = folded.slice(start);
  if (word.length <= 3 || !word.endsWith('s') || /(ss|us|is)$/.test(word)) return folded;
  return folded.slice(0, -1);
}

/** The key two spellings share when they are variants of each other without any alias. */
export function matchKey(text: string): string {
  return singularLastWord(foldText(text).replace(/isation/g, 'ization'));
}

export interface AliasGroup {
  /** How the name is usually written. */
  canonical: string;
  variants: readonly string[];
}

/** Common variants of schools, places and fields, so matching works before the user adds any. */
export const BUILTIN_ALIASES: readonly AliasGroup[] = [
  { canonical: 'MIT', variants: ['Massachusetts Institute of Technology'] },
  { canonical: 'UCL', variants: ['University College London'] },
  { canonical: 'ETH Zurich', variants: ['ETH', 'ETHZ', 'Eidgenössische Technische Hochschule Zürich', 'Swiss Federal Institute of Technology Zurich'] },
  { canonical: 'EPFL', variants: ['École Polytechnique Fédérale de Lausanne', 'Swiss Federal Institute of Technology Lausanne'] },
  { canonical: 'LSE', variants: ['London School of Economics', 'London School of Economics and Political Science'] },
  { canonical: 'NYU', variants: ['New York University'] },
  { canonical: 'UCLA', variants: ['University of California, Los Angeles'] },
  { canonical: 'UC Berkeley', variants: ['Berkeley', 'University of California, Berkeley', 'Cal Berkeley'] },
  { canonical: 'University of Oxford', variants: ['Oxford', 'Oxford University'] },
  { canonical: 'University of Cambridge', variants: ['Cambridge University'] },
  { canonical: 'Stanford University', variants: ['Stanford'] },
  { canonical: 'Harvard University', variants: ['Harvard'] },
  { canonical: 'Caltech', variants: ['California Institute of Technology'] },
  { canonical: 'Carnegie Mellon University', variants: ['Carnegie Mellon', 'CMU'] },
  { canonical: 'Imperial College London', variants: ['Imperial College', 'Imperial'] },
  { canonical: "King's College London", variants: ['KCL'] },
  { canonical: 'University of Pennsylvania', variants: ['UPenn', 'Penn'] },
  { canonical: 'TU Munich', variants: ['TUM', 'Technical University of Munich', 'Technische Universität München'] },
  { canonical: 'TU Delft', variants: ['Delft University of Technology'] },
  { canonical: 'KTH Royal Institute of Technology', variants: ['KTH'] },
  { canonical: 'Humboldt University of Berlin', variants: ['Humboldt-Universität zu Berlin', 'HU Berlin'] },
  { canonical: 'IIT Bombay', variants: ['Indian Institute of Technology Bombay', 'IITB'] },
  { canonical: 'IIT Delhi', variants: ['Indian Institute of Technology Delhi', 'IITD'] },
  { canonical: 'UNAM', variants: ['Universidad Nacional Autónoma de México'] },
  { canonical: 'Universidade de São Paulo', variants: ['USP', 'University of São Paulo'] },
  { canonical: 'KAIST', variants: ['Korea Advanced Institute of Science and Technology'] },
  { canonical: 'University of Tokyo', variants: ['UTokyo', 'Todai'] },
  { canonical: 'Middle East Technical University', variants: ['METU', 'ODTÜ'] },
  { canonical: 'Technion', variants: ['Technion Israel Institute of Technology', 'Israel Institute of Technology'] },
  { canonical: 'HEC Paris', variants: ['HEC'] },
  { canonical: 'New York City', variants: ['NYC', 'New York', 'New York, NY'] },
  { canonical: 'San Francisco', variants: ['SF', 'San Fran'] },
  { canonical: 'Los Angeles', variants: ['LA'] },
  { canonical: 'Washington, D.C.', variants: ['DC'] },
  { canonical: 'Munich', variants: ['München', 'Muenchen'] },
  { canonical: 'Zurich', variants: ['Zuerich'] },
  { canonical: 'Cologne', variants: ['Köln'] },
  { canonical: 'Vienna', variants: ['Wien'] },
  { canonical: 'Prague', variants: ['Praha'] },
  { canonical: 'Lisbon', variants: ['Lisboa'] },
  { canonical: 'Copenhagen', variants: ['København'] },
  { canonical: 'The Hague', variants: ['Den Haag'] },
  { canonical: 'Kraków', variants: ['Cracow'] },
  { canonical: 'Kyiv', variants: ['Kiev'] },
  { canonical: 'Bengaluru', variants: ['Bangalore'] },
  { canonical: 'Mumbai', variants: ['Bombay'] },
  { canonical: 'Chennai', variants: ['Madras'] },
  { canonical: 'Kolkata', variants: ['Calcutta'] },
  { canonical: 'Ho Chi Minh City', variants: ['Saigon', 'HCMC'] },
  { canonical: 'Hong Kong', variants: ['HK'] },
  { canonical: 'United Kingdom', variants: ['UK', 'Great Britain', 'Britain'] },
  { canonical: 'United States', variants: ['USA', 'US', 'United States of America'] },
  { canonical: 'United Arab Emirates', variants: ['UAE'] },
  { canonical: 'Machine learning', variants: ['ML'] },
  { canonical: 'Artificial intelligence', variants: ['AI'] },
  { canonical: 'User experience', variants: ['UX'] },
  { canonical: 'User experience design', variants: ['UX design'] },
  { canonical: 'Search engine optimization', variants: ['SEO'] },
  { canonical: 'Human resources', variants: ['HR'] },
  { canonical: 'Public relations', variants: ['PR'] },
  { canonical: 'Mergers and acquisitions', variants: ['M&A'] },
  { canonical: 'Venture capital', variants: ['VC'] },
  { canonical: 'Open source', variants: ['OSS', 'Open-source software'] },
  { canonical: 'JavaScript', variants: ['JS'] },
  { canonical: 'Science fiction', variants: ['Sci-fi', 'Scifi'] },
];

/** Equivalence classes of keys; a class is named by its smallest key, so the order of unions does not matter. */
class KeyClasses {
  private readonly parent = new Map<string, string>();

  find(key: string): string {
    const parent = this.parent.get(key);
    if (parent === undefined || parent === key) return key;
    const top = this.find(parent);
    this.parent.set(key, top);
    return top;
  }

  union(a: string, b: string): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA < rootB) this.parent.set(rootB, rootA);
    else if (rootB < rootA) this.parent.set(rootA, rootB);
  }
}

export interface AliasEntry {
  canonical: string;
  variant: string;
  source: 'user' | 'builtin';
}

function aliases(doc: Y.Doc): Y.Map<unknown> {
  return root(doc, 'aliases');
}

function entryKey(canonical: string, variant: string): string {
  return `${matchKey(canonical)}|${matchKey(variant)}`;
}

const storedAlias = z.object({ canonical: z.string(), variant: z.string() });

/** The user's aliases as stored; an entry of another shape (a newer or buggy peer) is skipped. */
function userAliases(doc: Y.Doc): AliasEntry[] {
  const found: AliasEntry[] = [];
  aliases(doc).forEach((value) => {
    const parsed = storedAlias.safeParse(value);
    if (parsed.success) found.push({ ...parsed.data, source: 'user' });
  });
  return found;
}

/** Compares by code unit, so an order never depends on the machine's locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Turns a value into the key of everything it matches. */
export type Matcher = (value: string) => string;

/**
 * A matcher over the built-in aliases and the document's own. Keys are
 * opaque (compare them, do not show them); an empty or punctuation-only value
 * gives ''. Build one per analysis: it caches every value it has seen.
 */
export function createMatcher(doc?: Y.Doc): Matcher {
  const classes = new KeyClasses();
  const pairs = BUILTIN_ALIASES.flatMap(({ canonical, variants }) => variants.map((variant) => ({ canonical, variant })));
  if (doc) pairs.push(...userAliases(doc));
  for (const { canonical, variant } of pairs) classes.union(matchKey(canonical), matchKey(variant));
  const cache = new Map<string, string>();
  return (value) => {
    let key = cache.get(value);
    if (key === undefined) cache.set(value, (key = classes.find(matchKey(value))));
    return key;
  };
}

const aliasText = (label: string) =>
  z
    .string({ message: `${label} is needed` })
    .trim()
    .min(1, `${label} is needed`)
    .max(100, `${label} can be at most 100 characters`)
    .refine((text) => matchKey(text) !== '', `${label} needs letters or digits`);

const aliasInput = z.object({ canonical: aliasText('The name'), variant: aliasText('The other spelling') });

function parseAlias(canonical: unknown, variant: unknown): { canonical: string; variant: string } {
  const parsed = aliasInput.safeParse({ canonical, variant });
  if (!parsed.success) {
    throw new ValidationError(String(parsed.error.issues[0]?.path[0] ?? 'variant'), firstIssue(parsed.error));
  }
  return parsed.data;
}

/** Says that `variant` names the same thing as `canonical`. Refuses (writing nothing) when they already match. */
export function addAlias(doc: Y.Doc, canonical: unknown, variant: unknown, origin: unknown): void {
  const alias = parseAlias(canonical, variant);
  const matcher = createMatcher(doc);
  if (matcher(alias.canonical) === matcher(alias.variant)) {
    throw new ValidationError('variant', `"${alias.variant}" already matches "${alias.canonical}"`);
  }
  doc.transact(() => aliases(doc).set(entryKey(alias.canonical, alias.variant), alias), origin);
}

/** Removes one of the user's aliases. Built-in aliases cannot be removed. */
export function removeAlias(doc: Y.Doc, canonical: unknown, variant: unknown, origin: unknown): void {
  const alias = parseAlias(canonical, variant);
  const key = entryKey(alias.canonical, alias.variant);
  if (!aliases(doc).has(key)) {
    throw new NotFoundError(`"${alias.variant}" is not one of your spellings of "${alias.canonical}"`);
  }
  doc.transact(() => aliases(doc).delete(key), origin);
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** The user's aliases (sorted by name) and then the built-in ones, each marked with where it comes from. */
export function listAliases(doc: Y.Doc): AliasEntry[] {
  const mine = userAliases(doc).sort(
    (a, b) => collator.compare(a.canonical, b.canonical) || collator.compare(a.variant, b.variant),
  );
  const builtin = BUILTIN_ALIASES.flatMap(({ canonical, variants }) =>
    variants.map((variant): AliasEntry => ({ canonical, variant, source: 'builtin' })),
  );
  return [...mine, ...builtin];
}
