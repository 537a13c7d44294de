/**
 * The typed intermediate every reader produces and every writer consumes:
 * one contact as the file described it, before it is mapped to a Kith
 * person (to-person.ts). It keeps more than Kith stores (phone types,
 * address parts, the photo) so the preview can say what comes in and what
 * does not.
 */
import type { ImportWarning } from './errors';

export type SourceKind = 'vcard' | 'google-csv' | 'outlook-csv' | 'linkedin-csv' | 'csv';

/** An email, phone or web address with what the file said about it. */
export interface TypedValue {
  value: string;
  /** Lower-case TYPE values (work, home, cell, fax, …) without `pref` and `internet`. */
  types: string[];
  /** 1 is most preferred (RFC 6350 §5.3); null when the file gave no preference. */
  pref: number | null;
  /** A free label (Apple's X-ABLabel, Google's "Label"), or ''. */
  label: string;
}

export interface Address {
  types: string[];
  pref: number | null;
  label: string;
  poBox: string;
  extended: string;
  street: string;
  locality: string;
  region: string;
  postalCode: string;
  country: string;
  /** The address as one text, when the file gave it so (LABEL, Google's "Formatted"). */
  formatted: string;
}

export interface StructuredName {
  family: string[];
  given: string[];
  additional: string[];
  prefixes: string[];
  suffixes: string[];
}

export interface Organisation {
  name: string;
  /** Departments, outermost first (RFC 6350 §6.6.4). */
  units: string[];
}

/** Another person named on the card: by their UID (a link) or only by text. */
export interface Related {
  uid: string;
  text: string;
  types: string[];
  label: string;
  /** Kith's own link fields, written as X-KITH-* parameters by Kith's vCard writer. */
  kith: Record<string, string>;
}

/**
 * A date as far as the file knew it: "1980-03-21", "--03-21" (no year),
 * "1980-03", "1980", or with a time "2009-08-08T14:30-05:00".
 */
export type PartialDate = string;

export interface Photo {
  /** Inline data, or null for a photo given by address. */
  data: Uint8Array | null;
  uri: string;
  mediaType: string;
}

export interface ImportedContact {
  /** Where the record starts: the BEGIN:VCARD line, or the CSV row's first line (1-based). */
  line: number;
  source: SourceKind;
  /** 'individual' unless the file says this is an organisation (KIND:org, X-ABShowAs:COMPANY). */
  kind: 'individual' | 'org' | 'group' | 'location';
  fn: string;
  n: StructuredName | null;
  /** How the name was read aloud or sorted (SORT-AS, X-IRMC-N, Yomi and phonetic columns). */
  phoneticName: string;
  nicknames: string[];
  orgs: Organisation[];
  titles: string[];
  roles: string[];
  emails: TypedValue[];
  phones: TypedValue[];
  urls: TypedValue[];
  /** Languages they speak (vCard LANG, RFC 6350 §6.4.4), with PREF: Kith keeps them as a detail, most preferred first. */
  languages: TypedValue[];
  addresses: Address[];
  birthday: PartialDate;
  anniversary: PartialDate;
  /** Other labelled dates (Apple's X-ABDATE, Google's events). */
  events: { label: string; date: PartialDate }[];
  notes: string[];
  categories: string[];
  photo: Photo | null;
  related: Related[];
  uid: string;
  /** How the user met them, when the file says (LinkedIn's "Connected On"). */
  howMet: string;
  /** The day they met or connected. */
  metOn: PartialDate;
  /** Kith's own fields, from X-KITH-* properties: lower-case name without the prefix → values. */
  kith: Record<string, string[]>;
  /** Properties or columns that were read but have no place in Kith (KEY, GEO, …), by name. */
  ignored: string[];
}

export function emptyContact(source: SourceKind, line: number): ImportedContact {
  return {
    line,
    source,
    kind: 'individual',
    fn: '',
    n: null,
    phoneticName: '',
    nicknames: [],
    orgs: [],
    titles: [],
    roles: [],
    emails: [],
    phones: [],
    urls: [],
    languages: [],
    addresses: [],
    birthday: '',
    anniversary: '',
    events: [],
    notes: [],
    categories: [],
    photo: null,
    related: [],
    uid: '',
    howMet: '',
    metOn: '',
    kith: {},
    ignored: [],
  };
}

export function emptyAddress(): Address {
  return { types: [], pref: null, label: '', poBox: '', extended: '', street: '', locality: '', region: '', postalCode: '', country: '', formatted: '' };
}

/** "Mr. John Q. Doe III" from the parts of N, or ''. */
export function nameFromParts(n: StructuredName | null): string {
  if (!n) return '';
  return [...n.prefixes, ...n.given, ...n.additional, ...n.family, ...n.suffixes]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
}

/**
 * The name to show, and where it came from: FN, then N, then the
 * organisation (for a company), then a nickname, email or phone. A card
 * with none of these has no name: it is flagged, never dropped.
 */
export function displayName(contact: ImportedContact): { name: string; from: 'fn' | 'n' | 'org' | 'nickname' | 'email' | 'phone' | 'none' } {
  const fn = contact.fn.trim();
  if (fn) return { name: fn, from: 'fn' };
  const parts = nameFromParts(contact.n);
  if (parts) return { name: parts, from: 'n' };
  const org = contact.orgs.find((o) => o.name.trim())?.name.trim();
  if (org) return { name: org, from: 'org' };
  const nickname = contact.nicknames.find((x) => x.trim())?.trim();
  if (nickname) return { name: nickname, from: 'nickname' };
  const email = contact.emails.find((e) => e.value.includes('@'))?.value.trim();
  if (email) return { name: email, from: 'email' };
  const phone = contact.phones.find((p) => p.value.trim())?.value.trim();
  if (phone) return { name: phone, from: 'phone' };
  return { name: '', from: 'none' };
}

/** What a reader gives back: the contacts it could read, and what it had to read around. */
export interface ReadResult {
  contacts: ImportedContact[];
  warnings: ImportWarning[];
  /** Records that were left out (a card cut short), each with its line. */
  errors: ImportWarning[];
}

/** Google's and Android's bookkeeping groups ("My Contacts", "* starred") are not the user's tags. */
export const isBookkeepingCategory = (category: string) => /^(\* .*|my contacts|starred in android|mycontacts)$/i.test(category.trim());

/** Parts of an email's local part that are no name: "info", "contact", digits, single letters. */
const NOT_A_NAME = new Set(['info', 'contact', 'hello', 'mail', 'office', 'admin', 'sales', 'support', 'team', 'noreply', 'no', 'reply', 'me']);

/**
 * A name to propose for a card that names no one, for the user to confirm
 * or change in the preview: "ada.lovelace@…" or "ada_lovelace+news@…" →
 * "Ada Lovelace". Only from an email whose local part has at least two
 * words of letters; '' otherwise (a phone number says nothing of a name).
 */
export function proposeName(contact: ImportedContact): string {
  if (displayName(contact).from !== 'email') return '';
  const email = contact.emails.find((e) => e.value.includes('@'))!.value.trim();
  const local = email.slice(0, email.indexOf('@')).replace(/\+.*$/, '');
  const words = local.split(/[._-]+/).filter((word) => /^\p{L}{2,}$/u.test(word));
  if (words.length < 2 || words.length !== local.split(/[._-]+/).length || words.some((word) => NOT_A_NAME.has(word.toLowerCase()))) return '';
  return words.map((word) => word[0]!.toLocaleUpperCase() + word.slice(1).toLocaleLowerCase()).join(' ');
}

/** What a card holds besides a name, in a few words, so a person can tell who an unnamed card is. */
export function describeContents(contact: ImportedContact): string {
  const parts = [
    ...contact.emails.map((e) => e.value),
    ...contact.phones.map((p) => p.value),
    ...contact.urls.map((u) => u.value),
    ...contact.addresses.map((a) => a.formatted || [a.street, a.locality, a.country].filter(Boolean).join(', ')),
    ...contact.titles,
    contact.birthday ? `born ${contact.birthday}` : '',
    ...contact.categories.filter((category) => !isBookkeepingCategory(category)),
    ...contact.notes.map((note) => {
      const characters = Array.from(note);
      return characters.length > 60 ? `${characters.slice(0, 60).join('').trimEnd()}…` : note;
    }),
  ]
    .map((part) => part.trim())
    .filter(Boolean);
  return parts.slice(0, 4).join(' · ') || 'nothing but its line in the file';
}
