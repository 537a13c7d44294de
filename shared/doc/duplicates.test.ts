import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson, listPeople, type PersonInput } from './people';
import { LOCAL_UI } from './origins';
import { editDistance, findDuplicates, findDuplicatesBetween, samePhone } from './duplicates';

/** People created a day apart, in the order given, so the first is the older record. */
function network(people: PersonInput[]) {
  const doc = new Y.Doc();
  const day = (i: number) => () => new Date(Date.UTC(2025, 0, 1 + i));
  const ids = people.map((input, i) => createPerson(doc, input, LOCAL_UI, day(i)));
  return { doc, ids };
}

const summary = (doc: Y.Doc) => findDuplicates(doc).map(({ a, b, reasons }) => [a.name, b.name, reasons]);

describe('finding duplicates', () => {
  it('pairs people sharing an email, whatever its case', () => {
    const { doc } = network([
      { name: 'Ada Lovelace', emails: ['Ada@Example.com'] },
      { name: 'Countess of Lovelace', org: 'Analytical Engines', emails: ['ada@example.com'] },
    ]);
    expect(summary(doc)).toEqual([['Ada Lovelace', 'Countess of Lovelace', ['Same email ada@example.com']]]);
  });

  it('pairs one phone number written with +, with 00 or as a national number', () => {
    const { doc } = network([
      { name: 'A One', phones: ['+44 20 7946 0958'] },
      { name: 'B Two', phones: ['0044 (20) 7946-0958'] },
      { name: 'C Three', phones: ['020 7946 0958'] },
      { name: 'D Four', phones: ['+33 20 7946 0958'] },
    ]);
    expect(summary(doc)).toEqual([
      ['A One', 'B Two', ['Same phone: +44 20 7946 0958 and 0044 (20) 7946-0958']],
      ['A One', 'C Three', ['Same phone: +44 20 7946 0958 and 020 7946 0958']],
      ['B Two', 'C Three', ['Same phone: 0044 (20) 7946-0958 and 020 7946 0958']],
      ['C Three', 'D Four', ['Same phone: 020 7946 0958 and +33 20 7946 0958']],
    ]);
  });

  it('compares phone numbers only where the country code cannot hide a different number', () => {
    expect(samePhone('+44 20 7946 0958', '+44 20 7946 0958')).toBe(true);
    expect(samePhone('+44 20 7946 0958', '+33 20 7946 0958')).toBe(false);
    expect(samePhone('+49 30 1234', '030 1234')).toBe(false);
    expect(samePhone('+1 415 555 0100', '(415) 555-0100')).toBe(true);
    expect(samePhone('12', '12')).toBe(false);
  });

  it('pairs near-same names at one organisation, with the reason', () => {
    const { doc } = network([
      { name: 'Jon Smith', org: 'Acme' },
      { name: 'John Smith', org: 'ACME' },
      { name: 'Zhang Wei', org: 'Helix' },
      { name: 'Wei Zhang', org: 'Helix' },
      { name: 'J. R. Tolkien', org: 'Oxford' },
      { name: 'John Ronald Tolkien', org: 'Oxford' },
      { name: 'José García' },
      { name: 'jose garcia', org: 'Anywhere' },
    ]);
    expect(summary(doc)).toEqual([
      ['J. R. Tolkien', 'John Ronald Tolkien', ['Initial for a name: “J. R. Tolkien” and “John Ronald Tolkien”, both at Oxford']],
      ['Jon Smith', 'John Smith', ['Similar names “Jon Smith” and “John Smith”, both at Acme']],
      ['José García', 'jose garcia', ['Same name “José García”, and one has no organisation']],
      ['Zhang Wei', 'Wei Zhang', ['Same name in a different order: “Zhang Wei” and “Wei Zhang”, both at Helix']],
    ]);
  });

  it('does not take different people at one organisation for one', () => {
    const { doc } = network([
      { name: 'Ada Lovelace', org: 'Acme', emails: ['ada@acme.example'] },
      { name: 'Grace Hopper', org: 'Acme', emails: ['grace@acme.example'], phones: ['+1 415 555 0100'] },
      { name: 'Alan Turing', org: 'Acme', phones: ['+1 415 555 0199'] },
      { name: 'Li Na', org: 'Acme' },
      { name: 'Li Yu', org: 'Acme' },
      { name: 'Aarav S. Nair', org: 'Acme' },
      { name: 'Aarav K. Nair', org: 'Acme' },
    ]);
    expect(findDuplicates(doc)).toEqual([]);
  });

  it('does not pair near-same names at two different organisations', () => {
    const { doc } = network([
      { name: 'John Smith', org: 'Acme' },
      { name: 'John Smith', org: 'Globex' },
    ]);
    expect(findDuplicates(doc)).toEqual([]);
  });

  it('lists a pair once with all its reasons, the older record first, and leaves out the Trash', () => {
    const { doc, ids } = network([
      { name: 'Grace Hopper', org: 'Navy', emails: ['grace@navy.example'] },
      { name: 'Grace Hoper', org: 'Navy', emails: ['GRACE@navy.example'], phones: ['+1 202 555 0143'] },
      { name: 'Grace Hopper', org: 'Navy', phones: ['+1 202 555 0143'] },
    ]);
    expect(findDuplicates(doc).map(({ a, b, reasons }) => [a.id, b.id, reasons])).toEqual([
      [ids[1], ids[2], ['Same phone +1 202 555 0143', 'Similar names “Grace Hoper” and “Grace Hopper”, both at Navy']],
      [ids[0], ids[1], ['Same email grace@navy.example', 'Similar names “Grace Hopper” and “Grace Hoper”, both at Navy']],
      [ids[0], ids[2], ['Same name “Grace Hopper”, both at Navy']],
    ]);
    deletePerson(doc, ids[1]!, LOCAL_UI);
    expect(summary(doc)).toEqual([['Grace Hopper', 'Grace Hopper', ['Same name “Grace Hopper”, both at Navy']]]);
  });

  it('finds every pair of names within the edit limit, as comparing all pairs would', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const word = () => Array.from({ length: 3 + Math.floor(random() * 9) }, () => 'abc'[Math.floor(random() * 3)]).join('');
    const names = Array.from({ length: 300 }, word);
    const { doc } = network(names.map((name) => ({ name, org: 'Same' })));
    const limit = (length: number) => (length >= 8 ? 2 : length >= 4 ? 1 : 0);
    const expected = new Set<string>();
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const [a, b] = [names[i]!, names[j]!];
        const edits = limit(Math.min(a.length, b.length));
        if (a === b || (edits > 0 && editDistance(a, b, edits) <= edits)) expected.add([a, b].sort().join(' '));
      }
    }
    const found = new Set(findDuplicates(doc).map(({ a, b }) => [a.name, b.name].sort().join(' ')));
    expect(expected.size).toBeGreaterThan(100);
    expect([...found].sort()).toEqual([...expected].sort());
  });

  /** 400 seeded people of few letters (so many near-same names), the first `split` of them known and the rest incoming. */
  function acrossAndBetween(split: number) {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const word = () => Array.from({ length: 2 + Math.floor(random() * 6) }, () => pick([...'abcd'])).join('');
    const people: PersonInput[] = Array.from({ length: 400 }, () => {
      const given = random() < 0.15 ? pick([...'abcd']) + '.' : word();
      return {
        name: random() < 0.2 ? `${word()} ${given}` : `${given} ${word()}`,
        org: pick(['Acme', 'Helix', '']),
        emails: random() < 0.2 ? [`${pick([...'abc'])}@x.example`] : [],
        phones: random() < 0.2 ? [pick(['+44 20 7946 0001', '020 7946 0001', '+1 415 555 0100'])] : [],
      };
    });
    const { doc } = network(people);
    const everyone = listPeople(doc).sort((x, y) => x.createdAt.localeCompare(y.createdAt));
    const known = everyone.slice(0, split);
    const incoming = everyone.slice(split);
    const knownIds = new Set(known.map((person) => person.id));
    const across = findDuplicates(doc)
      .filter(({ a, b }) => knownIds.has(a.id) !== knownIds.has(b.id))
      .map(({ a, b, reasons }) => `${a.id} ${b.id} ${reasons.join(' | ')}`);
    const between = findDuplicatesBetween(known, incoming).map(({ known: k, incoming: i, reasons }) => `${k.id} ${i.id} ${reasons.join(' | ')}`);
    return { known, across, between };
  }

  it('between two sets, finds exactly the pairs findDuplicates finds across them, with their reasons', () => {
    const { known, across, between } = acrossAndBetween(200);
    expect(across.length).toBeGreaterThan(200);
    expect(between.sort()).toEqual(across.sort());
    expect(findDuplicatesBetween(known, [])).toEqual([]);
  });

  it('between a small and a large set, whichever side is the larger, finds the same pairs as findDuplicates across them', () => {
    for (const split of [40, 360]) {
      const { across, between } = acrossAndBetween(split);
      expect(across.length).toBeGreaterThan(40);
      expect(between.sort()).toEqual(across.sort());
    }
  });

  it('between two sets, breaks a tie of equal names by the order of the known set', () => {
    const candidate = (id: string, createdAt: string) => ({ id, name: 'Ada Lovelace', org: '', emails: [], phones: [], createdAt });
    const pairs = findDuplicatesBetween([candidate('person:b', '2025-01-01'), candidate('person:a', '2025-01-01')], [candidate('import:0', '~')]);
    expect(pairs.map(({ known, incoming, reasons }) => [known.id, incoming.id, reasons])).toEqual([
      ['person:b', 'import:0', ['Same name “Ada Lovelace”, and neither has an organisation']],
      ['person:a', 'import:0', ['Same name “Ada Lovelace”, and neither has an organisation']],
    ]);
  });

  it('measures edit distance, giving up past the limit', () => {
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('jon smith', 'john smith', 2)).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});
