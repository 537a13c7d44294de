import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getMe, updateMe, type MeField } from './me';
import { ValidationError } from './errors';
import { LOCAL_UI, MIGRATION } from './origins';

describe('my profile', () => {
  it('reads as empty in a new network', () => {
    expect(getMe(new Y.Doc())).toEqual({
      name: '',
      org: '',
      role: '',
      function: '',
      location: '',
      tags: [],
      interests: [],
      expertise: [],
      schools: [],
      hometown: '',
      pastOrgs: [],
      family: '',
      updatedAt: '',
    });
  });

  it('sets one field at a time, cleaned as a person field, in one transaction tagged with the origin', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    updateMe(doc, 'name', '  Sam Rivera ', LOCAL_UI, () => new Date('2026-01-01T00:00:00Z'));
    updateMe(doc, 'schools', ['MIT', 'UCL'], LOCAL_UI);
    updateMe(doc, 'schools', ['MIT'], LOCAL_UI);
    // The profile's shared lists are made once, before the first list edit, as no edit of the user's.
    expect(origins).toEqual([LOCAL_UI, MIGRATION, LOCAL_UI, LOCAL_UI]);
    expect(getMe(doc)).toMatchObject({ name: 'Sam Rivera', schools: ['MIT'] });
    expect(doc.getMap('me').get('schools')).toBeInstanceOf(Y.Array);
  });

  it('refuses invalid values and fields a profile does not have, writing nothing', () => {
    const doc = new Y.Doc();
    updateMe(doc, 'name', 'Sam', LOCAL_UI);
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => updateMe(doc, 'name', ' ', LOCAL_UI)).toThrow('A name is needed');
    expect(() => updateMe(doc, 'interests', ['ok', ''], LOCAL_UI)).toThrow(ValidationError);
    expect(() => updateMe(doc, 'hometown', 42, LOCAL_UI)).toThrow(ValidationError);
    expect(() => updateMe(doc, 'emails' as MeField, ['sam@example.org'], LOCAL_UI)).toThrow(/no field called "emails"/);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('keeps the first tags two devices add to their profile at once', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    updateMe(a, 'tags', ['climate'], LOCAL_UI);
    updateMe(b, 'tags', ['chess'], LOCAL_UI);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(getMe(a).tags.toSorted()).toEqual(['chess', 'climate']);
    expect(getMe(b)).toEqual(getMe(a));
  });

  it('makes the shared lists outside the edit, so undoing the first tag leaves the list in place', () => {
    const doc = new Y.Doc();
    const undo = new Y.UndoManager(doc.getMap('me'), { trackedOrigins: new Set([LOCAL_UI]) });
    updateMe(doc, 'tags', ['climate'], LOCAL_UI);
    const tags = doc.getMap('me').get('tags');
    undo.undo();
    expect(getMe(doc).tags).toEqual([]);
    expect(doc.getMap('me').get('tags')).toBe(tags);
  });

  it('merges concurrent edits of different fields from two devices', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    updateMe(a, 'hometown', 'Porto', LOCAL_UI);
    updateMe(b, 'interests', ['Sailing'], LOCAL_UI);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(getMe(a)).toMatchObject({ hometown: 'Porto', interests: ['Sailing'] });
    expect(getMe(b)).toEqual(getMe(a));
  });
});
