/**
 * One imported contact → the input of `createPerson` (shared/doc/people.ts).
 * Every value lands where it fits; what Kith has no field for becomes a
 * labelled `details` entry ("Mobile: +49 171 …", "Anniversary: 2009-08-08")
 * rather than being lost. Values a field refuses are reported, not dropped
 * silently. Links (RELATED, introduced-by) need the other people and are
 * resolved by planImport.
 */
import { personFields, PERSON_FIELDS, sealCheckedInput, TIERS, validatePersonField, type PersonField, type PersonValues } from '../doc/people';
import { z } from 'zod';
import { samePhone } from '../doc/duplicates';
import { firstIssue, ValidationError } from '../doc/errors';
import { displayName, isBookkeepingCategory, type Address, type ImportedContact, type TypedValue } from './contact';

/** Clean values for createPerson: each one passed its field's validator. */
export type PersonInput = Partial<PersonValues> & { name: string };

export interface PersonDraft {
  /** Null when the contact has nothing to name it by: the preview must ask for a name. */
  input: PersonInput | null;
  /** Sentences for the preview: values that were left out and why. */
  problems: string[];
}

/** "kind|import time|uid": where a person came from (the `sources` person field). */
export function formatSource(kind: string, importedAt: string, uid: string): string {
  return `${kind}|${importedAt}|${uid}`;
}

export function parseSource(text: string): { kind: string; importedAt: string; uid: string } | null {
  const match = /^([a-z][a-z0-9-]*)\|([^|]*)\|(.*)$/s.exec(text);
  return match ? { kind: match[1]!, importedAt: match[2]!, uid: match[3]! } : null;
}

/** Kith's own fields as X-KITH-* names (lower case, without the prefix) → field. */
export const KITH_PROPERTIES: Readonly<Record<string, PersonField>> = {
  function: 'function',
  location: 'location',
  interest: 'interests',
  expertise: 'expertise',
  school: 'schools',
  hometown: 'hometown',
  'past-org': 'pastOrgs',
  family: 'family',
  'how-met': 'howMet',
  tier: 'tier',
  'cadence-days': 'cadenceDays',
  detail: 'details',
  source: 'sources',
};

const TYPE_LABELS: Record<string, string> = {
  cell: 'Mobile',
  mobile: 'Mobile',
  home: 'Home',
  work: 'Work',
  fax: 'Fax',
  pager: 'Pager',
  main: 'Main',
  other: 'Other',
  iphone: 'iPhone',
  car: 'Car',
  assistant: 'Assistant',
};

/** "Work fax", "Mobile", or the file's own label. */
function typeLabel(value: TypedValue, fallback: string): string {
  if (value.label) return value.label;
  const words = value.types.filter((type) => TYPE_LABELS[type]).map((type) => TYPE_LABELS[type]!);
  if (!words.length) return fallback;
  const text = words.join(' ').toLowerCase();
  return text[0]!.toUpperCase() + text.slice(1);
}

function validates(field: PersonField, value: unknown): boolean {
  try {
    validatePersonField(field, value);
    return true;
  } catch {
    return false;
  }
}

/** The validator of one item of a list field. */
const itemSchema = (field: PersonField) => (personFields[field] as unknown as z.ZodArray<z.ZodType<string>>).element;

/**
 * Whether a list field takes this item. The items taken are remembered (as
 * the item validator gives them back: trimmed) in `accepted`, so that
 * `clean` need not check them again.
 */
function accepts(accepted: Accepted, field: PersonField, item: string): boolean {
  const parsed = itemSchema(field).safeParse(item);
  if (parsed.success) {
    let taken = accepted.get(field);
    if (!taken) accepted.set(field, (taken = new Set()));
    taken.add(parsed.data);
  }
  return parsed.success;
}

/** List items already checked, by field. */
type Accepted = Map<PersonField, Set<string>>;

/** Adds `value` to a list unless an equal one is there (emails in any case, phones by their digits, text folded by case and spaces). */
const sameText = (a: string, b: string) => a.toLowerCase().replace(/\s+/g, ' ') === b.toLowerCase().replace(/\s+/g, ' ');

function pushUnique(list: string[], value: string, same: (a: string, b: string) => boolean = sameText): void {
  if (!list.some((item) => same(item, value))) list.push(value);
}

/** One number written two ways (+44 20… and 020…) is one phone; so is the same digits. */
const sameNumber = (a: string, b: string) => samePhone(a, b) || a.replace(/\D/g, '') === b.replace(/\D/g, '');

/** "123 Main St, Austin, TX 12345, United States of America" — one line, parts in the order a letter has them. */
export function formatAddress(address: Address): string {
  const cityLine = `${address.locality}${address.region ? `, ${address.region}` : ''} ${address.postalCode}`.trim().replace(/^, /, '');
  const parts = [address.extended, address.street, address.poBox, cityLine, address.country].map((part) => part.trim()).filter(Boolean);
  const text = parts.length ? parts.join(', ') : address.formatted.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).join(', ');
  return text.replace(/\s+/g, ' ').trim();
}

const withScheme = (url: string) => (/^[a-z][a-z0-9+.-]*:/i.test(url) ? url : /^[\w-]+(\.[\w-]+)+(\/|$)/.test(url) ? `http://${url}` : url);

/** The person input for one contact; `importedAt` is stamped on its source; `name` is one the user gave it. */
export function toPersonInput(contact: ImportedContact, importedAt: string, name = ''): PersonDraft {
  const problems: string[] = [];
  const chosen = name.trim() || displayName(contact).name;
  if (!chosen) return { input: null, problems: ['It has no name, email or phone to name it by.'] };
  const values: Partial<Record<PersonField, unknown>> = { name: chosen.slice(0, 200) };
  const details: string[] = [];
  const lists = { emails: [] as string[], phones: [] as string[], links: [] as string[], tags: [] as string[], addresses: [] as string[] };
  const accepted: Accepted = new Map();

  const [firstOrg, ...otherOrgs] = contact.orgs;
  if (firstOrg?.name) values.org = firstOrg.name;
  for (const unit of firstOrg?.units ?? []) details.push(`Department: ${unit}`);
  for (const org of otherOrgs) details.push(`Organisation: ${[org.name, ...org.units].filter(Boolean).join(', ')}`);
  const [title, ...otherTitles] = contact.titles;
  if (title) values.role = title;
  for (const extra of otherTitles) details.push(`Title: ${extra}`);
  const [role, ...otherRoles] = contact.roles;
  if (role) values.function = role;
  for (const extra of otherRoles) details.push(`Role: ${extra}`);

  for (const email of byPreference(contact.emails)) {
    if (accepts(accepted, 'emails', email.value)) pushUnique(lists.emails, email.value.trim());
    else details.push(`${typeLabel(email, 'Email')}: ${email.value}`);
  }
  for (const phone of byPreference(contact.phones)) {
    const number = phone.value.trim();
    // "+1 418 656 9254 ext. 102": the number is a phone; the whole goes to details.
    const withoutExtension = number.replace(/\s*(ext\.?|x|extension)\s*\d+$/i, '');
    if (accepts(accepted, 'phones', withoutExtension)) {
      pushUnique(lists.phones, withoutExtension, sameNumber);
      const label = typeLabel(phone, withoutExtension === number ? '' : 'Phone');
      if (label) details.push(`${label}: ${number}`);
    } else details.push(`${typeLabel(phone, 'Phone')} phone: ${number}`.replace(/ phone phone:/, ' phone:'));
  }
  for (const url of byPreference(contact.urls)) {
    const link = withScheme(url.value.trim());
    if (accepts(accepted, 'links', link)) pushUnique(lists.links, link);
    else details.push(`${typeLabel(url, 'Web')}: ${url.value}`);
  }
  if (contact.languages.length) details.push(`Languages: ${byPreference(contact.languages).map((language) => language.value).join(', ')}`);
  for (const category of contact.categories) {
    if (isBookkeepingCategory(category)) continue;
    if (accepts(accepted, 'tags', category)) pushUnique(lists.tags, category.trim());
    else problems.push(`The tag “${category.slice(0, 40)}” was left out: tags are at most 100 characters.`);
  }
  for (const address of contact.addresses) {
    const text = formatAddress(address);
    if (text) pushUnique(lists.addresses, text.slice(0, 500));
  }

  if (contact.birthday) {
    if (validates('birthday', contact.birthday)) values.birthday = contact.birthday;
    else details.push(`Birthday: ${contact.birthday}`);
  }
  if (contact.anniversary) details.push(`Anniversary: ${contact.anniversary}`);
  for (const event of contact.events) details.push(`${event.label || 'Date'}: ${event.date}`);
  for (const nickname of contact.nicknames) details.push(`Nickname: ${nickname}`);
  if (contact.phoneticName) details.push(`Phonetic name: ${contact.phoneticName}`);
  for (const related of contact.related) {
    if (related.text) details.push(`${related.label || relatedLabel(related.types)}: ${related.text}`);
  }
  const about = contact.notes.map((note) => note.replace(/\r\n?/g, '\n').trim()).filter(Boolean).join('\n\n');
  if (about) values.about = about;
  if (contact.howMet || contact.metOn) values.howMet = [contact.howMet, contact.metOn && `on ${contact.metOn}`].filter(Boolean).join(' ');

  Object.assign(values, lists);
  values.details = details;
  applyKithProperties(contact, values, problems);
  const sources = (values.sources as string[] | undefined) ?? [];
  values.sources = [...sources, formatSource(contact.source, importedAt, contact.uid)];
  return { input: clean(values, problems, accepted), problems };
}

function byPreference(values: TypedValue[]): TypedValue[] {
  return values.toSorted((a, b) => (a.pref ?? 101) - (b.pref ?? 101));
}

function relatedLabel(types: string[]): string {
  const text = types[0] ?? 'related';
  return text[0]!.toUpperCase() + text.slice(1);
}

/** X-KITH-* values written by Kith's own exporter: they overwrite what the standard properties gave. */
function applyKithProperties(contact: ImportedContact, values: Partial<Record<PersonField, unknown>>, problems: string[]): void {
  for (const [key, found] of Object.entries(contact.kith)) {
    const field = KITH_PROPERTIES[key];
    if (!field) continue;
    if (personFields[field] instanceof z.ZodArray) {
      const list = field === 'details' ? (values.details as string[]) : ((values[field] as string[] | undefined) ?? []);
      for (const value of found) pushUnique(list, value);
      values[field] = list;
    } else if (field === 'cadenceDays') {
      const days = Number(found[0]);
      values.cadenceDays = Number.isInteger(days) ? days : found[0];
    } else if (field === 'tier') {
      if ((TIERS as readonly string[]).includes(found[0]!)) values.tier = found[0];
      else problems.push(`Closeness “${found[0]}” is not one Kith knows; it was left out.`);
    } else {
      values[field] = found.join('\n');
    }
  }
}

/**
 * Each value checked by the person's own validators; what fails is left out
 * with a reason. A list is checked item by item (a list of at most 100 valid
 * items is a valid list), and items `accepted` already took are not checked
 * again. The input is sealed (sealCheckedInput): createPerson writes it as it is.
 */
function clean(values: Partial<Record<PersonField, unknown>>, problems: string[], accepted: Accepted = new Map()): PersonInput {
  const input: Record<string, unknown> = {};
  for (const field of PERSON_FIELDS) {
    let value = values[field];
    if (value === undefined || (Array.isArray(value) && !value.length)) continue;
    if (Array.isArray(value) && value.length > 100) {
      problems.push(`Only the first 100 of ${value.length} ${field} were kept.`);
      value = value.slice(0, 100);
    }
    if (Array.isArray(value) && personFields[field] instanceof z.ZodArray) {
      input[field] = checkItems(field, value, problems, accepted.get(field));
      continue;
    }
    try {
      input[field] = validatePersonField(field, value);
    } catch (error) {
      if (field === 'name') throw error;
      problems.push(`${error instanceof ValidationError ? error.message : String(error)}; it was left out.`);
    }
  }
  return sealCheckedInput(input as PersonInput);
}

/** The items of a list that its field's item validator takes, as it gives them back; the others as problems. */
function checkItems(field: PersonField, items: unknown[], problems: string[], taken: ReadonlySet<string> = new Set()): string[] {
  const schema = itemSchema(field);
  const kept: string[] = [];
  for (const item of items) {
    if (typeof item === 'string' && taken.has(item)) {
      kept.push(item);
      continue;
    }
    const parsed = schema.safeParse(item);
    if (parsed.success) kept.push(parsed.data);
    else problems.push(`“${String(item).slice(0, 60)}” was left out of ${field}: ${firstIssue(parsed.error)}.`);
  }
  return kept;
}
