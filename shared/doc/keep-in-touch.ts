/**
 * Keeping in touch: the writes behind the hello queue
 * (shared/analytics/follow-through.ts `helloQueue`).
 *
 * - "Said hello" is a note of kind `hello` on the person, so it resets the
 *   clock like any other logged contact: the last interaction is always
 *   derived from notes and requests (asked or answered), never stored
 *   beside them. An @-mention is not contact.
 * - A snooze is `snoozedUntil` ('YYYY-MM-DD', a day in the user's zone) on
 *   the person's record: the person leaves the queue until that day begins.
 *   It is not one of `personFields` (forms never edit it), so a merge keeps
 *   the kept person's snooze and readPerson ignores it.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { ValidationError, firstIssue } from './errors';
import { getPerson, isLivePerson } from './people';
import { PEOPLE } from './kinds';
import { systemClock, type Clock } from './records';
import { createNote } from './notes';
import { calendarDay, isCalendarDay } from './days';
import { REQUEST_CHANNELS, type RequestChannel } from './requests';


const untilDay = calendarDay('Snooze until a day such as 2026-12-01');
const helloChannel = z.enum(REQUEST_CHANNELS, { message: 'Say how you said hello: email, message, call, in person or other' });

/** The body of a "said hello" note, by how it was said (`other` when not said). */
export const HELLO_TEXT: Readonly<Record<RequestChannel, string>> = {
  email: 'Said hello by email',
  message: 'Said hello by message',
  call: 'Said hello on a call',
  'in-person': 'Said hello in person',
  other: 'Said hello',
};

function livePersonRecord(doc: Y.Doc, personId: string, doing: string): Y.Map<unknown> {
  const record = PEOPLE.get(doc, personId);
  if (!isLivePerson(doc, personId)) {
    throw new ValidationError('personId', `${getPerson(doc, personId)!.name} is in the Trash; restore them before ${doing}`);
  }
  return record;
}

/** Logs a quick "said hello" (a `hello` note, now) on a person; returns the note's id. */
export function logHello(
  doc: Y.Doc,
  personId: string,
  origin: unknown,
  clock: Clock = systemClock,
  channel?: RequestChannel,
): string {
  const parsed = helloChannel.optional().safeParse(channel);
  if (!parsed.success) throw new ValidationError('channel', firstIssue(parsed.error));
  livePersonRecord(doc, personId, 'saying hello');
  const text = HELLO_TEXT[parsed.data ?? 'other'];
  return createNote(doc, { contactIds: [personId], kind: 'hello', text }, origin, clock);
}

/** Keeps a person out of the hello queue until `untilDay` ('YYYY-MM-DD') begins. */
export function snoozeHello(
  doc: Y.Doc,
  personId: string,
  day: unknown,
  origin: unknown,
  clock: Clock = systemClock,
): void {
  const parsed = untilDay.safeParse(day);
  if (!parsed.success) throw new ValidationError('untilDay', firstIssue(parsed.error));
  const record = livePersonRecord(doc, personId, 'snoozing them');
  if (record.get('snoozedUntil') === parsed.data) return;
  PEOPLE.update(doc, record, { snoozedUntil: parsed.data }, origin, clock);
}

/** Ends a person's snooze: they are back in the queue if a hello is due. */
export function clearSnooze(doc: Y.Doc, personId: string, origin: unknown, clock: Clock = systemClock): void {
  const record = PEOPLE.get(doc, personId);
  if (!record.has('snoozedUntil')) return;
  PEOPLE.update(doc, record, { snoozedUntil: null }, origin, clock);
}

/** The day a person's snooze ends, or null; it may lie in the past (a snooze that has run out). */
export function snoozedUntilOf(doc: Y.Doc, personId: string): string | null {
  const value = PEOPLE.find(doc, personId)?.get('snoozedUntil');
  return typeof value === 'string' && isCalendarDay(value) ? value : null;
}
