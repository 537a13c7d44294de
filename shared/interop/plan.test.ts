import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUtf8 } from 'lib0/string';
import { createPerson, getPerson, listPeople } from '../doc/people';
import { createLink, listLinks } from '../doc/links';
import { LOCAL_UI } from '../doc/origins';
import { readVCard } from './vcard-read';
import { readCsv } from './csv-read';
import { applyImport, planImport, type ImportChoices, type ImportOutcome, type ImportPlan } from './plan';

const IMPORT = Symbol('test-import');
const clock = () => new Date('2026-12-03T09:00:00Z');

const vcf = (...cards: string[][]) => readVCard(encodeUtf8(cards.map((lines) => ['BEGIN:VCARD', 'VERSION:4.0', ...lines, 'END:VCARD'].join('\r\n')).join('\r\n'))).contacts;

/** Runs an import to the end, as a worker would, counting the batches. */
function runImport(doc: Y.Doc, plan: ImportPlan, choices: ImportChoices = {}, batchSize = 2): { outcome: ImportOutcome; batches: number } {
  const run = applyImport(doc, plan, choices, IMPORT, { batchSize });
  let batches = 0;
  for (let step = run.next(); ; step = run.next()) {
    if (step.done) return { outcome: step.value, batches };
    batches++;
  }
}

const file = () =>
  vcf(
    ['UID:urn:uuid:ada', 'FN:Ada Lovelace', 'EMAIL:ada@engines.example', 'TEL;TYPE=cell:+44 20 7946 0001', 'ORG:Analytical Engines', 'RELATED;TYPE=colleague:urn:uuid:charles'],
    ['UID:urn:uuid:charles', 'FN:Charles Babbage', 'EMAIL:charles@engines.example', 'BDAY:17911226'],
    ['UID:urn:uuid:grace', 'FN:Grace Hopper', 'CATEGORIES:navy,compilers', 'NOTE:Wrote the first compiler'],
  );

const stateVector = (doc: Y.Doc) => Array.from(Y.encodeStateVector(doc));

describe('planImport and applyImport', () => {
  it('imports into an empty network: everyone new, with their fields, sources and links', () => {
    const doc = new Y.Doc();
    const plan = planImport(doc, file(), clock);
    expect(plan.counts).toEqual({ new: 3, matched: 0, unchanged: 0, unnamed: 0, links: 1 });
    const { outcome, batches } = runImport(doc, plan);
    expect(batches).toBe(2);
    expect(outcome.created).toHaveLength(3);
    const people = listPeople(doc);
    expect(people.map((p) => p.name)).toEqual(['Ada Lovelace', 'Charles Babbage', 'Grace Hopper']);
    expect(people[1]).toMatchObject({ emails: ['charles@engines.example'], birthday: '1791-12-26', sources: ['vcard|2026-12-03T09:00:00.000Z|urn:uuid:charles'] });
    expect(people[2]).toMatchObject({ tags: ['navy', 'compilers'], about: 'Wrote the first compiler' });
    const links = listLinks(doc);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ from: people[0]!.id, to: people[1]!.id, kind: 'works-with' });
  });

  it('re-importing the same file is "nothing new" and changes nothing (state vector before = after)', () => {
    const doc = new Y.Doc();
    runImport(doc, planImport(doc, file(), clock));
    const before = stateVector(doc);
    const again = planImport(doc, file(), () => new Date('2026-12-04T10:00:00Z'));
    expect(again.counts).toEqual({ new: 0, matched: 0, unchanged: 3, unnamed: 0, links: 0 });
    expect(again.entries.map((entry) => entry.status === 'unchanged' && entry.rule)).toEqual(['uid', 'uid', 'uid']);
    const { outcome, batches } = runImport(doc, again);
    expect([outcome.created, outcome.merged, outcome.links, batches]).toEqual([[], [], 0, 0]);
    expect(stateVector(doc)).toEqual(before);
    expect(listPeople(doc)).toHaveLength(3);
  });

  it('re-importing a LinkedIn CSV changes nothing either (matched by profile URL)', () => {
    const csv = encodeUtf8('Notes:\n"When exporting, ..."\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Lovelace,https://www.linkedin.com/in/ada,,Engines,Engineer,14 Mar 2023\n');
    const doc = new Y.Doc();
    runImport(doc, planImport(doc, readCsv(csv).contacts, clock));
    expect(listPeople(doc)[0]).toMatchObject({ name: 'Ada Lovelace', howMet: 'Connected on LinkedIn on 2023-03-14', links: ['https://www.linkedin.com/in/ada'] });
    const before = stateVector(doc);
    const again = planImport(doc, readCsv(csv).contacts, clock);
    expect(again.counts.unchanged).toBe(1);
    runImport(doc, again);
    expect(stateVector(doc)).toEqual(before);
  });

  it('a merge adds only the missing values and never overwrites what Kith has', () => {
    const doc = new Y.Doc();
    const id = createPerson(doc, { name: 'Ada King', emails: ['ADA@engines.example'], phones: ['020 7946 0001'], role: 'Countess', tags: ['Navy'] }, LOCAL_UI);
    const contacts = vcf(['FN:Ada Lovelace', 'EMAIL:ada@engines.example', 'EMAIL:ada@home.example', 'TEL:+44 20 7946 0001', 'TITLE:Mathematician', 'ORG:Analytical Engines', 'CATEGORIES:navy,maths']);
    const plan = planImport(doc, contacts, clock);
    const entry = plan.entries[0]!;
    expect(entry.status).toBe('matched');
    if (entry.status !== 'matched') return;
    expect(entry).toMatchObject({ personId: id, rule: 'email', reasons: ['Same email ada@engines.example'] });
    expect(entry.adds).toEqual({ org: 'Analytical Engines', emails: ['ada@home.example'], tags: ['maths'], sources: ['vcard|2026-12-03T09:00:00.000Z|'] });
    expect(entry.conflicts).toEqual([{ field: 'role', current: 'Countess', incoming: 'Mathematician' }]);
    const { outcome } = runImport(doc, plan);
    expect(outcome.merged).toEqual([id]);
    expect(getPerson(doc, id)).toMatchObject({
      name: 'Ada King',
      role: 'Countess',
      org: 'Analytical Engines',
      emails: ['ADA@engines.example', 'ada@home.example'],
      phones: ['020 7946 0001'],
      tags: ['Navy', 'maths'],
    });
    expect(listPeople(doc)).toHaveLength(1);
    expect(planImport(doc, contacts, clock).counts.unchanged).toBe(1);
  });

  it('matches by phone written another way, and by the duplicate name rules', () => {
    const doc = new Y.Doc();
    const phoned = createPerson(doc, { name: 'Someone', phones: ['+44 20 7946 0002'] }, LOCAL_UI);
    const named = createPerson(doc, { name: 'Grace Hopper', org: 'US Navy' }, LOCAL_UI);
    const plan = planImport(doc, vcf(['FN:Alan Turing', 'TEL:020 7946 0002'], ['FN:grace hopper']), clock);
    expect(plan.entries.map((entry) => (entry.status === 'matched' ? [entry.personId, entry.rule, entry.reasons[0]] : entry.status))).toEqual([
      [phoned, 'phone', 'Same phone 020 7946 0002'],
      [named, 'name', 'Same name “Grace Hopper”, and one has no organisation'],
    ]);
  });

  it('adds a matched contact as a new person when the user says so, or leaves it out', () => {
    const doc = new Y.Doc();
    createPerson(doc, { name: 'Ada', emails: ['ada@engines.example'] }, LOCAL_UI);
    const plan = planImport(doc, vcf(['FN:Ada', 'EMAIL:ada@engines.example', 'TEL:123 4567']), clock);
    expect(runImport(new Y.Doc(), plan, { byIndex: { 0: 'skip' } }).outcome.skipped).toEqual([{ index: 0, reason: 'You chose to leave it out.' }]);
    runImport(doc, plan, { matched: 'new' });
    expect(listPeople(doc).map((p) => p.name)).toEqual(['Ada', 'Ada']);
  });

  it('a contact with no name is flagged, left out unless the user names it, and never merged with another', () => {
    const doc = new Y.Doc();
    const plan = planImport(doc, vcf(['NOTE:who?'], ['NOTE:who else?']), clock);
    expect(plan.counts.unnamed).toBe(2);
    const { outcome } = runImport(doc, plan, { names: { 1: 'Mystery Guest' } });
    expect(outcome.skipped).toEqual([{ index: 0, reason: 'It has no name.' }]);
    expect(listPeople(doc).map((p) => [p.name, p.about])).toEqual([['Mystery Guest', 'who else?']]);
  });

  it('a contact named only by its email takes the name the user confirms, and keeps the email otherwise', () => {
    const doc = new Y.Doc();
    const plan = planImport(doc, vcf(['EMAIL:ada.lovelace@engines.example'], ['EMAIL:grace@navy.example']), clock);
    expect(plan.counts).toMatchObject({ new: 2, unnamed: 0 });
    runImport(doc, plan, { names: { 0: 'Ada Lovelace' } });
    expect(listPeople(doc).map((p) => [p.name, p.emails])).toEqual([
      ['Ada Lovelace', ['ada.lovelace@engines.example']],
      ['grace@navy.example', ['grace@navy.example']],
    ]);
  });

  it('a card named in the preview is matched with the people here by that name, with the same rules as any name', () => {
    const doc = new Y.Doc();
    const ada = createPerson(doc, { name: 'Ada Lovelace', org: 'Analytical Engines', emails: ['ada@engines.example'] }, LOCAL_UI);
    createPerson(doc, { name: 'Grace Hopper', org: 'Navy' }, LOCAL_UI);
    const cards = vcf(['EMAIL:countess@lovelace.example'], ['NOTE:met at the loom fair'], ['EMAIL:g.hopper@cobol.example', 'ORG:Remington Rand'], ['EMAIL:ada.l@other.example']);
    const plan = planImport(doc, cards, clock);
    expect(plan.entries.map((entry) => entry.status)).toEqual(['new', 'unnamed', 'new', 'new']);
    const { outcome } = runImport(doc, plan, { names: { 0: 'Ada Lovelace', 1: 'ada lovelace', 2: 'Grace Hopper', 3: 'Ada Lovelace' }, byIndex: { 3: 'new' } });
    // Ada's two named cards merge into her (a name in any case); Grace's card names another organisation: judgePair says not the same person.
    expect(outcome.merged).toEqual([ada, ada]);
    expect(outcome.created).toHaveLength(2);
    expect(getPerson(doc, ada)).toMatchObject({ name: 'Ada Lovelace', emails: ['ada@engines.example', 'countess@lovelace.example'] });
    expect(listPeople(doc).map((p) => p.name).sort()).toEqual(['Ada Lovelace', 'Ada Lovelace', 'Grace Hopper', 'Grace Hopper']);
    // "Add all as new" in the preview holds for them too.
    const again = new Y.Doc();
    createPerson(again, { name: 'Ada Lovelace' }, LOCAL_UI);
    runImport(again, planImport(again, vcf(['EMAIL:countess@lovelace.example']), clock), { names: { 0: 'Ada Lovelace' }, matched: 'new' });
    expect(listPeople(again)).toHaveLength(2);
  });

  it('cancelling halfway leaves the document exactly as it was', () => {
    const doc = new Y.Doc();
    createPerson(doc, { name: 'Already here' }, LOCAL_UI);
    const before = stateVector(doc);
    const contacts = vcf(...Array.from({ length: 10 }, (_, i) => [`FN:Person ${i}`, `EMAIL:p${i}@example.com`]));
    const run = applyImport(doc, planImport(doc, contacts, clock), {}, IMPORT, { batchSize: 3 });
    expect(run.next().value).toEqual({ done: 3, total: 11 });
    expect(run.next().value).toEqual({ done: 6, total: 11 });
    run.return({ created: [], merged: [], skipped: [], links: 0 });
    expect(stateVector(doc)).toEqual(before);
    expect(listPeople(doc).map((p) => p.name)).toEqual(['Already here']);
  });

  it('in place (a copy the caller drops on cancel), writes each batch into the document itself, with the same result', () => {
    const staged = new Y.Doc();
    const inPlace = new Y.Doc();
    for (const doc of [staged, inPlace]) createPerson(doc, { name: 'Ada King', emails: ['ada@engines.example'] }, LOCAL_UI);
    const run = applyImport(inPlace, planImport(inPlace, file(), clock), {}, IMPORT, { batchSize: 2, inPlace: true });
    run.next();
    expect(listPeople(inPlace).map((p) => p.name)).toEqual(['Ada King', 'Charles Babbage']);
    for (let step = run.next(); !step.done; step = run.next());
    runImport(staged, planImport(staged, file(), clock));
    const summary = (doc: Y.Doc) => listPeople(doc).map((p) => [p.name, p.emails, p.sources]);
    expect(summary(inPlace)).toEqual(summary(staged));
    expect(listLinks(inPlace)).toHaveLength(1);
  });

  it('writes the whole import to the document as one undoable step tagged with its origin', () => {
    const doc = new Y.Doc();
    const undo = new Y.UndoManager([doc.getMap('contacts'), doc.getMap('links')], { trackedOrigins: new Set([IMPORT]) });
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    runImport(doc, planImport(doc, file(), clock), {}, 1);
    expect(origins).toEqual([IMPORT]);
    expect(listPeople(doc)).toHaveLength(3);
    undo.undo();
    expect(listPeople(doc)).toHaveLength(0);
    expect(listLinks(doc)).toHaveLength(0);
  });

  it('links to people already in Kith by the UID they were imported with, once', () => {
    const doc = new Y.Doc();
    runImport(doc, planImport(doc, vcf(['UID:urn:uuid:charles', 'FN:Charles Babbage']), clock));
    const plan = planImport(doc, vcf(['UID:urn:uuid:ada', 'FN:Ada Lovelace', 'RELATED;TYPE=friend:urn:uuid:charles', 'RELATED:urn:uuid:nobody']), clock);
    expect(plan.links).toEqual([{ from: { index: 0 }, to: { personId: listPeople(doc)[0]!.id }, kind: 'knows', label: 'friend' }]);
    expect(plan.warnings).toEqual(['Ada Lovelace names a related person (urn:uuid:nobody) who is neither in this file nor in Kith; no link was made.']);
    runImport(doc, plan);
    expect(listLinks(doc)).toHaveLength(1);
    expect(planImport(doc, vcf(['UID:urn:uuid:ada', 'FN:Ada Lovelace', 'RELATED;TYPE=friend:urn:uuid:charles']), clock).counts).toMatchObject({ unchanged: 1, links: 0 });
  });

  it('does not repeat a link the network already has', () => {
    const doc = new Y.Doc();
    const a = createPerson(doc, { name: 'Ada', emails: ['ada@x.example'] }, LOCAL_UI);
    const b = createPerson(doc, { name: 'Bob', emails: ['bob@x.example'] }, LOCAL_UI);
    createLink(doc, { from: b, to: a }, LOCAL_UI);
    const plan = planImport(doc, vcf(['UID:u:a', 'FN:Ada', 'EMAIL:ada@x.example', 'RELATED:u:b'], ['UID:u:b', 'FN:Bob', 'EMAIL:bob@x.example']), clock);
    expect(plan.links).toEqual([]);
  });

  it('skips a matched person deleted between the preview and the import', () => {
    const doc = new Y.Doc();
    const id = createPerson(doc, { name: 'Ada', emails: ['ada@x.example'] }, LOCAL_UI);
    const plan = planImport(doc, vcf(['FN:Ada', 'EMAIL:ada@x.example', 'TEL:123 4567']), clock);
    (doc.getMap('contacts').get(id) as Y.Map<unknown>).set('deletedAt', '2026-12-03T09:30:00Z');
    expect(runImport(doc, plan).outcome.skipped).toEqual([{ index: 0, reason: 'Ada was deleted after the preview.' }]);
    expect(getPerson(doc, id)!.phones).toEqual([]);
  });
});
