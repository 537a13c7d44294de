import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson, updatePerson } from '../doc/people';
import { NotFoundError } from '../doc/errors';
import { LOCAL_UI } from '../doc/origins';
import { MAX_CHAIN, referralsOf } from './referrals';

function chainOf(length: number) {
  const doc = new Y.Doc();
  const ids: string[] = [];
  for (let i = 0; i < length; i++) {
    ids.push(createPerson(doc, { name: `P${i}`, introducedBy: ids[i - 1] ?? '' }, LOCAL_UI));
  }
  return { doc, ids };
}

const names = (people: { name: string }[]) => people.map((person) => person.name);

describe('referralsOf', () => {
  it('follows who introduced whom, nearest first, and lists whom a person introduced', () => {
    const { doc, ids } = chainOf(4);
    const extra = createPerson(doc, { name: 'Also by P1', introducedBy: ids[1]! }, LOCAL_UI);
    expect(names(referralsOf(doc, ids[3]!).introducedBy)).toEqual(['P2', 'P1', 'P0']);
    expect(names(referralsOf(doc, ids[1]!).introducedToMe)).toEqual(['Also by P1', 'P2']);
    expect(referralsOf(doc, ids[0]!)).toMatchObject({ introducedBy: [] });
    expect(referralsOf(doc, extra)).toMatchObject({ introducedToMe: [] });
  });

  it('stops at a loop that two replicas made between them', () => {
    const a = new Y.Doc();
    const ann = createPerson(a, { name: 'Ann' }, LOCAL_UI);
    const bob = createPerson(a, { name: 'Bob' }, LOCAL_UI);
    const cat = createPerson(a, { name: 'Cat', introducedBy: ann }, LOCAL_UI);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    updatePerson(a, ann, 'introducedBy', bob, LOCAL_UI);
    updatePerson(b, bob, 'introducedBy', ann, LOCAL_UI);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(names(referralsOf(a, cat).introducedBy)).toEqual(['Ann', 'Bob']);
    expect(names(referralsOf(a, ann).introducedBy)).toEqual(['Bob']);
    expect(names(referralsOf(a, ann).introducedToMe)).toEqual(['Bob', 'Cat']);
  });

  it(`cuts a chain at ${MAX_CHAIN} introducers`, () => {
    const { doc, ids } = chainOf(15);
    const chain = referralsOf(doc, ids[14]!).introducedBy;
    expect(chain).toHaveLength(MAX_CHAIN);
    expect(chain[0]!.name).toBe('P13');
    expect(chain.at(-1)!.name).toBe('P4');
  });

  it('ends a chain at a person in the Trash or removed, and leaves them out of those introduced', () => {
    const { doc, ids } = chainOf(4);
    deletePerson(doc, ids[1]!, LOCAL_UI);
    expect(names(referralsOf(doc, ids[3]!).introducedBy)).toEqual(['P2']);
    expect(referralsOf(doc, ids[0]!).introducedToMe).toEqual([]);
    updatePerson(doc, ids[3]!, 'introducedBy', 'person:gone', LOCAL_UI);
    expect(referralsOf(doc, ids[3]!).introducedBy).toEqual([]);
  });

  it('refuses a person who does not exist', () => {
    expect(() => referralsOf(new Y.Doc(), 'person:nobody')).toThrow(NotFoundError);
  });
});
