import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson } from './people';
import {
  createLink,
  deleteLink,
  getLink,
  linksOf,
  listLinks,
  neighbourIndex,
  restoreLink,
  updateLink,
} from './links';
import { NotFoundError, ValidationError } from './errors';
import { LOCAL_UI } from './origins';
import { generateNetwork } from '../../e2e/fixtures/network';

const clock = (iso: string) => () => new Date(iso);

function threePeople() {
  const doc = new Y.Doc();
  const [ada, grace, linus] = ['Ada', 'Grace', 'Linus'].map((name) => createPerson(doc, { name }, LOCAL_UI)) as [
    string,
    string,
    string,
  ];
  return { doc, ada, grace, linus };
}

function expectNoWrite(doc: Y.Doc, attempt: () => unknown, error: unknown = ValidationError) {
  const before = Y.encodeStateAsUpdate(doc);
  expect(attempt).toThrow(error as never);
  expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
}

describe('creating links', () => {
  it('links two people with defaults, a link: id and one transaction tagged with the origin', () => {
    const { doc, ada, grace } = threePeople();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    const id = createLink(doc, { from: ada, to: grace }, LOCAL_UI, clock('2026-01-02T00:00:00Z'));
    expect(id).toMatch(/^link:[0-9a-z]{16}$/);
    expect(origins).toEqual([LOCAL_UI]);
    expect(getLink(doc, id)).toEqual({
      id,
      from: ada,
      to: grace,
      kind: 'knows',
      label: '',
      strength: 3,
      since: '',
      createdAt: '2026-01-02T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
      deletedAt: null,
    });
  });

  it('keeps every given field, and a custom kind with its label', () => {
    const { doc, ada, grace } = threePeople();
    const id = createLink(
      doc,
      { from: ada, to: grace, kind: 'custom', label: ' bandmate ', strength: 5, since: '2019-04' },
      LOCAL_UI,
    );
    expect(getLink(doc, id)).toMatchObject({ kind: 'custom', label: 'bandmate', strength: 5, since: '2019-04' });
  });

  it('refuses bad input, writing nothing, and names the field', () => {
    const { doc, ada, grace } = threePeople();
    const cases: [unknown, string][] = [
      [{ from: ada, to: ada }, 'to'],
      [{ from: ada, to: 'person:nobody' }, 'to'],
      [{ from: 'link:abc', to: grace }, 'from'],
      [{ from: ada, to: grace, kind: 'friend' }, 'kind'],
      [{ from: ada, to: grace, strength: 0 }, 'strength'],
      [{ from: ada, to: grace, strength: 6 }, 'strength'],
      [{ from: ada, to: grace, strength: 2.5 }, 'strength'],
      [{ from: ada, to: grace, kind: 'custom' }, 'label'],
      [{ from: ada, to: grace, kind: 'custom', label: '   ' }, 'label'],
      [{ from: ada, to: grace, since: '2019-13' }, 'since'],
      [{ from: ada, to: grace, since: '2019-02-30' }, 'since'],
      [{ from: ada, to: grace, since: 'last year' }, 'since'],
      [{ from: ada, to: grace, colour: 'red' }, 'link'],
      [{ from: ada }, 'to'],
    ];
    for (const [input, field] of cases) {
      const before = Y.encodeStateAsUpdate(doc);
      try {
        createLink(doc, input, LOCAL_UI);
        expect.unreachable(JSON.stringify(input));
      } catch (error) {
        expect(error, JSON.stringify(input)).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).field, JSON.stringify(input)).toBe(field);
      }
      expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    }
    expect(listLinks(doc, { includeDeleted: true })).toEqual([]);
  });

  it('refuses a link to a person in the Trash, saying to restore them', () => {
    const { doc, ada, grace } = threePeople();
    deletePerson(doc, grace, LOCAL_UI);
    expectNoWrite(doc, () => createLink(doc, { from: ada, to: grace }, LOCAL_UI), /Grace is in the Trash/);
  });

  it('refuses a second live link between the same two people, either way round', () => {
    const { doc, ada, grace } = threePeople();
    createLink(doc, { from: ada, to: grace }, LOCAL_UI);
    expectNoWrite(doc, () => createLink(doc, { from: ada, to: grace, kind: 'mentor' }, LOCAL_UI), /Ada and Grace are already linked/);
    expectNoWrite(doc, () => createLink(doc, { from: grace, to: ada }, LOCAL_UI), ValidationError);
  });

  it('allows a new link once the old one is in the Trash, and then refuses to restore the old one', () => {
    const { doc, ada, grace } = threePeople();
    const old = createLink(doc, { from: ada, to: grace }, LOCAL_UI);
    deleteLink(doc, old, LOCAL_UI);
    createLink(doc, { from: grace, to: ada, kind: 'works-with' }, LOCAL_UI);
    expectNoWrite(doc, () => restoreLink(doc, old, LOCAL_UI), /already linked/);
  });
});

describe('changing links', () => {
  it('updates kind, label, strength and since, stamping updatedAt', () => {
    const { doc, ada, grace } = threePeople();
    const id = createLink(doc, { from: ada, to: grace }, LOCAL_UI, clock('2026-01-01T00:00:00Z'));
    const later = clock('2026-02-01T00:00:00Z');
    updateLink(doc, id, 'label', 'climbing partner', LOCAL_UI, later);
    updateLink(doc, id, 'kind', 'custom', LOCAL_UI, later);
    updateLink(doc, id, 'strength', 4, LOCAL_UI, later);
    updateLink(doc, id, 'since', '2015', LOCAL_UI, later);
    expect(getLink(doc, id)).toMatchObject({
      kind: 'custom',
      label: 'climbing partner',
      strength: 4,
      since: '2015',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-02-01T00:00:00.000Z',
    });
  });

  it('refuses bad values, a custom link without a label, and unknown fields, writing nothing', () => {
    const { doc, ada, grace } = threePeople();
    const id = createLink(doc, { from: ada, to: grace }, LOCAL_UI);
    expectNoWrite(doc, () => updateLink(doc, id, 'strength', 9, LOCAL_UI));
    expectNoWrite(doc, () => updateLink(doc, id, 'kind', 'custom', LOCAL_UI), /custom link needs a label/);
    expectNoWrite(doc, () => updateLink(doc, id, 'from' as 'kind', ada, LOCAL_UI), /no field called "from"/);
    updateLink(doc, id, 'label', 'neighbour', LOCAL_UI);
    updateLink(doc, id, 'kind', 'custom', LOCAL_UI);
    expectNoWrite(doc, () => updateLink(doc, id, 'label', '', LOCAL_UI), /custom link needs a label/);
    expectNoWrite(doc, () => updateLink(doc, 'link:missing', 'strength', 2, LOCAL_UI), NotFoundError);
  });

  it('soft-deletes and restores, and lists deleted links only when asked', () => {
    const { doc, ada, grace, linus } = threePeople();
    const first = createLink(doc, { from: ada, to: grace }, LOCAL_UI, clock('2026-01-01T00:00:00Z'));
    const second = createLink(doc, { from: ada, to: linus }, LOCAL_UI, clock('2026-01-02T00:00:00Z'));
    deleteLink(doc, first, LOCAL_UI, clock('2026-03-01T00:00:00Z'));
    expect(listLinks(doc).map((link) => link.id)).toEqual([second]);
    expect(listLinks(doc, { includeDeleted: true }).map((link) => link.id)).toEqual([first, second]);
    expect(getLink(doc, first)!.deletedAt).toBe('2026-03-01T00:00:00.000Z');
    restoreLink(doc, first, LOCAL_UI);
    expect(getLink(doc, first)!.deletedAt).toBeNull();
    expect(() => deleteLink(doc, 'link:missing', LOCAL_UI)).toThrow(NotFoundError);
  });
});

describe("a person's links", () => {
  it('lists live links to people in the network, strongest first', () => {
    const { doc, ada, grace, linus } = threePeople();
    const weak = createLink(doc, { from: ada, to: grace, strength: 1 }, LOCAL_UI);
    const strong = createLink(doc, { from: linus, to: ada, strength: 5 }, LOCAL_UI);
    createLink(doc, { from: grace, to: linus }, LOCAL_UI);
    expect(linksOf(doc, ada).map((link) => link.id)).toEqual([strong, weak]);
    deletePerson(doc, linus, LOCAL_UI);
    expect(linksOf(doc, ada).map((link) => link.id)).toEqual([weak]);
    expect(neighbourIndex(doc).get(ada)).toEqual(new Set([grace]));
    deleteLink(doc, weak, LOCAL_UI);
    expect(linksOf(doc, ada)).toEqual([]);
    expect(neighbourIndex(doc).has(ada)).toBe(false);
  });

  it('reads the links the network fixture writes, which lack updatedAt and deletedAt', () => {
    const doc = generateNetwork({ seed: 3, people: 60, linksPerPerson: 2 });
    const links = listLinks(doc);
    expect(links).toHaveLength(120);
    for (const link of links) {
      expect(link.updatedAt).toBe(link.createdAt);
      expect(link.deletedAt).toBeNull();
    }
    const { from, to } = links[0]!;
    expect(linksOf(doc, from).some((link) => link.to === to || link.from === to)).toBe(true);
    expectNoWrite(doc, () => createLink(doc, { from: to, to: from }, LOCAL_UI), /already linked/);
  });

  it('shows a malformed stored value as its default instead of failing', () => {
    const { doc, ada, grace } = threePeople();
    const id = createLink(doc, { from: ada, to: grace }, LOCAL_UI);
    const record = doc.getMap('links').get(id) as Y.Map<unknown>;
    record.set('strength', 'very');
    record.set('kind', 'nemesis');
    expect(getLink(doc, id)).toMatchObject({ strength: 3, kind: 'knows' });
  });
});
