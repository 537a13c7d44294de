/**
 * Operations on people (the `contacts` root). Each one validates its input,
 * runs in a single transaction tagged with the caller's origin, and is the
 * only way UI code changes a person.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { hasPrefix, root } from './schema';
import { ValidationError, firstIssue } from './errors';
import { PEOPLE } from './kinds';
import { systemClock, type Clock } from './records';

export const TIERS = ['inner', 'close', 'regular', 'acquaintance'] as const;
export type Tier = (typeof TIERS)[number];

const line = (label: string, max = 200) =>
  z.string().trim().max(max, `${label} can be at most ${max} characters`);
const list = (item: z.ZodType<string>, label: string) =>
  z.array(item).max(100, `${label} can hold at most 100 entries`);
const word = (label: string) => line(label, 100).min(1, `${label} cannot be empty`);

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isBirthday(text: string): boolean {
  const match = /^(\d{4}|-)-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return false;
  return !(match[1] !== '-' && month === 2 && day === 29 && !((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0));
}

/** The validator of every field a person has, by field name. */
export const personFields = {
  name: z.string().trim().min(1, 'A name is needed').max(200, 'A name can be at most 200 characters'),
  org: line('Organisation'),
  role: line('Role'),
  function: line('Function'),
  location: line('Location'),
  emails: list(z.string().trim().email('That is not an email address (it needs an @ and a domain)'), 'Emails'),
  phones: list(
    z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 ()./-]{2,30}$/, 'A phone number has digits, spaces and + ( ) - . only'),
    'Phones',
  ),
  links: list(z.string().trim().url({ protocol: /^https?$/, message: 'A link is a web address that starts with https:// or http://, such as https://example.com' }), 'Links'),
  tags: list(word('A tag'), 'Tags'),
  interests: list(word('An interest'), 'Interests'),
  expertise: list(word('An area of expertise'), 'Expertise'),
  schools: list(word('A school'), 'Schools'),
  hometown: line('Hometown'),
  pastOrgs: list(word('An organisation'), 'Past organisations'),
  family: line('Family', 2000),
  howMet: line('How we met', 2000),
  introducedBy: z
    .string()
    .refine((id) => id === '' || hasPrefix(id, 'person'), 'Introduced by must be a person'),
  tier: z.enum(TIERS, { message: `Closeness is one of ${TIERS.join(', ')}` }),
  cadenceDays: z
    .number({ message: 'Keep-in-touch cadence is a number of days' })
    .int('Keep-in-touch cadence is a whole number of days')
    .min(1, 'Keep-in-touch cadence is at least 1 day')
    .max(3650, 'Keep-in-touch cadence is at most 3650 days')
    .nullable(),
  /** "1980-03-21", or "--03-21" when the year is not known (ISO 8601 / RFC 6350 §4.3.1). */
  birthday: z
    .string()
    .trim()
    .refine((text) => text === '' || isBirthday(text), 'A birthday is a day such as 1980-03-21, or --03-21 without the year'),
  /** Free text about the person, such as the note of an imported contact card. */
  about: z.string().trim().max(10_000, 'About can be at most 10,000 characters'),
  addresses: list(line('An address', 500).min(1, 'An address cannot be empty'), 'Addresses'),
  /** Labelled values Kith has no field of its own for ("Mobile: +1 555 0100", "Anniversary: 2009-08-08"). */
  details: list(line('A detail', 500).min(1, 'A detail cannot be empty'), 'Details'),
  /** Where the person was imported from: "kind|import time|UID" (shared/interop/source.ts). */
  sources: list(
    z.string().regex(/^[a-z][a-z0-9-]*\|\d{4}-\d{2}-\d{2}T[0-9:.]+Z\|.{0,500}$/s, 'A source is kind|time|uid'),
    'Sources',
  ),
} satisfies Record<string, z.ZodType>;

export type PersonField = keyof typeof personFields;
export type PersonValues = { [K in PersonField]: z.output<(typeof personFields)[K]> };
export const PERSON_FIELDS = Object.keys(personFields) as PersonField[];


export const personInput = z
  .object(personFields)
  .partial()
  .required({ name: true })
  .strict();
export type PersonInput = z.input<typeof personInput>;

export interface Person extends PersonValues {
  id: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

const EMPTY: PersonValues = {
  name: '',
  org: '',
  role: '',
  function: '',
  location: '',
  emails: [],
  phones: [],
  links: [],
  tags: [],
  interests: [],
  expertise: [],
  schools: [],
  hometown: '',
  pastOrgs: [],
  family: '',
  howMet: '',
  introducedBy: '',
  tier: 'regular',
  cadenceDays: null,
  birthday: '',
  about: '',
  addresses: [],
  details: [],
  sources: [],
};

/** Checks one field's value; returns the cleaned value or throws ValidationError. */
export function validatePersonField<F extends PersonField>(field: F, value: unknown): PersonValues[F] {
  const schema = personFields[field] as unknown as z.ZodType<PersonValues[F]> | undefined;
  if (!schema) throw new ValidationError(String(field), `People have no field called "${String(field)}"`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(field, firstIssue(parsed.error));
  return parsed.data;
}


/** Inputs sealed by sealCheckedInput: every field already passed its validator, and frozen since. */
const checkedInputs = new WeakSet<object>();

/**
 * For a caller that checked every field of `input` with validatePersonField
 * (or its list items with the field's item validator) and kept only the
 * values that passed, as an import does for each contact while planning:
 * freezes the input (and its lists) so it stays as checked, and lets
 * createPerson write it without parsing it again. Parsing 30,000 imported
 * contacts a second time cost half a second.
 */
export function sealCheckedInput<T extends { name: string }>(input: T): Readonly<T> {
  for (const value of Object.values(input)) if (Array.isArray(value)) Object.freeze(value);
  checkedInputs.add(Object.freeze(input));
  return input;
}

/** Adds a person; returns the new id. Throws ValidationError and writes nothing on bad input. */
export function createPerson(doc: Y.Doc, input: unknown, origin: unknown, clock: Clock = systemClock): string {
  if (typeof input === 'object' && input !== null && checkedInputs.has(input)) return PEOPLE.create(doc, input as PersonValues, origin, clock);
  const parsed = personInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(String(issue?.path[0] ?? 'person'), firstIssue(parsed.error));
  }
  return PEOPLE.create(doc, parsed.data, origin, clock);
}

/** Sets one field of a person. Throws (and writes nothing) when the value or person is invalid. */
export function updatePerson<F extends PersonField>(
  doc: Y.Doc,
  id: string,
  field: F,
  value: unknown,
  origin: unknown,
  clock: Clock = systemClock,
): void {
  const clean = validatePersonField(field, value);
  const record = PEOPLE.get(doc, id);
  if (field === 'introducedBy' && clean === id) {
    throw new ValidationError(field, 'A person cannot introduce themself');
  }
  PEOPLE.update(doc, record, { [field]: clean }, origin, clock);
}

/** Moves a person to the Trash. Their links and notes stay; restorePerson brings them back. */
export function deletePerson(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  PEOPLE.stamp(doc, PEOPLE.get(doc, id), 'deletedAt', origin, clock);
}

export function restorePerson(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  // A person restored after a merge stands on their own again.
  PEOPLE.unstamp(doc, PEOPLE.get(doc, id), 'deletedAt', origin, clock, ['mergedInto']);
}

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Reads a stored field by its type alone (this runs for every field of every
 * person on each change, so it skips zod). A value of the wrong type, written
 * by a newer or buggy peer, reads as empty rather than breaking the view.
 */
function readField<F extends PersonField>(record: Y.Map<unknown>, field: F): PersonValues[F] {
  const raw = record.get(field);
  let value: unknown = EMPTY[field];
  if (PEOPLE.lists.has(field)) {
    if (raw instanceof Y.Array) value = raw.toArray().filter(isString);
  } else if (field === 'tier') {
    if ((TIERS as readonly unknown[]).includes(raw)) value = raw;
  } else if (field === 'cadenceDays') {
    if (Number.isInteger(raw) && (raw as number) > 0) value = raw;
  } else if (isString(raw)) {
    value = raw;
  }
  return value as PersonValues[F];
}

/** A plain snapshot of one person, with defaults for fields never set. */
export function readPerson(id: string, record: Y.Map<unknown>): Person {
  const values = {} as Record<PersonField, unknown>;
  for (const field of PERSON_FIELDS) values[field] = readField(record, field);
  const deletedAt = record.get('deletedAt');
  return {
    ...(values as PersonValues),
    id,
    createdAt: String(record.get('createdAt') ?? ''),
    updatedAt: String(record.get('updatedAt') ?? ''),
    deletedAt: typeof deletedAt === 'string' ? deletedAt : null,
  };
}

/**
 * Some fields of one person (with id and createdAt), read as readPerson
 * reads them: for analyses of the whole network that need a few fields of
 * everyone, where reading every list of every person is most of the cost.
 */
export function readPersonFields<F extends PersonField>(
  id: string,
  record: Y.Map<unknown>,
  fields: readonly F[],
): Pick<PersonValues, F> & { id: string; createdAt: string } {
  const values: Partial<PersonValues> = {};
  for (const field of fields) values[field] = readField(record, field);
  return { ...(values as Pick<PersonValues, F>), id, createdAt: String(record.get('createdAt') ?? '') };
}

/** True for a person who exists and is not in the Trash; cheaper than reading the whole person. */
export function isLivePerson(doc: Y.Doc, id: string): boolean {
  const record = PEOPLE.find(doc, id);
  return record !== null && !record.get('deletedAt');
}

export function getPerson(doc: Y.Doc, id: string): Person | null {
  const record = PEOPLE.find(doc, id);
  return record ? readPerson(id, record) : null;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** listPeople's order: by name, then by id. */
export const byName = (a: Person, b: Person): number => collator.compare(a.name, b.name) || a.id.localeCompare(b.id);

/** People sorted by name; soft-deleted ones only when asked. */
export function listPeople(doc: Y.Doc, options: { includeDeleted?: boolean } = {}): Person[] {
  const people: Person[] = [];
  for (const [id, record] of PEOPLE.entries(doc)) {
    const person = readPerson(id, record);
    if (!person.deletedAt || options.includeDeleted) people.push(person);
  }
  return people.sort(byName);
}

/** How far listPeopleInSteps has got: people read of all there are, then (read = of) sorting. */
export interface PeopleReadProgress {
  read: number;
  of: number;
}

/** People read between two steps of listPeopleInSteps, and how many a sorted run holds before runs are merged. */
const READ_STEP = 64;
const SORT_RUN = 512;
const MERGE_STEP = 1024;

/**
 * listPeople in small steps, for a reader that spreads reading everyone over
 * several tasks (at 30,000 people listPeople is 1.3-1.9 s, a third of it the
 * sort): a generator that yields its progress after each step of a few
 * milliseconds and returns what listPeople returns. The sort is a merge sort
 * of sorted runs, with listPeople's order. A record changed while it is
 * paused may be read before or after the change: the caller re-reads those.
 */
export function* listPeopleInSteps(
  doc: Y.Doc,
  options: { includeDeleted?: boolean } = {},
): Generator<PeopleReadProgress, Person[], void> {
  const records = PEOPLE.records(doc);
  const entries = PEOPLE.entries(doc);
  const progress: PeopleReadProgress = { read: 0, of: entries.length };
  yield progress;
  const people: Person[] = [];
  for (const [id, record] of entries) {
    // A record removed since the list of entries was taken is gone from the map; listPeople would not read it.
    if (records.get(id) === record) {
      const person = readPerson(id, record);
      if (!person.deletedAt || options.includeDeleted) people.push(person);
    }
    if (++progress.read % READ_STEP === 0) yield progress;
  }
  let runs: Person[][] = [];
  for (let start = 0; start < people.length; start += SORT_RUN) {
    runs.push(people.slice(start, start + SORT_RUN).sort(byName));
    yield progress;
  }
  while (runs.length > 1) {
    const merged: Person[][] = [];
    for (let index = 0; index < runs.length; index += 2) {
      const [left, right] = [runs[index]!, runs[index + 1]];
      merged.push(right ? yield* mergeInSteps(left, right, progress) : left);
    }
    runs = merged;
  }
  return runs[0] ?? [];
}

function* mergeInSteps(left: Person[], right: Person[], progress: PeopleReadProgress): Generator<PeopleReadProgress, Person[], void> {
  const merged: Person[] = [];
  let [l, r] = [0, 0];
  while (l < left.length && r < right.length) {
    merged.push(byName(right[r]!, left[l]!) < 0 ? right[r++]! : left[l++]!);
    if (merged.length % MERGE_STEP === 0) yield progress;
  }
  while (l < left.length) merged.push(left[l++]!);
  while (r < right.length) merged.push(right[r++]!);
  return merged;
}

/**
 * Removes a person from the Trash for good: their record and map position.
 * Only a person already in the Trash can be purged. Links and notes that
 * name them stay (a note may name others too) and show them as removed.
 */
export function purgePerson(doc: Y.Doc, id: string, origin: unknown): void {
  const record = PEOPLE.get(doc, id);
  if (!record.get('deletedAt')) throw new ValidationError('person', 'Move a person to the Trash before removing them for good');
  doc.transact(() => {
    PEOPLE.records(doc).delete(id);
    root(doc, 'layout').delete(id);
  }, origin);
}
