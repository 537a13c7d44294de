/**
 * The command palette's matching: every typed word must start a word of a
 * command's label (or its keywords); earlier and shorter matches rank first.
 * Shared so the readers worker ranks the palette's people (two commands
 * each: open them, log a call with them) exactly as the window ranks its
 * actions, and the two lists merge by score.
 */
import type { Person } from '../doc/people';
import { shortName } from '../doc/names';

const foldForPalette = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase();

/** A pattern per typed word that matches it at the start of a word. */
export function wordPatterns(query: string): RegExp[] {
  return foldForPalette(query)
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => new RegExp(`(^|[^\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'u'));
}

/** Lower is better; -1 when some word matches nothing. */
export function rankText(label: string, keywords: string | undefined, patterns: RegExp[]): number {
  if (patterns.length === 0) return 0;
  return rankFolded(foldForPalette(`${label} ${keywords ?? ''}`), label.length, patterns);
}

function rankFolded(haystack: string, labelLength: number, patterns: RegExp[]): number {
  let score = 0;
  for (const pattern of patterns) {
    const at = haystack.search(pattern);
    if (at < 0) return -1;
    score += at;
  }
  return score + labelLength / 100;
}

export type PersonCommandKind = 'open' | 'log';

export interface PersonCommandText {
  label: string;
  hint: string;
  keywords: string;
}

/** The palette's two commands for a person, as the window shows them. */
export function personCommandText(person: Pick<Person, 'name' | 'org' | 'role'>, kind: PersonCommandKind): PersonCommandText {
  return kind === 'open'
    ? { label: person.name, hint: person.org || 'Person', keywords: `${person.org} ${person.role}` }
    : { label: `Log a call with ${shortName(person.name)}`, hint: 'Note', keywords: `note meeting coffee ${person.org}` };
}

export interface PaletteMatch {
  person: Person;
  kind: PersonCommandKind;
  score: number;
}

interface Prepared {
  person: Person;
  texts: { kind: PersonCommandKind; haystack: string; labelLength: number }[];
}

/**
 * The palette's people, folded once; `best` ranks them for a query. Build
 * it again when people change (a whole pass, about as long as one query).
 */
export class PalettePeople {
  private readonly prepared: Prepared[];

  constructor(people: readonly Person[]) {
    this.prepared = people.map((person) => ({
      person,
      texts: (['open', 'log'] as const).map((kind) => {
        const { label, keywords } = personCommandText(person, kind);
        return { kind, haystack: foldForPalette(`${label} ${keywords}`), labelLength: label.length };
      }),
    }));
  }

  /** The `limit` best person commands for `query`, best first (ties: opening before logging, then the people's order). */
  best(query: string, limit: number): PaletteMatch[] {
    const patterns = wordPatterns(query);
    if (!patterns.length || limit <= 0) return [];
    const found: PaletteMatch[] = [];
    for (const kind of ['open', 'log'] as const) {
      for (const { person, texts } of this.prepared) {
        const text = texts.find((entry) => entry.kind === kind)!;
        const score = rankFolded(text.haystack, text.labelLength, patterns);
        if (score >= 0) found.push({ person, kind, score });
      }
    }
    // A stable sort keeps the order above among equal scores.
    return found.sort((a, b) => a.score - b.score).slice(0, limit);
  }
}
