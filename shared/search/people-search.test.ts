import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson, restorePerson, updatePerson, type PersonInput } from '../doc/people';
import { createNote } from '../doc/notes';
import { LOCAL_UI } from '../doc/origins';
import { byClosenessThenName, firstByCloseness, PeopleSearch, TIER_BOOST, type FieldMatch, type SearchResult } from './people-search';
import type { PersonEntry } from './corpus';

const searches: PeopleSearch[] = [];
afterEach(() => searches.splice(0).forEach((search) => search.destroy()));

function setUp(people: Record<string, PersonInput>) {
  const doc = new Y.Doc();
  const ids: Record<string, string> = {};
  for (const [key, input] of Object.entries(people)) ids[key] = createPerson(doc, input, LOCAL_UI);
  const search = new PeopleSearch(doc);
  searches.push(search);
  return { doc, ids, search };
}

const note = (doc: Y.Doc, contactIds: string[], text: string, at = '2026-01-02T10:00:00Z') =>
  createNote(doc, { contactIds, kind: 'note', text, at }, LOCAL_UI);
const names = (results: SearchResult[]) => results.map((result) => result.person.name);
/** The highlighted parts of a match's snippet. */
const marked = (match: FieldMatch) => match.ranges.map(([start, end]) => match.snippet.slice(start, end));

describe('why a person matched', () => {
  it('names the note and shows the words around a term found only there', () => {
    const { doc, ids, search } = setUp({ ada: { name: 'Ada Lovelace', org: 'Analytical Engines' }, grace: { name: 'Grace Hopper' } });
    const noteId = note(doc, [ids.ada!], 'Long lunch. We talked about kitesurfing in Tarifa, and she wants to try it in May.');
    const [result, ...others] = search.search('kite');
    expect(others).toEqual([]);
    expect(result!.person.id).toBe(ids.ada);
    expect(result!.matches).toHaveLength(1);
    const [match] = result!.matches;
    expect(match).toMatchObject({ field: 'notes', fieldLabel: 'Notes', noteId });
    expect(match!.snippet).toContain('We talked about kitesurfing in Tarifa');
    expect(marked(match!)).toEqual(['kite']);
  });

  it('cuts a long note at whole words around the match, with ellipses', () => {
    const { doc, ids, search } = setUp({ ada: { name: 'Ada' } });
    const filler = 'Lots of unrelated catching up about family and travel plans. ';
    note(doc, [ids.ada!], `${filler.repeat(3)}She recommended Café Nórdico for the team offsite. ${filler.repeat(3)}`);
    const [match] = search.search('nordico')[0]!.matches;
    const { snippet } = match!;
    expect(snippet.startsWith('…') && snippet.endsWith('…')).toBe(true);
    const fillerWords = filler.trim().split(' ');
    expect(fillerWords).toContain(snippet.slice(1).split(' ')[0]);
    expect(fillerWords).toContain(snippet.slice(0, -1).split(' ').at(-1));
    expect(marked(match!)).toEqual(['Nórdico']);
    expect(match!.snippet.length).toBeLessThan(140);
  });

  it('shows the most recent note holding the term', () => {
    const { doc, ids, search } = setUp({ ada: { name: 'Ada' } });
    note(doc, [ids.ada!], 'Old: talked about sailing.', '2024-01-01T00:00:00Z');
    const recent = note(doc, [ids.ada!], 'New: more about sailing in Greece.', '2026-03-01T00:00:00Z');
    expect(search.search('sailing')[0]!.matches[0]!.noteId).toBe(recent);
  });

  it('lists every matching field, a list field by its matching entries, and the personal hooks', () => {
    const { search } = setUp({
      ada: {
        name: 'Ada Lovelace',
        interests: ['Chess', 'Photography', 'Photo books'],
        expertise: ['Compilers'],
        schools: ['University of London'],
        hometown: 'London, UK',
      },
    });
    const [result] = search.search('photo');
    expect(result!.matches).toEqual([
      { field: 'interests', fieldLabel: 'Interests', snippet: 'Photography, Photo books', ranges: [[0, 5], [13, 18]] },
    ]);
    expect(result!.hooks).toEqual([
      { field: 'interests', value: 'Chess' },
      { field: 'interests', value: 'Photography' },
      { field: 'interests', value: 'Photo books' },
      { field: 'schools', value: 'University of London' },
      { field: 'hometown', value: 'London, UK' },
    ]);
  });
});

describe('matching', () => {
  it('finds words by their start and forgives a typo in a longer word', () => {
    const { ids, search } = setUp({ ada: { name: 'Ada', interests: ['Photography'] }, bob: { name: 'Bob', role: 'Engineer' } });
    expect(search.search('photog').map((r) => r.person.id)).toEqual([ids.ada]);
    expect(search.search('photgraphy').map((r) => r.person.id)).toEqual([ids.ada]);
    expect(search.search('enginer').map((r) => r.person.id)).toEqual([ids.bob]);
    expect(search.search('zebra')).toEqual([]);
  });

  it('ignores case and accents in the query and the data', () => {
    const { ids, search } = setUp({ jose: { name: 'José Núñez', location: 'São Paulo, Brazil' } });
    expect(search.search('jose nunez')[0]!.person.id).toBe(ids.jose);
    const [result] = search.search('SAO PAULO');
    expect(marked(result!.matches[0]!)).toEqual(['São', 'Paulo']);
  });

  it('needs every word when some person has them all, and any word otherwise', () => {
    const { search } = setUp({
      both: { name: 'Both', expertise: ['Rust'], location: 'Berlin, Germany' },
      rust: { name: 'Only Rust', expertise: ['Rust'] },
      berlin: { name: 'Only Berlin', location: 'Berlin, Germany' },
    });
    expect(names(search.search('rust berlin'))).toEqual(['Both']);
    expect(names(search.search('rust zanzibar'))).toEqual(expect.arrayContaining(['Both', 'Only Rust']));
  });

  it('finds a name while it is being typed, but does not match every word of every note on two letters', () => {
    const { doc, ids, search } = setUp({ li: { name: 'Li Wei' }, other: { name: 'Grace' } });
    note(doc, [ids.other!], 'Lively chat about literature.');
    expect(search.search('li').map((r) => r.person.id)).toEqual([ids.li]);
    expect(search.search('live').map((r) => r.person.id)).toEqual([ids.other]);
  });

  it('finds words in notes by a prefix of three letters, as in profiles', () => {
    const { doc, ids, search } = setUp({ ada: { name: 'Ada', expertise: ['SREs'] }, grace: { name: 'Grace' } });
    note(doc, [ids.grace!], 'She leads the SREs at the bank and hires more SREs.');
    expect(new Set(search.search('SRE').map((r) => r.person.id))).toEqual(new Set([ids.ada, ids.grace]));
    expect(search.search('liv')).toEqual([]);
    note(doc, [ids.ada!], 'Lively chat.');
    expect(search.search('liv').map((r) => r.person.id)).toEqual([ids.ada]);
    const [match] = search.search('sre').find((r) => r.person.id === ids.grace)!.matches;
    expect(marked(match!)).toEqual(['SRE', 'SRE']);
  });

  it('finds a note under someone it @-mentions, who was not there', () => {
    const { doc, ids, search } = setUp({ ada: { name: 'Ada' }, grace: { name: 'Grace' } });
    const noteId = createNote(doc, { contactIds: [ids.ada!], kind: 'call', text: 'Talked about' }, LOCAL_UI);
    const paragraph = (doc.getMap('notes').get(noteId) as Y.Map<Y.XmlFragment>).get('body')!.get(0) as Y.XmlElement;
    doc.transact(() => {
      const mention = new Y.XmlElement('mention');
      mention.setAttribute('id', ids.grace!);
      mention.setAttribute('label', 'Grace');
      paragraph.insert(1, [new Y.XmlText(' orbital mechanics with '), mention]);
    }, LOCAL_UI);
    expect(new Set(names(search.search('orbital')))).toEqual(new Set(['Ada', 'Grace']));
  });

  it('lists people by the initials of their name for single letters', () => {
    const { search } = setUp({
      a: { name: 'John Smith', tier: 'acquaintance' },
      b: { name: 'Jane Doe', tier: 'inner' },
      c: { name: 'Sam Jones', tier: 'close' },
    });
    expect(names(search.search('j'))).toEqual(['Jane Doe', 'Sam Jones', 'John Smith']);
    expect(names(search.search('j s'))).toEqual(['Sam Jones', 'John Smith']);
    expect(marked(search.search('j')[1]!.matches[0]!)).toEqual(['J']);
  });

  it('treats common words as noise unless they may be the start of a word', () => {
    const { search } = setUp({ ada: { name: 'Ada', interests: ['Theatre'] } });
    expect(names(search.search('the'))).toEqual(['Ada']);
    expect(names(search.search('the theatre'))).toEqual(['Ada']);
  });
});

describe('ranking', () => {
  it('multiplies the match score by closeness, inner first', () => {
    const { search } = setUp({
      far: { name: 'Far Away', expertise: ['Kubernetes'], tier: 'acquaintance' },
      near: { name: 'Near By', expertise: ['Kubernetes'], tier: 'inner' },
      mid: { name: 'Mid Way', expertise: ['Kubernetes'], tier: 'regular' },
      close: { name: 'Close One', expertise: ['Kubernetes'], tier: 'close' },
    });
    const results = search.search('kubernetes');
    expect(names(results)).toEqual(['Near By', 'Close One', 'Mid Way', 'Far Away']);
    expect(results[0]!.score / results[3]!.score).toBeCloseTo(TIER_BOOST.inner / TIER_BOOST.acquaintance);
  });

  it('still ranks a much better match above a closer person', () => {
    const { doc, ids, search } = setUp({ expert: { name: 'Rita', expertise: ['Kubernetes'], tier: 'acquaintance' }, friend: { name: 'Fred', tier: 'inner' } });
    note(doc, [ids.friend!], 'Long dinner; Fred mentioned a colleague, a neighbour, a podcast and Kubernetes once among a hundred other things, from gardening to jazz, travel, cooking and football.');
    expect(names(search.search('kubernetes'))).toEqual(['Rita', 'Fred']);
  });

  it('returns at most `limit` results', () => {
    const people = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`p${i}`, { name: `Person ${i}`, tags: ['friend'] }]));
    const { search } = setUp(people);
    expect(search.search('friend')).toHaveLength(20);
    expect(search.search('friend', {}, 5)).toHaveLength(5);
    expect(search.search('friend', {}, 0)).toEqual([]);
  });
});

describe('filters', () => {
  const network = () =>
    setUp({
      societe: { name: 'Zoé', org: 'Société Générale', location: 'São Paulo, Brazil', tags: ['Café'], tier: 'close' },
      acme: { name: 'Adam', org: 'Acme', location: 'Lisbon, Portugal', tags: ['client'], tier: 'inner' },
      other: { name: 'Bea', org: 'Societe Generale', location: 'Madrid, Spain', tier: 'inner' },
    });

  it('match without regard to case or accents', () => {
    const { search } = network();
    expect(names(search.search('', { org: 'SOCIETE GENERALE' }))).toEqual(['Bea', 'Zoé']);
    expect(names(search.search('', { tag: 'cafe' }))).toEqual(['Zoé']);
    expect(names(search.search('', { location: 'sao paulo' }))).toEqual(['Zoé']);
    expect(names(search.search('', { location: 'Brazil' }))).toEqual(['Zoé']);
    expect(names(search.search('', { location: 'são paulo, brazil' }))).toEqual(['Zoé']);
    expect(names(search.search('', { tier: 'inner' }))).toEqual(['Adam', 'Bea']);
  });

  it('combine with each other and with a query', () => {
    const { search } = network();
    expect(names(search.search('', { org: 'société générale', tier: 'inner' }))).toEqual(['Bea']);
    expect(names(search.search('zoe', { org: 'societe generale' }))).toEqual(['Zoé']);
    expect(names(search.search('zoe', { org: 'acme' }))).toEqual([]);
  });

  it('with an empty query list people by closeness, then name', () => {
    const { search } = network();
    expect(names(search.search(''))).toEqual(['Adam', 'Bea', 'Zoé']);
    expect(search.search('')[0]).toMatchObject({ score: 0, matches: [] });
  });

  it('offer the distinct organisations, tags and locations of live people', () => {
    const { doc, ids, search } = network();
    expect(search.facets()).toEqual({
      orgs: ['Acme', 'Société Générale'],
      tags: ['Café', 'client'],
      locations: ['Lisbon, Portugal', 'Madrid, Spain', 'São Paulo, Brazil'],
    });
    deletePerson(doc, ids.acme!, LOCAL_UI);
    expect(search.facets().orgs).toEqual(['Société Générale']);
  });
});

describe('keeping up with the document', () => {
  it('follows a rename', () => {
    const { doc, ids, search } = setUp({ ada: { name: 'Ada Byron' } });
    expect(names(search.search('byron'))).toEqual(['Ada Byron']);
    updatePerson(doc, ids.ada!, 'name', 'Ada Lovelace', LOCAL_UI);
    expect(search.search('byron')).toEqual([]);
    expect(names(search.search('lovelace'))).toEqual(['Ada Lovelace']);
  });

  it('follows a change inside a list field', () => {
    const { doc, ids, search } = setUp({ ada: { name: 'Ada', tags: ['friend'] } });
    doc.transact(() => ((doc.getMap('contacts').get(ids.ada!) as Y.Map<unknown>).get('tags') as Y.Array<string>).push(['investor']), LOCAL_UI);
    expect(names(search.search('investor'))).toEqual(['Ada']);
  });

  it('drops a deleted person and brings them back when restored', () => {
    const { doc, ids, search } = setUp({ ada: { name: 'Ada', expertise: ['Compilers'] } });
    note(doc, [ids.ada!], 'Notes about parsers.');
    deletePerson(doc, ids.ada!, LOCAL_UI);
    expect(search.search('compilers')).toEqual([]);
    expect(search.search('parsers')).toEqual([]);
    expect(search.search('')).toEqual([]);
    restorePerson(doc, ids.ada!, LOCAL_UI);
    expect(names(search.search('parsers'))).toEqual(['Ada']);
  });

  it('indexes a new note under every person it names, and forgets it when deleted', () => {
    const { doc, ids, search } = setUp({ ada: { name: 'Ada' }, grace: { name: 'Grace' }, alan: { name: 'Alan' } });
    expect(search.search('tarifa')).toEqual([]);
    const noteId = note(doc, [ids.ada!, ids.grace!], 'Both want to go kitesurfing in Tarifa.');
    expect(names(search.search('tarifa'))).toEqual(expect.arrayContaining(['Ada', 'Grace']));
    expect(search.search('tarifa')).toHaveLength(2);
    doc.transact(() => (doc.getMap('notes').get(noteId) as Y.Map<unknown>).set('deletedAt', '2026-02-01T00:00:00Z'), LOCAL_UI);
    expect(search.search('tarifa')).toEqual([]);
  });

  it('follows edits of a note body and of the people it names', () => {
    const { doc, ids, search } = setUp({ ada: { name: 'Ada' }, grace: { name: 'Grace' } });
    const noteId = note(doc, [ids.ada!], 'Coffee.');
    const record = doc.getMap('notes').get(noteId) as Y.Map<unknown>;
    expect(search.search('marathon')).toEqual([]);
    const paragraph = (record.get('body') as Y.XmlFragment).get(0) as Y.XmlElement;
    doc.transact(() => (paragraph.get(0) as Y.XmlText).insert(7, ' She ran the Berlin marathon.'), LOCAL_UI);
    expect(names(search.search('marathon'))).toEqual(['Ada']);
    doc.transact(() => {
      const contactIds = record.get('contactIds') as Y.Array<string>;
      contactIds.delete(0, 1);
      contactIds.push([ids.grace!]);
    }, LOCAL_UI);
    expect(names(search.search('marathon'))).toEqual(['Grace']);
  });

  it('reads notes written as Y.Text, and people arriving from another replica', () => {
    const { doc, search } = setUp({});
    const remote = new Y.Doc();
    const id = createPerson(remote, { name: 'Remote Person' }, LOCAL_UI);
    remote.transact(() => {
      const record = new Y.Map<unknown>();
      const contactIds = new Y.Array<string>();
      contactIds.push([id]);
      record.set('contactIds', contactIds);
      record.set('kind', 'call');
      record.set('at', '2026-01-01T00:00:00Z');
      record.set('body', new Y.Text('Call about the harbour project.'));
      remote.getMap('notes').set('note:remote0000000000', record);
    });
    expect(search.search('harbour')).toEqual([]);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote));
    expect(search.search('harbour')[0]).toMatchObject({ person: { id }, matches: [{ field: 'notes', snippet: 'Call about the harbour project.' }] });
  });

  it('stops following the document once destroyed', () => {
    const { doc, search } = setUp({});
    search.destroy();
    createPerson(doc, { name: 'Late Arrival' }, LOCAL_UI);
    expect(search.search('late')).toEqual([]);
  });
});

describe('searching for any of many words', () => {
  it('finds people matching any word, more words ranking higher, keeping plain search strict', () => {
    const { search } = setUp({
      ada: { name: 'Ada', interests: ['Vector databases'] },
      dana: { name: 'Dana', expertise: ['Vector search'] },
      erin: { name: 'Erin', tags: ['Gardening'] },
    });
    expect(names(search.searchAny(['vector', 'database', 'the']))).toEqual(['Ada', 'Dana']);
    expect(search.searchAny(['vector', 'database'])[0]!.matches.map(marked)).toEqual([['Vector', 'database']]);
    expect(names(search.search('vector database'))).toEqual(['Ada']);
    expect(search.searchAny(['of', 'x'])).toEqual([]);
    expect(search.searchAny(['vector'], 0)).toEqual([]);
  });

  it('forgives no typos, and looks for a word in most notes in profiles only', () => {
    const { doc, ids, search } = setUp({
      ada: { name: 'Ada', interests: ['Night photography'] },
      bob: { name: 'Bob', tags: ['coffee'] },
      cy: { name: 'Cy' },
    });
    expect(names(search.searchAny(['light']))).toEqual([]);
    expect(names(search.search('light'))).toEqual(['Ada']);
    // 150 notes: "coffee" in every one of them tells no one apart; "espresso" in one does.
    for (let i = 0; i < 149; i++) note(doc, [ids.cy!], `Coffee with Cy, number ${i}.`);
    note(doc, [ids.cy!], 'Coffee and espresso machines.');
    expect(names(search.searchAny(['coffee']))).toEqual(['Bob']);
    expect(names(search.searchAny(['espresso']))).toEqual(['Cy']);
    expect(names(search.search('coffee'))).toContain('Cy');
    // Counts follow the notes: once most are gone, "coffee" is read in notes again.
    doc.transact(() => doc.getMap('notes').forEach((_, id) => doc.getMap('notes').delete(id)));
    note(doc, [ids.cy!], 'Coffee again.');
    expect(names(search.searchAny(['coffee'])).sort()).toEqual(['Bob', 'Cy']);
  });
});

describe('listing by closeness', () => {
  /** Seeded people: few names (so many ties broken by id), every tier, three organisations. */
  function crowd(count: number) {
    let seed = 13;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const people: Record<string, PersonInput> = {};
    for (let i = 0; i < count; i++) {
      people[`p${i}`] = {
        name: `${pick(['Ada', 'ada', 'Émile', 'Bo', 'Zoë', 'Item 10', 'Item 9'])} ${pick(['Lovelace', 'Hopper', 'Ørsted', 'Curie'])}`,
        org: pick(['Acme', 'Helix', '']),
        tier: pick(['inner', 'close', 'regular', 'acquaintance'] as const),
      };
    }
    return setUp(people);
  }
  const idsOf = (results: SearchResult[]) => results.map((result) => result.person.id);

  it('picks the first people after a change as sorting everyone would, and lists the same once sorted', () => {
    const { doc, ids, search } = crowd(300);
    const filterings = [{}, { org: 'Acme' }, { tier: 'close' as const }];
    filterings.forEach((filters, i) => {
      // A change, so that the first listing picks without sorting; the second sorts everyone; the third reads that.
      updatePerson(doc, ids[`p${i}`]!, 'tier', 'inner', LOCAL_UI);
      const picked = search.search('', filters, 25);
      const sorted = search.search('', filters, 26);
      const read = search.search('', filters, 27);
      expect(picked).toHaveLength(25);
      expect(idsOf(sorted).slice(0, 25)).toEqual(idsOf(picked));
      expect(idsOf(read).slice(0, 26)).toEqual(idsOf(sorted));
    });
    updatePerson(doc, ids.p7!, 'tier', 'acquaintance', LOCAL_UI);
    const initials = search.search('a', {}, 40);
    expect(initials.every((result) => result.matches[0]?.field === 'name')).toBe(true);
    expect(idsOf(search.search('a', {}, 41)).slice(0, 40)).toEqual(idsOf(initials));
  });

  it('firstByCloseness gives the first of the sorted list, for any filter and limit', () => {
    const { search } = crowd(400);
    const entries: PersonEntry[] = search.search('', {}, 10_000).map(({ person }) => ({ person, keys: { org: '', tags: [], places: [], initials: '' } }));
    const shuffled = [...entries].reverse();
    const wants = [() => true, (entry: PersonEntry) => entry.person.org === 'Helix', (entry: PersonEntry) => entry.person.name.startsWith('Item')];
    for (const limit of [0, 1, 7, 50, 399, 400, 1000]) {
      for (const wanted of wants) {
        const straight = [...shuffled].sort(byClosenessThenName).filter(wanted).slice(0, limit);
        expect(firstByCloseness(shuffled, wanted, limit).map((entry) => entry.person.id)).toEqual(straight.map((entry) => entry.person.id));
      }
    }
  });
});
