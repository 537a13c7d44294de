import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson } from '../doc/people';
import { createNote } from '../doc/notes';
import { createAsk, markAskHelped } from '../doc/asks';
import { passItOn } from '../doc/shares';
import { LOCAL_UI } from '../doc/origins';
import { PeopleSearch } from '../search/people-search';
import { addAlias } from './normalize';
import { itemWords, singular, starterLine, whoWouldCare, type PassItem } from './pass-it-on';

const at = (iso: string) => () => new Date(iso);
const ARTICLE: PassItem = {
  title: 'Vector Databases, explained',
  link: 'https://example.com/posts/vector-databases-explained',
  text: 'How embeddings are stored and searched.',
};

function network() {
  const doc = new Y.Doc();
  const ada = createPerson(doc, { name: 'Ada Lovelace', interests: ['Vector databases', 'Chess'] }, LOCAL_UI);
  const bob = createPerson(doc, { name: 'Bob Baker', org: 'Bakery' }, LOCAL_UI);
  const chen = createPerson(doc, { name: 'Chen Wei' }, LOCAL_UI);
  const dana = createPerson(doc, { name: 'Dana Diaz', expertise: ['Vector search'] }, LOCAL_UI);
  const erin = createPerson(doc, { name: 'Erin Ek', tags: ['Gardening'] }, LOCAL_UI);
  createNote(doc, { contactIds: [bob], kind: 'coffee', at: '2026-02-10T09:00:00Z', text: 'Bob is moving his recipes app onto a vector database.' }, LOCAL_UI);
  createNote(doc, { contactIds: [erin], kind: 'call', at: '2026-02-11T09:00:00Z', text: 'Talked about tomatoes.' }, LOCAL_UI);
  const askId = createAsk(doc, { contactId: chen, what: 'asking about vector databases' }, LOCAL_UI, at('2026-03-03T10:00:00Z'));
  return { doc, ada, bob, chen, dana, erin, askId, search: new PeopleSearch(doc) };
}

describe('who would care', () => {
  it('ranks the ask first, then interest, a note mention and expertise, each with why; leaves out who it does not touch', () => {
    const { doc, ada, bob, chen, dana, askId, search } = network();
    const ranked = whoWouldCare(doc, search, ARTICLE, { timeZone: 'UTC' });
    // Chen asked; Ada's interest and Bob's note name both words; Dana's expertise only "vector"; Erin nothing.
    expect(ranked.map((candidate) => candidate.person.id)).toEqual([chen, ada, bob, dana]);

    const byId = new Map(ranked.map((candidate) => [candidate.person.id, candidate]));
    const ask = byId.get(chen)!;
    expect(ask.askIds).toEqual([askId]);
    expect(ask.reasons[0]).toMatchObject({ field: 'asks', label: 'Their ask', snippet: 'asking about vector databases', askId, sentence: 'asking about vector databases (3 March)' });
    expect(ask.reasons[0]!.ranges.map(([s, e]) => ask.reasons[0]!.snippet.slice(s, e))).toEqual(['vector', 'databases']);
    expect(ask.starter).toBe('Hi Chen, you mentioned you were asking about vector databases. This might help.');

    const interest = byId.get(ada)!.reasons[0]!;
    expect(interest).toMatchObject({ field: 'interests', sentence: 'interested in Vector databases' });
    expect(interest.ranges.map(([s, e]) => interest.snippet.slice(s, e)).join(' ').toLowerCase()).toContain('vector');
    expect(byId.get(ada)!.starter).toBe("Hi Ada, knowing your interest in vector databases, I thought you'd like this.");

    const note = byId.get(bob)!.reasons.find((reason) => reason.field === 'notes')!;
    expect(note.sentence).toBe('you talked about vector database on 10 February');
    expect(note.noteKind).toBe('coffee');
    expect(note.noteId).toMatch(/^note:/);
    expect(byId.get(bob)!.starter).toBe('Hi Bob, this reminded me of our chat over coffee about vector database.');
    expect(byId.get(dana)!.reasons[0]).toMatchObject({ field: 'expertise', sentence: 'knows about Vector search' });
  });

  it('leaves out anyone it was already passed to (same link, or same title), and reads their asks as helped', () => {
    const { doc, ada, chen, askId, search } = network();
    passItOn(doc, { title: ARTICLE.title, link: ARTICLE.link, via: 'record', recipients: [{ contactId: ada }, { contactId: chen, askIds: [askId] }] }, LOCAL_UI);
    const ids = whoWouldCare(doc, search, ARTICLE).map((candidate) => candidate.person.id);
    expect(ids).not.toContain(ada);
    expect(ids).not.toContain(chen);
    expect(ids.length).toBeGreaterThan(0);
    // The same link under another title is the same item; the same title with no link too.
    expect(whoWouldCare(doc, search, { title: 'Something else', link: 'http://www.example.com/posts/vector-databases-explained/' }).map((c) => c.person.id)).not.toContain(ada);
    expect(whoWouldCare(doc, search, { title: 'vector databases — explained' }).map((c) => c.person.id)).not.toContain(ada);
    // Another article on the topic still finds them; a share note is not a reason of its own.
    const other = whoWouldCare(doc, search, { title: 'Benchmarking vector databases', link: 'https://example.org/bench' });
    const adaAgain = other.find((candidate) => candidate.person.id === ada)!;
    expect(adaAgain.reasons.map((reason) => reason.field)).toEqual(['interests']);
    // Chen's ask was helped by the share, so it no longer counts.
    expect(other.find((candidate) => candidate.person.id === chen)).toBeUndefined();
  });

  it('matches across case, accents, plurals and aliases', () => {
    const doc = new Y.Doc();
    const zoe = createPerson(doc, { name: 'Zoë', interests: ['Café culture'] }, LOCAL_UI);
    const ml = createPerson(doc, { name: 'Mo', expertise: ['Machine learning'] }, LOCAL_UI);
    const kites = createPerson(doc, { name: 'Kit', interests: ['kite'] }, LOCAL_UI);
    const mine = createPerson(doc, { name: 'Lee', tags: ['Board games'] }, LOCAL_UI);
    addAlias(doc, 'Board games', 'Tabletop', LOCAL_UI);
    const search = new PeopleSearch(doc);
    const ids = (item: PassItem) => whoWouldCare(doc, search, item).map((candidate) => candidate.person.id);
    expect(ids({ title: 'The best CAFES of Vienna' })).toEqual([zoe]);
    expect(ids({ title: 'An ML reading list' })).toEqual([ml]);
    expect(ids({ title: 'KITES at the beach' })).toEqual([kites]);
    expect(ids({ title: 'Tabletop night' })).toEqual([mine]);
    expect(ids({ title: 'the and of' })).toEqual([]);
  });

  it('an ask matches with plurals either way, and a helped ask is not read', () => {
    const doc = new Y.Doc();
    const kim = createPerson(doc, { name: 'Kim' }, LOCAL_UI);
    const askId = createAsk(doc, { contactId: kim, what: 'looking for a designer' }, LOCAL_UI);
    const search = new PeopleSearch(doc);
    const found = whoWouldCare(doc, search, { title: 'Three designers open to freelance work' });
    expect(found.map((candidate) => [candidate.person.id, candidate.askIds])).toEqual([[kim, [askId]]]);
    markAskHelped(doc, askId, { by: 'hand' }, LOCAL_UI);
    expect(whoWouldCare(doc, search, { title: 'Three designers open to freelance work' })).toEqual([]);
  });

  it('reads the words of an item: singular, no stop words, link path words, aliases widened', () => {
    expect(singular('databases')).toBe('database');
    expect(singular('companies')).toBe('company');
    expect(singular('analysis')).toBe('analysis');
    expect(singular('aws')).toBe('aws');
    const doc = new Y.Doc();
    expect(itemWords({ title: 'The Best Guide to Vector Databases', link: 'https://x.com/a/ml-ops?ref=news' }, doc)).toEqual(
      expect.arrayContaining(['vector', 'database', 'ops', 'ref', 'machine', 'learning']),
    );
    expect(itemWords({ title: 'The Best Guide to Vector Databases' })).toEqual(['vector', 'database']);
  });

  it('has a starter for someone with no reason to name', () => {
    expect(starterLine({ name: 'Grace Hopper' }, undefined)).toBe('Hi Grace, I thought you might like this.');
  });
});
