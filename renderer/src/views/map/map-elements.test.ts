import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson } from '../../../../shared/doc/people';
import { snoozeHello } from '../../../../shared/doc/keep-in-touch';
import { createNote } from '../../../../shared/doc/notes';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { mapElements } from './map-elements';

const at = (iso: string) => new Date(iso);
const clock = (iso: string) => () => at(iso);
const LONDON = 'Europe/London';
const AUCKLAND = 'Pacific/Auckland';

const quietOnMap = (doc: Y.Doc, now: Date, timeZone: string) =>
  mapElements(doc, now, timeZone)
    .nodes.filter((node) => node.dormant)
    .map((node) => node.id);

describe('going quiet on the map', () => {
  it('is who Follow-ups says is due a hello: not someone snoozed', () => {
    const doc = new Y.Doc();
    const added = clock('2026-01-01T12:00:00Z');
    const snoozed = createPerson(doc, { name: 'Snoozed Sam', tier: 'inner' }, LOCAL_UI, added);
    const due = createPerson(doc, { name: 'Due Dana', tier: 'inner' }, LOCAL_UI, added);
    const recent = createPerson(doc, { name: 'Recent Rae', tier: 'inner' }, LOCAL_UI, added);
    createNote(doc, { contactIds: [recent], kind: 'call', text: 'Caught up' }, LOCAL_UI, clock('2026-01-25T12:00:00Z'));
    const now = at('2026-01-31T12:00:00Z');
    expect(quietOnMap(doc, now, LONDON).sort()).toEqual([due, snoozed].sort());

    snoozeHello(doc, snoozed, '2026-02-07', LOCAL_UI, clock('2026-01-31T12:00:00Z'));
    expect(quietOnMap(doc, now, LONDON)).toEqual([due]);
    // The day the snooze ends, they are going quiet again.
    expect(quietOnMap(doc, at('2026-02-07T12:00:00Z'), LONDON).sort()).toEqual([due, snoozed].sort());
  });

  it('counts calendar days in the user’s zone, not 24-hour multiples', () => {
    const doc = new Y.Doc();
    // 23:30 on 1 March in Auckland (NZDT, UTC+13); an inner-circle hello is due 14 days on, on 15 March.
    const ana = createPerson(doc, { name: 'Ana', tier: 'inner' }, LOCAL_UI, clock('2026-03-01T10:30:00Z'));
    // 00:30 on 15 March in Auckland: due today, though only 13 days and 1 hour have passed.
    expect(quietOnMap(doc, at('2026-03-14T11:30:00Z'), AUCKLAND)).toEqual([ana]);
    // 23:30 on 14 March there: not yet.
    expect(quietOnMap(doc, at('2026-03-14T10:30:00Z'), AUCKLAND)).toEqual([]);
  });

  it('leaves the map’s people and links otherwise as networkElements draws them', () => {
    const doc = new Y.Doc();
    const added = clock('2026-01-01T12:00:00Z');
    createPerson(doc, { name: 'Ada Lovelace', org: 'Analytical', tier: 'close' }, LOCAL_UI, added);
    const { nodes } = mapElements(doc, at('2026-01-02T12:00:00Z'), LONDON);
    expect(nodes.map((node) => [node.name, node.org, node.dormant])).toEqual([
      ['Me', '', false],
      ['Ada Lovelace', 'Analytical', false],
    ]);
  });
});
