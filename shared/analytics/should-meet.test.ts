import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson, updatePerson, type PersonInput } from '../doc/people';
import { createLink, getLink, linksOf, listLinks } from '../doc/links';
import { listNotes, notesOf } from '../doc/notes';
import { ValidationError } from '../doc/errors';
import { LOCAL_UI } from '../doc/origins';
import { introduce, suggestIntroductions, type Introduction } from './should-meet';
import { createAsk, readAsk } from '../doc/asks';
import { ASKS } from '../doc/kinds';
import { generateNetwork } from '../../e2e/fixtures/network';

// shared/ type-checks without DOM or Node globals; tests may still log.
declare const console: { log(...values: unknown[]): void };

function people(doc: Y.Doc, inputs: Record<string, Omit<PersonInput, 'name'>>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, createPerson(doc, { name, ...input }, LOCAL_UI)]));
}

function small() {
  const doc = new Y.Doc();
  const ids = people(doc, {
    Ana: { hometown: 'Porto', schools: ['MIT'], interests: ['Jazz', 'Chess'], tags: ['founder'] },
    Bruno: { hometown: 'Porto, Portugal', schools: ['Massachusetts Institute of Technology'], tags: ['investor'] },
    Chen: { interests: ['jazz'], location: 'Lisbon' },
    Dina: { interests: ['Jazz', 'Chess'], location: 'Lisboa' },
    Eli: {},
  });
  return { doc, ...ids } as { doc: Y.Doc } & Record<'Ana' | 'Bruno' | 'Chen' | 'Dina' | 'Eli', string>;
}

const pair = (suggestion: { a: string; b: string }) => [suggestion.a, suggestion.b].sort().join(' ');
const pairOf = (x: string, y: string) => [x, y].sort().join(' ');

describe('suggestIntroductions', () => {
  it('ranks unlinked pairs by what they share, with readable reasons', () => {
    const { doc, Ana, Bruno, Chen, Dina } = small();
    const suggestions = suggestIntroductions(doc);
    expect(suggestions.map(pair)).toEqual([pairOf(Ana, Bruno), pairOf(Ana, Dina), pairOf(Chen, Dina), pairOf(Ana, Chen)]);
    // A reason quotes the spelling of `a`, the pair's lower id.
    const [top, second, third] = suggestions as [Introduction, Introduction, Introduction];
    expect(top.a < top.b).toBe(true);
    expect(top.reasons).toEqual([
      ...(top.a === Ana
        ? ['Both from Porto', 'Both studied at MIT']
        : ['Both from Porto, Portugal', 'Both studied at Massachusetts Institute of Technology']),
      'Ana is a founder and Bruno is an investor',
    ]);
    expect(second.reasons).toEqual(['Both interested in Jazz', 'Both interested in Chess']);
    expect(third.reasons).toEqual(
      third.a === Chen ? ['Both interested in jazz', 'Both based in Lisbon'] : ['Both interested in Jazz', 'Both based in Lisboa'],
    );
    for (let i = 1; i < suggestions.length; i++) expect(suggestions[i - 1]!.score).toBeGreaterThanOrEqual(suggestions[i]!.score);
  });

  it('leaves out linked pairs, pairs where one introduced the other, and people in the Trash', () => {
    const { doc, Ana, Bruno, Chen, Dina } = small();
    createLink(doc, { from: Bruno, to: Ana }, LOCAL_UI);
    updatePerson(doc, Dina, 'introducedBy', Chen, LOCAL_UI);
    expect(suggestIntroductions(doc).map(pair)).toEqual([pairOf(Ana, Dina), pairOf(Ana, Chen)]);
    deletePerson(doc, Ana, LOCAL_UI);
    expect(suggestIntroductions(doc)).toEqual([]);
  });

  it('counts mutual contacts, naming them', () => {
    const doc = new Y.Doc();
    const { A, B, Cy, Di, Ed } = people(doc, { A: {}, B: {}, Cy: {}, Di: {}, Ed: {} });
    for (const friend of [Ed!, Cy!, Di!]) {
      createLink(doc, { from: A!, to: friend }, LOCAL_UI);
      createLink(doc, { from: friend, to: B! }, LOCAL_UI);
    }
    const [top] = suggestIntroductions(doc);
    expect(pair(top!)).toBe(pairOf(A!, B!));
    expect(top!.reasons).toEqual(['3 mutual contacts: Cy, Di and Ed']);
  });

  it('gives the same ranking every time and on every replica, ties in id order', () => {
    const doc = new Y.Doc();
    // Eight people with one equal interest each: every pair ties.
    for (let i = 0; i < 8; i++) createPerson(doc, { name: `P${i}`, interests: ['Chess'] }, LOCAL_UI);
    const suggestions = suggestIntroductions(doc, { limit: 50 });
    expect(suggestions).toHaveLength(28);
    const keys = suggestions.map((s) => `${s.a} ${s.b}`);
    expect(keys).toEqual([...keys].sort());
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    expect(suggestIntroductions(replica, { limit: 50 })).toEqual(suggestions);
    expect(suggestIntroductions(doc, { limit: 5 })).toEqual(suggestions.slice(0, 5));
    expect(suggestIntroductions(doc, { limit: 0 })).toEqual([]);
  });

  it('suggests introductions among 2,000 generated people well within a second', () => {
    const doc = generateNetwork({ seed: 11, people: 2000 });
    const started = Date.now();
    const suggestions = suggestIntroductions(doc, { limit: 25 });
    const elapsed = Date.now() - started;
    console.log(`suggestIntroductions over 2,000 people: ${elapsed} ms`);
    expect(elapsed).toBeLessThan(5000);
    expect(suggestions).toHaveLength(25);
    const linked = new Set(listLinks(doc).map((link) => pairOf(link.from, link.to)));
    for (const suggestion of suggestions) {
      expect(linked.has(pair(suggestion))).toBe(false);
      expect(suggestion.reasons.length).toBeGreaterThan(0);
    }
    const again = generateNetwork({ seed: 11, people: 2000 });
    expect(suggestIntroductions(again, { limit: 25 })).toEqual(suggestions);
  });
});

describe('introduce', () => {
  it('writes one introduced link and one note on both people, in one transaction', () => {
    const { doc, Ana, Bruno } = small();
    const transactions: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => transactions.push(transaction.origin));
    const now = () => new Date('2026-03-04T05:06:07Z');
    const { linkId, noteId } = introduce(doc, Ana, Bruno, { text: 'Bruno is raising a seed round.' }, LOCAL_UI, now);
    expect(transactions).toEqual([LOCAL_UI]);
    expect(getLink(doc, linkId)).toMatchObject({ from: Ana, to: Bruno, kind: 'introduced', createdAt: '2026-03-04T05:06:07.000Z' });
    expect(listNotes(doc)).toHaveLength(1);
    const [note] = notesOf(doc, Ana);
    expect(notesOf(doc, Bruno)).toEqual([note]);
    expect(note).toMatchObject({ id: noteId, kind: 'note', contactIds: [Ana, Bruno], at: '2026-03-04T05:06:07.000Z' });
    expect(note!.text).toBe(
      'Introduced Ana to Bruno.\nWhy: Both from Porto. Both studied at MIT. Ana is a founder and Bruno is an investor.\nBruno is raising a seed round.',
    );
    expect(suggestIntroductions(doc).map(pair)).not.toContain(pairOf(Ana, Bruno));
  });

  it('marks the asks it answers helped by the introduction, in the same transaction; refuses an ask not theirs', () => {
    const { doc, Ana, Bruno, Chen } = small();
    const anasAsk = createAsk(doc, { contactId: Ana, what: 'looking for an angel investor' }, LOCAL_UI);
    const chensAsk = createAsk(doc, { contactId: Chen, what: 'looking for a designer' }, LOCAL_UI);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => introduce(doc, Ana, Bruno, { askIds: [chensAsk] }, LOCAL_UI)).toThrow('That ask is not one of theirs');
    expect(() => introduce(doc, Ana, Bruno, { askIds: ['ask:nope'] }, LOCAL_UI)).toThrow(ValidationError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    const transactions: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => transactions.push(transaction.origin));
    const { linkId } = introduce(doc, Ana, Bruno, { askIds: [anasAsk] }, LOCAL_UI, () => new Date('2026-03-04T05:06:07Z'));
    expect(transactions).toEqual([LOCAL_UI]);
    expect(readAsk(anasAsk, ASKS.get(doc, anasAsk))).toMatchObject({ helpedAt: '2026-03-04T05:06:07.000Z', helpedBy: 'introduction', helpedRef: linkId });
    expect(readAsk(chensAsk, ASKS.get(doc, chensAsk)).helpedAt).toBeNull();
  });

  it('writes a plain note when the two share nothing', () => {
    const { doc, Eli, Chen } = small();
    const { noteId } = introduce(doc, Eli, Chen, {}, LOCAL_UI);
    expect(listNotes(doc).find((note) => note.id === noteId)!.text).toBe('Introduced Eli to Chen.');
    expect(linksOf(doc, Eli)).toHaveLength(1);
  });

  it('refuses a self-introduction, people not in the network and linked people, writing nothing', () => {
    const { doc, Ana, Bruno, Chen } = small();
    createLink(doc, { from: Bruno, to: Chen }, LOCAL_UI);
    deletePerson(doc, Ana, LOCAL_UI);
    const Fay = createPerson(doc, { name: 'Fay' }, LOCAL_UI);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => introduce(doc, Fay, Fay, {}, LOCAL_UI)).toThrow(/cannot be introduced to themself/);
    expect(() => introduce(doc, Chen, Bruno, {}, LOCAL_UI)).toThrow(/already linked/);
    expect(() => introduce(doc, Fay, Ana, {}, LOCAL_UI)).toThrow(/in the Trash/);
    expect(() => introduce(doc, Fay, 'person:nobody', {}, LOCAL_UI)).toThrow(ValidationError);
    expect(() => introduce(doc, Fay, Chen, { text: 7 as unknown as string }, LOCAL_UI)).toThrow(ValidationError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
