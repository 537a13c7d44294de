/**
 * Merging two records of one person (the pairs duplicates.ts finds, or any
 * two the user picks).
 *
 * A merge is one transaction that keeps everything: list values are united,
 * empty fields filled, conflicting values written into a note on the kept
 * person, and every field that pointed at the other person
 * (`PERSON_REFERENCES` in kinds.ts: introductions, links, notes,
 * commitments, requests) and the map position point at the kept one. The
 * other person goes to the Trash with `mergedInto`.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { hasPrefix, root } from './schema';
import { ValidationError, firstIssue } from './errors';
import { PERSON_FIELDS, getPerson, type Person, type PersonField } from './people';
import { LINKS, PEOPLE, PERSON_REFERENCES } from './kinds';
import { appendToList, systemClock, writeList, type Clock } from './records';
import { checkNewNote, createNote } from './notes';
import { readLink } from './links';
import { foldText } from '../analytics/normalize';

const personId = (label: string) =>
  z.string({ message: `${label} must be a person` }).refine((id) => hasPrefix(id, 'person'), `${label} must be a person`);
const mergeInput = z.object({ keepId: personId('The person to keep'), otherId: personId('The person to merge') });

/** What a dropped value is called in the merge note. */
const FIELD_NAMES: Partial<Record<PersonField, string>> = {
  org: 'organisation',
  role: 'role',
  function: 'function',
  location: 'location',
  hometown: 'hometown',
  family: 'family',
  howMet: 'how we met',
  tier: 'closeness',
};

/** One of the two records being merged. */
interface Side {
  person: Person;
  record: Y.Map<unknown>;
}

/**
 * Merges `otherId` into `keepId` in one transaction (see the top of this
 * file). Throws ValidationError and writes nothing when the two are one
 * person, or either is missing or in the Trash.
 */
export function mergePeople(doc: Y.Doc, keepId: string, otherId: string, origin: unknown, clock: Clock = systemClock): void {
  const { keep, other } = checkMerge(doc, keepId, otherId);
  const now = clock().toISOString();
  const text = mergeNote(keep, other, droppedValues(doc, keep, other));
  const note = text ? checkNewNote(doc, { contactIds: [keepId], kind: 'note', text, at: now }) : null;
  doc.transact(() => {
    mergeFields(keep, other);
    repoint(doc, otherId, keepId, now);
    if (note) createNote(doc, note, origin, () => new Date(now));
    other.record.set('deletedAt', now);
    other.record.set('mergedInto', keepId);
    other.record.set('updatedAt', now);
    keep.record.set('updatedAt', now);
  }, origin);
}

function checkMerge(doc: Y.Doc, keepId: unknown, otherId: unknown): { keep: Side; other: Side } {
  const parsed = mergeInput.safeParse({ keepId, otherId });
  if (!parsed.success) throw new ValidationError(String(parsed.error.issues[0]?.path[0] ?? 'otherId'), firstIssue(parsed.error));
  if (parsed.data.keepId === parsed.data.otherId) throw new ValidationError('otherId', 'A person cannot be merged with themself');
  const live = (field: 'keepId' | 'otherId'): Side => {
    const person = getPerson(doc, parsed.data[field]);
    if (!person) throw new ValidationError(field, 'That person is not in your network');
    if (person.deletedAt) throw new ValidationError(field, `${person.name} is in the Trash; restore them before merging`);
    return { person, record: PEOPLE.get(doc, person.id) };
  };
  return { keep: live('keepId'), other: live('otherId') };
}

const isEmpty = (value: unknown) => value === '' || value === null || value === undefined;

/**
 * A scalar field's value for the merge: empty when never set (a default
 * closeness is not a choice), and "introduced by" the other record of the
 * same person reads as empty too.
 */
function scalar(side: Side, partner: Side, field: PersonField): unknown {
  if (!side.record.has(field)) return '';
  const value = side.person[field];
  return field === 'introducedBy' && value === partner.person.id ? '' : value;
}

function scalarFields(): PersonField[] {
  return PERSON_FIELDS.filter((field) => field !== 'name' && !PEOPLE.lists.has(field));
}

/** The other's scalar values that differ from the kept person's, as "organisation Acme". */
function droppedValues(doc: Y.Doc, keep: Side, other: Side): string[] {
  const dropped: string[] = [];
  for (const field of scalarFields()) {
    const mine = scalar(keep, other, field);
    const theirs = scalar(other, keep, field);
    if (isEmpty(mine) || isEmpty(theirs) || sameValue(field, mine, theirs)) continue;
    dropped.push(describe(doc, field, theirs));
  }
  return dropped;
}

function sameValue(field: PersonField, a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string' && field !== 'introducedBy') return foldText(a) === foldText(b);
  return a === b;
}

function describe(doc: Y.Doc, field: PersonField, value: unknown): string {
  if (field === 'introducedBy') return `introduced by ${getPerson(doc, String(value))?.name ?? 'someone no longer in your network'}`;
  if (field === 'cadenceDays') return `keep in touch every ${String(value)} days`;
  return `${FIELD_NAMES[field] ?? field} ${String(value)}`;
}

/** "Merged from Jon Smith: organisation Acme, role CTO." — or null when nothing of the other would be lost. */
function mergeNote(keep: Side, other: Side, dropped: string[]): string | null {
  if (!dropped.length && foldText(keep.person.name) === foldText(other.person.name)) return null;
  return `Merged from ${other.person.name}${dropped.length ? `: ${dropped.join(', ')}` : ''}.`;
}

/** Lists become their union (keep's first); empty scalars take the other's value; the earlier createdAt wins. */
function mergeFields(keep: Side, other: Side): void {
  for (const field of PERSON_FIELDS) {
    if (PEOPLE.lists.has(field)) appendMissing(keep.record, field, keep.person[field] as string[], other.person[field] as string[]);
  }
  for (const field of scalarFields()) {
    if (!isEmpty(scalar(keep, other, field))) continue;
    const theirs = scalar(other, keep, field);
    if (!isEmpty(theirs)) keep.record.set(field, theirs);
    else if (field === 'introducedBy' && keep.record.has(field)) keep.record.delete(field);
  }
  const { createdAt } = other.person;
  if (createdAt && createdAt < keep.person.createdAt) keep.record.set('createdAt', createdAt);
}

function appendMissing(record: Y.Map<unknown>, field: PersonField, mine: string[], theirs: string[]): void {
  const key = listKey(field);
  const seen = new Set(mine.map(key));
  const missing: string[] = [];
  for (const value of theirs) {
    if (seen.has(key(value))) continue;
    seen.add(key(value));
    missing.push(value);
  }
  if (missing.length) appendToList(record, field, missing);
}

/** When two list entries are one value: an email in any case, a phone however written, other text folded. */
function listKey(field: PersonField): (value: string) => string {
  if (field === 'emails') return (value) => value.trim().toLowerCase();
  if (field === 'phones') return (value) => value.replace(/\D/g, '').replace(/^00/, '');
  return foldText;
}

// ---------------------------------------------------------------- re-pointing

/** Every field that named the other person names the kept one. */
function repoint(doc: Y.Doc, otherId: string, keepId: string, now: string): void {
  const changed = new Set<string>();
  for (const { kind, field, list } of PERSON_REFERENCES) {
    for (const [id, record] of kind.entries(doc)) {
      const moved = list ? repointList(record, field, otherId, keepId) : repointOne(record, field, otherId, keepId);
      if (!moved) continue;
      kind.touch(record, now);
      changed.add(id);
    }
  }
  settleLinks(doc, keepId, changed, now);
  repointLayout(doc, otherId, keepId);
}

function repointOne(record: Y.Map<unknown>, field: string, otherId: string, keepId: string): boolean {
  if (record.get(field) !== otherId) return false;
  record.set(field, keepId);
  return true;
}

/** The other person's place in a list of people becomes the kept one's, unless they are on it already. */
function repointList(record: Y.Map<unknown>, field: string, otherId: string, keepId: string): boolean {
  const stored = record.get(field);
  if (!(stored instanceof Y.Array) || !stored.toArray().includes(otherId)) return false;
  const ids = stored.toArray().filter((id): id is string => typeof id === 'string');
  const repointed = ids.includes(keepId) ? ids.filter((id) => id !== otherId) : ids.map((id) => (id === otherId ? keepId : id));
  writeList(record, field, repointed);
  return true;
}

/**
 * Links of the other person are the kept one's now. A link between the two
 * would join a person to themself and goes to the Trash; where both had a
 * link to the same person, the stronger stays (the kept person's own on a
 * tie) and the other goes to the Trash.
 */
function settleLinks(doc: Y.Doc, keepId: string, moved: ReadonlySet<string>, now: string): void {
  const live = LINKS.entries(doc).filter(([, record]) => !record.get('deletedAt'));
  const byPartner = new Map<string, [string, Y.Map<unknown>][]>();
  for (const entry of live) {
    const [from, to] = [entry[1].get('from'), entry[1].get('to')];
    if (from !== keepId && to !== keepId) continue;
    if (from === to) {
      trash(entry[1], now);
      continue;
    }
    const partner = String(from === keepId ? to : from);
    byPartner.set(partner, [...(byPartner.get(partner) ?? []), entry]);
  }
  const strength = ([id, record]: [string, Y.Map<unknown>]) => readLink(id, record).strength;
  for (const links of byPartner.values()) {
    links.sort((a, b) => strength(b) - strength(a) || Number(moved.has(a[0])) - Number(moved.has(b[0])));
    for (const [, record] of links.slice(1)) trash(record, now);
  }
}

function trash(record: Y.Map<unknown>, now: string): void {
  record.set('deletedAt', now);
  LINKS.touch(record, now);
}

function repointLayout(doc: Y.Doc, otherId: string, keepId: string): void {
  const layout = root(doc, 'layout');
  if (!layout.has(otherId)) return;
  const position = layout.get(otherId);
  // An integrated Y type cannot be inserted twice: copy it.
  if (!layout.has(keepId)) layout.set(keepId, position instanceof Y.AbstractType ? position.clone() : position);
  layout.delete(otherId);
}
