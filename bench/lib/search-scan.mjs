/**
 * The search benches' baseline: a naive case-insensitive substring scan of
 * each live person's fields and note texts (plain strings extracted once,
 * untimed), and the keystrokes typed.
 */
import * as Y from 'yjs';

const FIELDS = ['name', 'org', 'role', 'function', 'location', 'tags', 'interests', 'expertise', 'schools', 'hometown', 'pastOrgs'];

/** Every prefix of every query, as typed. */
export const keystrokes = (queries) => queries.flatMap((query) => [...query].map((_, i) => query.slice(0, i + 1)));

/** Each live person's field values and note texts, as plain strings. */
export function scanData(doc) {
  const notesByPerson = new Map();
  doc.getMap('notes').forEach((note) => {
    if (note.get('deletedAt')) return;
    const text = note.get('body').toString();
    for (const id of note.get('contactIds').toArray()) {
      if (!notesByPerson.has(id)) notesByPerson.set(id, []);
      notesByPerson.get(id).push(text);
    }
  });
  const people = [];
  doc.getMap('contacts').forEach((record, id) => {
    if (record.get('deletedAt')) return;
    const values = FIELDS.flatMap((field) => {
      const value = record.get(field);
      return value instanceof Y.Array ? value.toArray() : typeof value === 'string' ? [value] : [];
    });
    people.push({ id, texts: [...values, ...(notesByPerson.get(id) ?? [])] });
  });
  return people;
}

export function naiveScan(people, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return people.filter(({ texts }) => words.every((word) => texts.some((text) => text.toLowerCase().includes(word))));
}

export function loweredScan(people, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return people.filter(({ lowered }) => words.every((word) => lowered.some((text) => text.includes(word))));
}

