/**
 * Importing contacts into a network, in two steps so that nothing is written
 * before the user has seen what would change.
 *
 *   planImport(doc, contacts)     pure: each contact is new, matched to a
 *                                 person already in Kith (with the values the
 *                                 match would add), unchanged, or unnamed
 *   applyImport(doc, plan, …)     a generator: writes in batches of one
 *                                 transaction each to a staging copy of the
 *                                 document, yielding progress between them;
 *                                 only when the last batch is done is the
 *                                 staging copy's difference applied to `doc`,
 *                                 as one update (one undo step). Stopping the
 *                                 generator early (return(), or simply not
 *                                 calling next() again) leaves `doc` as it was.
 *
 * Matching, strongest first: the source UID (a re-import of the same file,
 * or a Kith export), an email, a phone (samePhone), then the name rules of
 * findDuplicates (shared/doc/duplicates.ts). Merging never overwrites: list
 * values are added when missing, empty fields filled, and values that differ
 * are shown as conflicts for the user, not written.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { root } from '../doc/schema';
import { createPerson, personFields, PERSON_FIELDS, readPerson, type Person, type PersonField } from '../doc/people';
import { appendToList, type Clock } from '../doc/records';
import { findDuplicatesBetween, samePhone } from '../doc/duplicates';
import { createLink, findLinkBetween, LINK_KINDS, type LinkKind } from '../doc/links';
import { foldText } from '../analytics/normalize';
import { ValidationError } from '../doc/errors';
import { displayName, type ImportedContact } from './contact';
import { parseSource, toPersonInput, type PersonInput } from './to-person';

export type MatchRule = 'uid' | 'email' | 'phone' | 'name';

interface EntryBase {
  /** Position of the contact in the list given to planImport. */
  index: number;
  contact: ImportedContact;
  /** What createPerson would get; null for a contact with nothing to name it by. */
  input: PersonInput | null;
  /** Values left out of this contact, as sentences. */
  problems: string[];
}

export interface NewEntry extends EntryBase {
  status: 'new';
  input: PersonInput;
}

export interface MatchedEntry extends EntryBase {
  status: 'matched' | 'unchanged';
  input: PersonInput;
  personId: string;
  personName: string;
  rule: MatchRule;
  /** Why this is taken for that person, as sentences. */
  reasons: string[];
  /** What a merge would add: missing list values, and values for empty fields. Empty when unchanged. */
  adds: Partial<Record<PersonField, unknown>>;
  /** Fields where Kith and the file disagree: shown to the user, never overwritten. */
  conflicts: { field: PersonField; current: unknown; incoming: unknown }[];
}

export interface UnnamedEntry extends EntryBase {
  status: 'unnamed';
  input: null;
}

export type PlanEntry = NewEntry | MatchedEntry | UnnamedEntry;

/** One end of a planned link: a contact of this import, or a person already in Kith. */
export type LinkEnd = { index: number } | { personId: string };

export interface PlannedLink {
  from: LinkEnd;
  to: LinkEnd;
  kind: LinkKind;
  label: string;
  strength?: number;
  since?: string;
}

export interface ImportPlan {
  importedAt: string;
  entries: PlanEntry[];
  links: PlannedLink[];
  introductions: { person: LinkEnd; by: LinkEnd }[];
  /** Sentences about links that could not be made (a RELATED naming no one known). */
  warnings: string[];
  counts: { new: number; matched: number; unchanged: number; unnamed: number; links: number };
}

interface Existing {
  id: string;
  record: Y.Map<unknown>;
  person: Person;
}

function livePeople(doc: Y.Doc): Existing[] {
  const people: Existing[] = [];
  root(doc, 'contacts').forEach((record, id) => {
    if (record instanceof Y.Map && !record.get('deletedAt')) people.push({ id, record, person: readPerson(id, record) });
  });
  return people;
}

const KITH_UID = /^urn:kith:(person:[0-9a-z]+)$/;

/** Lookup of the people in Kith by UID, email and phone. */
class PeopleIndex {
  readonly byId = new Map<string, Existing>();
  private readonly byUid = new Map<string, Existing>();
  private readonly byEmail = new Map<string, Existing>();
  private readonly byPhoneTail = new Map<string, Existing[]>();

  constructor(people: Existing[]) {
    for (const entry of people) {
      this.byId.set(entry.id, entry);
      for (const source of entry.person.sources) {
        const uid = parseSource(source)?.uid;
        if (uid && !this.byUid.has(uid)) this.byUid.set(uid, entry);
      }
      for (const email of entry.person.emails) if (!this.byEmail.has(emailKey(email))) this.byEmail.set(emailKey(email), entry);
      for (const phone of entry.person.phones) {
        const tail = phoneTail(phone);
        if (tail) this.byPhoneTail.set(tail, [...(this.byPhoneTail.get(tail) ?? []), entry]);
      }
    }
  }

  /** A person by a UID: one they were imported with, or Kith's own `urn:kith:person:…`. */
  uid(uid: string): Existing | undefined {
    if (!uid) return undefined;
    const own = KITH_UID.exec(uid)?.[1];
    return this.byUid.get(uid) ?? (own ? this.byId.get(own) : undefined);
  }

  email(email: string): Existing | undefined {
    return this.byEmail.get(emailKey(email));
  }

  phone(phone: string): Existing | undefined {
    const tail = phoneTail(phone);
    return tail ? this.byPhoneTail.get(tail)?.find((entry) => entry.person.phones.some((mine) => samePhone(mine, phone))) : undefined;
  }
}

const emailKey = (email: string) => email.trim().toLowerCase();
/** samePhone numbers share their last 7 digits (shared/doc/duplicates.ts). */
const phoneTail = (phone: string) => {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? digits.slice(-7) : '';
};

const systemClock: Clock = () => new Date();

/** Sorts each contact of an import into new, matched, unchanged or unnamed. Writes nothing. */
export function planImport(doc: Y.Doc, contacts: readonly ImportedContact[], clock: Clock = systemClock): ImportPlan {
  const importedAt = clock().toISOString();
  const people = livePeople(doc);
  const index = new PeopleIndex(people);
  const drafts = contacts.map((contact) => toPersonInput(contact, importedAt));
  const strong = drafts.map((draft, i) => (draft.input ? findMatch(index, contacts[i]!, draft.input) : null));
  // Names are compared only for contacts no UID, email or phone placed: a re-import skips it.
  const byName = nameMatches(people, drafts.map((draft, i) => (strong[i] ? null : draft.input)));
  const entries: PlanEntry[] = contacts.map((contact, i) => {
    const { input, problems } = drafts[i]!;
    if (!input) return { status: 'unnamed', index: i, contact, input: null, problems };
    const match = strong[i] ?? byName.get(i);
    if (!match) return { status: 'new', index: i, contact, input, problems };
    const { adds, conflicts } = compare(match.existing, withoutOwnSource(input, match.existing.id));
    return {
      status: Object.keys(adds).length ? 'matched' : 'unchanged',
      index: i,
      contact,
      input,
      problems,
      personId: match.existing.id,
      personName: match.existing.person.name,
      rule: match.rule,
      reasons: match.reasons,
      adds,
      conflicts,
    };
  });
  const { links, introductions, warnings } = planLinks(doc, index, contacts, entries);
  const count = (status: PlanEntry['status']) => entries.filter((entry) => entry.status === status).length;
  return {
    importedAt,
    entries,
    links,
    introductions,
    warnings,
    counts: { new: count('new'), matched: count('matched'), unchanged: count('unchanged'), unnamed: count('unnamed'), links: links.length },
  };
}

interface Match {
  existing: Existing;
  rule: MatchRule;
  reasons: string[];
}

function findMatch(index: PeopleIndex, contact: ImportedContact, input: PersonInput): Match | null {
  const uid = index.uid(contact.uid);
  if (uid) return { existing: uid, rule: 'uid', reasons: [`Same UID ${contact.uid}`] };
  for (const email of input.emails ?? []) {
    const found = index.email(email);
    if (found) return { existing: found, rule: 'email', reasons: [`Same email ${emailKey(email)}`] };
  }
  for (const phone of input.phones ?? []) {
    const found = index.phone(phone);
    if (found) return { existing: found, rule: 'phone', reasons: [`Same phone ${phone}`] };
  }
  return null;
}

/**
 * The name rules of findDuplicates between the contacts and the people in
 * Kith (findDuplicatesBetween: never two contacts of the file with each
 * other). Emails and phones were matched above, so only names and
 * organisations are compared here.
 */
function nameMatches(people: Existing[], inputs: (PersonInput | null)[]): Map<number, Match> {
  const matches = new Map<number, Match>();
  if (!people.length || !inputs.some(Boolean)) return matches;
  const known = people.map((entry) => ({ id: entry.id, name: entry.person.name, org: entry.person.org, emails: [], phones: [], createdAt: entry.person.createdAt, existing: entry }));
  const incoming = inputs.flatMap((input, index) =>
    // A contact named only by its email or phone has no name to compare; '~' sorts after every date, so it is the newer of a pair.
    input && !input.name.includes('@') ? [{ id: `import:${index}`, name: input.name, org: input.org ?? '', emails: [], phones: [], createdAt: '~', index }] : [],
  );
  for (const pair of findDuplicatesBetween(known, incoming)) {
    const { index } = pair.incoming;
    if (!matches.has(index)) matches.set(index, { existing: pair.known.existing, rule: 'name', reasons: pair.reasons });
  }
  return matches;
}

const LIST_FIELDS = new Set(PERSON_FIELDS.filter((field) => personFields[field] instanceof z.ZodArray));

/** When two list values are one: an email in any case, a phone by its digits, a source by kind and UID, other text folded. */
function listKey(field: PersonField): (value: string) => string {
  if (field === 'emails') return emailKey;
  if (field === 'phones') return (value) => value.replace(/\D/g, '');
  if (field === 'sources') {
    return (value) => {
      const source = parseSource(value);
      return source ? `${source.kind}|${source.uid}` : value;
    };
  }
  return (value) => foldText(value) || value.trim();
}

function isUnset(record: Y.Map<unknown>, person: Person, field: PersonField): boolean {
  if (!record.has(field)) return true;
  const value = person[field];
  return value === '' || value === null;
}

/** What merging `input` into a person would add, and where the two disagree. */
function compare(existing: Existing, input: PersonInput): Pick<MatchedEntry, 'adds' | 'conflicts'> {
  const adds: Partial<Record<PersonField, unknown>> = {};
  const conflicts: MatchedEntry['conflicts'] = [];
  for (const field of PERSON_FIELDS) {
    const incoming = (input as Record<string, unknown>)[field];
    if (incoming === undefined || field === 'name') continue;
    if (LIST_FIELDS.has(field)) {
      const mine = existing.person[field] as string[];
      const key = listKey(field);
      const seen = new Set(mine.map(key));
      const missing: string[] = [];
      for (const value of incoming as string[]) {
        const wanted = key(value);
        // One number written two ways (+44 20…, 020…) has different digits: samePhone decides.
        if (seen.has(wanted) || (field === 'phones' && mine.some((other) => samePhone(other, value)))) continue;
        seen.add(wanted);
        missing.push(value);
      }
      if (missing.length) adds[field] = missing;
    } else if (isUnset(existing.record, existing.person, field)) {
      if (incoming !== '' && incoming !== null) adds[field] = incoming;
    } else if (!sameScalar(existing.person[field], incoming)) {
      conflicts.push({ field, current: existing.person[field], incoming });
    }
  }
  return { adds, conflicts };
}

/** Kith's own export read back into its network: the person needs no source naming themself. */
function withoutOwnSource(input: PersonInput, personId: string): PersonInput {
  const own = `urn:kith:${personId}`;
  return { ...input, sources: (input.sources ?? []).filter((source) => parseSource(source)?.uid !== own) };
}

const sameScalar = (a: unknown, b: unknown) => (typeof a === 'string' && typeof b === 'string' ? foldText(a) === foldText(b) : a === b);

// ---------------------------------------------------------------- links

const RELATED_KINDS: Record<string, LinkKind> = {
  colleague: 'works-with',
  'co-worker': 'works-with',
  coworker: 'works-with',
  spouse: 'family',
  child: 'family',
  parent: 'family',
  sibling: 'family',
  kin: 'family',
  sweetheart: 'family',
  mentor: 'mentor',
};

/** RELATED by UID and Kith's introduced-by, resolved to contacts of this file or people in Kith. */
function planLinks(doc: Y.Doc, index: PeopleIndex, contacts: readonly ImportedContact[], entries: PlanEntry[]): Pick<ImportPlan, 'links' | 'introductions' | 'warnings'> {
  const byUid = new Map<string, number>();
  contacts.forEach((contact, i) => {
    if (contact.uid && entries[i]!.status !== 'unnamed' && !byUid.has(contact.uid)) byUid.set(contact.uid, i);
  });
  const resolve = (uid: string): LinkEnd | null => {
    const inFile = byUid.get(uid);
    if (inFile !== undefined) return { index: inFile };
    const known = index.uid(uid);
    return known ? { personId: known.id } : null;
  };
  /** The person an end is today, when it is one already (a matched contact merges into its person). */
  const personOf = (end: LinkEnd): string | null => {
    if ('personId' in end) return end.personId;
    const entry = entries[end.index]!;
    return entry.status === 'matched' || entry.status === 'unchanged' ? entry.personId : null;
  };
  const links: PlannedLink[] = [];
  const introductions: ImportPlan['introductions'] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  contacts.forEach((contact, i) => {
    if (entries[i]!.status === 'unnamed') return;
    const name = displayName(contact).name;
    for (const related of contact.related) {
      if (!related.uid) continue;
      const to = resolve(related.uid);
      if (!to) {
        warnings.push(`${name} names a related person (${related.uid}) who is neither in this file nor in Kith; no link was made.`);
        continue;
      }
      const from: LinkEnd = { index: i };
      const [a, b] = [personOf(from), personOf(to)];
      const key = [endKey(from), endKey(to)].sort().join(' ');
      if (seen.has(key) || (a && b && (a === b || findLinkBetween(doc, a, b)))) continue;
      seen.add(key);
      links.push(plannedLink(from, to, related));
    }
    const by = contact.kith['introduced-by']?.[0];
    if (by) {
      const end = resolve(by);
      if (end) introductions.push({ person: { index: i }, by: end });
    }
  });
  return { links, introductions, warnings };
}

const endKey = (end: LinkEnd) => ('personId' in end ? end.personId : `#${end.index}`);

function plannedLink(from: LinkEnd, to: LinkEnd, related: ImportedContact['related'][number]): PlannedLink {
  const kithKind = related.kith.kind as LinkKind | undefined;
  const kind = kithKind && LINK_KINDS.includes(kithKind) ? kithKind : (related.types.map((type) => RELATED_KINDS[type]).find(Boolean) ?? 'knows');
  // A Kith export says the kind and label itself; another app's TYPE words become the label of a plain link.
  const label = kithKind ? (related.kith.label ?? '') : kind === 'knows' || kind === 'family' ? related.label || related.types.filter((type) => !RELATED_KINDS[type]).join(', ') : '';
  const link: PlannedLink = { from, to, kind, label: kind === 'custom' && !label ? 'related' : label };
  const strength = Number(related.kith.strength);
  if (Number.isInteger(strength)) link.strength = strength;
  if (related.kith.since) link.since = related.kith.since;
  return link;
}

// ---------------------------------------------------------------- applying

export type ImportChoice = 'merge' | 'new' | 'skip';

export interface ImportChoices {
  /** For every matched contact not listed in byIndex: merge into the person (the default) or add as new. */
  matched?: 'merge' | 'new';
  /** Per contact (by index): overrides the default. */
  byIndex?: Record<number, ImportChoice>;
  /** Names the user gave contacts that had none. */
  names?: Record<number, string>;
}

export interface ImportProgress {
  done: number;
  total: number;
}

export interface ImportOutcome {
  created: string[];
  merged: string[];
  /** Contacts not written, each with why. */
  skipped: { index: number; reason: string }[];
  links: number;
}

export interface ApplyOptions {
  /** Contacts per transaction; progress is reported after each. */
  batchSize?: number;
  clock?: Clock;
  /**
   * Write straight into `doc`, batch by batch, with no staging copy: only for
   * a `doc` that is itself a copy to be dropped on cancel (the import
   * worker's, whose one update the window applies). Saves copying the whole
   * document, which grows with the network (0.7 s at 5,000 people, 5.7 s at
   * 30,000).
   */
  inPlace?: boolean;
}

/**
 * Writes the plan (see the top of this file). Use as
 *
 *   const run = applyImport(doc, plan, choices, origin);
 *   for (let step = run.next(); !step.done; step = run.next()) report(step.value);  // or stop: run.return()
 *
 * The outcome is the generator's return value. A person matched in the plan
 * who was deleted meanwhile is skipped with a reason.
 */
export function* applyImport(
  doc: Y.Doc,
  plan: ImportPlan,
  choices: ImportChoices,
  origin: unknown,
  options: ApplyOptions = {},
): Generator<ImportProgress, ImportOutcome, void> {
  const batchSize = Math.max(1, options.batchSize ?? 250);
  const clock = options.clock ?? (() => new Date(plan.importedAt));
  const outcome: ImportOutcome = { created: [], merged: [], skipped: [], links: 0 };
  const personIds = new Map<number, string>();
  const work = plan.entries.filter((entry) => entry.status !== 'unchanged' || choiceOf(entry, choices) === 'new');
  for (const entry of plan.entries) if (entry.status === 'unchanged' && choiceOf(entry, choices) !== 'new') personIds.set(entry.index, entry.personId);
  if (!work.length && !plan.links.length && !plan.introductions.length) return outcome;

  // Read before anything is written: a named card is matched with the people already here, never with another card of the file.
  const named = namedMatches(doc, plan, choices);
  const staging = options.inPlace ? doc : new Y.Doc();
  try {
    if (!options.inPlace) Y.applyUpdate(staging, Y.encodeStateAsUpdate(doc));
    const total = work.length + 1;
    for (let start = 0; start < work.length; start += batchSize) {
      staging.transact(() => {
        for (const entry of work.slice(start, start + batchSize)) writeEntry(staging, entry, choices, origin, clock, outcome, personIds, named);
      }, origin);
      yield { done: Math.min(start + batchSize, work.length), total };
    }
    staging.transact(() => writeLinks(staging, plan, personIds, origin, clock, outcome), origin);
    if (!options.inPlace) Y.applyUpdate(doc, Y.encodeStateAsUpdate(staging, Y.encodeStateVector(doc)), origin);
    return outcome;
  } finally {
    if (staging !== doc) staging.destroy();
  }
}

/**
 * Cards the user named in the preview (they had no name, or only an email
 * or phone nothing here matched), matched with the people in Kith by that
 * name, with the same rules as any other name (findDuplicatesBetween).
 */
function namedMatches(doc: Y.Doc, plan: ImportPlan, choices: ImportChoices): Map<number, Match> {
  const names = choices.names ?? {};
  const inputs: (PersonInput | null)[] = plan.entries.map((entry) => {
    const name = names[entry.index]?.trim();
    if (!name || (entry.status !== 'new' && entry.status !== 'unnamed')) return null;
    return toPersonInput(entry.contact, plan.importedAt, name).input;
  });
  return inputs.some(Boolean) ? nameMatches(livePeople(doc), inputs) : new Map();
}

/** How a named card that matched someone by its name comes in: as the user chose for matches (merge unless "add as new"). */
const namedChoice = (entry: PlanEntry, choices: ImportChoices): ImportChoice => choices.byIndex?.[entry.index] ?? choices.matched ?? 'merge';

function choiceOf(entry: PlanEntry, choices: ImportChoices): ImportChoice {
  const chosen = choices.byIndex?.[entry.index];
  if (chosen) return chosen;
  if (entry.status === 'unnamed') return choices.names?.[entry.index]?.trim() ? 'new' : 'skip';
  if (entry.status === 'matched' || entry.status === 'unchanged') return choices.matched ?? 'merge';
  return 'new';
}

function writeEntry(
  staging: Y.Doc,
  entry: PlanEntry,
  choices: ImportChoices,
  origin: unknown,
  clock: Clock,
  outcome: ImportOutcome,
  personIds: Map<number, string>,
  named: Map<number, Match>,
): void {
  const byName = named.get(entry.index);
  const choice = byName ? namedChoice(entry, choices) : choiceOf(entry, choices);
  if (choice === 'skip') {
    outcome.skipped.push({ index: entry.index, reason: entry.status === 'unnamed' ? 'It has no name.' : 'You chose to leave it out.' });
    return;
  }
  const name = choices.names?.[entry.index]?.trim();
  const input = name ? toPersonInput(entry.contact, clock().toISOString(), name).input : entry.input;
  if (!input) {
    outcome.skipped.push({ index: entry.index, reason: 'It has no name.' });
    return;
  }
  const target = entry.status === 'matched' || entry.status === 'unchanged' ? { id: entry.personId, name: entry.personName } : byName ? { id: byName.existing.id, name: byName.existing.person.name } : null;
  if (choice === 'merge' && target) {
    const record = root(staging, 'contacts').get(target.id);
    if (!(record instanceof Y.Map) || record.get('deletedAt')) {
      outcome.skipped.push({ index: entry.index, reason: `${target.name} was deleted after the preview.` });
      return;
    }
    if (mergeInto(record, readPerson(target.id, record), input, clock)) outcome.merged.push(target.id);
    personIds.set(entry.index, target.id);
    return;
  }
  try {
    const id = createPerson(staging, input, origin, clock);
    outcome.created.push(id);
    personIds.set(entry.index, id);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    outcome.skipped.push({ index: entry.index, reason: error.message });
  }
}

/** Adds what the person lacks; returns whether anything was written. */
function mergeInto(record: Y.Map<unknown>, person: Person, input: PersonInput, clock: Clock): boolean {
  const { adds } = compare({ id: person.id, record, person }, withoutOwnSource(input, person.id));
  const fields = Object.keys(adds) as PersonField[];
  if (!fields.length) return false;
  for (const field of fields) {
    const value = adds[field];
    if (LIST_FIELDS.has(field)) appendToList(record, field, value as string[]);
    else record.set(field, value);
  }
  record.set('updatedAt', clock().toISOString());
  return true;
}

function writeLinks(staging: Y.Doc, plan: ImportPlan, personIds: Map<number, string>, origin: unknown, clock: Clock, outcome: ImportOutcome): void {
  const idOf = (end: LinkEnd) => ('personId' in end ? end.personId : personIds.get(end.index));
  for (const link of plan.links) {
    const [from, to] = [idOf(link.from), idOf(link.to)];
    if (!from || !to || from === to || findLinkBetween(staging, from, to)) continue;
    try {
      createLink(staging, { from, to, kind: link.kind, label: link.label, strength: link.strength, since: link.since }, origin, clock);
      outcome.links++;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
    }
  }
  for (const { person, by } of plan.introductions) {
    const [id, introducer] = [idOf(person), idOf(by)];
    const record = id ? root(staging, 'contacts').get(id) : undefined;
    if (!introducer || id === introducer || !(record instanceof Y.Map) || record.get('introducedBy')) continue;
    record.set('introducedBy', introducer);
  }
}
