/**
 * Commitments (the `commitments` root): "I will send Ada the deck by Friday"
 * (`mine`) and "Ada will introduce me to Grace" (`theirs`). Each is a record
 * of its own with one person, an optional due day and, when it came from a
 * note, that note's id.
 *
 * `due` is a calendar day ('YYYY-MM-DD') in the user's own time zone, not an
 * instant: a commitment due Friday is due all of Friday wherever the user is
 * (shared/doc/days.ts). `doneAt` is the instant it was marked done.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { hasPrefix } from './schema';
import { ValidationError, firstIssue } from './errors';
import { COMMITMENTS, NOTES } from './kinds';
import { systemClock, type Clock } from './records';
import { getPerson, isLivePerson } from './people';
import { calendarDay, isCalendarDay } from './days';

export const COMMITMENT_DIRECTIONS = ['mine', 'theirs'] as const;
export type CommitmentDirection = (typeof COMMITMENT_DIRECTIONS)[number];

const MAX_WHAT = 500;
const WHO_MESSAGE = 'Choose who this commitment is with';
const WHAT_MESSAGE = 'Say what will be done';
const DUE_MESSAGE = 'A due date is a day such as 2026-12-01';
const NOTE_MESSAGE = 'A commitment can come only from a note';

/** An empty date field (a form's '') means "no due date", as null does. */
const dueDay = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? null : value),
  calendarDay(DUE_MESSAGE).nullable(),
);

/** The validators of the fields that can be edited after creation, by field name. */
export const commitmentFields = {
  direction: z.enum(COMMITMENT_DIRECTIONS, { message: 'A commitment is mine (I will) or theirs (they will)' }),
  what: z
    .string({ message: WHAT_MESSAGE })
    .trim()
    .min(1, WHAT_MESSAGE)
    .max(MAX_WHAT, `Say what will be done in at most ${MAX_WHAT} characters`),
  due: dueDay,
} satisfies Record<string, z.ZodType>;

export const commitmentInput = z
  .object({
    contactId: z.string({ message: WHO_MESSAGE }).refine((id) => hasPrefix(id, 'person'), WHO_MESSAGE),
    direction: commitmentFields.direction,
    what: commitmentFields.what,
    due: commitmentFields.due.optional(),
    noteId: z.string({ message: NOTE_MESSAGE }).refine((id) => hasPrefix(id, 'note'), NOTE_MESSAGE).optional(),
    /** The key of the suggestion this confirms (commitment-suggestions.ts), so it is not offered again. */
    suggestionKey: z
      .string({ message: 'A suggestion key is text' })
      .min(1, 'A suggestion key cannot be empty')
      .max(64, 'A suggestion key is at most 64 characters')
      .optional(),
  })
  .strict();
export type CommitmentInput = z.input<typeof commitmentInput>;

export const commitmentPatch = z.object(commitmentFields).partial().strict();
export type CommitmentPatch = z.input<typeof commitmentPatch>;

export interface Commitment {
  id: string;
  contactId: string;
  direction: CommitmentDirection;
  what: string;
  /** The due day in the user's zone, or null when there is none. */
  due: string | null;
  doneAt: string | null;
  noteId: string | null;
  suggestionKey: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

function commitmentMap(doc: Y.Doc, id: string): Y.Map<unknown> {
  return COMMITMENTS.get(doc, id);
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(String(parsed.error.issues[0]?.path[0] ?? 'commitment'), firstIssue(parsed.error));
  }
  return parsed.data;
}

function requireLivePerson(doc: Y.Doc, id: string): void {
  if (isLivePerson(doc, id)) return;
  const person = getPerson(doc, id);
  throw new ValidationError(
    'contactId',
    person ? `${person.name} is in the Trash; restore them before adding a commitment` : WHO_MESSAGE,
  );
}

function requireLiveNote(doc: Y.Doc, id: string): void {
  const note = NOTES.find(doc, id);
  if (!note) throw new ValidationError('noteId', 'That note is not in your network');
  if (note.get('deletedAt')) throw new ValidationError('noteId', 'That note is in the Trash; restore it first');
}

/** Adds a commitment; returns the new id. Throws ValidationError and writes nothing on bad input. */
export function createCommitment(doc: Y.Doc, input: unknown, origin: unknown, clock: Clock = systemClock): string {
  const commitment = parse(commitmentInput, input);
  requireLivePerson(doc, commitment.contactId);
  if (commitment.noteId !== undefined) requireLiveNote(doc, commitment.noteId);
  else if (commitment.suggestionKey !== undefined) {
    throw new ValidationError('suggestionKey', 'A suggestion comes from a note: give the note too');
  }
  return COMMITMENTS.create(doc, commitment, origin, clock);
}

/**
 * Changes what will be done, by whom, or when: `patch` holds any of
 * `what`, `direction` and `due` (null or '' clears the due day).
 */
export function updateCommitment(doc: Y.Doc, id: string, patch: unknown, origin: unknown, clock: Clock = systemClock): void {
  const values = parse(commitmentPatch, patch);
  const record = commitmentMap(doc, id);
  if (Object.values(values).every((value) => value === undefined)) return;
  COMMITMENTS.update(doc, record, values, origin, clock);
}

/** Marks a commitment done now; one already done keeps the time it was done. */
export function completeCommitment(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  COMMITMENTS.stamp(doc, commitmentMap(doc, id), 'doneAt', origin, clock);
}

/** Marks a done commitment as still to do. */
export function reopenCommitment(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  COMMITMENTS.unstamp(doc, commitmentMap(doc, id), 'doneAt', origin, clock);
}

/** Moves a commitment to the Trash; restoreCommitment brings it back. */
export function deleteCommitment(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  COMMITMENTS.stamp(doc, commitmentMap(doc, id), 'deletedAt', origin, clock);
}

/** Brings a commitment back from the Trash; its person must be in the network (restore them first). */
export function restoreCommitment(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  const record = commitmentMap(doc, id);
  if (!record.get('deletedAt')) return;
  requireLivePerson(doc, asString(record.get('contactId')));
  COMMITMENTS.unstamp(doc, record, 'deletedAt', origin, clock);
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : '');
const orNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A plain snapshot of a commitment; a missing or malformed field reads as its default. */
function snapshot(id: string, record: Y.Map<unknown>): Commitment {
  const direction = record.get('direction');
  const due = record.get('due');
  const createdAt = asString(record.get('createdAt'));
  return {
    id,
    contactId: asString(record.get('contactId')),
    direction: (COMMITMENT_DIRECTIONS as readonly unknown[]).includes(direction) ? (direction as CommitmentDirection) : 'mine',
    what: asString(record.get('what')),
    due: typeof due === 'string' && isCalendarDay(due) ? due : null,
    doneAt: orNull(record.get('doneAt')),
    noteId: orNull(record.get('noteId')),
    suggestionKey: orNull(record.get('suggestionKey')),
    createdAt,
    updatedAt: asString(record.get('updatedAt')) || createdAt,
    deletedAt: orNull(record.get('deletedAt')),
  };
}

/** One commitment, or null when there is none with that id. */
export function readCommitment(doc: Y.Doc, id: string): Commitment | null {
  const record = COMMITMENTS.find(doc, id);
  return record ? snapshot(id, record) : null;
}

const byCreation = (a: Commitment, b: Commitment) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/** Commitments oldest first; those in the Trash only when asked. Sort for a view with `sortOwed`. */
export function listCommitments(doc: Y.Doc, options: { includeDeleted?: boolean } = {}): Commitment[] {
  const found: Commitment[] = [];
  for (const [id, record] of COMMITMENTS.entries(doc)) {
    if (!record.get('deletedAt') || options.includeDeleted) found.push(snapshot(id, record));
  }
  return found.sort(byCreation);
}

/** The commitments (not in the Trash) between the user and one person, oldest first. */
export function commitmentsOf(doc: Y.Doc, personId: string): Commitment[] {
  return listCommitments(doc).filter((commitment) => commitment.contactId === personId);
}
