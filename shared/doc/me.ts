/**
 * The user's own profile (the `me` root), used to find what they share with
 * someone. It is a flat Y.Map with the field names and validators people
 * have, so one matcher compares the two; only the personal fields exist here.
 */
import type * as Y from 'yjs';
import { ensureProfileLists, root } from './schema';
import { ValidationError } from './errors';
import { ME } from './kinds';
import { MIGRATION } from './origins';
import { systemClock, type Clock } from './records';
import { readPerson, validatePersonField, type PersonValues } from './people';

export const ME_FIELDS = [
  'name',
  'org',
  'role',
  'function',
  'location',
  'tags',
  'interests',
  'expertise',
  'schools',
  'hometown',
  'pastOrgs',
  'family',
] as const;
export type MeField = (typeof ME_FIELDS)[number];
export type Me = Pick<PersonValues, MeField> & { updatedAt: string };

/** The profile, with empty values for fields never set (a new network has none). */
export function getMe(doc: Y.Doc): Me {
  const person = readPerson('me', root(doc, 'me'));
  const me = { updatedAt: person.updatedAt } as Me;
  for (const field of ME_FIELDS) (me as Record<MeField, unknown>)[field] = person[field];
  return me;
}

/** Sets one field of the profile, validated as the same field of a person; writes nothing when invalid. */
export function updateMe(
  doc: Y.Doc,
  field: MeField,
  value: unknown,
  origin: unknown,
  clock: Clock = systemClock,
): void {
  if (!(ME_FIELDS as readonly string[]).includes(field)) {
    throw new ValidationError(String(field), `Your profile has no field called "${String(field)}"`);
  }
  const clean = validatePersonField(field, value);
  // Before the edit, in a transaction of its own: making the shared lists is no edit to undo.
  if (ME.lists.has(field) && !root(doc, 'me').has(field)) ensureProfileLists(doc, MIGRATION);
  ME.update(doc, root(doc, 'me'), { [field]: clean }, origin, clock);
}
