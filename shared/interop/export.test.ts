import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUtf8 } from 'lib0/string';
import { createPerson, listPeople, updatePerson, type Person } from '../doc/people';
import { createLink, listLinks } from '../doc/links';
import { createNote, listNotes } from '../doc/notes';
import { createCommitment } from '../doc/commitments';
import { setPosition } from '../doc/layout';
import { updateMe } from '../doc/me';
import { addAlias } from '../analytics/normalize';
import { addDevice } from '../doc/devices';
import { migrate, ROOTS, root, SCHEMA_VERSION } from '../doc/schema';
import { LOCAL_UI, MIGRATION } from '../doc/origins';
import { escapeText, foldLine, writeVCard } from './vcard-write';
import { writeCsv } from './csv-write';
import { readVCard } from './vcard-read';
import { readCsv } from './csv-read';
import { applyImport, planImport } from './plan';
import { exportBackup, restoreBackup, RestoreError } from './backup';
import { toPersonInput } from './to-person';

const IMPORT = Symbol('test-import');
const at = (iso: string) => () => new Date(iso);

/** A small network with every person field in use, links of each kind, and an introduction. */
function network(): { doc: Y.Doc; ada: string; charles: string; grace: string } {
  const doc = new Y.Doc();
  migrate(doc, MIGRATION);
  const ada = createPerson(
    doc,
    {
      name: 'Ada Lovelace',
      org: 'Analytical Engines; Ltd',
      role: 'Mathematician, poet',
      function: 'Research',
      location: 'London',
      emails: ['ada@engines.example', 'ada@home.example'],
      phones: ['+44 20 7946 0001'],
      links: ['https://example.com/ada?x=1,2'],
      tags: ['maths', 'poetry, sort of'],
      interests: ['looms', 'horses'],
      expertise: ['algorithms'],
      schools: ['Home tutors'],
      hometown: 'London',
      pastOrgs: ['Royal Society'],
      family: 'Married to William; three children',
      howMet: 'Through Mary Somerville\\nat a salon',
      tier: 'inner',
      cadenceDays: 30,
      birthday: '1815-12-10',
      about: 'First line\nSecond line; with a semicolon, and a comma\\',
      addresses: ['12 St James’s Square, London'],
      details: ['Nickname: Enchantress of Numbers'],
    },
    LOCAL_UI,
    at('2026-01-01T00:00:00Z'),
  );
  const charles = createPerson(doc, { name: 'Charles Babbage', birthday: '--12-26', tier: 'close' }, LOCAL_UI, at('2026-01-02T00:00:00Z'));
  const grace = createPerson(doc, { name: 'グレース・ホッパー', org: 'US Navy' }, LOCAL_UI, at('2026-01-03T00:00:00Z'));
  updatePerson(doc, grace, 'introducedBy', ada, LOCAL_UI);
  createLink(doc, { from: ada, to: charles, kind: 'works-with', strength: 5, since: '1833' }, LOCAL_UI);
  createLink(doc, { from: grace, to: ada, kind: 'custom', label: 'admirer; "fan", really', strength: 2 }, LOCAL_UI);
  const mary = createPerson(doc, { name: 'Mary Somerville' }, LOCAL_UI, at('2026-01-04T00:00:00Z'));
  const annabella = createPerson(doc, { name: 'Annabella Byron' }, LOCAL_UI, at('2026-01-05T00:00:00Z'));
  createLink(doc, { from: mary, to: ada, kind: 'mentor' }, LOCAL_UI);
  createLink(doc, { from: annabella, to: ada, kind: 'family', label: 'mother' }, LOCAL_UI);
  createLink(doc, { from: mary, to: charles, kind: 'knows' }, LOCAL_UI);
  createLink(doc, { from: mary, to: annabella, kind: 'introduced', since: '1833-06' }, LOCAL_UI);
  return { doc, ada, charles, grace };
}

/** A person's fields without what a copy cannot keep (ids, times, where it came from). */
function fields(person: Person, names: Map<string, string>) {
  const { id: _id, createdAt: _c, updatedAt: _u, deletedAt: _d, sources: _s, introducedBy, ...rest } = person;
  return { ...rest, introducedBy: names.get(introducedBy) ?? '' };
}

function snapshot(doc: Y.Doc) {
  const people = listPeople(doc);
  const names = new Map(people.map((person) => [person.id, person.name]));
  return {
    people: people.map((person) => fields(person, names)),
    links: listLinks(doc)
      .map((link) => ({ from: names.get(link.from), to: names.get(link.to), kind: link.kind, label: link.label, strength: link.strength, since: link.since }))
      .sort((a, b) => `${a.from}${a.to}`.localeCompare(`${b.from}${b.to}`)),
  };
}

function importAll(doc: Y.Doc, bytes: Uint8Array) {
  const run = applyImport(doc, planImport(doc, readVCard(bytes).contacts), {}, IMPORT);
  let step = run.next();
  while (!step.done) step = run.next();
  return step.value;
}

describe('vCard 4.0 writer', () => {
  it('escapes text values (RFC 6350 §3.4)', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('folds at 75 octets without splitting a UTF-8 sequence (RFC 6350 §3.2)', () => {
    const line = `NOTE:${'é'.repeat(100)}${'😀'.repeat(30)}`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n').filter(Boolean);
    for (const part of physical) expect(encodeUtf8(part).length).toBeLessThanOrEqual(75);
    expect(physical.slice(1).every((part) => part.startsWith(' '))).toBe(true);
    expect(physical.map((part, i) => (i ? part.slice(1) : part)).join('')).toBe(line);
    const card = encodeUtf8(`BEGIN:VCARD\r\nVERSION:4.0\r\nFN:x\r\n${folded}END:VCARD\r\n`);
    expect(readVCard(card).contacts[0]!.notes).toEqual([line.slice(5)]);
  });

  it('writes everyone or a selection, links as RELATED and personal fields as X-KITH-*', () => {
    const { doc, ada, charles } = network();
    const text = writeVCard(doc);
    const unfolded = text.replace(/\r\n /g, '');
    expect(text.match(/BEGIN:VCARD/g)).toHaveLength(5);
    expect(unfolded).toContain(`RELATED;TYPE=co-worker;X-KITH-KIND=works-with;X-KITH-STRENGTH=5;X-KITH-SINCE=1833:urn:kith:${charles}\r\n`);
    expect(text).toContain('X-KITH-TIER:inner\r\n');
    expect(text).toContain('X-KITH-INTEREST:looms\r\nX-KITH-INTEREST:horses\r\n');
    expect(text).toContain('BDAY:18151210\r\n');
    expect(text).toContain('BDAY:--1226\r\n');
    expect(text.split('\r\n').every((line) => encodeUtf8(line).length <= 75)).toBe(true);
    const selection = writeVCard(doc, { ids: [ada] });
    expect(selection.match(/BEGIN:VCARD/g)).toHaveLength(1);
    expect(selection).toContain('FN:Ada Lovelace');
  });

  it('reports its progress every 500 people and at the end, for vCard and CSV alike, and writes a selection as CSV too', () => {
    const doc = new Y.Doc();
    const ids = Array.from({ length: 1203 }, (_, i) => createPerson(doc, { name: `Person ${i}` }, LOCAL_UI));
    const seen: [number, number][] = [];
    writeVCard(doc, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([[500, 1203], [1000, 1203], [1203, 1203]]);
    seen.length = 0;
    const csv = writeCsv(doc, { ids: [ids[7]!, ids[1200]!], onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([[2, 2]]);
    expect(csv.trimEnd().split('\r\n').slice(1).map((row) => row.split(',')[0])).toEqual(['Person 7', 'Person 1200']);
  });

  it('leaves out people in the Trash', () => {
    const { doc, charles } = network();
    (root(doc, 'contacts').get(charles) as Y.Map<unknown>).set('deletedAt', '2026-02-01T00:00:00Z');
    expect(writeVCard(doc)).not.toContain('Charles');
  });
});

describe('round trips into an empty network', () => {
  it('vCard: export → import gives the same people, fields, links and introductions', () => {
    const { doc } = network();
    const copy = new Y.Doc();
    const outcome = importAll(copy, encodeUtf8(writeVCard(doc)));
    expect(outcome).toMatchObject({ links: 6, skipped: [] });
    expect(snapshot(copy)).toEqual(snapshot(doc));
    // Each copy remembers where it came from.
    expect(listPeople(copy).every((person) => person.sources.length === 1 && person.sources[0]!.startsWith('vcard|'))).toBe(true);
  });

  it('vCard: importing the export again, or into the network it came from, changes nothing', () => {
    const { doc } = network();
    const bytes = encodeUtf8(writeVCard(doc));
    const before = Y.encodeStateVector(doc);
    expect(planImport(doc, readVCard(bytes).contacts).counts).toEqual({ new: 0, matched: 0, unchanged: 5, unnamed: 0, links: 0 });
    importAll(doc, bytes);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    const copy = new Y.Doc();
    importAll(copy, bytes);
    const copied = Y.encodeStateVector(copy);
    importAll(copy, bytes);
    expect(Y.encodeStateVector(copy)).toEqual(copied);
  });

  it('CSV: export → import (columns mapped by their headers) keeps the spreadsheet fields', () => {
    const { doc } = network();
    const result = readCsv(encodeUtf8(writeCsv(doc)));
    expect(result.layout).toBe('generic');
    const ada = toPersonInput(result.contacts.find((c) => c.fn === 'Ada Lovelace')!, '2026-12-03T00:00:00.000Z').input!;
    expect(ada).toMatchObject({
      name: 'Ada Lovelace',
      org: 'Analytical Engines; Ltd',
      role: 'Mathematician, poet',
      emails: ['ada@engines.example', 'ada@home.example'],
      phones: ['+44 20 7946 0001'],
      links: ['https://example.com/ada?x=1,2'],
      birthday: '1815-12-10',
      location: 'London',
      addresses: ['12 St James’s Square, London'],
      about: 'First line\nSecond line; with a semicolon, and a comma\\',
    });
  });

  it('CSV: cells that spreadsheets would run as formulas are written as text', () => {
    const doc = new Y.Doc();
    createPerson(doc, { name: '=HYPERLINK("http://evil")', phones: ['+1 555 0100'] }, LOCAL_UI);
    const text = writeCsv(doc);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain(',+1 555 0100,');
  });
});

describe('JSON backup and restore', () => {
  function fullNetwork() {
    const { doc, ada, charles } = network();
    createNote(doc, { contactIds: [ada, charles], kind: 'meeting', text: 'Talked engines.\n\nAnd poetry.' }, LOCAL_UI);
    createCommitment(doc, { contactId: ada, direction: 'mine', what: 'Send the notes', due: '2026-02-01' }, LOCAL_UI);
    setPosition(doc, ada, { x: 10, y: -20.5 }, LOCAL_UI);
    updateMe(doc, 'interests', ['looms'], LOCAL_UI);
    addAlias(doc, 'Analytical Engines', 'The Engine Works', LOCAL_UI);
    addDevice(doc, 'a'.repeat(64), { name: 'Laptop', addedBy: 'a'.repeat(64) }, LOCAL_UI);
    return doc;
  }

  it('backs up every root, versioned, with meta.schemaVersion', () => {
    const backup = JSON.parse(exportBackup(fullNetwork(), at('2026-12-03T10:00:00Z')));
    expect(backup).toMatchObject({ format: 'kith-backup', version: 1, exportedAt: '2026-12-03T10:00:00.000Z', meta: { schemaVersion: SCHEMA_VERSION } });
    expect(Object.keys(backup.roots).sort()).toEqual([...ROOTS].sort());
  });

  it('restores into an empty network: every root but devices equal, note bodies rich text again', () => {
    const doc = fullNetwork();
    const copy = new Y.Doc();
    migrate(copy, MIGRATION);
    expect(restoreBackup(copy, exportBackup(doc), IMPORT)).toEqual({ people: 5 });
    for (const name of ROOTS.filter((n) => n !== 'devices' && n !== 'meta')) expect(root(copy, name).toJSON(), name).toEqual(root(doc, name).toJSON());
    expect(root(copy, 'meta').get('schemaVersion')).toBe(SCHEMA_VERSION);
    expect(root(copy, 'devices').size).toBe(0);
    const note = listNotes(copy)[0]!;
    expect(note.text).toBe(listNotes(doc)[0]!.text);
    expect((root(copy, 'notes').get(note.id) as Y.Map<unknown>).get('body')).toBeInstanceOf(Y.XmlFragment);
    expect((root(copy, 'contacts').get(listPeople(copy)[0]!.id) as Y.Map<unknown>).get('emails')).toBeInstanceOf(Y.Array);
    expect(snapshot(copy)).toEqual(snapshot(doc));
  });

  it('keeps formatting in texts, attributes of elements, bytes and plain values', () => {
    const doc = new Y.Doc();
    const record = new Y.Map<unknown>();
    root(doc, 'notes').set('note:formatted', record);
    const text = new Y.Text();
    record.set('body', text);
    text.insert(0, 'bold', { bold: true });
    text.insert(4, ' plain', { bold: null });
    const fragment = new Y.XmlFragment();
    record.set('rich', fragment);
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', '2');
    const words = new Y.XmlText();
    heading.insert(0, [words]);
    fragment.insert(0, [heading]);
    words.insert(0, 'Title', { italic: {} });
    record.set('bytes', new Uint8Array([0, 1, 254, 255]));
    record.set('plain', { x: 1, y: [2, 3] });
    const copy = new Y.Doc();
    restoreBackup(copy, exportBackup(doc), IMPORT);
    const restored = root(copy, 'notes').get('note:formatted') as Y.Map<unknown>;
    expect((restored.get('body') as Y.Text).toDelta()).toEqual([{ insert: 'bold', attributes: { bold: true } }, { insert: ' plain' }]);
    expect((restored.get('rich') as Y.XmlFragment).toString()).toBe(fragment.toString());
    expect(restored.get('bytes')).toEqual(new Uint8Array([0, 1, 254, 255]));
    expect(restored.get('plain')).toEqual({ x: 1, y: [2, 3] });
  });

  it('refuses a network that is not empty, and writes nothing', () => {
    const doc = new Y.Doc();
    createPerson(doc, { name: 'Already here' }, LOCAL_UI);
    const before = Y.encodeStateVector(doc);
    expect(() => restoreBackup(doc, exportBackup(fullNetwork()), IMPORT)).toThrow('This network is not empty (it holds contacts)');
    expect(Y.encodeStateVector(doc)).toEqual(before);
    const profiled = new Y.Doc();
    migrate(profiled, MIGRATION);
    updateMe(profiled, 'interests', ['Sailing'], LOCAL_UI);
    expect(() => restoreBackup(profiled, exportBackup(fullNetwork()), IMPORT)).toThrow('This network is not empty (it holds me)');
  });

  it('refuses a newer schema, a newer backup format, a damaged file and something else', () => {
    const good = JSON.parse(exportBackup(fullNetwork()));
    const attempt = (value: unknown) => () => restoreBackup(new Y.Doc(), typeof value === 'string' ? value : JSON.stringify(value), IMPORT);
    expect(attempt({ ...good, meta: { schemaVersion: 99 } })).toThrow(`newer Kith (schema 99; this version reads up to ${SCHEMA_VERSION})`);
    expect(attempt({ ...good, version: 2 })).toThrow('written by a newer Kith (backup format 2)');
    expect(attempt('{"format":"kith-backup"')).toThrow('it is not JSON');
    expect(attempt({ hello: 'world' })).toThrow('This is not a Kith backup');
    const damaged = structuredClone(good);
    const [, second] = Object.keys(damaged.roots.contacts.$map);
    damaged.roots.contacts.$map[second!].$map.emails = { $oops: [] };
    const doc = new Y.Doc();
    expect(() => restoreBackup(doc, JSON.stringify(damaged), IMPORT)).toThrow(RestoreError);
    expect(() => restoreBackup(doc, JSON.stringify(damaged), IMPORT)).toThrow(/damaged at contacts\.person:[a-z0-9]+\.emails: unknown tag \$oops/);
    expect(root(doc, 'contacts').size).toBe(0);
  });
});
