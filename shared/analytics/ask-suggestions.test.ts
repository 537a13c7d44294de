import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { askSuggestionsFor, openAskSuggestions, suggestAsks } from './ask-suggestions';
import { dismissSuggestion, suggestCommitments } from './commitment-suggestions';
import { createPerson } from '../doc/people';
import { createNote, deleteNote } from '../doc/notes';
import { createAsk, deleteAsk } from '../doc/asks';
import { LOCAL_UI } from '../doc/origins';

const whats = (text: string) => suggestAsks(text).map((found) => found.what);

describe('reading asks from a note', () => {
  it.each([
    ["She's looking for a designer.", 'looking for a designer'],
    ['Ada is still looking for a cofounder for her robotics startup', 'looking for a cofounder for her robotics startup'],
    ['Wants intros to climate investors', 'wanting intros to climate investors'],
    ['He would love an intro to someone at Stripe.', 'wanting an intro to someone at Stripe'],
    ["They're hiring a head of design", 'hiring a head of design'],
    ['Grace asked about vector databases', 'asking about vector databases'],
    ['Needs a lawyer who knows Swiss employment law', 'needing a lawyer who knows Swiss employment law'],
    ['needs help with fundraising', 'needing help with fundraising'],
    ['Is trying to find a flat in Zürich', 'trying to find a flat in Zürich'],
    ['Keen on meeting other founders in climate tech', 'interested in meeting other founders in climate tech'],
    ['Lovely coffee, she mentioned she’s searching for a new role in policy; back in May.', 'searching for a new role in policy'],
    ['- wants advice', 'wanting advice'],
  ])('reads %j', (text, what) => {
    expect(whats(text)).toEqual([what]);
  });

  it.each([
    "I'm looking for a flat",
    "We're hiring two engineers.",
    'I told him I am looking for a designer',
    'Looking forward to the offsite',
    "She isn't looking for a job right now",
    "She's not looking for investors",
    'He no longer needs a designer',
    'Is she looking for a job?',
    "If she's looking for a designer, Bob could help",
    'She needs to leave early on Fridays',
    'He wants to know how the launch went',
    'She asked about my trip to Lisbon',
    'Talked about the weather and football',
  ])('leaves %j alone', (text) => {
    expect(whats(text)).toEqual([]);
  });

  it('finds several in one note, each with a stable key apart from commitment keys', () => {
    const text = "Met Ada. She's looking for a designer, and wants intros to climate investors.\nI'll send her the deck.";
    const found = suggestAsks(text);
    expect(found.map((ask) => ask.what)).toEqual(['looking for a designer', 'wanting intros to climate investors']);
    expect(suggestAsks(text).map((ask) => ask.key)).toEqual(found.map((ask) => ask.key));
    const commitmentKeys = suggestCommitments(text, { now: new Date('2026-03-03T10:00:00Z'), timeZone: 'UTC' }).map((s) => s.key);
    for (const ask of found) expect(commitmentKeys).not.toContain(ask.key);
  });

  it('gives the person the subject names, or the only person on the note', () => {
    const people = [
      { id: 'person:ada', name: 'Ada Lovelace' },
      { id: 'person:grace', name: 'Grace Hopper' },
    ];
    expect(suggestAsks('Grace is hiring a data engineer', people)[0]!.personId).toBe('person:grace');
    expect(suggestAsks('She is hiring a data engineer', people)[0]!.personId).toBeNull();
    expect(suggestAsks('She is hiring a data engineer', people.slice(0, 1))[0]!.personId).toBe('person:ada');
  });
});

describe('ask suggestions on a note', () => {
  function network() {
    const doc = new Y.Doc();
    const ada = createPerson(doc, { name: 'Ada Lovelace' }, LOCAL_UI);
    const noteId = createNote(
      doc,
      { contactIds: [ada], kind: 'coffee', at: '2026-03-03T10:00:00Z', text: "She's looking for a designer. Also wants intros to climate investors." },
      LOCAL_UI,
    );
    return { doc, ada, noteId };
  }

  it('offers what is neither confirmed nor dismissed, for the note’s person', () => {
    const { doc, ada, noteId } = network();
    const [designer, investors] = openAskSuggestions(doc, noteId);
    expect(designer).toMatchObject({ what: 'looking for a designer', personId: ada });
    expect(investors).toMatchObject({ what: 'wanting intros to climate investors', personId: ada });
    createAsk(doc, { contactId: ada, what: designer!.what, noteId, key: designer!.key }, LOCAL_UI);
    expect(openAskSuggestions(doc, noteId).map((found) => found.what)).toEqual([investors!.what]);
    dismissSuggestion(doc, noteId, investors!.key, LOCAL_UI);
    expect(openAskSuggestions(doc, noteId)).toEqual([]);
    expect(askSuggestionsFor(doc, ada)).toEqual([]);
  });

  it('stays confirmed when the ask went to the Trash, and offers nothing on a note in the Trash', () => {
    const { doc, ada, noteId } = network();
    const [designer] = openAskSuggestions(doc, noteId);
    const askId = createAsk(doc, { contactId: ada, what: designer!.what, noteId, key: designer!.key }, LOCAL_UI);
    deleteAsk(doc, askId, LOCAL_UI);
    expect(openAskSuggestions(doc, noteId)).toHaveLength(1);
    expect(askSuggestionsFor(doc, ada).map((found) => [found.noteId, found.at])).toEqual([[noteId, '2026-03-03T10:00:00.000Z']]);
    deleteNote(doc, noteId, LOCAL_UI);
    expect(openAskSuggestions(doc, noteId)).toEqual([]);
    expect(() => openAskSuggestions(doc, 'note:none')).toThrow('No note with id note:none');
  });
});
