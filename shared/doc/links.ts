/**
 * Links between two people (the `links` root). A relation is a record of its
 * own (STYLE.md 7): a prefixed id, a validator, a soft delete. `from` → `to`
 * carries a direction for kinds that have one (mentor, introduced), but two
 * people share at most one live link, whichever way round it points.
 *
 * Records written before these operations existed (the e2e network fixture)
 * may lack `updatedAt` and `deletedAt`; readers fill them in.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { hasPrefix } from './schema';
import { ValidationError, firstIssue } from './errors';
import { LINKS } from './kinds';
import { systemClock, type Clock } from './records';
import { getPerson, isLivePerson } from './people';

export const LINK_KINDS = ['knows', 'works-with', 'introduced', 'mentor', 'family', 'custom'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

const DEFAULT_STRENGTH = 3;

/** "2019", "2019-04" or "2019-04-21": people often remember only the year they met. */
function isPartialDate(text: string): boolean {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!match) return false;
  const [, year, month = '01', day = '01'] = match;
  const date = new Date(`${year}-${month}-${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(`${year}-${month}-${day}`);
}

/** The validator of every field of a link that can be edited, by field name. */
export const linkFields = {
  kind: z.enum(LINK_KINDS, { message: `A link is one of ${LINK_KINDS.join(', ')}` }),
  label: z.string().trim().max(100, 'A label can be at most 100 characters'),
  strength: z
    .number({ message: 'Strength is a number from 1 to 5' })
    .int('Strength is a whole number from 1 to 5')
    .min(1, 'Strength is at least 1')
    .max(5, 'Strength is at most 5'),
  since: z
    .string()
    .trim()
    .refine((text) => text === '' || isPartialDate(text), 'Since is a year (2019), a month (2019-04) or a day (2019-04-21)'),
} satisfies Record<string, z.ZodType>;

export type LinkField = keyof typeof linkFields;
export type LinkValues = { [K in LinkField]: z.output<(typeof linkFields)[K]> };

const personRef = (label: string) =>
  z.string({ message: `${label} must be a person` }).refine((id) => hasPrefix(id, 'person'), `${label} must be a person`);

export const linkInput = z
  .object({
    from: personRef('From'),
    to: personRef('To'),
    kind: linkFields.kind.default('knows'),
    label: linkFields.label.default(''),
    strength: linkFields.strength.default(DEFAULT_STRENGTH),
    since: linkFields.since.default(''),
  })
  .strict();
export type LinkInput = z.input<typeof linkInput>;
export type NewLink = z.output<typeof linkInput>;

export interface Link extends LinkValues {
  id: string;
  from: string;
  to: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

function links(doc: Y.Doc): Y.Map<unknown> {
  return LINKS.records(doc);
}

function requireCustomLabel(kind: LinkKind, label: string): void {
  if (kind === 'custom' && label === '') {
    throw new ValidationError('label', 'A custom link needs a label that says what it is, such as "bandmate"');
  }
}

/** The live link joining two people, either way round, other than `exceptId`. */
export function findLinkBetween(doc: Y.Doc, a: string, b: string, exceptId?: string): string | null {
  for (const [id, record] of links(doc).entries()) {
    if (id === exceptId || !(record instanceof Y.Map) || record.get('deletedAt')) continue;
    const from = record.get('from');
    const to = record.get('to');
    if ((from === a && to === b) || (from === b && to === a)) return id;
  }
  return null;
}

function requireLivePerson(doc: Y.Doc, field: 'from' | 'to', id: string): void {
  if (isLivePerson(doc, id)) return;
  const person = getPerson(doc, id);
  throw new ValidationError(
    field,
    person ? `${person.name} is in the Trash; restore them before linking` : 'That person is not in your network',
  );
}

/** Checks that two people may be linked: both live, not one person, not already linked. */
function requireLinkable(doc: Y.Doc, from: string, to: string, exceptId?: string): void {
  if (from === to) throw new ValidationError('to', 'A person cannot be linked to themself');
  requireLivePerson(doc, 'from', from);
  requireLivePerson(doc, 'to', to);
  if (findLinkBetween(doc, from, to, exceptId)) {
    throw new ValidationError('to', `${getPerson(doc, from)!.name} and ${getPerson(doc, to)!.name} are already linked`);
  }
}

/**
 * Checks a new link against the rules and the document without writing;
 * returns the clean values. Operations that write a link together with
 * something else (an introduction) check everything first, then write.
 */
export function checkNewLink(doc: Y.Doc, input: unknown): NewLink {
  const parsed = linkInput.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(String(parsed.error.issues[0]?.path[0] ?? 'link'), firstIssue(parsed.error));
  }
  requireCustomLabel(parsed.data.kind, parsed.data.label);
  requireLinkable(doc, parsed.data.from, parsed.data.to);
  return parsed.data;
}

/** Links two people; returns the new id. Throws ValidationError and writes nothing on bad input. */
export function createLink(doc: Y.Doc, input: unknown, origin: unknown, clock: Clock = systemClock): string {
  return LINKS.create(doc, checkNewLink(doc, input), origin, clock);
}

/** Sets one field of a link. Throws (and writes nothing) when the value or link is invalid. */
export function updateLink<F extends LinkField>(
  doc: Y.Doc,
  id: string,
  field: F,
  value: unknown,
  origin: unknown,
  clock: Clock = systemClock,
): void {
  const schema = linkFields[field] as unknown as z.ZodType<LinkValues[F]> | undefined;
  if (!schema) throw new ValidationError(String(field), `Links have no field called "${String(field)}"`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(field, firstIssue(parsed.error));
  const record = LINKS.get(doc, id);
  const current = readLink(id, record);
  const next = { ...current, [field]: parsed.data };
  requireCustomLabel(next.kind, next.label);
  LINKS.update(doc, record, { [field]: parsed.data }, origin, clock);
}

/** Moves a link to the Trash; restoreLink brings it back. */
export function deleteLink(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  LINKS.stamp(doc, LINKS.get(doc, id), 'deletedAt', origin, clock);
}

/** Brings a link back, refusing when it would break the rules a new link obeys (e.g. a duplicate made meanwhile). */
export function restoreLink(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  const record = LINKS.get(doc, id);
  if (!record.get('deletedAt')) return;
  const link = readLink(id, record);
  requireLinkable(doc, link.from, link.to, id);
  LINKS.unstamp(doc, record, 'deletedAt', origin, clock);
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : '');
const isStrength = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5;

/**
 * A plain snapshot of a link; a missing or malformed field reads as its
 * default. Reads check types by hand, not with zod: views read every link on
 * each change.
 */
export function readLink(id: string, record: Y.Map<unknown>): Link {
  const kind = record.get('kind');
  const strength = record.get('strength');
  const createdAt = asString(record.get('createdAt'));
  const deletedAt = record.get('deletedAt');
  return {
    id,
    from: asString(record.get('from')),
    to: asString(record.get('to')),
    kind: (LINK_KINDS as readonly unknown[]).includes(kind) ? (kind as LinkKind) : 'knows',
    label: asString(record.get('label')),
    strength: isStrength(strength) ? strength : DEFAULT_STRENGTH,
    since: asString(record.get('since')),
    createdAt,
    updatedAt: asString(record.get('updatedAt')) || createdAt,
    deletedAt: typeof deletedAt === 'string' ? deletedAt : null,
  };
}

export function getLink(doc: Y.Doc, id: string): Link | null {
  const record = LINKS.find(doc, id);
  return record ? readLink(id, record) : null;
}

const byCreation = (a: Link, b: Link) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/** Links oldest first; those in the Trash only when asked. */
export function listLinks(doc: Y.Doc, options: { includeDeleted?: boolean } = {}): Link[] {
  const found: Link[] = [];
  links(doc).forEach((record, id) => {
    if (!(record instanceof Y.Map)) return;
    const link = readLink(id, record);
    if (!link.deletedAt || options.includeDeleted) found.push(link);
  });
  return found.sort(byCreation);
}

/** The other person of a link, seen from `personId`. */
export function otherEnd(link: Link, personId: string): string {
  return link.from === personId ? link.to : link.from;
}

/**
 * A person's live links to people who are in the network (not in the Trash,
 * not purged), strongest first — the links a person view shows.
 */
export function linksOf(doc: Y.Doc, personId: string): Link[] {
  return listLinks(doc)
    .filter((link) => (link.from === personId || link.to === personId) && isLivePerson(doc, otherEnd(link, personId)))
    .sort((a, b) => b.strength - a.strength || byCreation(a, b));
}

/**
 * Who each live person is linked with by a live link, in one pass over the
 * links: for analytics that ask "are these two linked?" many times.
 */
export function neighbourIndex(doc: Y.Doc): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  const add = (a: string, b: string) => {
    let set = index.get(a);
    if (!set) index.set(a, (set = new Set()));
    set.add(b);
  };
  links(doc).forEach((record) => {
    if (!(record instanceof Y.Map) || record.get('deletedAt')) return;
    const from = asString(record.get('from'));
    const to = asString(record.get('to'));
    if (from === to || !isLivePerson(doc, from) || !isLivePerson(doc, to)) return;
    add(from, to);
    add(to, from);
  });
  return index;
}
