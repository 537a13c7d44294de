import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson } from '../doc/people';
import { createAsk, markAskHelped } from '../doc/asks';
import { passItOn } from '../doc/shares';
import { deleteNote } from '../doc/notes';
import { LOCAL_UI } from '../doc/origins';
import { PeopleSearch } from '../search/people-search';
import { introduce } from './should-meet';
import { exchangesWith, helpedYouLately, logHelp, tiesNotGivenTo } from './give-and-receive';

const at = (iso: string) => () => new Date(iso);
const NOW = new Date('2026-06-01T12:00:00Z');
const LONG_AGO = at('2025-01-01T00:00:00Z');

function network() {
  const doc = new Y.Doc();
  const grace = createPerson(doc, { name: 'Grace Hopper', tier: 'close', interests: ['Compilers'] }, LOCAL_UI, LONG_AGO);
  const ada = createPerson(doc, { name: 'Ada Lovelace', tier: 'inner' }, LOCAL_UI, LONG_AGO);
  const bob = createPerson(doc, { name: 'Bob Baker', tier: 'regular' }, LOCAL_UI, LONG_AGO);
  return { doc, grace, ada, bob };
}

describe('give and receive', () => {
  it('lists what went each way with a person, newest first: shares, introductions, help logged, asks helped', () => {
    const { doc, grace, ada, bob } = network();
    passItOn(doc, { title: 'A compiler paper', via: 'record', recipients: [{ contactId: grace }] }, LOCAL_UI, at('2026-03-01T10:00:00Z'));
    introduce(doc, grace, bob, {}, LOCAL_UI, at('2026-03-02T10:00:00Z'));
    logHelp(doc, { contactId: grace, direction: 'received', text: 'Grace reviewed my deck\nWith care' }, LOCAL_UI, at('2026-03-03T10:00:00Z'));
    const askId = createAsk(doc, { contactId: grace, what: 'looking for a designer' }, LOCAL_UI);
    markAskHelped(doc, askId, { by: 'hand' }, LOCAL_UI, at('2026-03-04T10:00:00Z'));
    logHelp(doc, { contactId: ada, direction: 'gave', text: 'Read her draft' }, LOCAL_UI, at('2026-03-05T10:00:00Z'));
    expect(exchangesWith(doc, grace).map(({ direction, kind, text }) => [direction, kind, text])).toEqual([
      ['gave', 'help', 'Helped with: looking for a designer'],
      ['received', 'help', 'Grace reviewed my deck'],
      ['gave', 'introduction', 'Introduced to Bob Baker'],
      ['gave', 'share', 'Passed on: A compiler paper'],
    ]);
    expect(exchangesWith(doc, bob).map((exchange) => exchange.text)).toEqual(['Introduced to Grace Hopper']);
    expect(() => logHelp(doc, { contactId: ada, direction: 'owed' as 'gave', text: 'x' }, LOCAL_UI)).toThrow('Say whether you helped them or they helped you');
    expect(() => logHelp(doc, { contactId: ada, direction: 'gave', text: ' ' }, LOCAL_UI)).toThrow('A note needs some text');
  });

  it('lists who helped lately and has not been given to in a long while, with something to pass on', () => {
    const { doc, grace, ada, bob } = network();
    const search = new PeopleSearch(doc);
    logHelp(doc, { contactId: grace, direction: 'received', text: 'Reviewed my deck' }, LOCAL_UI, at('2026-05-20T10:00:00Z'));
    logHelp(doc, { contactId: ada, direction: 'received', text: 'Lent me her notes' }, LOCAL_UI, at('2026-05-10T10:00:00Z'));
    logHelp(doc, { contactId: ada, direction: 'gave', text: 'Sent her a book' }, LOCAL_UI, at('2026-04-01T10:00:00Z'));
    const helpNote = logHelp(doc, { contactId: bob, direction: 'received', text: 'Fixed my bike' }, LOCAL_UI, at('2026-01-10T10:00:00Z'));
    passItOn(doc, { title: 'Compilers, a new textbook', via: 'record', recipients: [{ contactId: ada }] }, LOCAL_UI, at('2026-05-25T10:00:00Z'));

    const list = helpedYouLately(doc, NOW, { search });
    // Ada was given to recently; Bob's help was five months ago.
    expect(list.map((item) => item.person.id)).toEqual([grace]);
    expect(list[0]).toMatchObject({ receivedAt: '2026-05-20T10:00:00.000Z', gaveAt: null, suggestion: { kind: 'share', text: 'Compilers, a new textbook' } });
    expect(helpedYouLately(doc, NOW, { latelyDays: 180 }).map((item) => item.person.id)).toEqual([grace, bob]);
    deleteNote(doc, helpNote, LOCAL_UI);
    expect(helpedYouLately(doc, NOW, { latelyDays: 180 }).map((item) => item.person.id)).toEqual([grace]);
    // Ada was last given something a week ago: on the list only when a week counts as a long while.
    expect(helpedYouLately(doc, NOW, { givenDays: 5 }).map((item) => item.person.id)).toEqual([grace, ada]);
  });

  it('lists close ties not given to in a year, by how long ago, with their open ask first', () => {
    const { doc, grace, ada } = network();
    createAsk(doc, { contactId: ada, what: 'looking for a flat in Zurich' }, LOCAL_UI);
    passItOn(doc, { title: 'Old news', via: 'record', recipients: [{ contactId: grace }] }, LOCAL_UI, at('2025-04-01T10:00:00Z'));
    const list = tiesNotGivenTo(doc, NOW);
    // Bob is not a close tie; Ada was never given anything (in Kith since 2025-01-01), Grace a year and two months ago.
    expect(list.map((item) => item.person.id)).toEqual([ada, grace]);
    expect(list[0]!.suggestion).toEqual({ kind: 'ask', text: 'They mentioned looking for a flat in Zurich' });
    expect(list[1]!.gaveAt).toBe('2025-04-01T10:00:00.000Z');
    passItOn(doc, { title: 'Fresh', via: 'record', recipients: [{ contactId: grace }] }, LOCAL_UI, at('2026-05-01T10:00:00Z'));
    expect(tiesNotGivenTo(doc, NOW).map((item) => item.person.id)).toEqual([ada]);
    expect(tiesNotGivenTo(doc, new Date('2025-06-01T00:00:00Z'))).toEqual([]);
    // A view showing a few asks only for those (suggestions search the network).
    const cleo = createPerson(doc, { name: 'Cleo Cole', tier: 'inner' }, LOCAL_UI, LONG_AGO);
    expect(tiesNotGivenTo(doc, NOW).map((item) => item.person.id)).toEqual([ada, cleo]);
    expect(tiesNotGivenTo(doc, NOW, { limit: 1 }).map((item) => item.person.id)).toEqual([ada]);
  });
});
