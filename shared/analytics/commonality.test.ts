import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson } from '../doc/people';
import { createLink } from '../doc/links';
import { updateMe, type MeField } from '../doc/me';
import { NotFoundError } from '../doc/errors';
import { LOCAL_UI } from '../doc/origins';
import { addAlias } from './normalize';
import { findCommonality, nameList } from './commonality';

function setMe(doc: Y.Doc, profile: Partial<Record<MeField, unknown>>) {
  for (const [field, value] of Object.entries(profile)) updateMe(doc, field as MeField, value, LOCAL_UI);
}

function network() {
  const doc = new Y.Doc();
  setMe(doc, {
    name: 'Sam',
    hometown: 'Porto',
    schools: ['Massachusetts Institute of Technology', 'Universidade do Porto'],
    interests: ['sailing', 'Board game', 'Jazz'],
    location: 'London, UK',
    org: 'Helio Systems',
    pastOrgs: ['Northwind Labs', 'Fernway Payments'],
    expertise: ['Distributed systems', 'Rust'],
  });
  const rita = createPerson(
    doc,
    {
      name: 'Rita',
      hometown: 'Porto, Portugal',
      schools: ['MIT'],
      interests: ['Board games', 'Sailing', 'Chess'],
      location: 'London',
      org: 'Northwind Labs',
      pastOrgs: ['Helio Systems', 'Fernway Payments'],
      expertise: ['rust', 'Compilers'],
      tags: ['friend'],
    },
    LOCAL_UI,
  );
  return { doc, rita };
}

describe('findCommonality', () => {
  it('finds what I share with a person, most personal first, in their spelling and mine', () => {
    const { doc, rita } = network();
    const found = findCommonality(doc, rita).map(({ kind, value, mine }) => ({ kind, value, mine }));
    expect(found).toEqual([
      { kind: 'hometown', value: 'Porto, Portugal', mine: 'Porto' },
      { kind: 'school', value: 'MIT', mine: 'Massachusetts Institute of Technology' },
      { kind: 'interest', value: 'Board games', mine: 'Board game' },
      { kind: 'interest', value: 'Sailing', mine: 'sailing' },
      { kind: 'location', value: 'London', mine: 'London, UK' },
      { kind: 'pastOrg', value: 'Fernway Payments', mine: 'Fernway Payments' },
      { kind: 'pastOrg', value: 'Helio Systems', mine: 'Helio Systems' },
      { kind: 'pastOrg', value: 'Northwind Labs', mine: 'Northwind Labs' },
      { kind: 'expertise', value: 'rust', mine: 'Rust' },
    ]);
  });

  it('gives each hook a starter that names it and fits its kind', () => {
    const { doc, rita } = network();
    const starters = new Map(findCommonality(doc, rita).map((item) => [item.value, item.starter]));
    expect(starters.get('MIT')).toBe('You both studied at MIT — ask what they worked on there.');
    expect(starters.get('Porto, Portugal')).toMatch(/^You're both from Porto, Portugal — /);
    expect(starters.get('Helio Systems')).toMatch(/^They used to work at Helio Systems, where you work now/);
    expect(starters.get('Northwind Labs')).toMatch(/^They work at Northwind Labs, where you used to/);
    expect(starters.get('Fernway Payments')).toMatch(/^You both worked at Fernway Payments/);
  });

  it('lists the same current organisation, and uses my own aliases', () => {
    const doc = new Y.Doc();
    setMe(doc, { name: 'Sam', org: 'Helio', interests: ['Theatre'] });
    const id = createPerson(doc, { name: 'Omar', org: 'Helio Systems', interests: ['Theater'] }, LOCAL_UI);
    expect(findCommonality(doc, id)).toEqual([]);
    addAlias(doc, 'Helio Systems', 'Helio', LOCAL_UI);
    addAlias(doc, 'Theatre', 'Theater', LOCAL_UI);
    expect(findCommonality(doc, id).map(({ kind, value }) => [kind, value])).toEqual([
      ['interest', 'Theater'],
      ['org', 'Helio Systems'],
    ]);
  });

  it('tells places apart when their regions disagree', () => {
    const doc = new Y.Doc();
    setMe(doc, { name: 'Sam', hometown: 'Cambridge, UK', location: 'New York, USA' });
    const id = createPerson(doc, { name: 'Ann', hometown: 'Cambridge, MA', location: 'NYC' }, LOCAL_UI);
    expect(findCommonality(doc, id).map(({ kind, value }) => [kind, value])).toEqual([['location', 'NYC']]);
  });

  it("puts mutual contacts last, with a count: the person's live links, closest first", () => {
    const { doc, rita } = network();
    const [ana, ben, cy, dee, eve] = ['Ana', 'Ben', 'Cy', 'Dee', 'Eve'].map((name) => createPerson(doc, { name }, LOCAL_UI));
    createLink(doc, { from: rita, to: ana!, strength: 2 }, LOCAL_UI);
    createLink(doc, { from: ben!, to: rita, strength: 5 }, LOCAL_UI);
    createLink(doc, { from: rita, to: cy!, strength: 3 }, LOCAL_UI);
    createLink(doc, { from: rita, to: dee!, strength: 1 }, LOCAL_UI);
    createLink(doc, { from: rita, to: eve! }, LOCAL_UI);
    deletePerson(doc, eve!, LOCAL_UI);
    const last = findCommonality(doc, rita).at(-1)!;
    expect(last).toEqual({
      kind: 'mutualContacts',
      value: 'Ben, Cy, Ana and 1 other',
      mine: '',
      starter: 'You have 4 mutual contacts, among them Ben — ask how they know each other.',
      personIds: [ben, cy, ana, dee],
    });
  });

  it('finds only mutual contacts when my profile is empty, and nothing for a person with no links', () => {
    const doc = new Y.Doc();
    const a = createPerson(doc, { name: 'A', schools: ['MIT'] }, LOCAL_UI);
    const b = createPerson(doc, { name: 'B' }, LOCAL_UI);
    const c = createPerson(doc, { name: 'C' }, LOCAL_UI);
    expect(findCommonality(doc, a)).toEqual([]);
    createLink(doc, { from: a, to: b }, LOCAL_UI);
    expect(findCommonality(doc, a)).toEqual([
      {
        kind: 'mutualContacts',
        value: 'B',
        mine: '',
        starter: 'B is a mutual contact — ask how they know each other.',
        personIds: [b],
      },
    ]);
    expect(findCommonality(doc, c)).toEqual([]);
  });

  it('gives the same answer every time and on every replica', () => {
    const { doc, rita } = network();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    expect(findCommonality(replica, rita)).toEqual(findCommonality(doc, rita));
  });

  it('refuses a person who does not exist', () => {
    expect(() => findCommonality(new Y.Doc(), 'person:nobody')).toThrow(NotFoundError);
  });
});

describe('nameList', () => {
  it('names up to three people and counts the rest', () => {
    expect(nameList([])).toBe('');
    expect(nameList(['A'])).toBe('A');
    expect(nameList(['A', 'B'])).toBe('A and B');
    expect(nameList(['A', 'B', 'C'])).toBe('A, B and C');
    expect(nameList(['A', 'B', 'C', 'D', 'E'])).toBe('A, B, C and 2 others');
  });
});
