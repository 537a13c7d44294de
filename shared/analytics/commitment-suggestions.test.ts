import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson } from '../doc/people';
import { createNote } from '../doc/notes';
import { createCommitment, deleteCommitment } from '../doc/commitments';
import { NotFoundError, ValidationError } from '../doc/errors';
import { LOCAL_UI } from '../doc/origins';
import {
  dismissedSuggestions,
  dismissSuggestion,
  dueDayOf,
  openSuggestions,
  suggestCommitments,
  type SuggestOptions,
} from './commitment-suggestions';

// Wednesday 25 March 2026, 10:00 in London.
const NOW = new Date('2026-03-25T10:00:00Z');
const LONDON = 'Europe/London';
const PEOPLE = [
  { id: 'person:alice', name: 'Alice Smith' },
  { id: 'person:bob', name: 'Bob Jones' },
  { id: 'person:grace', name: 'Grace Hopper' },
];

const suggest = (text: string, options: Partial<SuggestOptions> = {}) =>
  suggestCommitments(text, { now: NOW, timeZone: LONDON, ...options }).map(({ direction, what, due, personId }) => ({
    direction,
    what,
    due,
    personId,
  }));
const one = (text: string, options: Partial<SuggestOptions> = {}) => {
  const found = suggest(text, options);
  expect(found, text).toHaveLength(1);
  return found[0]!;
};

describe('reading commitments in a note', () => {
  it('reads what I will do, with simple due phrases', () => {
    const cases: [string, string, string | null][] = [
      ["I'll send the deck by Friday.", 'send the deck', '2026-03-27'],
      ['I will introduce her to Grace tomorrow.', 'introduce her to Grace', '2026-03-26'],
      ["I'm going to call Bob next week.", 'call Bob', '2026-03-30'],
      ['Let me check with legal in 3 days.', 'check with legal', '2026-03-28'],
      ['I promised to share the report by the end of the month.', 'share the report', '2026-03-31'],
      ['I’ll send the contract today!', 'send the contract', '2026-03-25'],
      ['I shall write up the notes tonight', 'write up the notes', '2026-03-25'],
      ['I will draft the proposal by end of week.', 'draft the proposal', '2026-03-27'],
      ['I will send the invoice before Friday.', 'send the invoice', '2026-03-26'],
      ['I will send the invoice on Wednesday.', 'send the invoice', '2026-04-01'],
      ['I will send the invoice this Wednesday.', 'send the invoice', '2026-03-25'],
      ['I will call her on 30 March.', 'call her', '2026-03-30'],
      ['I will call her on March 30th, 2027.', 'call her', '2027-03-30'],
      ["I'll send it by Friday, March 27", 'send it', '2026-03-27'],
      ["I'll send it on Tuesday 31 March", 'send it', '2026-03-31'],
      ['I will visit on 3 January.', 'visit', '2027-01-03'],
      ['I will book the venue by 2026-12-01.', 'book the venue', '2026-12-01'],
      ['I will book the venue within a week', 'book the venue', '2026-04-01'],
      ['I will send the deck', 'send the deck', null],
    ];
    for (const [text, what, due] of cases) expect(one(text), text).toEqual({ direction: 'mine', what, due, personId: null });
  });

  it('leaves ambiguous or impossible dates in the text, with no due day', () => {
    expect(one("I'll send the slides by 12/03.")).toMatchObject({ what: 'send the slides by 12/03', due: null });
    expect(one("I'll follow up next Friday.")).toMatchObject({ what: 'follow up next Friday', due: null });
    expect(one("I'll follow up on 31 April.")).toMatchObject({ what: 'follow up on 31 April', due: null });
  });

  it('reads what others will do, and whom it names', () => {
    expect(one("She'll send the contract on Monday.")).toEqual({ direction: 'theirs', what: 'send the contract', due: '2026-03-30', personId: null });
    expect(one('Alice will review the draft by 12 April.', { people: PEOPLE })).toEqual({
      direction: 'theirs',
      what: 'review the draft',
      due: '2026-04-12',
      personId: 'person:alice',
    });
    expect(one('Alice Smith said she would call the investor in two weeks.', { people: PEOPLE })).toMatchObject({
      due: '2026-04-08',
      personId: 'person:alice',
    });
    expect(one("They're going to announce it on 2026-12-01.")).toMatchObject({ direction: 'theirs', what: 'announce it', due: '2026-12-01' });
    expect(one('Grace promised to send the recording tonight', { people: PEOPLE })).toMatchObject({ personId: 'person:grace', due: '2026-03-25' });
    expect(one('@Alice Smith will share her notes', { people: PEOPLE })).toMatchObject({ direction: 'theirs', personId: 'person:alice' });
    expect(one('He is going to intro me to a VC.')).toMatchObject({ direction: 'theirs', what: 'intro me to a VC' });
  });

  it('reads whom I owe', () => {
    expect(one('I owe Bob an intro to Carol.', { people: PEOPLE })).toEqual({
      direction: 'mine',
      what: 'an intro to Carol',
      due: null,
      personId: 'person:bob',
    });
    expect(one("I told Bob I'd send the numbers by Monday.", { people: PEOPLE })).toEqual({
      direction: 'mine',
      what: 'send the numbers',
      due: '2026-03-30',
      personId: 'person:bob',
    });
    expect(one('I promised her that I would find a flat for her.')).toMatchObject({ direction: 'mine', what: 'find a flat for her', personId: null });
    expect(one('I said I would bring the wine.')).toMatchObject({ what: 'bring the wine' });
  });

  it('takes whom a promise of mine is for from the first person it names', () => {
    expect(one("I'll send Grace the deck tomorrow.", { people: PEOPLE })).toEqual({
      direction: 'mine',
      what: 'send Grace the deck',
      due: '2026-03-26',
      personId: 'person:grace',
    });
    expect(one('Let me introduce Alice Smith to Bob.', { people: PEOPLE })).toMatchObject({ personId: 'person:alice' });
    expect(one('I will email Dana and Bob Jones.', { people: PEOPLE })).toMatchObject({ personId: 'person:bob' });
    expect(one("I'll send the deck on Monday.", { people: PEOPLE })).toMatchObject({ personId: null });
    expect(one("I'll send Grace the deck.")).toMatchObject({ personId: null });
  });

  it('reads a name only when it is one of the people given', () => {
    expect(suggest('Traffic will send us a bill.', { people: PEOPLE })).toEqual([]);
    expect(suggest('Bob will host.', { people: PEOPLE })).toEqual([{ direction: 'theirs', what: 'host', due: null, personId: 'person:bob' }]);
    expect(suggest('Dana will host.', { people: PEOPLE })).toEqual([]);
    expect(suggest('Dana will host.')).toEqual([{ direction: 'theirs', what: 'host', due: null, personId: null }]);
  });

  it('skips sentences that promise nothing', () => {
    for (const text of [
      'I will never forget that dinner.',
      'Will you send it?',
      "I'll send it tomorrow?",
      "I'll be in Berlin next week.",
      'Let me know if you need anything.',
      "I'm going to Berlin in May.",
      "I'm going to the conference.",
      "If she calls, I'll answer.",
      'It will rain tomorrow.',
      'Traffic will be bad.',
      'The meeting will start at 10.',
      "We'll see.",
      "You'll love it.",
      "I'll probably call her.",
      "I won't send it.",
      'I willingly sent it.',
      'Great chat about the market.',
    ]) {
      expect(suggest(text), text).toEqual([]);
    }
  });

  it('finds several in a text, sentence by sentence and clause by clause', () => {
    const text = [
      'Met at the Rex.',
      "- I'll send the deck, the budget and the plan. She'll intro me to Carol and I'll ping him tomorrow.",
      '* [ ] Next steps: then I will draft the proposal',
      'Ok, let me email Dana tonight',
    ].join('\n');
    expect(suggest(text)).toEqual([
      { direction: 'mine', what: 'send the deck, the budget and the plan', due: null, personId: null },
      { direction: 'theirs', what: 'intro me to Carol', due: null, personId: null },
      { direction: 'mine', what: 'ping him', due: '2026-03-26', personId: null },
      { direction: 'mine', what: 'draft the proposal', due: null, personId: null },
      { direction: 'mine', what: 'email Dana', due: '2026-03-25', personId: null },
    ]);
  });

  it('reads days in the user’s zone', () => {
    // 20:00 UTC on Wednesday is already Thursday 05:00 in Tokyo.
    const evening = new Date('2026-03-25T20:00:00Z');
    expect(one("I'll call tomorrow.", { now: evening, timeZone: LONDON }).due).toBe('2026-03-26');
    expect(one("I'll call tomorrow.", { now: evening, timeZone: 'Asia/Tokyo' }).due).toBe('2026-03-27');
    expect(one("I'll call on Friday.", { now: evening, timeZone: 'Pacific/Auckland' }).due).toBe('2026-03-27');
    expect(one("I'll call on Thursday.", { now: evening, timeZone: 'Asia/Tokyo' }).due).toBe('2026-04-02');
    expect(one("I'll call on Thursday.", { now: evening, timeZone: 'America/New_York' }).due).toBe('2026-03-26');
    // Across the change to summer time in London (Sunday 29 March): "in 7 days" is a calendar week.
    expect(one("I'll call in 7 days.", { now: new Date('2026-03-28T23:30:00Z'), timeZone: LONDON }).due).toBe('2026-04-04');
  });

  it('gives each sentence a stable key, whatever its case, spacing or place in the note', () => {
    const [a] = suggestCommitments("I'll send the deck by Friday.", { now: NOW, timeZone: LONDON });
    const [b] = suggestCommitments("Intro.\n  i'll  send the  deck by friday", { now: NOW, timeZone: LONDON });
    const [c] = suggestCommitments("I'll send the deck by Monday.", { now: NOW, timeZone: LONDON });
    expect(a!.key).toMatch(/^s[0-9a-z]+$/);
    expect(b!.key).toBe(a!.key);
    expect(c!.key).not.toBe(a!.key);
    expect(a!.sentence).toBe("I'll send the deck by Friday.");
    const pair = suggestCommitments("I'll send the deck and she'll sign.", { now: NOW, timeZone: LONDON });
    expect(pair.map((s) => s.key)).toEqual([pair[0]!.key, `${pair[0]!.key}-1`]);
    expect(suggestCommitments("I'll call.\nI'll call.", { now: NOW, timeZone: LONDON })).toHaveLength(1);
  });
});

describe('a due phrase typed on its own', () => {
  it('reads a whole phrase as a day in the user’s zone, and nothing else', () => {
    const cases: [string, string | null][] = [
      ['tomorrow', '2026-03-26'],
      ['Friday', '2026-03-27'],
      ['by friday.', '2026-03-27'],
      ['in 2 weeks', '2026-04-08'],
      ['12 March', '2027-03-12'],
      ['end of month', '2026-03-31'],
      [' 2026-12-01 ', '2026-12-01'],
      ['next Friday', null],
      ['12/03', null],
      ['soon', null],
      ['tomorrow or so', null],
      ['', null],
    ];
    for (const [phrase, day] of cases) expect(dueDayOf(phrase, NOW, LONDON), phrase).toBe(day);
    expect(dueDayOf('tomorrow', new Date('2026-03-25T20:00:00Z'), 'Asia/Tokyo')).toBe('2026-03-27');
  });
});

describe('suggestions on a note', () => {
  function noteWith(text: string, people = 1) {
    const doc = new Y.Doc();
    const ada = createPerson(doc, { name: 'Ada Lovelace' }, LOCAL_UI);
    const bob = createPerson(doc, { name: 'Bob Jones' }, LOCAL_UI);
    const note = createNote(doc, { contactIds: people === 1 ? [ada] : [ada, bob], kind: 'call', text }, LOCAL_UI);
    return { doc, ada, bob, note };
  }

  const TEXT = "I'll send the deck by Friday. Bob will review it. Ada promised to reply.";

  it('offers what the note says, naming the note’s person when the sentence names no one', () => {
    const { doc, ada, bob, note } = noteWith(TEXT);
    expect(openSuggestions(doc, note, NOW, LONDON).map(({ direction, what, due, personId }) => [direction, what, due, personId])).toEqual([
      ['mine', 'send the deck', '2026-03-27', ada],
      ['theirs', 'review it', null, bob],
      ['theirs', 'reply', null, ada],
    ]);
    const two = noteWith(TEXT, 2);
    expect(openSuggestions(two.doc, two.note, NOW, LONDON)[0]!.personId).toBeNull();
  });

  it('names the person a promise names, over the note’s only person', () => {
    const { doc, bob, note } = noteWith("Grace will send the slides. I'll send Bob the deck.");
    const grace = createPerson(doc, { name: 'Grace Hopper' }, LOCAL_UI);
    expect(openSuggestions(doc, note, NOW, LONDON).map(({ direction, personId }) => [direction, personId])).toEqual([
      ['theirs', grace],
      ['mine', bob],
    ]);
  });

  it('stops offering dismissed suggestions, once per key', () => {
    const { doc, note } = noteWith(TEXT);
    const [first] = openSuggestions(doc, note, NOW, LONDON);
    const seen: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => seen.push(transaction.origin));
    dismissSuggestion(doc, note, first!.key, LOCAL_UI);
    const vector = Y.encodeStateVector(doc);
    dismissSuggestion(doc, note, first!.key, LOCAL_UI);
    expect(Y.encodeStateVector(doc)).toEqual(vector);
    expect(seen).toEqual([LOCAL_UI]);
    expect(dismissedSuggestions(doc, note)).toEqual(new Set([first!.key]));
    expect(openSuggestions(doc, note, NOW, LONDON).map((s) => s.what)).toEqual(['review it', 'reply']);
    const [second] = openSuggestions(doc, note, NOW, LONDON);
    dismissSuggestion(doc, note, second!.key, LOCAL_UI);
    expect(openSuggestions(doc, note, NOW, LONDON).map((s) => s.what)).toEqual(['reply']);
  });

  it('keeps both dismissals made apart on two devices, and reads those kept the earlier way', () => {
    const { doc, note } = noteWith(TEXT);
    const [first, second] = openSuggestions(doc, note, NOW, LONDON);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    // Each device dismisses a different one before they sync.
    dismissSuggestion(doc, note, first!.key, LOCAL_UI);
    dismissSuggestion(other, note, second!.key, LOCAL_UI);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(dismissedSuggestions(doc, note)).toEqual(new Set([first!.key, second!.key]));
    expect(dismissedSuggestions(other, note)).toEqual(new Set([first!.key, second!.key]));
    expect(openSuggestions(other, note, NOW, LONDON).map((s) => s.what)).toEqual(['reply']);

    // A note from an earlier version, with its dismissals in one array.
    const earlier = noteWith(TEXT);
    const [, , third] = openSuggestions(earlier.doc, earlier.note, NOW, LONDON);
    (earlier.doc.getMap('notes').get(earlier.note) as Y.Map<unknown>).set('dismissedSuggestions', Y.Array.from([third!.key]));
    expect(dismissedSuggestions(earlier.doc, earlier.note)).toEqual(new Set([third!.key]));
    expect(openSuggestions(earlier.doc, earlier.note, NOW, LONDON).map((s) => s.what)).toEqual(['send the deck', 'review it']);
  });

  it('stops offering confirmed suggestions, by key or by the same what, even once trashed', () => {
    const { doc, ada, bob, note } = noteWith(TEXT);
    const [mine, theirs] = openSuggestions(doc, note, NOW, LONDON);
    // Confirmed with an edited text: the key says which suggestion it was.
    createCommitment(doc, { contactId: ada, direction: 'mine', what: 'Send the final deck', due: mine!.due, noteId: note, suggestionKey: mine!.key }, LOCAL_UI);
    // Confirmed as offered, without the key.
    const review = createCommitment(doc, { contactId: bob, direction: 'theirs', what: 'Review it', noteId: note }, LOCAL_UI);
    expect(theirs!.what).toBe('review it');
    deleteCommitment(doc, review, LOCAL_UI);
    // The same words from another note do not count.
    const other = createNote(doc, { contactIds: [ada], kind: 'note', text: 'x' }, LOCAL_UI);
    createCommitment(doc, { contactId: ada, direction: 'theirs', what: 'reply', noteId: other }, LOCAL_UI);
    expect(openSuggestions(doc, note, NOW, LONDON).map((s) => s.what)).toEqual(['reply']);
  });

  it('offers nothing on a note in the Trash and refuses a bad key or note, writing nothing', () => {
    const { doc, ada, note } = noteWith(TEXT);
    const vector = Y.encodeStateVector(doc);
    expect(() => dismissSuggestion(doc, note, '', LOCAL_UI)).toThrow(ValidationError);
    expect(() => dismissSuggestion(doc, note, 'k'.repeat(65), LOCAL_UI)).toThrow(ValidationError);
    expect(() => dismissSuggestion(doc, note, 42, LOCAL_UI)).toThrow(ValidationError);
    expect(() => dismissSuggestion(doc, 'note:missing', 'sabc', LOCAL_UI)).toThrow(NotFoundError);
    expect(() => openSuggestions(doc, 'note:missing', NOW, LONDON)).toThrow(NotFoundError);
    expect(Y.encodeStateVector(doc)).toEqual(vector);
    expect(dismissedSuggestions(doc, 'note:missing')).toEqual(new Set());
    deletePerson(doc, ada, LOCAL_UI);
    expect(openSuggestions(doc, note, NOW, LONDON)[0]!.personId).toBeNull(); // the note's person is in the Trash
    (doc.getMap('notes').get(note) as Y.Map<unknown>).set('deletedAt', '2026-03-25T11:00:00Z');
    expect(openSuggestions(doc, note, NOW, LONDON)).toEqual([]);
  });
});
