/**
 * The line prefilled for each person in "Pass it on": one sentence to them,
 * in the second person, naming why they came to mind — their ask ("you
 * mentioned you were looking for a designer"), what they know or like, what
 * you talked about, where they work or studied. The user edits it before it
 * goes anywhere; it only has to read like something a person would write.
 *
 * An ask is written in the third person, as captured from a note ("looking
 * for a designer for her startup", "wants intros to climate investors"), so
 * it is turned to speak to them: the lead becomes "you were looking for",
 * "you wanted", and "her", "his", "their" become "your".
 */
import type { NoteKind } from '../doc/notes';
import type { Range } from '../search/explain';

/** What a starter needs of a reason (pass-it-on.ts's Reason). */
export interface StarterReason {
  field: 'asks' | 'expertise' | 'interests' | 'tags' | 'role' | 'function' | 'org' | 'pastOrgs' | 'schools' | 'location' | 'hometown' | 'notes';
  snippet: string;
  ranges: readonly Range[];
  /** For a note: its kind (a call, a coffee…), to say which conversation. */
  noteKind?: NoteKind;
}

/** Ask leads as captured (ask-suggestions.ts) or typed, and how each reads after "you mentioned". */
const ASK_LEADS: [RegExp, (rest: string, match: RegExpExecArray) => string][] = [
  [/^(?:is |was |are |were |'s )?(?:still |also |currently |now )?(looking|searching|hunting) for\s+/i, (rest, m) => `you were ${m[1]!.toLowerCase()} for ${rest}`],
  [/^(?:is |was )?trying to find\s+/i, (rest) => `you were trying to find ${rest}`],
  [/^(?:is |was )?hiring(?: for)?\s+/i, (rest) => `you were hiring ${rest}`],
  [/^(?:wanting|wants|wanted|would love|would like)\s+/i, (rest) => `you wanted ${rest}`],
  [/^(?:needing|needs|needed)\s+/i, (rest) => `you needed ${rest}`],
  [/^(?:is |was )?(?:asking|asked)(?: me)? (about|for)\s+/i, (rest, m) => `you were asking ${m[1]!.toLowerCase()} ${rest}`],
  [/^(?:is |was )?(?:interested in|keen on) (finding|meeting|hiring)\s+/i, (rest, m) => `you were interested in ${m[1]!.toLowerCase()} ${rest}`],
];

/** Their words about themself, spoken to them. "Her" is read as "your" ("for her product"): asks name things more than people. */
const TO_YOU: [RegExp, string][] = [
  [/\b(?:herself|himself|themselves|themself)\b/gi, 'yourself'],
  [/\b(?:her|his|their)\b/gi, 'your'],
  [/\b(?:hers|theirs)\b/gi, 'yours'],
  [/\b(?:she|he|they)\b/gi, 'you'],
  [/\b(?:him|them)\b/gi, 'you'],
];

function toYou(text: string): string {
  return TO_YOU.reduce((out, [pattern, word]) => out.replace(pattern, word), text);
}

/** An ask as it follows "you mentioned": "you were looking for a designer for your startup". */
export function askClause(what: string): string {
  const plain = what.trim().replace(/[.!?…\s]+$/, '');
  for (const [pattern, write] of ASK_LEADS) {
    const match = pattern.exec(plain);
    if (match) return write(toYou(plain.slice(match[0].length)), match);
  }
  // A bare thing ("a designer", "intros to climate investors") is what they were after.
  return `you were looking for ${toYou(lowerFirst(plain))}`;
}

/**
 * A value as it reads inside a sentence: "Design systems" → "design systems",
 * but a single word ("Kubernetes", "Rust") and anything with capitals past
 * its first letter ("B2B SaaS", "New York") stay as written — they may be names.
 */
export function inSentence(value: string): string {
  const trimmed = value.trim();
  const rest = trimmed.slice(1);
  if (!/\s/.test(trimmed) || /\p{Lu}/u.test(rest)) return trimmed;
  return lowerFirst(trimmed);
}

/** "Design systems" → "design systems", "A designer" → "a designer"; "SRE", "B2B" stay. */
const lowerFirst = (text: string) => (/^\p{Lu}(?:\p{Ll}|\s)/u.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text);

/** "Senior Product Designer" → "senior product designer"; "VP of Engineering" → "VP of engineering". */
const lowerWords = (text: string) => text.replace(/\p{Lu}\p{Ll}+/gu, (word) => word.toLowerCase());

/** The entry of a list snippet ("a, b, c") that holds the first highlight: the value that matched. */
export function matchedValue(snippet: string, ranges: readonly Range[]): string {
  const at = ranges[0]?.[0] ?? 0;
  const start = snippet.lastIndexOf(', ', at);
  const end = snippet.indexOf(', ', at);
  return snippet.slice(start < 0 ? 0 : start + 2, end < 0 ? undefined : end);
}

/**
 * The words highlighted in a note, as one phrase when they stand together
 * ("vector databases"), else the first: whole words, lower case.
 */
export function matchedPhrase(snippet: string, ranges: readonly Range[]): string {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const [first] = sorted;
  if (!first) return '';
  let [start, end] = first;
  for (const [nextStart, nextEnd] of sorted.slice(1)) {
    if (!/^[\s-]*$/.test(snippet.slice(end, nextStart)) || nextStart - end > 2) break;
    end = nextEnd;
  }
  while (start > 0 && /[\p{L}\p{N}]/u.test(snippet[start - 1]!)) start--;
  while (end < snippet.length && /[\p{L}\p{N}]/u.test(snippet[end]!)) end++;
  return snippet.slice(start, end).toLowerCase();
}

const CONVERSATION: Partial<Record<NoteKind, string>> = {
  call: 'our call',
  meeting: 'our meeting',
  coffee: 'our chat over coffee',
  message: 'your message',
  hello: 'our last catch-up',
};

/** Fields whose snippet is a list ("Chess, Vector databases"): the value is the entry that matched. */
const LISTS = new Set<StarterReason['field']>(['expertise', 'interests', 'tags', 'schools', 'pastOrgs']);

const firstName = (name: string) => name.trim().split(/\s+/)[0] || name.trim();

/** "a"/"an" by the first letter: good enough for a line the user reads before sending. */
const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** What matched in a field: the entry of a list ("Vector databases" of "Chess, Vector databases"), or the whole value. */
export function matchedEntry(field: StarterReason['field'], snippet: string, ranges: readonly Range[]): string {
  return LISTS.has(field) ? matchedValue(snippet, ranges) : snippet;
}

/** One line to send, naming why they came to mind. */
export function starterLine(person: { name: string }, reason: StarterReason | undefined): string {
  const hi = `Hi ${firstName(person.name)}`;
  if (!reason) return `${hi}, I thought you might like this.`;
  const value = inSentence(matchedEntry(reason.field, reason.snippet, reason.ranges));
  switch (reason.field) {
    case 'asks':
      return `${hi}, you mentioned ${askClause(reason.snippet)}. This might help.`;
    case 'expertise':
      return `${hi}, this made me think of your work on ${value}.`;
    case 'interests':
      return `${hi}, knowing your interest in ${value}, I thought you'd like this.`;
    case 'tags':
      return `${hi}, I thought of you when I saw this: it's about ${matchedPhrase(reason.snippet, reason.ranges) || value}.`;
    case 'notes': {
      const about = matchedPhrase(reason.snippet, reason.ranges);
      const where = (reason.noteKind && CONVERSATION[reason.noteKind]) ?? 'when we talked';
      return where === 'when we talked'
        ? `${hi}, this reminded me of when we talked about ${about}.`
        : `${hi}, this reminded me of ${where} about ${about}.`;
    }
    case 'org':
      return `${hi}, I thought this might be useful at ${value}.`;
    case 'pastOrgs':
      return `${hi}, this made me think of your time at ${value}.`;
    case 'role':
      return `${hi}, I thought this might be useful to you as ${article(value)} ${lowerWords(value)}.`;
    case 'function':
      return `${hi}, I thought this might be useful for your work in ${lowerWords(value)}.`;
    case 'schools':
      return `${hi}, this made me think of your time at ${value}.`;
    case 'location':
      return `${hi}, I thought of you since you're in ${value}.`;
    case 'hometown':
      return `${hi}, I thought of you since you're from ${value}.`;
  }
}
