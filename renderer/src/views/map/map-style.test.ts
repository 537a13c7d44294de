import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import cytoscape from 'cytoscape';
import { decorate, type Decorations } from './decorate';
import { mapStyle, NAME_MAX_WIDTH } from './map-style';

const COLOURS = { text: '#1f2328', accent: '#2f6f63', surface: '#ffffff', link: '#8f949b', dark: false };

function graph() {
  return cytoscape({
    headless: true,
    styleEnabled: true,
    style: mapStyle(COLOURS),
    elements: [
      { data: { id: 'me', name: 'Me', tier: 'me', size: 64, orgColor: '#9AA0A6' } },
      { data: { id: 'a', name: 'Alice Martin', tier: 'inner', size: 48, orgColor: '#4E79A7' } },
      { data: { id: 'b', name: 'Bob Chen', tier: 'regular', size: 32, orgColor: '#F28E2B' } },
      { data: { id: 'ab', source: 'a', target: 'b', kind: 'knows', strength: 5 } },
    ],
  });
}

const decorations: Decorations = {
  filters: {},
  find: '',
  focus: null,
  path: [],
  colourBy: 'org',
  communityOf: new Map(),
  brokers: new Set(),
};

describe('the map style', () => {
  let warnings: string[];
  beforeEach(() => {
    warnings = [];
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' ')));
  });
  afterEach(() => vi.restoreAllMocks());

  it('draws the people of an introduction path round, and the spoke from me without a mapping warning', () => {
    const cy = graph();
    decorate(cy, { ...decorations, path: ['me', 'a', 'b'] });
    for (const id of ['me', 'a', 'b']) {
      const node = cy.$id(id);
      expect(node.hasClass('on-path')).toBe(true);
      expect(node.width()).toBe(node.data('size'));
      expect(node.height()).toBe(node.data('size'));
    }
    expect(cy.$('edge.path-spoke')).toHaveLength(1);
    expect(cy.$('edge.on-path').map((edge) => edge.style('width'))).toEqual(['5px', '5px']);
    expect(warnings).toEqual([]);
  });

  it('styles an element without data (edgehandles’ ghost node and preview edge) without warnings', () => {
    const cy = graph();
    cy.add({ group: 'nodes', data: { id: 'ghost' }, classes: 'eh-ghost eh-ghost-node' });
    cy.add({ group: 'edges', data: { id: 'preview', source: 'a', target: 'ghost' }, classes: 'eh-preview' });
    expect(cy.$id('ghost').width()).toBeGreaterThan(0);
    expect(cy.$id('preview').style('width')).toBe('3px');
    expect(warnings).toEqual([]);
  });

  it('gives links their strength’s width in the link colour', () => {
    const cy = graph();
    expect(cy.$id('ab').style('width')).toBe('4px');
    expect(cy.$id('ab').style('line-color')).toBe('rgb(143,148,155)');
  });

  it('cuts a named person’s label with an ellipsis at NAME_MAX_WIDTH', () => {
    const cy = graph();
    const alice = cy.$id('a').addClass('named');
    expect(alice.style('label')).toBe('Alice Martin');
    expect(alice.style('text-wrap')).toBe('ellipsis');
    expect(alice.style('text-max-width')).toBe(`${NAME_MAX_WIDTH}px`);
  });
});

describe('the map style of groups', () => {
  it('draws a group as a see-through disc of its size with its title, and a group link as wide as its weight says', () => {
    const cy = graph();
    cy.add([
      { group: 'nodes', data: { id: 'group:org:acme', name: 'Acme · 1,204 people', label: 'Acme\n1,204 people', size: 3000, orgColor: '#4E79A7', fontSize: 120 }, classes: 'group' },
      { group: 'nodes', data: { id: 'group:org:globex', name: 'Globex · 40 people', label: 'Globex\n40 people', size: 600, orgColor: '#F28E2B', fontSize: 60 }, classes: 'group' },
      { group: 'edges', data: { id: 'g', source: 'group:org:acme', target: 'group:org:globex', weight: 7, width: 30 }, classes: 'group-link' },
    ]);
    const acme = cy.$id('group:org:acme');
    expect(acme.width()).toBe(3000);
    expect(acme.style('label')).toBe('Acme\n1,204 people');
    expect(acme.style('text-wrap')).toBe('wrap');
    expect(Number(acme.style('background-opacity'))).toBeLessThan(1);
    expect(cy.$id('g').style('width')).toBe('30px');
  });
});
