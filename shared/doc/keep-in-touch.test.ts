import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson, getPerson, purgePerson } from './people';
import { listNotes, notesOf } from './notes';
import { clearSnooze, logHello, snoozedUntilOf, snoozeHello } from './keep-in-touch';
import { mergePeople } from './merge';
import { NotFoundError, ValidationError } from './errors';
import { LOCAL_UI } from './origins';

const clock = (iso: string) => () => new Date(iso);

function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('Expected a ValidationError');
}

describe('saying hello', () => {
  it('logs a hello note on the person, in one transaction, saying how', () => {
    const doc = new Y.Doc();
    const ada = createPerson(doc, { name: 'Ada' }, LOCAL_UI);
    const seen: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => seen.push(transaction.origin));
    const id = logHello(doc, ada, LOCAL_UI, clock('2026-03-01T09:00:00Z'));
    logHello(doc, ada, LOCAL_UI, clock('2026-03-02T09:00:00Z'), 'in-person');
    expect(seen).toEqual([LOCAL_UI, LOCAL_UI]);
    expect(notesOf(doc, ada).map(({ kind, text, at }) => ({ kind, text, at }))).toEqual([
      { kind: 'hello', text: 'Said hello in person', at: '2026-03-02T09:00:00.000Z' },
      { kind: 'hello', text: 'Said hello', at: '2026-03-01T09:00:00.000Z' },
    ]);
    expect(id).toMatch(/^note:/);
  });

  it('refuses a missing or trashed person, or an unknown channel, writing nothing', () => {
    const doc = new Y.Doc();
    const ada = createPerson(doc, { name: 'Ada' }, LOCAL_UI);
    const grace = createPerson(doc, { name: 'Grace' }, LOCAL_UI);
    deletePerson(doc, grace, LOCAL_UI);
    const vector = Y.encodeStateVector(doc);
    expect(() => logHello(doc, 'person:nobody', LOCAL_UI)).toThrow(NotFoundError);
    expect(refusal(() => logHello(doc, grace, LOCAL_UI)).message).toBe('Grace is in the Trash; restore them before saying hello');
    expect(refusal(() => logHello(doc, ada, LOCAL_UI, undefined, 'pigeon' as 'email')).field).toBe('channel');
    expect(Y.encodeStateVector(doc)).toEqual(vector);
    expect(listNotes(doc)).toEqual([]);
  });
});

describe('snoozing', () => {
  it('stores a day on the person without touching their fields, and clears it', () => {
    const doc = new Y.Doc();
    const ada = createPerson(doc, { name: 'Ada', tier: 'inner' }, LOCAL_UI, clock('2026-01-01T00:00:00Z'));
    const before = getPerson(doc, ada)!;
    snoozeHello(doc, ada, '2026-04-01', LOCAL_UI, clock('2026-03-01T00:00:00Z'));
    expect(snoozedUntilOf(doc, ada)).toBe('2026-04-01');
    expect(getPerson(doc, ada)).toEqual({ ...before, updatedAt: '2026-03-01T00:00:00.000Z' });
    clearSnooze(doc, ada, LOCAL_UI);
    expect(snoozedUntilOf(doc, ada)).toBeNull();
    const vector = Y.encodeStateVector(doc);
    clearSnooze(doc, ada, LOCAL_UI);
    expect(Y.encodeStateVector(doc)).toEqual(vector);
  });

  it('refuses an impossible day, or a trashed or missing person, writing nothing', () => {
    const doc = new Y.Doc();
    const ada = createPerson(doc, { name: 'Ada' }, LOCAL_UI);
    const grace = createPerson(doc, { name: 'Grace' }, LOCAL_UI);
    deletePerson(doc, grace, LOCAL_UI);
    const vector = Y.encodeStateVector(doc);
    for (const day of ['2026-02-30', '1 April', '', null, 20260401]) {
      const error = refusal(() => snoozeHello(doc, ada, day, LOCAL_UI));
      expect({ field: error.field, message: error.message }).toEqual({ field: 'untilDay', message: 'Snooze until a day such as 2026-12-01' });
    }
    expect(refusal(() => snoozeHello(doc, grace, '2026-04-01', LOCAL_UI)).field).toBe('personId');
    expect(() => snoozeHello(doc, 'person:nobody', '2026-04-01', LOCAL_UI)).toThrow(NotFoundError);
    expect(() => clearSnooze(doc, 'person:nobody', LOCAL_UI)).toThrow(NotFoundError);
    expect(Y.encodeStateVector(doc)).toEqual(vector);
  });

  it('survives a merge (the kept person keeps theirs) and a purge', () => {
    const doc = new Y.Doc();
    const keep = createPerson(doc, { name: 'Ada Lovelace' }, LOCAL_UI);
    const other = createPerson(doc, { name: 'Ada Lovelace' }, LOCAL_UI);
    snoozeHello(doc, keep, '2026-05-01', LOCAL_UI);
    snoozeHello(doc, other, '2026-06-01', LOCAL_UI);
    mergePeople(doc, keep, other, LOCAL_UI);
    expect(snoozedUntilOf(doc, keep)).toBe('2026-05-01');
    purgePerson(doc, other, LOCAL_UI);
    expect(snoozedUntilOf(doc, other)).toBeNull();
  });
});
