import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson, updatePerson } from '../doc/people';
import { createNote } from '../doc/notes';
import { completeCommitment, createCommitment, deleteCommitment, listCommitments, type Commitment } from '../doc/commitments';
import { answerRequest, createRequest, deleteRequest, listRequests, type IncomingRequest } from '../doc/requests';
import { logHello, snoozeHello } from '../doc/keep-in-touch';
import { LOCAL_UI } from '../doc/origins';
import {
  answeredWithinRate,
  commitmentState,
  dueReminders,
  followUps,
  helloDueIds,
  helloQueue,
  helloStatus,
  keptOnTimeRate,
  lastInteractions,
  openRequests,
  REQUEST_AMBER_HOURS,
  REQUEST_RED_HOURS,
  requestState,
  sortOwed,
} from './follow-through';

const at = (iso: string) => new Date(iso);
const clock = (iso: string) => () => new Date(iso);
const HOUR = 3600 * 1000;
const later = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR);

const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';
const TOKYO = 'Asia/Tokyo';
const AUCKLAND = 'Pacific/Auckland';

function request(receivedAt: string, answeredAt: string | null = null, extra: Partial<IncomingRequest> = {}): IncomingRequest {
  return {
    id: `request:${receivedAt}`,
    contactId: 'person:a',
    channel: 'email',
    summary: 'x',
    receivedAt,
    answeredAt,
    createdAt: receivedAt,
    updatedAt: receivedAt,
    deletedAt: null,
    ...extra,
  };
}

function commitment(extra: Partial<Commitment>): Commitment {
  return {
    id: `commitment:${Math.random().toString(36).slice(2)}`,
    contactId: 'person:a',
    direction: 'mine',
    what: 'x',
    due: null,
    doneAt: null,
    noteId: null,
    suggestionKey: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    deletedAt: null,
    ...extra,
  };
}

describe('the 36-hour rule', () => {
  it('is ok for 24 hours, amber until 36, red after', () => {
    const received = '2026-02-10T09:00:00.000Z';
    const state = (hours: number) => requestState(request(received), later(received, hours));
    expect(REQUEST_AMBER_HOURS).toBe(24);
    expect(REQUEST_RED_HOURS).toBe(36);
    expect(state(0)).toEqual({ state: 'ok', hoursLeft: 36 });
    expect(state(23.99)).toMatchObject({ state: 'ok' });
    expect(state(24)).toEqual({ state: 'amber', hoursLeft: 12 });
    expect(state(36)).toEqual({ state: 'amber', hoursLeft: 0 });
    expect(state(36.001).state).toBe('red');
    expect(state(48)).toEqual({ state: 'red', hoursLeft: -12 });
  });

  it('counts real hours across a daylight-saving change (Europe/London springs forward 2026-03-29 01:00 UTC)', () => {
    // 21:00 GMT on Saturday; 36 real hours later the wall clock says 10:00 BST on Monday — 37 wall-clock hours.
    const received = '2026-03-28T21:00:00Z';
    expect(requestState(request(received), at('2026-03-30T08:59:59Z')).state).toBe('amber');
    expect(requestState(request(received), at('2026-03-30T09:00:00Z'))).toEqual({ state: 'amber', hoursLeft: 0 });
    expect(requestState(request(received), at('2026-03-30T09:00:01Z')).state).toBe('red');
    // America/New_York falls back 2026-11-01: 36 real hours are 37 on the wall clock there too, the other way round.
    const autumn = '2026-10-31T20:00:00-04:00';
    expect(requestState(request(autumn), at('2026-11-02T07:00:00-05:00')).state).toBe('amber'); // 36 h exactly
    expect(requestState(request(autumn), at('2026-11-02T07:00:01-05:00')).state).toBe('red');
  });

  it('reports how long an answered request took', () => {
    const answered = requestState(request('2026-03-01T10:00:00Z', '2026-03-02T16:00:00Z'), at('2026-04-01T00:00:00Z'));
    expect(answered).toEqual({ state: 'answered', hoursLeft: 6, answeredInHours: 30 });
    expect(requestState(request('2026-03-01T10:00:00Z', '2026-03-03T10:00:00Z'), at('2026-04-01T00:00:00Z'))).toEqual({
      state: 'answered',
      hoursLeft: -12,
      answeredInHours: 48,
    });
  });

  it('rates answers within 36 hours over 30 and 90 days, not counting requests that still have time', () => {
    const now = at('2026-04-30T12:00:00Z');
    const requests = [
      request('2026-04-20T10:00:00Z', '2026-04-20T20:00:00Z'), // in time
      request('2026-04-10T10:00:00Z', '2026-04-11T22:00:00Z'), // exactly 36 h: in time
      request('2026-04-12T10:00:00Z', '2026-04-14T10:00:00Z'), // late
      request('2026-04-27T10:00:00Z'), // open for 74 h: missed
      request('2026-04-30T02:00:00Z'), // open for 10 h: still has time, not counted
      request('2026-04-25T10:00:00Z', '2026-04-25T11:00:00Z', { deletedAt: '2026-04-26T00:00:00Z' }), // in the Trash
      request('2026-03-10T10:00:00Z', '2026-03-10T11:00:00Z'), // 51 days ago: only in the 90-day window
      request('2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z'), // 119 days ago: in neither
    ];
    expect(answeredWithinRate(requests, now, 30)).toEqual({ answeredInTime: 2, total: 4, rate: 0.5 });
    expect(answeredWithinRate(requests, now, 90)).toEqual({ answeredInTime: 3, total: 5, rate: 0.6 });
    expect(answeredWithinRate(requests, now, 30, 24)).toEqual({ answeredInTime: 1, total: 4, rate: 0.25 });
    expect(answeredWithinRate([request('2026-04-30T02:00:00Z')], now, 30)).toEqual({ answeredInTime: 0, total: 0, rate: null });
  });

  it('lists open requests from people in the network, the least time left first', () => {
    const doc = new Y.Doc();
    const ada = createPerson(doc, { name: 'Ada' }, LOCAL_UI);
    const grace = createPerson(doc, { name: 'Grace' }, LOCAL_UI);
    const now = clock('2026-03-10T12:00:00Z');
    const fresh = createRequest(doc, { contactId: ada, channel: 'email', summary: 'fresh', receivedAt: '2026-03-10T10:00:00Z' }, LOCAL_UI, now);
    const old = createRequest(doc, { contactId: ada, channel: 'call', summary: 'old', receivedAt: '2026-03-08T10:00:00Z' }, LOCAL_UI, now);
    const answered = createRequest(doc, { contactId: ada, channel: 'email', summary: 'done', receivedAt: '2026-03-07T10:00:00Z' }, LOCAL_UI, now);
    answerRequest(doc, answered, LOCAL_UI, now);
    createRequest(doc, { contactId: grace, channel: 'email', summary: 'hers' }, LOCAL_UI, now);
    deletePerson(doc, grace, LOCAL_UI);
    const open = openRequests(doc, now());
    expect(open.map(({ request, person, status }) => [request.id, person.name, status.state])).toEqual([
      [old, 'Ada', 'red'],
      [fresh, 'Ada', 'ok'],
    ]);
  });
});

describe('commitment arithmetic', () => {
  it('is overdue only once the due day has ended in the user’s zone', () => {
    const due = commitment({ due: '2026-03-29' });
    const now = at('2026-03-29T23:30:00Z');
    expect(commitmentState(due, now, LONDON)).toEqual({ state: 'overdue', daysLeft: -1 }); // 00:30 BST on the 30th
    expect(commitmentState(due, now, NEW_YORK)).toEqual({ state: 'due-today', daysLeft: 0 }); // 19:30 EDT on the 29th
    expect(commitmentState(due, now, TOKYO)).toEqual({ state: 'overdue', daysLeft: -1 }); // 08:30 on the 30th
    expect(commitmentState(due, at('2026-03-28T10:59:59Z'), AUCKLAND)).toEqual({ state: 'upcoming', daysLeft: 1 }); // 23:59 NZDT on the 28th
    expect(commitmentState(due, at('2026-03-28T11:00:00Z'), AUCKLAND)).toEqual({ state: 'due-today', daysLeft: 0 });
  });

  it('ends a due day on the day of a daylight-saving change when that day ends, not 24 hours after it began', () => {
    // 2026-03-29 in London is 23 hours long: it ends at 23:00 UTC.
    const due = commitment({ due: '2026-03-29' });
    expect(commitmentState(due, at('2026-03-29T22:59:59Z'), LONDON).state).toBe('due-today');
    expect(commitmentState(due, at('2026-03-29T23:00:00Z'), LONDON).state).toBe('overdue');
    // 2026-10-25 is 25 hours long: 23:30 UTC is still that day (23:30 GMT).
    const autumn = commitment({ due: '2026-10-25' });
    expect(commitmentState(autumn, at('2026-10-25T23:30:00Z'), LONDON).state).toBe('due-today');
    expect(commitmentState(autumn, at('2026-10-24T22:59:59Z'), LONDON)).toEqual({ state: 'upcoming', daysLeft: 1 });
  });

  it('counts done and undated commitments apart', () => {
    const now = at('2026-03-01T12:00:00Z');
    expect(commitmentState(commitment({ due: '2026-02-01', doneAt: '2026-02-10T00:00:00Z' }), now, LONDON)).toEqual({ state: 'done', daysLeft: null });
    expect(commitmentState(commitment({}), now, LONDON)).toEqual({ state: 'no-date', daysLeft: null });
    expect(commitmentState(commitment({ due: '2026-03-11' }), now, LONDON)).toEqual({ state: 'upcoming', daysLeft: 10 });
  });

  it('sorts the owed list: most overdue first, due today, upcoming by day, undated, done', () => {
    const list = [
      commitment({ id: 'c:undated', createdAt: '2026-01-01' }),
      commitment({ id: 'c:soon', due: '2026-03-03' }),
      commitment({ id: 'c:done', due: '2026-02-01', doneAt: '2026-02-01T10:00:00Z' }),
      commitment({ id: 'c:late', due: '2026-02-27' }),
      commitment({ id: 'c:today', due: '2026-03-01' }),
      commitment({ id: 'c:later', due: '2026-04-01' }),
      commitment({ id: 'c:latest', due: '2026-02-10' }),
      commitment({ id: 'c:undated-2', createdAt: '2026-01-02' }),
    ];
    const sorted = sortOwed(list, at('2026-03-01T12:00:00Z'), LONDON).map((c) => c.id);
    expect(sorted).toEqual(['c:latest', 'c:late', 'c:today', 'c:soon', 'c:later', 'c:undated', 'c:undated-2', 'c:done']);
    expect(list[0]!.id).toBe('c:undated'); // the input is left as it was
  });

  it('rates commitments kept on time: done by the end of the due day in the user’s zone', () => {
    const now = at('2026-04-10T12:00:00Z');
    const list = [
      commitment({ contactId: 'person:a', due: '2026-03-29', doneAt: '2026-03-29T22:30:00Z' }), // 23:30 BST on the day: kept in London
      commitment({ contactId: 'person:a', due: '2026-03-29', doneAt: '2026-03-29T23:30:00Z' }), // 00:30 BST the next day: late in London
      commitment({ contactId: 'person:b', due: '2026-04-01', doneAt: '2026-03-20T10:00:00Z' }), // early: kept
      commitment({ contactId: 'person:b', due: '2026-04-05' }), // open and overdue: not kept
      commitment({ contactId: 'person:b', due: '2026-04-20' }), // open, not yet due: not counted
      commitment({ contactId: 'person:a', doneAt: '2026-03-01T00:00:00Z' }), // no date: not counted
      commitment({ contactId: 'person:a', due: '2026-03-01', deletedAt: '2026-03-02T00:00:00Z' }), // in the Trash
      commitment({ contactId: 'person:a', direction: 'theirs', due: '2026-03-10', doneAt: '2026-03-12T00:00:00Z' }), // theirs, late
    ];
    expect(keptOnTimeRate(list, { now, timeZone: LONDON })).toEqual({ kept: 2, total: 5, rate: 0.4 });
    expect(keptOnTimeRate(list, { now, timeZone: LONDON, direction: 'mine' })).toEqual({ kept: 2, total: 4, rate: 0.5 });
    expect(keptOnTimeRate(list, { now, timeZone: LONDON, contactId: 'person:a', direction: 'mine' })).toEqual({ kept: 1, total: 2, rate: 0.5 });
    expect(keptOnTimeRate(list, { now, timeZone: NEW_YORK, contactId: 'person:a', direction: 'mine' })).toEqual({ kept: 2, total: 2, rate: 1 });
    expect(keptOnTimeRate(list, { now, timeZone: TOKYO, contactId: 'person:a', direction: 'mine' })).toEqual({ kept: 0, total: 2, rate: 0 });
    expect(keptOnTimeRate(list, { now, timeZone: LONDON, contactId: 'person:c' })).toEqual({ kept: 0, total: 0, rate: null });
  });

  it('builds the Follow-ups view from the document: open commitments with people in the network', () => {
    const doc = new Y.Doc();
    const ada = createPerson(doc, { name: 'Ada' }, LOCAL_UI);
    const grace = createPerson(doc, { name: 'Grace' }, LOCAL_UI);
    const gone = createPerson(doc, { name: 'Gone' }, LOCAL_UI);
    const soon = createCommitment(doc, { contactId: ada, direction: 'mine', what: 'Send deck', due: '2026-03-10' }, LOCAL_UI);
    const overdue = createCommitment(doc, { contactId: grace, direction: 'mine', what: 'Intro', due: '2026-02-20' }, LOCAL_UI);
    const done = createCommitment(doc, { contactId: ada, direction: 'mine', what: 'Done', due: '2026-02-01' }, LOCAL_UI);
    completeCommitment(doc, done, LOCAL_UI);
    const theirs = createCommitment(doc, { contactId: ada, direction: 'theirs', what: 'Reply' }, LOCAL_UI);
    const trashed = createCommitment(doc, { contactId: ada, direction: 'mine', what: 'Trashed' }, LOCAL_UI);
    deleteCommitment(doc, trashed, LOCAL_UI);
    createCommitment(doc, { contactId: gone, direction: 'mine', what: 'Hidden' }, LOCAL_UI);
    deletePerson(doc, gone, LOCAL_UI);
    const view = followUps(doc, at('2026-03-01T12:00:00Z'), LONDON);
    expect(view.iOwe.map(({ commitment, person, status }) => [commitment.id, person.name, status.state, status.daysLeft])).toEqual([
      [overdue, 'Grace', 'overdue', -9],
      [soon, 'Ada', 'upcoming', 9],
    ]);
    expect(view.owedToMe.map(({ commitment }) => commitment.id)).toEqual([theirs]);
  });
});

describe('keeping in touch', () => {
  it('counts a request, asked or answered, as being in touch', () => {
    const doc = new Y.Doc();
    const ada = createPerson(doc, { name: 'Ada', tier: 'inner' }, LOCAL_UI, clock('2026-01-01T09:00:00Z'));
    createNote(doc, { contactIds: [ada], kind: 'call', at: '2026-01-02T10:00:00Z', text: 'Call' }, LOCAL_UI);
    const asked = createRequest(doc, { contactId: ada, channel: 'email', summary: 'A reference', receivedAt: '2026-01-20T10:00:00Z' }, LOCAL_UI);
    expect(lastInteractions(doc).get(ada)).toBe('2026-01-20T10:00:00.000Z');
    expect(helloStatus(doc, ada, at('2026-01-25T12:00:00Z'), LONDON)).toMatchObject({ lastAt: '2026-01-20T10:00:00.000Z', dueDay: '2026-02-03' });
    expect(helloQueue(doc, at('2026-01-25T12:00:00Z'), LONDON)).toEqual([]);
    answerRequest(doc, asked, LOCAL_UI, clock('2026-01-21T08:00:00Z'));
    expect(lastInteractions(doc).get(ada)).toBe('2026-01-21T08:00:00.000Z');
    deleteRequest(doc, asked, LOCAL_UI);
    expect(lastInteractions(doc).get(ada)).toBe('2026-01-02T10:00:00.000Z');
    expect(helloQueue(doc, at('2026-01-25T12:00:00Z'), LONDON).map((item) => item.person.id)).toEqual([ada]);
  });

  it('takes the last interaction from live notes of any kind', () => {
    const doc = new Y.Doc();
    const ada = createPerson(doc, { name: 'Ada' }, LOCAL_UI);
    const grace = createPerson(doc, { name: 'Grace' }, LOCAL_UI);
    createNote(doc, { contactIds: [ada, grace], kind: 'meeting', at: '2026-02-01T10:00:00+01:00', text: 'Lunch' }, LOCAL_UI);
    const newer = createNote(doc, { contactIds: [ada], kind: 'call', at: '2026-02-20T10:00:00Z', text: 'Call' }, LOCAL_UI);
    expect(lastInteractions(doc)).toEqual(new Map([[ada, '2026-02-20T10:00:00.000Z'], [grace, '2026-02-01T09:00:00.000Z']]));
    // A peer's soft delete of the newer note.
    (doc.getMap('notes').get(newer) as Y.Map<unknown>).set('deletedAt', '2026-02-21T00:00:00Z');
    expect(lastInteractions(doc).get(ada)).toBe('2026-02-01T09:00:00.000Z');
    logHello(doc, grace, LOCAL_UI, clock('2026-03-01T08:00:00Z'));
    expect(lastInteractions(doc).get(grace)).toBe('2026-03-01T08:00:00.000Z');
  });

  it('queues people due a hello by their tier’s cadence, measured from when they were added if never contacted', () => {
    const doc = new Y.Doc();
    const added = clock('2026-01-01T12:00:00Z');
    const inner = createPerson(doc, { name: 'Inner', tier: 'inner' }, LOCAL_UI, added);
    const close = createPerson(doc, { name: 'Close', tier: 'close' }, LOCAL_UI, added);
    const regular = createPerson(doc, { name: 'Regular', tier: 'regular' }, LOCAL_UI, added);
    const acquaintance = createPerson(doc, { name: 'Acquaintance', tier: 'acquaintance' }, LOCAL_UI, added);
    const weekly = createPerson(doc, { name: 'Weekly', tier: 'acquaintance', cadenceDays: 7 }, LOCAL_UI, added);
    const queue = helloQueue(doc, at('2026-01-31T12:00:00Z'), LONDON);
    expect(queue.map((item) => [item.person.id, item.cadenceDays, item.dueDay, item.overdueDays, item.lastAt])).toEqual([
      [weekly, 7, '2026-01-08', 23, null],
      [inner, 14, '2026-01-15', 16, null],
      [close, 30, '2026-01-31', 0, null],
    ]);
    expect(queue[0]!.overdueRatio).toBeCloseTo(23 / 7);
    expect(queue.map((item) => item.person.id)).not.toContain(regular);
    expect(queue.map((item) => item.person.id)).not.toContain(acquaintance);
  });

  it('sorts by lateness relative to cadence: 10 days late on 14 before 30 days late on 180', () => {
    const doc = new Y.Doc();
    const now = at('2026-06-30T12:00:00Z');
    const slow = createPerson(doc, { name: 'Slow', tier: 'acquaintance' }, LOCAL_UI, clock('2025-12-02T12:00:00Z')); // due 2026-05-31
    const quick = createPerson(doc, { name: 'Quick', tier: 'inner' }, LOCAL_UI, clock('2026-06-06T12:00:00Z')); // due 2026-06-20
    const queue = helloQueue(doc, now, LONDON);
    expect(queue.map((item) => [item.person.id, item.overdueDays])).toEqual([
      [quick, 10],
      [slow, 30],
    ]);
    // Equal ratios: more days late first, then the closer tier, then by name.
    const tie = new Y.Doc();
    const b = createPerson(tie, { name: 'B', tier: 'close' }, LOCAL_UI, clock('2026-05-31T12:00:00Z'));
    const a = createPerson(tie, { name: 'A', tier: 'close' }, LOCAL_UI, clock('2026-05-31T12:00:00Z'));
    const inner = createPerson(tie, { name: 'Z', tier: 'inner', cadenceDays: 30 }, LOCAL_UI, clock('2026-05-31T12:00:00Z'));
    expect(helloQueue(tie, now, LONDON).map((item) => item.person.id)).toEqual([inner, a, b]);
  });

  it('ends a 14-day cadence on the right calendar day across the US daylight-saving change', () => {
    // 23:30 EST on Sunday 1 March; clocks spring forward on 8 March. 14 × 24 h later is 00:30 EDT on the 16th,
    // but the hello is due on Sunday the 15th, New York time.
    const doc = new Y.Doc();
    const ada = createPerson(doc, { name: 'Ada', tier: 'inner' }, LOCAL_UI, clock('2026-01-01T00:00:00Z'));
    createNote(doc, { contactIds: [ada], kind: 'call', at: '2026-03-01T23:30:00-05:00', text: 'Catch-up' }, LOCAL_UI);
    expect(helloQueue(doc, at('2026-03-15T03:59:00Z'), NEW_YORK)).toEqual([]); // 23:59 EDT on the 14th
    const [item] = helloQueue(doc, at('2026-03-15T04:00:00Z'), NEW_YORK); // 00:00 EDT on the 15th
    expect(item).toMatchObject({ dueDay: '2026-03-15', overdueDays: 0, lastAt: '2026-03-02T04:30:00.000Z', cadenceDays: 14 });
    // The same call seen from Tokyo happened on 2 March, so the hello is due on the 16th there.
    expect(helloStatus(doc, ada, at('2026-03-15T04:00:00Z'), TOKYO)).toMatchObject({ dueDay: '2026-03-16', overdueDays: -1, snoozed: false });
    expect(helloQueue(doc, at('2026-03-15T14:59:00Z'), TOKYO)).toEqual([]);
    expect(helloQueue(doc, at('2026-03-15T15:00:00Z'), TOKYO)).toHaveLength(1); // 00:00 on the 16th in Tokyo
    expect(helloQueue(doc, at('2026-03-15T15:00:00Z'), AUCKLAND)).toHaveLength(1); // 04:00 NZDT on the 16th
  });

  it('leaves snoozed people out until their snooze day, and a hello resets the clock', () => {
    const doc = new Y.Doc();
    const ada = createPerson(doc, { name: 'Ada', tier: 'inner' }, LOCAL_UI, clock('2026-01-01T12:00:00Z'));
    const grace = createPerson(doc, { name: 'Grace', tier: 'inner' }, LOCAL_UI, clock('2026-01-01T12:00:00Z'));
    const trashed = createPerson(doc, { name: 'Trashed', tier: 'inner' }, LOCAL_UI, clock('2026-01-01T12:00:00Z'));
    deletePerson(doc, trashed, LOCAL_UI);
    snoozeHello(doc, ada, '2026-02-05', LOCAL_UI);
    const ids = (iso: string) => helloQueue(doc, at(iso), LONDON).map((item) => item.person.id);
    expect(ids('2026-02-04T12:00:00Z')).toEqual([grace]);
    expect(helloStatus(doc, ada, at('2026-02-04T12:00:00Z'), LONDON)).toMatchObject({ snoozed: true, snoozedUntil: '2026-02-05' });
    expect(helloQueue(doc, at('2026-02-05T00:00:00Z'), LONDON).find((item) => item.person.id === ada)).toMatchObject({
      snoozedUntil: '2026-02-05',
    });
    logHello(doc, grace, LOCAL_UI, clock('2026-02-04T18:00:00Z'));
    expect(ids('2026-02-05T12:00:00Z')).toEqual([ada]);
    expect(helloStatus(doc, grace, at('2026-02-05T12:00:00Z'), LONDON)).toMatchObject({ dueDay: '2026-02-18', overdueDays: -13 });
    updatePerson(doc, grace, 'cadenceDays', 1, LOCAL_UI);
    expect(ids('2026-02-05T12:00:00Z')).toEqual([ada, grace]); // 21 days late on 14 before 0 on 1
  });

  it('has no status for someone not in the network', () => {
    const doc = new Y.Doc();
    const ada = createPerson(doc, { name: 'Ada' }, LOCAL_UI);
    deletePerson(doc, ada, LOCAL_UI);
    expect(helloStatus(doc, ada, at('2026-01-01T00:00:00Z'), LONDON)).toBeNull();
    expect(helloStatus(doc, 'person:nobody', at('2026-01-01T00:00:00Z'), LONDON)).toBeNull();
  });

  it('helloDueIds holds exactly the hello queue’s people, day by day and zone by zone', () => {
    const doc = new Y.Doc();
    const added = clock('2026-01-01T23:30:00Z');
    const inner = createPerson(doc, { name: 'Inner', tier: 'inner' }, LOCAL_UI, added);
    createPerson(doc, { name: 'Acquaintance', tier: 'acquaintance' }, LOCAL_UI, added);
    createPerson(doc, { name: 'Weekly', tier: 'regular', cadenceDays: 7 }, LOCAL_UI, added);
    const snoozed = createPerson(doc, { name: 'Snoozed', tier: 'inner' }, LOCAL_UI, added);
    snoozeHello(doc, snoozed, '2026-01-20', LOCAL_UI);
    const noted = createPerson(doc, { name: 'Noted', tier: 'inner' }, LOCAL_UI, added);
    createNote(doc, { contactIds: [noted], kind: 'call', text: 'Talked' }, LOCAL_UI, clock('2026-01-10T09:00:00Z'));
    const trashed = createPerson(doc, { name: 'Trashed', tier: 'inner' }, LOCAL_UI, added);
    deletePerson(doc, trashed, LOCAL_UI);
    // A record from a buggy peer: a cadence that is no whole number and an unknown tier count as the defaults.
    const odd = createPerson(doc, { name: 'Odd' }, LOCAL_UI, added);
    doc.transact(() => {
      const record = doc.getMap('contacts').get(odd) as Y.Map<unknown>;
      record.set('cadenceDays', 2.5);
      record.set('tier', 'bestie');
    });
    let checked = 0;
    for (const timeZone of [LONDON, TOKYO, AUCKLAND, NEW_YORK]) {
      for (let day = 1; day <= 120; day += 3) {
        const now = new Date(Date.parse('2026-01-01T12:00:00Z') + day * 24 * HOUR);
        const queue = helloQueue(doc, now, timeZone).map((item) => item.person.id).sort();
        expect([...helloDueIds(doc, now, timeZone)].sort()).toEqual(queue);
        if (queue.length) checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    const ids = (iso: string) => [...helloDueIds(doc, at(iso), LONDON)];
    expect(ids('2026-01-16T12:00:00Z')).toContain(inner);
    expect(ids('2026-01-16T12:00:00Z')).not.toContain(snoozed);
    expect(ids('2026-01-20T12:00:00Z')).toContain(snoozed);
  });
});

describe('reminders', () => {
  function remindersDoc() {
    const doc = new Y.Doc();
    const created = clock('2026-03-01T09:00:00Z');
    const ada = createPerson(doc, { name: 'Ada', tier: 'acquaintance' }, LOCAL_UI, created);
    const grace = createPerson(doc, { name: 'Grace', tier: 'acquaintance' }, LOCAL_UI, created);
    // No request of Alan's keeps him in touch, so a short cadence puts him in the hello queue.
    const alan = createPerson(doc, { name: 'Alan', tier: 'acquaintance' }, LOCAL_UI, created);
    const mk = (what: string, due: string | null, direction: 'mine' | 'theirs' = 'mine') =>
      createCommitment(doc, { contactId: ada, direction, what, due }, LOCAL_UI, created);
    const ids = {
      ada,
      grace,
      alan,
      tomorrow: mk('Send deck', '2026-03-30'),
      today: mk('Book table', '2026-03-29'),
      overdue: mk('Intro to Grace', '2026-03-26'),
      inTwoDays: mk('Far', '2026-03-31'),
      undated: mk('Undated', null),
      theirs: mk('Their thing', '2026-03-29', 'theirs'),
      done: mk('Done', '2026-03-29'),
      amber: createRequest(doc, { contactId: grace, channel: 'email', summary: 'Intro to a VC', receivedAt: '2026-03-28T09:30:00Z' }, LOCAL_UI, clock('2026-03-29T12:00:00Z')),
      red: createRequest(doc, { contactId: ada, channel: 'call', summary: 'Reference', receivedAt: '2026-03-27T12:00:00Z' }, LOCAL_UI, clock('2026-03-29T12:00:00Z')),
      young: createRequest(doc, { contactId: ada, channel: 'message', summary: 'New', receivedAt: '2026-03-29T10:00:00Z' }, LOCAL_UI, clock('2026-03-29T12:00:00Z')),
    };
    completeCommitment(doc, ids.done, LOCAL_UI);
    return { doc, ...ids };
  }

  it('reminds of requests at amber and red, my commitments due tomorrow, today or overdue, and the hello queue once a day', () => {
    const r = remindersDoc();
    const now = at('2026-03-29T12:00:00Z'); // 13:00 BST on Sunday 29 March
    // All were added 28 days ago as acquaintances (180 days); a 14-day cadence puts Alan in the queue.
    updatePerson(r.doc, r.alan, 'cadenceDays', 14, LOCAL_UI);
    const reminders = dueReminders(r.doc, now, LONDON, { commitments: true, requests: true, hellos: true });
    expect(reminders.map(({ key, kind, personIds }) => ({ key, kind, personIds }))).toEqual([
      { key: `${r.red}:red`, kind: 'request', personIds: [r.ada] },
      { key: `${r.amber}:amber`, kind: 'request', personIds: [r.grace] },
      { key: `${r.overdue}:2026-03-26:overdue`, kind: 'commitment', personIds: [r.ada] },
      { key: `${r.today}:2026-03-29:due-today`, kind: 'commitment', personIds: [r.ada] },
      { key: `${r.tomorrow}:2026-03-30:due-tomorrow`, kind: 'commitment', personIds: [r.ada] },
      { key: 'hellos:2026-03-29', kind: 'hellos', personIds: [r.alan] },
    ]);
    expect(reminders.map(({ title, body }) => ({ title, body }))).toEqual([
      { title: 'Ada has waited more than 36 hours', body: 'Reference — answer now, or say when you will' },
      { title: 'Grace is waiting for an answer', body: 'Intro to a VC — 9 hours left to answer within 36 hours' },
      { title: 'Overdue: Intro to Grace', body: 'You told Ada you would; it was due 3 days ago' },
      { title: 'Due today: Book table', body: 'You told Ada you would' },
      { title: 'Due tomorrow: Send deck', body: 'You told Ada you would' },
      { title: 'Time to say hello', body: 'Alan is due a hello' },
    ]);
  });

  it('holds the daily hello reminder until 09:00 on the user’s clock, across a DST change', () => {
    const r = remindersDoc();
    updatePerson(r.doc, r.alan, 'cadenceDays', 14, LOCAL_UI);
    const hellos = (iso: string, zone: string) =>
      dueReminders(r.doc, at(iso), zone, { commitments: false, requests: false, hellos: true }).map((x) => x.key);
    // Sunday 29 March 2026: London moves to BST at 01:00 UTC, so 08:30 UTC is 09:30 local.
    expect(hellos('2026-03-29T07:59:00Z', LONDON)).toEqual([]); // 08:59 BST
    expect(hellos('2026-03-29T08:00:00Z', LONDON)).toEqual(['hellos:2026-03-29']); // 09:00 BST
    // The same instant is 04:00 in New York: still night there.
    expect(hellos('2026-03-29T08:00:00Z', NEW_YORK)).toEqual([]);
  });

  it('keeps keys stable within an occasion and new for the next one', () => {
    const r = remindersDoc();
    const all = { commitments: true, requests: true, hellos: false };
    const keys = (iso: string) => dueReminders(r.doc, at(iso), LONDON, all).map((reminder) => reminder.key);
    expect(keys('2026-03-29T12:00:00Z')).toEqual(keys('2026-03-29T12:30:00Z'));
    // Monday 30 March, 10:00 BST: the amber request is red now; yesterday's "tomorrow" is today.
    const monday = keys('2026-03-30T09:00:00Z');
    expect(monday).toContain(`${r.amber}:red`);
    expect(monday).toContain(`${r.tomorrow}:2026-03-30:due-today`);
    expect(monday).toContain(`${r.today}:2026-03-29:overdue`);
    expect(monday).toContain(`${r.inTwoDays}:2026-03-31:due-tomorrow`);
  });

  it('follows the settings, answers, the Trash and the zone', () => {
    const r = remindersDoc();
    const now = at('2026-03-29T12:00:00Z');
    expect(dueReminders(r.doc, now, LONDON, { commitments: false, requests: false, hellos: false })).toEqual([]);
    expect(dueReminders(r.doc, now, LONDON, { commitments: false, requests: true, hellos: false })).toHaveLength(2);
    answerRequest(r.doc, r.red, LOCAL_UI);
    deleteRequest(r.doc, r.amber, LOCAL_UI);
    expect(dueReminders(r.doc, now, LONDON, { commitments: false, requests: true, hellos: false })).toEqual([]);
    expect(listRequests(r.doc)).toHaveLength(2);
    // In Auckland it is already Monday 01:00: "today" is overdue and Tuesday's is due tomorrow.
    const auckland = dueReminders(r.doc, now, AUCKLAND, { commitments: true, requests: false, hellos: false }).map((x) => x.key);
    expect(auckland).toEqual([
      `${r.overdue}:2026-03-26:overdue`,
      `${r.today}:2026-03-29:overdue`,
      `${r.tomorrow}:2026-03-30:due-today`,
      `${r.inTwoDays}:2026-03-31:due-tomorrow`,
    ]);
    expect(listCommitments(r.doc)).toHaveLength(7);
  });
});
