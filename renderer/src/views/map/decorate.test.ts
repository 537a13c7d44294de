import { describe, expect, it, vi } from 'vitest';
import cytoscape from 'cytoscape';
import { decorate, type Decorations } from './decorate';

function graph() {
  return cytoscape({
    headless: true,
    elements: [
      { data: { id: 'me', name: 'Me', org: '', tier: 'me' } },
      { data: { id: 'a', name: 'Alice Martin', org: 'Acme', tier: 'inner', tagList: ['investor'], dormant: false } },
      { data: { id: 'b', name: 'Bob Chen', org: 'Globex', tier: 'regular', tagList: [], dormant: true } },
      { data: { id: 'c', name: 'Carol Díaz', org: 'ACME', tier: 'acquaintance', tagList: [], dormant: false } },
      { data: { id: 'ab', source: 'a', target: 'b' } },
      { data: { id: 'bc', source: 'b', target: 'c' } },
    ],
  });
}

const none: Decorations = {
  filters: {},
  find: '',
  focus: null,
  path: [],
  colourBy: 'org',
  communityOf: new Map(),
  brokers: new Set(),
};

const ids = (collection: { map<T>(each: (element: cytoscape.SingularElementArgument) => T): T[] }) =>
  collection.map((element) => element.id()).sort();

describe('map decorations', () => {
  it('hides people outside the filters (organisation folded, tag, closeness, going quiet) and their links', () => {
    const cy = graph();
    decorate(cy, { ...none, filters: { org: 'acme' } });
    expect(ids(cy.$('.filtered-out'))).toEqual(['ab', 'b', 'bc']);
    decorate(cy, { ...none, filters: { tag: 'Investor' } });
    expect(ids(cy.nodes('.filtered-out'))).toEqual(['b', 'c']);
    decorate(cy, { ...none, filters: { dormantOnly: true, tier: 'regular' } });
    expect(ids(cy.nodes('.filtered-out'))).toEqual(['a', 'c']);
    decorate(cy, none);
    expect(cy.$('.filtered-out').length).toBe(0);
  });

  it('shows only the people another view sent (me always), with the other filters on top', () => {
    const cy = graph();
    decorate(cy, { ...none, filters: { only: new Set(['a', 'b']) } });
    expect(ids(cy.$('.filtered-out'))).toEqual(['bc', 'c']);
    decorate(cy, { ...none, filters: { only: new Set(['a', 'b']), dormantOnly: true } });
    expect(ids(cy.nodes('.filtered-out'))).toEqual(['a', 'c']);
    decorate(cy, none);
    expect(cy.$('.filtered-out').length).toBe(0);
  });

  it('highlights found people, ignoring accents, and fades all but a focused neighbourhood', () => {
    const cy = graph();
    decorate(cy, { ...none, find: 'diaz', focus: 'a' });
    expect(ids(cy.$('.search-hit'))).toEqual(['c']);
    expect(ids(cy.$('.faded'))).toEqual(['bc', 'c', 'me']);
  });

  it('moving the focus touches only the elements whose marks change', () => {
    const cy = graph();
    decorate(cy, { ...none, focus: 'a' });
    const toggled: string[] = [];
    const original = (Object.getPrototypeOf(cy.$id('a')) as { toggleClass: (...args: unknown[]) => unknown }).toggleClass;
    const spy = vi
      .spyOn(Object.getPrototypeOf(cy.$id('a')) as { toggleClass: (...args: unknown[]) => unknown }, 'toggleClass')
      .mockImplementation(function (this: cytoscape.Collection, ...args: unknown[]) {
        toggled.push(...this.map((element) => element.id()));
        return original.apply(this, args);
      });
    decorate(cy, { ...none, focus: 'c' });
    spy.mockRestore();
    expect(ids(cy.$('.faded'))).toEqual(['a', 'ab', 'me']);
    // bc and c come into focus, a and ab leave it; me stays faded and is not touched.
    expect(toggled.sort()).toEqual(['a', 'ab', 'bc', 'c']);
  });

  it('draws a path, adding a spoke for the hop from me that has no link', () => {
    const cy = graph();
    decorate(cy, { ...none, path: ['me', 'a', 'b'] });
    expect(ids(cy.$('.on-path'))).toEqual(['a', 'ab', 'b', 'me', 'path:me:a']);
    decorate(cy, none);
    expect(cy.$('.path-spoke').length).toBe(0);
  });

  it('colours by circle and marks brokers only when asked', () => {
    const cy = graph();
    const groups = { communityOf: new Map([['a', 0], ['b', 1]]), brokers: new Set(['b']) };
    decorate(cy, { ...none, ...groups });
    expect(cy.$('.broker').length).toBe(0);
    decorate(cy, { ...none, ...groups, colourBy: 'community' });
    expect(ids(cy.$('.by-community'))).toEqual(['a', 'b']);
    expect(ids(cy.$('.broker'))).toEqual(['b']);
  });

  it('leaves a map with nothing to mark untouched, and clears marks once settings are plain again', () => {
    const cy = graph();
    const batch = vi.spyOn(cy, 'batch');
    decorate(cy, none);
    expect(batch).not.toHaveBeenCalled();
    decorate(cy, { ...none, find: 'bob', filters: { org: 'acme' } });
    expect(cy.$('.search-hit, .filtered-out').length).toBeGreaterThan(0);
    decorate(cy, none);
    expect(cy.$('.search-hit, .filtered-out').length).toBe(0);
    batch.mockClear();
    decorate(cy, none);
    expect(batch).not.toHaveBeenCalled();
  });
});

describe('decorate on a large map', () => {
  it('marks the path’s people that are drawn and joins no one who is not', () => {
    const cy = cytoscape({
      headless: true,
      elements: [
        { data: { id: 'me', tier: 'me' } },
        { data: { id: 'a', name: 'Ann' } },
        { data: { id: 'group:org:acme', name: 'Acme · 40 people', members: 40, org: 'Acme' }, classes: 'group' },
      ],
    });
    decorate(cy, { filters: { tag: 'ml' }, find: '', focus: null, path: ['me', 'a', 'b'], colourBy: 'org', communityOf: new Map(), brokers: new Set() });
    expect(cy.$('.on-path').map((element) => element.id())).toEqual(expect.arrayContaining(['me', 'a']));
    expect(cy.edges('.path-spoke')).toHaveLength(1);
    // A group stands for people of every tag: a tag filter leaves it shown, an organisation filter rules out others.
    expect(cy.$id('group:org:acme').hasClass('filtered-out')).toBe(false);
    decorate(cy, { filters: { org: 'Globex' }, find: '', focus: null, path: [], colourBy: 'org', communityOf: new Map(), brokers: new Set() });
    expect(cy.$id('group:org:acme').hasClass('filtered-out')).toBe(true);
  });
});
