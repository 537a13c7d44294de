import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUtf8 } from 'lib0/string';
import { createPerson, deletePerson } from '../doc/people';
import { completeCommitment, createCommitment } from '../doc/commitments';
import { LOCAL_UI } from '../doc/origins';
import { escapeIcsText, writeIcs } from './ics-write';

const at = (iso: string) => () => new Date(iso);
const NOW = new Date('2026-12-03T09:00:00Z');
const unfold = (text: string) => text.replace(/\r\n /g, '');

function network() {
  const doc = new Y.Doc();
  // Created long ago with a 30-day cadence and no hello since: due 2026-01-31, overdue now.
  const ada = createPerson(doc, { name: 'Ada Lovelace', cadenceDays: 30 }, LOCAL_UI, at('2026-01-01T12:00:00Z'));
  // Created today: not due for a while, so not in the queue.
  const bob = createPerson(doc, { name: 'Bob, the builder; Jr.' }, LOCAL_UI, at('2026-12-03T08:00:00Z'));
  createCommitment(doc, { contactId: ada, direction: 'mine', what: 'Send the notes, all of them', due: '2026-12-10' }, LOCAL_UI);
  createCommitment(doc, { contactId: bob, direction: 'theirs', what: 'Introduce me to Grace', due: '2026-12-05' }, LOCAL_UI);
  createCommitment(doc, { contactId: bob, direction: 'mine', what: 'No due day' }, LOCAL_UI);
  const done = createCommitment(doc, { contactId: ada, direction: 'mine', what: 'Done already', due: '2026-11-01' }, LOCAL_UI);
  completeCommitment(doc, done, LOCAL_UI);
  return { doc, ada, bob };
}

describe('ICS export (RFC 5545)', () => {
  it('escapes TEXT values (§3.3.11)', () => {
    expect(escapeIcsText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('writes open commitments with a due day and the hello queue as all-day events', () => {
    const { doc, ada } = network();
    const text = writeIcs(doc, { now: NOW, timeZone: 'Europe/London' });
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kith//Kith//EN\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const events = unfold(text).split('BEGIN:VEVENT').slice(1);
    expect(events).toHaveLength(3);
    // Commitments made in one millisecond come in id order: find each by its text.
    const event = (text: string) => events.find((found) => found.includes(text)) ?? '';
    expect(event('Send the notes')).toContain('DTSTART;VALUE=DATE:20261210\r\nDTEND;VALUE=DATE:20261211\r\n');
    expect(event('Send the notes')).toContain('SUMMARY:I will: Send the notes\\, all of them (Ada Lovelace)\r\n');
    expect(event('Introduce me')).toContain('SUMMARY:Bob\\, the builder\\; Jr. will: Introduce me to Grace\r\n');
    expect(events[2]).toContain(`UID:hello-${ada}-2026-01-31@kith\r\n`);
    expect(events[2]).toContain('DTSTART;VALUE=DATE:20261203\r\n');
    expect(events[2]).toContain('SUMMARY:Say hello to Ada Lovelace\r\nDESCRIPTION:Due since 2026-01-31\\; keep in touch every 30 days.\r\n');
    expect(events.every((event) => event.includes('DTSTAMP:20261203T090000Z\r\n'))).toBe(true);
    // Each event opens its person in Kith.
    expect(event('Send the notes')).toContain(`URL:kith://person/${ada.slice('person:'.length)}\r\n`);
    expect(events[2]).toContain(`URL:kith://person/${ada.slice('person:'.length)}\r\n`);
    expect(text).not.toContain('No due day');
    expect(text).not.toContain('Done already');
  });

  it('leaves out people in the Trash, and either part when asked', () => {
    const { doc, ada } = network();
    deletePerson(doc, ada, LOCAL_UI);
    const text = writeIcs(doc, { now: NOW, timeZone: 'Europe/London' });
    expect(text).not.toContain('Ada');
    expect(writeIcs(network().doc, { now: NOW, timeZone: 'Europe/London', hellos: false })).not.toContain('Say hello');
    expect(writeIcs(network().doc, { now: NOW, timeZone: 'Europe/London', commitments: false }).match(/BEGIN:VEVENT/g)).toHaveLength(1);
  });

  it('folds lines at 75 octets (§3.1)', () => {
    const doc = new Y.Doc();
    const id = createPerson(doc, { name: 'Zoë' }, LOCAL_UI);
    createCommitment(doc, { contactId: id, direction: 'mine', what: 'Écrire une très longue lettre de remerciements à propos de tout ce qui s’est passé', due: '2026-12-10' }, LOCAL_UI);
    const text = writeIcs(doc, { now: NOW, timeZone: 'Europe/Paris' });
    expect(text.split('\r\n').every((line) => encodeUtf8(line).length <= 75)).toBe(true);
    expect(unfold(text)).toContain('SUMMARY:I will: Écrire une très longue lettre de remerciements à propos de tout ce qui s’est passé (Zoë)');
  });
});
