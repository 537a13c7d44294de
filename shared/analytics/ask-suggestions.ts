/**
 * Asks hiding in a note: "She's looking for a designer", "Ada wants intros
 * to climate investors", "asked about vector databases". The person's page
 * offers each as a suggestion the user confirms (creating an ask with the
 * note's id and the suggestion's key, shared/doc/asks.ts) or dismisses (the
 * note's `dismissed:<key>` field, as commitment suggestions are dismissed).
 *
 * The reading is modest, like commitment-suggestions.ts: a clause must hold
 * one of a few phrasings (looking / searching / hunting for, trying to find,
 * hiring, wants or would love an intro / help / advice, needs a … / help /
 * advice, asked about / for, interested in finding / meeting / hiring).
 * Skipped: questions, conditionals ("if she's looking for…"), negations
 * ("isn't looking for", "no longer needs"), the user's own asks ("I'm
 * looking for", "we're hiring"), "looking forward to", "needs to leave", and
 * "asked about my trip" (a question about the user, not an ask).
 */
import * as Y from 'yjs';
import { NotFoundError } from '../doc/errors';
import { NOTES } from '../doc/kinds';
import { noteText } from '../doc/notes';
import { getPerson, isLivePerson } from '../doc/people';
import { listAsks } from '../doc/asks';
import { dismissedSuggestions } from './commitment-suggestions';
import { foldText } from './normalize';

export interface AskSuggestion {
  /** Stable for the sentence it came from, so a dismissal sticks; never the key of a commitment suggestion. */
  key: string;
  /** The sentence as written. */
  sentence: string;
  /** What they are after, as a phrase that follows "you mentioned": "looking for a designer". */
  what: string;
  /** Whose ask it is, when the note says (its only person, or the person named as the subject); null: the user chooses. */
  personId: string | null;
}

const BULLET = /^\s*(?:[-*•·–]|\d+[.)]|\[[ xX]?\])\s+/u;
const CONDITIONAL = /^(?:if|unless|whether|in case|when|once)\b/i;
const CLAUSE_BREAK = /,\s+|;\s*|:\s+|\s+[–—]\s+|\s+-\s+|\s+(?:but|so|although|though|while)\s+/i;
const AUX = String.raw`(?:(?:'s|'re|'m|\s+is|\s+are|\s+am|\s+was|\s+were)\s+)?(?:(?:still|also|currently|now|really|actively)\s+)?`;
const HELP = String.raw`(?:an?\s+)?(?:intros?|introductions?|help|advice|feedback|recommendations?|pointers|referrals?)\b|to (?:meet|find|hire|connect with|talk to)\b`;

/** Each phrasing and how it reads after "you mentioned". */
const PHRASINGS: { pattern: RegExp; lead: (match: RegExpExecArray) => string }[] = [
  { pattern: new RegExp(String.raw`${AUX}\b(?<verb>looking|searching|hunting) for\s+`, 'iu'), lead: (m) => `${m.groups!.verb!.toLowerCase()} for` },
  { pattern: new RegExp(String.raw`${AUX}\btrying to find\s+`, 'iu'), lead: () => 'trying to find' },
  { pattern: new RegExp(String.raw`${AUX}\bhiring(?: for)?\s+`, 'iu'), lead: () => 'hiring' },
  {
    pattern: new RegExp(String.raw`\b(?:wants?|wanted|would (?:love|like)|'d (?:love|like))\s+(?<thing>${HELP})`, 'iu'),
    lead: (m) => `wanting ${m.groups!.thing!.toLowerCase()}`,
  },
  {
    pattern: new RegExp(String.raw`\b(?:needs?|needed)\s+(?<thing>an?\s+|some\s+|someone\b|help\b|advice\b|intros?\b|introductions?\b)`, 'iu'),
    lead: (m) => `needing ${m.groups!.thing!.trim().toLowerCase()}`,
  },
  { pattern: new RegExp(String.raw`${AUX}\b(?:asked|asking)(?: me)? (?<prep>about|for)\s+`, 'iu'), lead: (m) => `asking ${m.groups!.prep!.toLowerCase()}` },
  {
    pattern: new RegExp(String.raw`${AUX}\b(?:interested in|keen on) (?<verb>finding|meeting|hiring)\s+`, 'iu'),
    lead: (m) => `interested in ${m.groups!.verb!.toLowerCase()}`,
  },
];

const NEGATED = /(?:\bnot|n't|\bno longer|\bnever|\bnobody|\bno one)\s*$/i;
const FIRST_PERSON = /(?:^|\s)(?:i|we|me|us)$/i;
/** "Asked about my trip": the user's own things are not an ask. */
const ABOUT_ME = /^(?:my|our|me|us|mine|the weather)\b/i;
const MAX_WHAT = 140;

function sentencesOf(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    for (const sentence of line.replace(BULLET, '').split(/(?<=[.!?])\s+/)) if (sentence.trim()) sentences.push(sentence.trim());
  }
  return sentences;
}

/** FNV-1a, the same in every engine, so keys agree across devices. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[\s,;:.!–—-]+$/, '')
    .trim();
}

interface Found {
  what: string;
  /** The words before the phrasing: who is asking, as written ("she", "Ada", "Ada mentioned she"). */
  subject: string;
}

function askIn(clause: string): Found | null {
  for (const { pattern, lead } of PHRASINGS) {
    const match = pattern.exec(clause);
    if (!match) continue;
    const before = clause.slice(0, match.index).trim();
    if (NEGATED.test(before) || FIRST_PERSON.test(before)) return null;
    const rest = tidy(clause.slice(match.index + match[0].length));
    if (ABOUT_ME.test(rest)) return null;
    const head = lead(match);
    // "needs a", "wants an intro to": the object may be in the lead already; otherwise it must follow.
    const object = rest.length > MAX_WHAT ? `${rest.slice(0, MAX_WHAT).replace(/\s+\S*$/, '')}…` : rest;
    const what = tidy(`${head} ${object}`);
    if (what.split(' ').length < 2 || (!object && !/\b(?:help|advice|feedback|intros?|introductions?)$/.test(head))) return null;
    if (/^(?:needing|wanting) (?:an?|some)$/.test(what)) return null;
    return { what, subject: before };
  }
  return null;
}

/**
 * The asks a text seems to mention, in the order written. `people` are the
 * note's people: a subject that names one of them ("Grace is hiring…") gives
 * that person; a pronoun or no subject gives the only person, if there is one.
 */
export function suggestAsks(text: string, people: readonly { id: string; name: string }[] = []): AskSuggestion[] {
  const byFirstName = new Map<string, string>();
  for (const person of people) {
    const full = foldText(person.name);
    for (const name of [full, full.split(' ')[0] ?? '']) if (name && !byFirstName.has(name)) byFirstName.set(name, person.id);
  }
  const only = people.length === 1 ? people[0]!.id : null;
  const suggestions: AskSuggestion[] = [];
  const seen = new Set<string>();
  for (const sentence of sentencesOf(text)) {
    const plain = sentence.replace(/[’‘]/g, "'").replace(/[.!]+$/, '');
    if (plain.trim().endsWith('?')) continue;
    const base = `a${hash(foldText(plain))}`;
    plain.split(CLAUSE_BREAK).forEach((clause, n) => {
      const trimmed = clause.trim();
      if (!trimmed || CONDITIONAL.test(trimmed)) return;
      const found = askIn(trimmed);
      if (!found) return;
      const key = n === 0 ? base : `${base}-${n}`;
      if (seen.has(key)) return;
      seen.add(key);
      const words = foldText(found.subject).split(' ');
      const named = words.map((word) => byFirstName.get(word)).find((id) => id !== undefined);
      suggestions.push({ key, sentence, what: found.what, personId: named ?? only });
    });
  }
  return suggestions;
}

/**
 * The ask suggestions still to offer on a note: read from its text, less
 * those dismissed and those confirmed (an ask from this note, even one in
 * the Trash, with the suggestion's key or the same `what`). A note in the
 * Trash offers none.
 */
export function openAskSuggestions(doc: Y.Doc, noteId: string): AskSuggestion[] {
  const record = NOTES.find(doc, noteId);
  if (!record) throw new NotFoundError(`No note with id ${noteId}`);
  if (record.get('deletedAt') || record.get('kind') === 'share') return [];
  const contactIds = record.get('contactIds');
  const ids = contactIds instanceof Y.Array ? contactIds.toArray().filter((id): id is string => typeof id === 'string') : [];
  const people = ids.filter((id) => isLivePerson(doc, id)).map((id) => ({ id, name: getPerson(doc, id)!.name }));
  const dismissed = dismissedSuggestions(doc, noteId);
  const confirmed = listAsks(doc, { includeDeleted: true }).filter((ask) => ask.noteId === noteId);
  const keys = new Set(confirmed.map((ask) => ask.key));
  const whats = new Set(confirmed.map((ask) => foldText(ask.what)));
  return suggestAsks(noteText(record), people).filter(
    (suggestion) => !dismissed.has(suggestion.key) && !keys.has(suggestion.key) && !whats.has(foldText(suggestion.what)),
  );
}

/** An ask suggestion with the note it was read in. */
export interface NoteAskSuggestion extends AskSuggestion {
  noteId: string;
  /** The note's time (ISO), or '' when it has none. */
  at: string;
}

/** The ask suggestions of every live note naming a person, newest note first: for their page. */
export function askSuggestionsFor(doc: Y.Doc, personId: string): NoteAskSuggestion[] {
  const found: NoteAskSuggestion[] = [];
  for (const [noteId, record] of NOTES.entries(doc)) {
    const contactIds = record.get('contactIds');
    if (record.get('deletedAt') || !(contactIds instanceof Y.Array) || !contactIds.toArray().includes(personId)) continue;
    const at = typeof record.get('at') === 'string' ? (record.get('at') as string) : '';
    for (const suggestion of openAskSuggestions(doc, noteId)) {
      if (suggestion.personId === personId || suggestion.personId === null) found.push({ ...suggestion, noteId, at });
    }
  }
  return found.sort((a, b) => b.at.localeCompare(a.at) || a.key.localeCompare(b.key));
}
