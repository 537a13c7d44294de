/**
 * iCalendar (RFC 5545) export of what is owed and whom to greet, so it can
 * sit in the user's calendar: each open commitment with a due day, and each
 * person in the hello queue, as an all-day event (VEVENT with DATE values,
 * §3.6.1 — more calendars show those than VTODO). A small writer rather than
 * ical.js: the output is a handful of properties, escaped and folded here.
 */
import * as Y from 'yjs';
import { getPerson } from '../doc/people';
import { listCommitments } from '../doc/commitments';
import { helloQueue } from '../analytics/follow-through';
import { addDays, dayIn } from '../doc/days';
import { foldLine } from './vcard-write';
import { deepLinkTo } from '../host/deep-link';

export interface IcsOptions {
  now: Date;
  /** The user's IANA zone: due days and the hello queue are days there. */
  timeZone: string;
  commitments?: boolean;
  hellos?: boolean;
}

/** RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks are escaped in TEXT. */
export function escapeIcsText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

const basicDay = (day: string) => day.replace(/-/g, '');
/** A UTC date-time in the basic form DTSTAMP needs (§3.8.7.2): 20261203T090000Z. */
const stamp = (instant: Date) => instant.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');

/** Each event opens its person in Kith: a deep link (shared/host/deep-link.ts) in URL (§3.8.4.6). */
function allDayEvent(uid: string, day: string, summary: string, description: string, personId: string, now: Date): string[] {
  const link = deepLinkTo(personId);
  return [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${stamp(now)}`,
    `DTSTART;VALUE=DATE:${basicDay(day)}`,
    `DTEND;VALUE=DATE:${basicDay(addDays(day, 1))}`,
    `SUMMARY:${escapeIcsText(summary)}`,
    ...(description ? [`DESCRIPTION:${escapeIcsText(description)}`] : []),
    ...(link ? [`URL:${link}`] : []),
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ];
}

/** The calendar text: open commitments with a due day and the hello queue (both unless told otherwise). */
export function writeIcs(doc: Y.Doc, options: IcsOptions): string {
  const { now, timeZone } = options;
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Kith//Kith//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  if (options.commitments !== false) {
    for (const commitment of listCommitments(doc)) {
      if (!commitment.due || commitment.doneAt) continue;
      const person = getPerson(doc, commitment.contactId);
      if (!person || person.deletedAt) continue;
      const summary = commitment.direction === 'mine' ? `I will: ${commitment.what} (${person.name})` : `${person.name} will: ${commitment.what}`;
      lines.push(...allDayEvent(`${commitment.id}@kith`, commitment.due, summary, '', person.id, now));
    }
  }
  if (options.hellos !== false) {
    const today = dayIn(now, timeZone);
    for (const item of helloQueue(doc, now, timeZone)) {
      // A hello already overdue goes on today, where it can still be done.
      const day = item.dueDay < today ? today : item.dueDay;
      const late = item.overdueDays > 0 ? `Due since ${item.dueDay}; ` : '';
      const description = `${late}keep in touch every ${item.cadenceDays} days.`;
      lines.push(...allDayEvent(`hello-${item.person.id}-${item.dueDay}@kith`, day, `Say hello to ${item.person.name}`, description, item.person.id, now));
    }
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('');
}
