import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson, type PersonInput } from '../doc/people';
import { createLink } from '../doc/links';
import { createNote, deleteNote } from '../doc/notes';
import { createAsk, markAskHelped } from '../doc/asks';
import { passItOn } from '../doc/shares';
import { logHelp } from './give-and-receive';
import { updateMe } from '../doc/me';
import { snoozeHello } from '../doc/keep-in-touch';
import { LOCAL_UI } from '../doc/origins';
import { helloDueIds } from './follow-through';
import { networkHealth, type Metric, type MetricId, type NetworkHealth } from './network-health';
import { generateNetwork } from '../../e2e/fixtures/network';

const NOW = new Date('2026-03-15T12:00:00Z');
const UTC = { now: NOW, timeZone: 'UTC' };
const at = (iso: string) => () => new Date(iso);
const person = (doc: Y.Doc, input: PersonInput, created = '2025-01-01T00:00:00Z') => createPerson(doc, input, LOCAL_UI, at(created));
const note = (doc: Y.Doc, ids: string[], when: string, text = 'We talked', kind = 'call') =>
  createNote(doc, { contactIds: ids, kind, at: when, text }, LOCAL_UI, at(when));
const valueOf = (health: NetworkHealth, id: MetricId) => health.metrics.find((metric) => metric.id === id)!.value;
const metricOf = (health: NetworkHealth, id: MetricId): Metric => health.metrics.find((metric) => metric.id === id)!;

/** Every number anywhere in a value, so a NaN hidden in a nested list is found. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

describe('networkHealth: structural holes on the document', () => {
  it("matches networkx's effective size and constraint on the same graph (me tied to everyone by closeness)", () => {
    // The graph of ego-measures.test.ts: me–A..E weighted inner 5, close 4, regular 3, regular 3,
    // acquaintance 2; links A–B 5, A–C 2, B–C 3, D–E 1, C–D 4. networkx 3.6.1:
    // effective_size(G, nodes=['me'], weight='weight') = 3.5, constraint(...) = 0.5729587178008458.
    const doc = new Y.Doc();
    const [a, b, c, d, e] = (['inner', 'close', 'regular', 'regular', 'acquaintance'] as const).map((tier, i) =>
      person(doc, { name: `Person ${'ABCDE'[i]}`, tier }),
    );
    for (const [from, to, strength] of [[a, b, 5], [a, c, 2], [b, c, 3], [d, e, 1], [c, d, 4]] as const) {
      createLink(doc, { from, to, strength }, LOCAL_UI);
    }
    const health = networkHealth(doc, UTC);
    expect(valueOf(health, 'effectiveSize')).toBe(3.5);
    expect(valueOf(health, 'constraint')).toBe(0.572959);
  });
});

describe('networkHealth: size, diversity, depth', () => {
  it('counts active and dormant ties exactly as the hello queue does, snoozes included', () => {
    const doc = new Y.Doc();
    const fresh = person(doc, { name: 'Fresh', tier: 'inner' });
    const quiet = person(doc, { name: 'Quiet', tier: 'inner' });
    const snoozed = person(doc, { name: 'Snoozed', tier: 'inner' });
    note(doc, [fresh], '2026-03-10T09:00:00Z');
    snoozeHello(doc, snoozed, '2026-04-01', LOCAL_UI, at('2026-03-14T09:00:00Z'));
    const health = networkHealth(doc, UTC);
    const due = helloDueIds(doc, NOW, 'UTC');
    expect(due).toEqual(new Set([quiet]));
    expect(valueOf(health, 'dormantTies')).toBe(1);
    expect(valueOf(health, 'activeTies')).toBe(2);
  });

  it("computes Blau's index per field by hand, with coverage, and the E-I index across my organisation", () => {
    const doc = new Y.Doc();
    updateMe(doc, 'org', 'Acme', LOCAL_UI);
    const a = person(doc, { name: 'A', org: 'Acme', function: 'Engineering', location: 'Oslo' });
    const b = person(doc, { name: 'B', org: 'ACME', function: 'Engineering' });
    const c = person(doc, { name: 'C', org: 'Globex', function: 'Sales' });
    person(doc, { name: 'D' });
    const health = networkHealth(doc, UTC);
    // Orgs known for 3 of 4: Acme ×2 (ACME folds into it), Globex ×1 → 1 − (4/9 + 1/9) = 4/9.
    expect(valueOf(health, 'blauOrg')).toBe(0.444444);
    expect(metricOf(health, 'blauOrg').coverage).toBe(0.75);
    expect(valueOf(health, 'blauFunction')).toBe(0.444444);
    // One known location: no diversity, but defined.
    expect(valueOf(health, 'blauLocation')).toBe(0);
    expect(metricOf(health, 'blauLocation').coverage).toBe(0.25);
    // E = 1 (Globex), I = 2 → (1 − 2) / 3.
    expect(valueOf(health, 'eiOrg')).toBe(-0.333333);
    expect(health.orgs).toEqual([
      { org: 'ACME', count: 2, inside: true, personIds: [a, b].sort() },
      { org: 'Globex', count: 1, inside: false, personIds: [c] },
    ]);
    expect(health.leftOut.join(' ')).toMatch(/industry/);
  });

  it('splits each function by the organisational boundary: at my organisation, at another, or unknown', () => {
    const doc = new Y.Doc();
    updateMe(doc, 'org', 'Acme', LOCAL_UI);
    const inside = person(doc, { name: 'In', org: 'ACME', function: 'Engineering' });
    const outside = person(doc, { name: 'Out', org: 'Globex', function: 'engineering' });
    const unknown = person(doc, { name: 'Unknown', function: 'Engineering' });
    const sales = person(doc, { name: 'Seller', org: 'Initech', function: 'Sales' });
    person(doc, { name: 'No function', org: 'Acme' });
    expect(networkHealth(doc, UTC).functions).toEqual([
      { name: 'Engineering', count: 3, insideIds: [inside], outsideIds: [outside], orgUnknownIds: [unknown] },
      { name: 'Sales', count: 1, insideIds: [], outsideIds: [sales], orgUnknownIds: [] },
    ]);
    // Without my organisation nobody is inside: a known organisation is simply another one.
    updateMe(doc, 'org', '', LOCAL_UI);
    expect(networkHealth(doc, UTC).functions[0]).toMatchObject({ insideIds: [], outsideIds: [inside, outside].sort() });
  });

  it('has no E-I index without my organisation, and says how to get one', () => {
    const doc = new Y.Doc();
    person(doc, { name: 'A', org: 'Acme' });
    const health = networkHealth(doc, UTC);
    expect(valueOf(health, 'eiOrg')).toBeNull();
    expect(metricOf(health, 'eiOrg').raise).toMatch(/profile/);
  });

  it('measures depth: context known, notes in the last 90 days, give and receive both ways', () => {
    const doc = new Y.Doc();
    const a = person(doc, { name: 'A', interests: ['sailing'] });
    const b = person(doc, { name: 'B', family: 'Two kids' });
    const c = person(doc, { name: 'C', introducedBy: b });
    const d = person(doc, { name: 'D' });
    createLink(doc, { from: b, to: d, kind: 'introduced' }, LOCAL_UI);
    note(doc, [a], '2026-01-01T09:00:00Z'); // 73 days before NOW: recent
    note(doc, [c], '2025-12-01T09:00:00Z'); // 104 days: not recent
    note(doc, [d], '2026-03-01T09:00:00Z', 'Sent the paper', 'share');
    const health = networkHealth(doc, UTC);
    expect(valueOf(health, 'contextKnown')).toBe(0.5);
    expect(valueOf(health, 'recentNotes')).toBe(0.5);
    // B introduced C to me and I introduced B to D: both ways. D got a share but introduced nobody.
    expect(valueOf(health, 'bothWays')).toBe(0.25);
  });

  it("counts give and receive both ways from the give-and-receive history (help logged, shares, asks helped)", () => {
    const doc = new Y.Doc();
    const both = person(doc, { name: 'Both' });
    const onlyGiven = person(doc, { name: 'Only given' });
    const onlyReceived = person(doc, { name: 'Only received' });
    const askHelped = person(doc, { name: 'Ask helped' });
    logHelp(doc, { contactId: both, direction: 'received', text: 'Reviewed my deck' }, LOCAL_UI, at('2026-02-01T10:00:00Z'));
    passItOn(doc, { title: 'A paper', via: 'record', recipients: [{ contactId: both }] }, LOCAL_UI, at('2026-02-02T10:00:00Z'));
    logHelp(doc, { contactId: onlyGiven, direction: 'gave', text: 'Read her draft' }, LOCAL_UI, at('2026-02-03T10:00:00Z'));
    logHelp(doc, { contactId: onlyReceived, direction: 'received', text: 'Lent me a book' }, LOCAL_UI, at('2026-02-04T10:00:00Z'));
    logHelp(doc, { contactId: askHelped, direction: 'received', text: 'Found me a flat' }, LOCAL_UI, at('2026-02-05T10:00:00Z'));
    markAskHelped(doc, createAsk(doc, { contactId: askHelped, what: 'looking for a designer' }, LOCAL_UI), { by: 'hand' }, LOCAL_UI, at('2026-02-06T10:00:00Z'));
    expect(valueOf(networkHealth(doc, UTC), 'bothWays')).toBe(0.5);
    // A deleted help note is no longer history.
    const gone = logHelp(doc, { contactId: onlyGiven, direction: 'received', text: 'Oops' }, LOCAL_UI, at('2026-02-07T10:00:00Z'));
    expect(valueOf(networkHealth(doc, UTC), 'bothWays')).toBe(0.75);
    deleteNote(doc, gone, LOCAL_UI);
    expect(valueOf(networkHealth(doc, UTC), 'bothWays')).toBe(0.5);
  });

  it('gives every metric a meaning and what raises it', () => {
    const health = networkHealth(generateNetwork({ seed: 3, people: 60 }), UTC);
    for (const metric of health.metrics) {
      expect(metric.meaning.length, metric.id).toBeGreaterThan(20);
      expect(metric.raise.length, metric.id).toBeGreaterThan(10);
    }
  });
});

describe('networkHealth: empty and tiny networks', () => {
  it('has null metrics, not NaN, with no ties', () => {
    const health = networkHealth(new Y.Doc(), UTC);
    expect(health.ties).toBe(0);
    for (const id of ['blauOrg', 'blauFunction', 'blauLocation', 'eiOrg', 'effectiveSize', 'constraint', 'contextKnown', 'recentNotes', 'bothWays'] as const) {
      expect(valueOf(health, id), id).toBeNull();
    }
    expect(valueOf(health, 'activeTies')).toBe(0);
    expect(health.reconnect).toEqual([]);
    expect(health.actions).toEqual([]);
    expect(health.history).toHaveLength(12);
    expect(numbersIn(health).some(Number.isNaN)).toBe(false);
  });

  it('leaves people in the Trash out', () => {
    const doc = new Y.Doc();
    person(doc, { name: 'Stays' });
    deletePerson(doc, person(doc, { name: 'Gone' }), LOCAL_UI);
    expect(networkHealth(doc, UTC).ties).toBe(1);
  });
});

describe('networkHealth: going quiet and reconnecting', () => {
  it('flags a tie by its own rhythm, with an injected clock', () => {
    const doc = new Y.Doc();
    const ann = person(doc, { name: 'Ann', cadenceDays: 365 });
    for (const day of ['2026-01-01', '2026-01-03', '2026-01-05']) note(doc, [ann], `${day}T12:00:00Z`);
    // Usual gap 2 days: 16 days of silence is 8× (not yet), 17 days is past it.
    const atEight = networkHealth(doc, { now: new Date('2026-01-21T12:00:00Z'), timeZone: 'UTC' });
    expect(atEight.goingQuiet).toEqual([]);
    const past = networkHealth(doc, { now: new Date('2026-01-22T12:00:00Z'), timeZone: 'UTC' });
    expect(past.goingQuiet).toEqual([
      { personId: ann, name: 'Ann', rhythm: { usualIntervalDays: 2, silenceDays: 17, silenceRatio: 8.5, goingQuiet: true } },
    ]);
    // Her yearly cadence says she is still active: the rhythm is a second, earlier signal.
    expect(valueOf(past, 'dormantTies')).toBe(0);
  });

  it('ranks the once-close, well-placed, long-silent tie first, with its last note and a starter', () => {
    const doc = new Y.Doc();
    updateMe(doc, 'org', 'Acme', LOCAL_UI);
    const rosa = person(doc, { name: 'Rosa Diaz', tier: 'inner', org: 'Globex' }, '2023-01-01T00:00:00Z');
    note(doc, [rosa], '2023-11-20T10:00:00Z', 'Coffee');
    note(doc, [rosa], '2024-01-10T10:00:00Z', 'She is moving to the Lisbon office\nMore later');
    const tess = person(doc, { name: 'Tess', tier: 'close', org: 'Acme' });
    note(doc, [tess], '2025-12-01T10:00:00Z');
    const sam = person(doc, { name: 'Sam', tier: 'acquaintance', org: 'Acme' });
    const uma = person(doc, { name: 'Uma', tier: 'inner', org: 'Globex' });
    note(doc, [uma], '2026-03-14T10:00:00Z');

    const { reconnect, actions } = networkHealth(doc, UTC);
    expect(reconnect.map((candidate) => candidate.personId)).toEqual([rosa, tess, sam]);
    const [best] = reconnect;
    // 0.4 × (0.7 × 1 + 0.3 × 2/6) + 0.35 × (outside 1 + broker 0 + quiet circle 0) / 3 + 0.25 × min(1, 795/730)
    expect(best!.score).toBeCloseTo(0.4 * 0.8 + 0.35 / 3 + 0.25, 6);
    expect(best!.silentDays).toBe(795);
    expect(best!.reasons).toEqual(['once inner', 'at Globex']);
    expect(best!.lastNote).toEqual({ id: expect.any(String), at: '2024-01-10T10:00:00.000Z', summary: 'She is moving to the Lisbon office' });
    expect(best!.starter).toBe('Last time you noted "She is moving to the Lisbon office" — ask Rosa how that turned out.');
    expect(actions[0]).toEqual({ kind: 'reconnect', text: expect.stringContaining('Rosa Diaz'), personIds: [rosa] });
  });

  it('names my only active bridge into a circle and a circle I no longer reach', () => {
    const doc = new Y.Doc();
    const ring = (names: string[]) => {
      const ids = names.map((name) => person(doc, { name, tier: 'inner' }));
      ids.forEach((id, i) => createLink(doc, { from: id, to: ids[(i + 1) % ids.length]!, strength: 5 }, LOCAL_UI));
      return ids;
    };
    const bees = ring(['Bea', 'Bo', 'Bill', 'Ben']);
    const cees = ring(['Cy', 'Cal', 'Cam', 'Cat']);
    const bea = bees[0];
    note(doc, [bea!], '2026-03-14T10:00:00Z');
    const health = networkHealth(doc, UTC);
    expect(health.circles).toHaveLength(2);
    expect(health.circles.map((circle) => circle.memberIds).sort()).toEqual([[...bees].sort(), [...cees].sort()].sort());
    // Two rings with nothing between them: nobody bridges them.
    expect(health.brokers).toEqual([]);
    expect(health.onlyBridges.map((bridge) => bridge.name)).toEqual(['Bea']);
    expect(valueOf(health, 'circlesReached')).toBe(1);
    const kinds = health.actions.map((action) => action.kind);
    expect(kinds).toContain('bridge');
    expect(kinds).toContain('quiet-circle');
    // The circle nobody is in touch with can be seen on the map.
    expect(health.actions.find((action) => action.kind === 'quiet-circle')!.show).toEqual({ label: expect.any(String), personIds: [...cees].sort() });
    expect(health.actions.length).toBeGreaterThanOrEqual(3);
    expect(health.actions.length).toBeLessThanOrEqual(5);
  });
});

describe('networkHealth: brokers between circles', () => {
  it('names who bridges two circles, with the circles their ties reach and whether I am in touch', () => {
    const doc = new Y.Doc();
    const clique = (names: string[]) => {
      const ids = names.map((name) => person(doc, { name, tier: 'inner' }));
      ids.forEach((x, i) => ids.slice(i + 1).forEach((y) => createLink(doc, { from: x, to: y, strength: 4 }, LOCAL_UI)));
      return ids;
    };
    const left = clique(['L1', 'L2', 'L3', 'L4', 'L5']);
    const right = clique(['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7']);
    const bridge = person(doc, { name: 'Bridge', tier: 'inner' });
    for (const other of [left[0]!, left[1]!, right[0]!, right[1]!]) createLink(doc, { from: bridge, to: other, strength: 2 }, LOCAL_UI);
    note(doc, [bridge], '2026-03-14T10:00:00Z');
    const health = networkHealth(doc, UTC);
    const circleOf = (id: string) => health.circles.find((circle) => circle.memberIds.includes(id))!.id;
    const own = circleOf(bridge);
    const other = [circleOf(left[0]!), circleOf(right[0]!)].find((circle) => circle !== own)!;
    expect(circleOf(left[0]!)).not.toBe(circleOf(right[0]!));
    // Their own circle first, then the one they bridge into.
    expect(health.brokers).toEqual([{ personId: bridge, name: 'Bridge', circleIds: [own, other], active: true }]);
  });
});

describe('networkHealth: the last 12 months', () => {
  it('replays the hello rule month by month from createdAt and notes', () => {
    const doc = new Y.Doc();
    const p = person(doc, { name: 'P', org: 'Acme' }, '2025-06-10T09:00:00Z'); // regular: 90 days
    note(doc, [p], '2025-07-01T09:00:00Z');
    person(doc, { name: 'Q', tier: 'inner', org: 'Beta' }, '2025-12-20T09:00:00Z'); // 14 days
    const { history } = networkHealth(doc, UTC);
    expect(history.map((point) => point.month)).toEqual([
      '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03',
    ]);
    const by = Object.fromEntries(history.map((point) => [point.month, point]));
    expect(by['2025-04']).toEqual({ month: '2025-04', ties: 0, active: 0, dormant: 0, newTies: 0, blauOrg: null, blauFunction: null, blauLocation: null });
    expect(by['2025-06']).toMatchObject({ ties: 1, active: 1, dormant: 0, newTies: 1, blauOrg: 0 });
    // 1 July + 90 days = 29 September: due on the 29th, so dormant at the end of September, not of August.
    expect(by['2025-08']).toMatchObject({ active: 1, dormant: 0 });
    expect(by['2025-09']).toMatchObject({ active: 0, dormant: 1 });
    // Q: 20 December + 14 = 3 January.
    expect(by['2025-12']).toMatchObject({ ties: 2, active: 1, dormant: 1, newTies: 1, blauOrg: 0.5 });
    expect(by['2026-01']).toMatchObject({ ties: 2, active: 0, dormant: 2, newTies: 0 });
    expect(by['2026-03']).toMatchObject({ active: 0, dormant: 2 });
  });

  it("places months in the user's time zone", () => {
    const doc = new Y.Doc();
    person(doc, { name: 'Late' }, '2025-06-30T20:00:00Z'); // 1 July, 08:00 in Auckland
    const utc = networkHealth(doc, UTC).history;
    const auckland = networkHealth(doc, { now: NOW, timeZone: 'Pacific/Auckland' }).history;
    expect(utc.find((point) => point.month === '2025-06')!.newTies).toBe(1);
    expect(auckland.find((point) => point.month === '2025-06')!.newTies).toBe(0);
    expect(auckland.find((point) => point.month === '2025-07')!.newTies).toBe(1);
  });

  it('ends on the same counts as today when nobody is snoozed', () => {
    const doc = generateNetwork({ seed: 11, people: 300, now: NOW });
    const health = networkHealth(doc, UTC);
    const last = health.history.at(-1)!;
    expect(last.active).toBe(valueOf(health, 'activeTies'));
    expect(last.dormant).toBe(valueOf(health, 'dormantTies'));
    expect(health.history.reduce((sum, point) => sum + point.newTies, 0) / 12).toBeCloseTo(valueOf(health, 'newTiesPerMonth')!, 6);
  });
});

describe('networkHealth: determinism', () => {
  it('gives the same report for the same document, however it arrived', () => {
    const first = generateNetwork({ seed: 5, people: 400, now: NOW });
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(first));
    const a = networkHealth(first, UTC);
    const b = networkHealth(copy, UTC);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.actions.length).toBeGreaterThanOrEqual(3);
    expect(numbersIn(a).some(Number.isNaN)).toBe(false);
  });
});
