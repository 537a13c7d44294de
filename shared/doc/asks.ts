/**
 * Asks (the `asks` root): something a person is looking for — "looking for
 * a designer", "wanting intros to climate investors" — kept so that Kith can
 * remember it when something that would help comes along ("Pass it on",
 * shared/analytics/pass-it-on.ts). An ask is captured from a note (the
 * suggestion in shared/analytics/ask-suggestions.ts, confirmed by the user)
 * or by hand, and is marked helped by a share, an introduction or by hand.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { hasPrefix } from './schema';
import { ValidationError, firstIssue } from './errors';
import { ASKS } from './kinds';
import { systemClock, type Clock } from './records';
import { getPerson, isLivePerson } from './people';

export const HELPED_BY = ['share', 'introduction', 'hand'] as const;
export type HelpedBy = (typeof HELPED_BY)[number];

const MAX_WHAT = 300;
const WHO_MESSAGE = 'Choose who is asking';
const WHAT_MESSAGE = 'Say what they are looking for';

export const askInput = z
  .object({
    contactId: z.string({ message: WHO_MESSAGE }).refine((id) => hasPrefix(id, 'person'), WHO_MESSAGE),
    what: z
      .string({ message: WHAT_MESSAGE })
      .trim()
      .min(1, WHAT_MESSAGE)
      .max(MAX_WHAT, `Say what they are looking for in at most ${MAX_WHAT} characters`),
    noteId: z.string().refine((id) => hasPrefix(id, 'note'), 'An ask comes from a note').optional(),
    /** The suggestion it was confirmed from, so the note stops offering it. */
    key: z.string().min(1).max(64).optional(),
  })
  .strict();
export type AskInput = z.input<typeof askInput>;

const helpInput = z
  .object({
    by: z.enum(HELPED_BY, { message: 'Say how it was helped: a share, an introduction or by hand' }),
    /** The share note or introduced person's link that helped, when there is one. */
    ref: z.string().min(1).max(100).optional(),
  })
  .strict();

export interface Ask {
  id: string;
  contactId: string;
  what: string;
  noteId: string | null;
  key: string | null;
  createdAt: string;
  updatedAt: string;
  helpedAt: string | null;
  helpedBy: HelpedBy | null;
  /** The share note (or link) that helped, when recorded. */
  helpedRef: string | null;
  deletedAt: string | null;
}

function parse<T>(schema: z.ZodType<T>, input: unknown, fallback: string): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(String(parsed.error.issues[0]?.path[0] ?? fallback), firstIssue(parsed.error));
  return parsed.data;
}

function requireLivePerson(doc: Y.Doc, id: string): void {
  if (isLivePerson(doc, id)) return;
  const person = getPerson(doc, id);
  throw new ValidationError('contactId', person ? `${person.name} is in the Trash; restore them first` : WHO_MESSAGE);
}

/** Keeps an ask; returns its id. Writes nothing on bad input. */
export function createAsk(doc: Y.Doc, input: unknown, origin: unknown, clock: Clock = systemClock): string {
  const ask = parse(askInput, input, 'ask');
  requireLivePerson(doc, ask.contactId);
  const values: Record<string, unknown> = { contactId: ask.contactId, what: ask.what };
  if (ask.noteId) values.noteId = ask.noteId;
  if (ask.key) values.key = ask.key;
  return ASKS.create(doc, values, origin, clock);
}

/** Says again what they are looking for (a typo, or it changed). Writes nothing on bad input. */
export function editAsk(doc: Y.Doc, id: string, what: unknown, origin: unknown, clock: Clock = systemClock): void {
  const { what: text } = parse(askInput.pick({ what: true }), { what }, 'what');
  const record = ASKS.get(doc, id);
  if (record.get('what') === text) return;
  ASKS.update(doc, record, { what: text }, origin, clock);
}

/** Marks an ask helped now (by a share, an introduction or by hand); one already helped keeps its time and how. */
export function markAskHelped(doc: Y.Doc, id: string, how: unknown, origin: unknown, clock: Clock = systemClock): void {
  const help = parse(helpInput, how, 'by');
  const record = ASKS.get(doc, id);
  if (typeof record.get('helpedAt') === 'string') return;
  const values: Record<string, unknown> = { helpedAt: clock().toISOString(), helpedBy: help.by };
  if (help.ref) values.helpedRef = help.ref;
  ASKS.update(doc, record, values, origin, clock);
}

/** Opens an ask again (marked helped by mistake). */
export function reopenAsk(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  ASKS.unstamp(doc, ASKS.get(doc, id), 'helpedAt', origin, clock, ['helpedBy', 'helpedRef']);
}

/** Moves an ask to the Trash; restoreAsk brings it back. */
export function deleteAsk(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  ASKS.stamp(doc, ASKS.get(doc, id), 'deletedAt', origin, clock);
}

/** Brings an ask back from the Trash; its person must be in the network. */
export function restoreAsk(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  const record = ASKS.get(doc, id);
  if (!record.get('deletedAt')) return;
  requireLivePerson(doc, asString(record.get('contactId')));
  ASKS.unstamp(doc, record, 'deletedAt', origin, clock);
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : '');
const orNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A plain snapshot; missing or mistyped fields (another peer's record) read as defaults. */
export function readAsk(id: string, record: Y.Map<unknown>): Ask {
  const createdAt = asString(record.get('createdAt'));
  const helpedAt = orNull(record.get('helpedAt'));
  const helpedBy = record.get('helpedBy');
  return {
    id,
    contactId: asString(record.get('contactId')),
    what: asString(record.get('what')),
    noteId: orNull(record.get('noteId')),
    key: orNull(record.get('key')),
    createdAt,
    updatedAt: asString(record.get('updatedAt')) || createdAt,
    helpedAt,
    helpedBy: helpedAt === null ? null : (HELPED_BY as readonly unknown[]).includes(helpedBy) ? (helpedBy as HelpedBy) : 'hand',
    helpedRef: helpedAt === null ? null : orNull(record.get('helpedRef')),
    deletedAt: orNull(record.get('deletedAt')),
  };
}

const newestFirst = (a: Ask, b: Ask) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);

/** Asks, newest first; those in the Trash only when asked. */
export function listAsks(doc: Y.Doc, options: { includeDeleted?: boolean } = {}): Ask[] {
  const found: Ask[] = [];
  for (const [id, record] of ASKS.entries(doc)) {
    if (!record.get('deletedAt') || options.includeDeleted) found.push(readAsk(id, record));
  }
  return found.sort(newestFirst);
}

/** One person's asks (not in the Trash), newest first, open ones before those helped. */
export function asksOf(doc: Y.Doc, personId: string): Ask[] {
  const mine = listAsks(doc).filter((ask) => ask.contactId === personId);
  return [...mine.filter((ask) => !ask.helpedAt), ...mine.filter((ask) => ask.helpedAt)];
}

/** The open asks (not helped, not in the Trash) of live people. */
export function openAsks(doc: Y.Doc): Ask[] {
  return listAsks(doc).filter((ask) => !ask.helpedAt && isLivePerson(doc, ask.contactId));
}
