import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson } from '../doc/people';
import { createLink, deleteLink } from '../doc/links';
import { createNote } from '../doc/notes';
import { root } from '../doc/schema';
import { updateMe } from '../doc/me';
import { LOCAL_UI } from '../doc/origins';
import { ME_NODE } from '../doc/layout';
import { helloDueIds } from './follow-through';
import {
  NO_ORG_COLOR,
  NODE_SIZE,
  ORG_PALETTE,
  OTHER_ORGS_COLOR,
  initialsOf,
  networkElements,
  orgColor,
  orgLegend,
  type MapNode,
} from './graph';
import { DEFAULT_NOW, generateNetwork } from '../../e2e/fixtures/network';

declare const console: { log(...values: unknown[]): void };

const at = (iso: string) => () => new Date(iso);
const NOW = new Date('2026-03-01T00:00:00Z');

describe('networkElements', () => {
  it('maps live people and links, with the user first and named from the profile', () => {
    const doc = new Y.Doc();
    const ann = createPerson(doc, { name: 'Ann Lee', org: 'Acme', tier: 'inner', tags: ['ml'], location: 'Oslo' }, LOCAL_UI);
    const bob = createPerson(doc, { name: 'Bob' }, LOCAL_UI);
    const gone = createPerson(doc, { name: 'Gone' }, LOCAL_UI);
    const link = createLink(doc, { from: ann, to: bob, kind: 'mentor', strength: 5 }, LOCAL_UI);
    createLink(doc, { from: ann, to: gone }, LOCAL_UI);
    const trashed = createLink(doc, { from: bob, to: gone }, LOCAL_UI);
    deleteLink(doc, trashed, LOCAL_UI);
    deletePerson(doc, gone, LOCAL_UI);

    const { nodes, edges } = networkElements(doc);
    expect(nodes[0]).toMatchObject({ id: ME_NODE, name: 'Me', initials: 'M', tier: 'me', size: NODE_SIZE.me, dormant: false });
    expect(nodes.slice(1).map((node) => node.id)).toEqual([ann, bob].sort());
    expect(nodes.find((node) => node.id === ann)).toMatchObject({
      name: 'Ann Lee', initials: 'AL', org: 'Acme', tier: 'inner', size: NODE_SIZE.inner, tags: ['ml'], location: 'Oslo',
    });
    expect(edges).toEqual([{ id: link, source: ann, target: bob, kind: 'mentor', label: '', strength: 5 }]);

    updateMe(doc, 'name', 'Zoë Quinn', LOCAL_UI);
    updateMe(doc, 'org', 'Acme', LOCAL_UI);
    expect(networkElements(doc).nodes[0]).toMatchObject({ name: 'Zoë Quinn', initials: 'ZQ', orgColor: orgColor('Acme') });
  });

  it('sizes the user largest, then by closeness', () => {
    expect(NODE_SIZE.me).toBeGreaterThan(NODE_SIZE.inner);
    expect(NODE_SIZE.inner).toBeGreaterThan(NODE_SIZE.close);
    expect(NODE_SIZE.close).toBeGreaterThan(NODE_SIZE.regular);
    expect(NODE_SIZE.regular).toBeGreaterThan(NODE_SIZE.acquaintance);
  });

  it('marks as dormant people not in touch within their cadence, from the newest note or else when added', () => {
    const doc = new Y.Doc();
    const added = at('2026-01-01T00:00:00Z');
    const recentNote = createPerson(doc, { name: 'Noted', tier: 'regular' }, LOCAL_UI, added);
    const oldNote = createPerson(doc, { name: 'Old', tier: 'close' }, LOCAL_UI, added);
    const ownCadence = createPerson(doc, { name: 'Own', tier: 'acquaintance', cadenceDays: 7 }, LOCAL_UI, added);
    const fresh = createPerson(doc, { name: 'Fresh', tier: 'inner' }, LOCAL_UI, at('2026-02-20T00:00:00Z'));
    const stale = createPerson(doc, { name: 'Stale', tier: 'inner' }, LOCAL_UI, added);
    createNote(doc, { contactIds: [recentNote, oldNote], kind: 'call', at: '2025-01-01T00:00:00Z', text: 'old' }, LOCAL_UI);
    createNote(doc, { contactIds: [recentNote], kind: 'call', at: '2026-02-01T00:00:00+01:00', text: 'recent' }, LOCAL_UI);
    const trashed = createNote(doc, { contactIds: [oldNote], kind: 'call', at: '2026-02-28T00:00:00Z', text: 'gone' }, LOCAL_UI);
    // Notes have no delete operation yet: a peer's soft delete, written directly.
    (root(doc, 'notes').get(trashed) as Y.Map<unknown>).set('deletedAt', '2026-02-28T01:00:00Z');

    // The hello queue's rule, the only one: graph.ts marks whom it is given.
    const dormant = new Map(networkElements(doc, { dormant: helloDueIds(doc, NOW, 'UTC') }).nodes.map((node) => [node.id, node.dormant]));
    expect(dormant.get(recentNote)).toBe(false); // 28 days < 90
    expect(dormant.get(oldNote)).toBe(true); // a deleted note does not count
    expect(dormant.get(ownCadence)).toBe(true); // 59 days > 7, although 180 by tier
    expect(dormant.get(fresh)).toBe(false); // added 9 days ago, inner = 14
    expect(dormant.get(stale)).toBe(true); // added 59 days ago
  });
});

describe('organisation colours', () => {
  it('gives one organisation one colour from the palette, whatever the case or accents', () => {
    expect(ORG_PALETTE).toContain(orgColor('Société Générale'));
    expect(orgColor('societe generale')).toBe(orgColor('Société Générale'));
    expect(orgColor('  SOCIÉTÉ GÉNÉRALE. ')).toBe(orgColor('Société Générale'));
    expect(orgColor('')).toBe(NO_ORG_COLOR);
    expect(new Set(ORG_PALETTE).size).toBe(12);
    // Ten made-up names land on more than a few colours: the hash spreads.
    const colours = new Set(Array.from({ length: 10 }, (_, i) => orgColor(`Org ${i}`)));
    expect(colours.size).toBeGreaterThan(4);
  });

  it('keeps colours stable across documents (a fixed hash, not the order orgs appear)', () => {
    expect(orgColor('Acme')).toBe('#FF9DA7');
    expect(orgColor('Globex')).toBe(orgColor('GLOBEX'));
  });

  it('builds a legend of the largest organisations, then Other, then no organisation', () => {
    const node = (org: string, tier: MapNode['tier'] = 'regular'): MapNode => ({
      id: `person:${Math.random()}`, name: 'x', initials: 'X', org, tier, size: 1, orgColor: orgColor(org), tags: [], location: '', dormant: false,
    });
    const nodes = [node('Acme', 'me'), node('ACME'), node('Acme'), node('Acme'), node('Acmé'), node(''), node('')];
    for (let i = 0; i < 13; i++) nodes.push(node(`Org ${String(i).padStart(2, '0')}`));
    nodes.push(node('Org 00'));
    const legend = orgLegend(nodes);
    expect(legend[0]).toEqual({ org: 'Acme', color: orgColor('Acme'), count: 4 });
    expect(legend[1]).toEqual({ org: 'Org 00', color: orgColor('Org 00'), count: 2 });
    expect(legend).toHaveLength(14);
    expect(legend[11]!.org).toBe('Org 10');
    expect(legend.slice(12)).toEqual([
      { org: 'Other', color: OTHER_ORGS_COLOR, count: 2 },
      { org: '', color: NO_ORG_COLOR, count: 2 },
    ]);
  });
});

describe('initialsOf', () => {
  it('takes the first letters of the first and last words', () => {
    expect(initialsOf('María José García')).toBe('MG');
    expect(initialsOf("Siobhán O'Brien")).toBe('SO');
    expect(initialsOf('Zhang Wei')).toBe('ZW');
    expect(initialsOf('Cher')).toBe('C');
    expect(initialsOf('  ')).toBe('?');
  });
});

describe('on a generated network of 2,000 people', () => {
  it('maps every person and link quickly', () => {
    const doc = generateNetwork({ seed: 5, people: 2000, linksPerPerson: 2, notesPerPerson: 2 });
    const started = Date.now();
    const { nodes, edges } = networkElements(doc, { dormant: helloDueIds(doc, new Date(DEFAULT_NOW), 'UTC') });
    const elapsed = Date.now() - started;
    const legend = orgLegend(nodes);
    console.log(
      `networkElements: ${elapsed} ms; ${nodes.filter((node) => node.dormant).length} dormant; ` +
        `legend colours ${new Set(legend.slice(0, 12).map((entry) => entry.color)).size} distinct of 12`,
    );
    expect(nodes).toHaveLength(2001);
    expect(edges).toHaveLength(4000);
    expect(elapsed).toBeLessThan(1500);
  });
});
