import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MIGRATIONS, NewerSchemaError, SCHEMA_VERSION, hasPrefix, migrate, newId, schemaVersion } from './schema';

describe('document schema', () => {
  it('stamps a new document with the current version and a creation time', () => {
    const doc = new Y.Doc();
    expect(schemaVersion(doc)).toBe(0);
    expect(migrate(doc, 'test')).toBe(SCHEMA_VERSION);
    expect(schemaVersion(doc)).toBe(SCHEMA_VERSION);
    expect(typeof doc.getMap('meta').get('createdAt')).toBe('string');
  });

  it('runs only the migrations a document has not had, in order, in one transaction', () => {
    const doc = new Y.Doc();
    const ran: number[] = [];
    const migrations = [1, 2, 3].map((to) => ({ to, run: () => void ran.push(to) }));
    doc.getMap('meta').set('schemaVersion', 1);
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    expect(migrate(doc, 'test', migrations)).toBe(3);
    expect(ran).toEqual([2, 3]);
    expect(transactions).toBe(1);
    expect(migrate(doc, 'test', migrations)).toBe(3);
    expect(ran).toEqual([2, 3]);
  });

  it('refuses a document from a newer schema and leaves it untouched', () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => migrate(doc, 'test')).toThrow(NewerSchemaError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('converges when two replicas migrate concurrently', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    migrate(a, 'a');
    migrate(b, 'b');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getMap('meta').toJSON()).toEqual(b.getMap('meta').toJSON());
    expect(schemaVersion(a)).toBe(MIGRATIONS.at(-1)!.to);
  });

  it('brings a version 1 document to version 2 (the aliases root) without touching its records', () => {
    const doc = new Y.Doc();
    migrate(doc, 'test', MIGRATIONS.slice(0, 1));
    doc.getMap('contacts').set('person:a', new Y.Map());
    const before = doc.toJSON();
    expect(schemaVersion(doc)).toBe(1);
    expect(migrate(doc, 'test', MIGRATIONS.slice(0, 2))).toBe(2);
    expect(schemaVersion(doc)).toBe(2);
    expect({ ...doc.toJSON(), meta: {}, aliases: {} }).toEqual({ ...before, meta: {}, aliases: {} });
    expect(doc.getMap('meta').get('createdAt')).toBe(before.meta.createdAt);
    expect(doc.getMap('aliases').size).toBe(0);
  });

  it('brings a version 2 document to version 3 (the asks root, share notes) without touching its records', () => {
    const doc = new Y.Doc();
    migrate(doc, 'test', MIGRATIONS.slice(0, 2));
    const note = new Y.Map<unknown>();
    doc.getMap('notes').set('note:a', note);
    note.set('kind', 'share');
    const before = doc.toJSON();
    expect(schemaVersion(doc)).toBe(2);
    expect(migrate(doc, 'test', MIGRATIONS.slice(0, 3))).toBe(3);
    expect(schemaVersion(doc)).toBe(3);
    expect({ ...doc.toJSON(), meta: {} }).toEqual({ ...before, meta: {} });
    expect(doc.getMap('asks').size).toBe(0);
  });

  it("brings a version 3 document to version 4 (the profile's shared lists), keeping a list the profile already holds", () => {
    const doc = new Y.Doc();
    migrate(doc, 'test', MIGRATIONS.slice(0, 3));
    const me = doc.getMap('me');
    me.set('name', 'Sam');
    me.set('tags', Y.Array.from(['climate']));
    const tags = me.get('tags');
    expect(migrate(doc, 'test')).toBe(4);
    expect(me.get('tags')).toBe(tags);
    expect(me.toJSON()).toEqual({ name: 'Sam', tags: ['climate'], interests: [], expertise: [], schools: [], pastOrgs: [] });
  });

  it("makes the profile's lists as the same update on every device, so first items added on two devices at once both stay", () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    migrate(a, 'a');
    migrate(b, 'b');
    (a.getMap('me').get('interests') as Y.Array<string>).push(['Sailing']);
    (b.getMap('me').get('interests') as Y.Array<string>).push(['Go']);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect((a.getMap('me').get('interests') as Y.Array<string>).toArray().sort()).toEqual(['Go', 'Sailing']);
    expect(b.getMap('me').toJSON()).toEqual(a.getMap('me').toJSON());
  });

  it("never hides a list an older Kith made for itself under the shared one", () => {
    const older = new Y.Doc();
    older.getMap('me').set('schools', Y.Array.from(['UCL']));
    const newer = new Y.Doc();
    migrate(newer, 'newer');
    Y.applyUpdate(newer, Y.encodeStateAsUpdate(older));
    expect(newer.getMap('me').get('schools')).toBeInstanceOf(Y.Array);
    expect((newer.getMap('me').get('schools') as Y.Array<string>).toArray()).toEqual(['UCL']);
  });

  it('makes prefixed random ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId('link')));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(hasPrefix(id, 'link')).toBe(true);
    expect(hasPrefix('person:', 'person')).toBe(false);
    expect(hasPrefix('link:abc', 'person')).toBe(false);
  });
});
