import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson, restorePerson } from './people';
import { createNote } from './notes';
import {
  commitmentsOf,
  completeCommitment,
  createCommitment,
  deleteCommitment,
  listCommitments,
  readCommitment,
  reopenCommitment,
  restoreCommitment,
  updateCommitment,
} from './commitments';
import { NotFoundError, ValidationError } from './errors';
import { LOCAL_UI } from './origins';

const clock = (iso: string) => () => new Date(iso);

function network() {
  const doc = new Y.Doc();
  const ada = createPerson(doc, { name: 'Ada' }, LOCAL_UI);
  const grace = createPerson(doc, { name: 'Grace' }, LOCAL_UI);
  const note = createNote(doc, { contactIds: [ada], kind: 'call', text: "I'll send the deck by Friday." }, LOCAL_UI);
  return { doc, ada, grace, note };
}

function origins(doc: Y.Doc): unknown[] {
  const seen: unknown[] = [];
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.changed.size > 0) seen.push(transaction.origin);
  });
  return seen;
}

/** Throws the ValidationError `run` throws, so a test can look at its field. */
function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('Expected a ValidationError');
}

describe('creating commitments', () => {
  it('writes one record with a prefixed id in one transaction tagged with the origin', () => {
    const { doc, ada, note } = network();
    const seen = origins(doc);
    const id = createCommitment(
      doc,
      { contactId: ada, direction: 'mine', what: '  Send the deck ', due: '2026-03-29', noteId: note },
      LOCAL_UI,
      clock('2026-03-20T09:00:00Z'),
    );
    expect(id).toMatch(/^commitment:[0-9a-z]{16}$/);
    expect(seen).toEqual([LOCAL_UI]);
    expect(readCommitment(doc, id)).toEqual({
      id,
      contactId: ada,
      direction: 'mine',
      what: 'Send the deck',
      due: '2026-03-29',
      doneAt: null,
      noteId: note,
      suggestionKey: null,
      createdAt: '2026-03-20T09:00:00.000Z',
      updatedAt: '2026-03-20T09:00:00.000Z',
      deletedAt: null,
    });
    expect(readCommitment(doc, 'commitment:nothing')).toBeNull();
  });

  it('takes no due date as absent, null or an empty form field', () => {
    const { doc, ada } = network();
    for (const due of [undefined, null, '', '  ']) {
      const id = createCommitment(doc, { contactId: ada, direction: 'theirs', what: 'Intro to Grace', due }, LOCAL_UI);
      expect(readCommitment(doc, id)!.due).toBeNull();
      expect((doc.getMap('commitments').get(id) as Y.Map<unknown>).has('due')).toBe(false);
    }
  });

  it('refuses bad input with the field and a sentence, writing nothing', () => {
    const { doc, ada, grace, note } = network();
    deletePerson(doc, grace, LOCAL_UI);
    const before = Y.encodeStateAsUpdate(doc);
    const vector = Y.encodeStateVector(doc);
    const cases: [unknown, string, string][] = [
      [{ direction: 'mine', what: 'x' }, 'contactId', 'Choose who this commitment is with'],
      [{ contactId: 'person:nobody', direction: 'mine', what: 'x' }, 'contactId', 'Choose who this commitment is with'],
      [{ contactId: 'note:x', direction: 'mine', what: 'x' }, 'contactId', 'Choose who this commitment is with'],
      [{ contactId: grace, direction: 'mine', what: 'x' }, 'contactId', 'Grace is in the Trash; restore them before adding a commitment'],
      [{ contactId: ada, direction: 'mine', what: '   ' }, 'what', 'Say what will be done'],
      [{ contactId: ada, direction: 'mine' }, 'what', 'Say what will be done'],
      [{ contactId: ada, direction: 'mine', what: 'x'.repeat(501) }, 'what', 'Say what will be done in at most 500 characters'],
      [{ contactId: ada, direction: 'both', what: 'x' }, 'direction', 'A commitment is mine (I will) or theirs (they will)'],
      [{ contactId: ada, direction: 'mine', what: 'x', due: '2026-02-30' }, 'due', 'A due date is a day such as 2026-12-01'],
      [{ contactId: ada, direction: 'mine', what: 'x', due: '30/02/2026' }, 'due', 'A due date is a day such as 2026-12-01'],
      [{ contactId: ada, direction: 'mine', what: 'x', due: 'next Friday' }, 'due', 'A due date is a day such as 2026-12-01'],
      [{ contactId: ada, direction: 'mine', what: 'x', due: 20260301 }, 'due', 'A due date is a day such as 2026-12-01'],
      [{ contactId: ada, direction: 'mine', what: 'x', noteId: 'note:missing' }, 'noteId', 'That note is not in your network'],
      [{ contactId: ada, direction: 'mine', what: 'x', noteId: ada }, 'noteId', 'A commitment can come only from a note'],
      [{ contactId: ada, direction: 'mine', what: 'x', suggestionKey: 'sabc' }, 'suggestionKey', 'A suggestion comes from a note: give the note too'],
    ];
    for (const [input, field, message] of cases) {
      const error = refusal(() => createCommitment(doc, input, LOCAL_UI));
      expect({ field: error.field, message: error.message }).toEqual({ field, message });
    }
    expect(() => createCommitment(doc, { contactId: ada, direction: 'mine', what: 'x', extra: 1 }, LOCAL_UI)).toThrow(ValidationError);
    expect(() => createCommitment(doc, null, LOCAL_UI)).toThrow(ValidationError);
    expect(Y.encodeStateVector(doc)).toEqual(vector);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(listCommitments(doc, { includeDeleted: true })).toEqual([]);
    createCommitment(doc, { contactId: ada, direction: 'mine', what: 'x', noteId: note }, LOCAL_UI);
    expect(Y.encodeStateVector(doc)).not.toEqual(vector);
  });

  it('refuses a note in the Trash', () => {
    const { doc, ada, note } = network();
    (doc.getMap('notes').get(note) as Y.Map<unknown>).set('deletedAt', '2026-01-01T00:00:00Z');
    const vector = Y.encodeStateVector(doc);
    expect(refusal(() => createCommitment(doc, { contactId: ada, direction: 'mine', what: 'x', noteId: note }, LOCAL_UI)).field).toBe('noteId');
    expect(Y.encodeStateVector(doc)).toEqual(vector);
  });
});

describe('changing commitments', () => {
  it('updates what, direction and due, clearing the due day with null', () => {
    const { doc, ada } = network();
    const id = createCommitment(doc, { contactId: ada, direction: 'mine', what: 'Send deck', due: '2026-03-01' }, LOCAL_UI, clock('2026-02-01T00:00:00Z'));
    updateCommitment(doc, id, { what: 'Send the final deck', direction: 'theirs' }, LOCAL_UI, clock('2026-02-02T00:00:00Z'));
    expect(readCommitment(doc, id)).toMatchObject({ what: 'Send the final deck', direction: 'theirs', due: '2026-03-01', updatedAt: '2026-02-02T00:00:00.000Z' });
    updateCommitment(doc, id, { due: null }, LOCAL_UI);
    expect(readCommitment(doc, id)!.due).toBeNull();
    updateCommitment(doc, id, { due: '2026-04-30' }, LOCAL_UI);
    expect(readCommitment(doc, id)!.due).toBe('2026-04-30');
  });

  it('refuses a bad patch, or one for a missing commitment, writing nothing', () => {
    const { doc, ada } = network();
    const id = createCommitment(doc, { contactId: ada, direction: 'mine', what: 'Send deck' }, LOCAL_UI);
    const vector = Y.encodeStateVector(doc);
    expect(refusal(() => updateCommitment(doc, id, { due: '2026-02-30' }, LOCAL_UI)).field).toBe('due');
    expect(refusal(() => updateCommitment(doc, id, { what: '' }, LOCAL_UI)).message).toBe('Say what will be done');
    expect(refusal(() => updateCommitment(doc, id, { contactId: ada }, LOCAL_UI)).field).toBe('commitment');
    expect(() => updateCommitment(doc, 'commitment:missing', { what: 'x' }, LOCAL_UI)).toThrow(NotFoundError);
    updateCommitment(doc, id, {}, LOCAL_UI);
    expect(Y.encodeStateVector(doc)).toEqual(vector);
  });

  it('marks done and reopens, keeping the first done time', () => {
    const { doc, ada } = network();
    const id = createCommitment(doc, { contactId: ada, direction: 'mine', what: 'Send deck' }, LOCAL_UI);
    const seen = origins(doc);
    completeCommitment(doc, id, LOCAL_UI, clock('2026-03-01T10:00:00Z'));
    completeCommitment(doc, id, LOCAL_UI, clock('2026-03-02T10:00:00Z'));
    expect(readCommitment(doc, id)!.doneAt).toBe('2026-03-01T10:00:00.000Z');
    reopenCommitment(doc, id, LOCAL_UI, clock('2026-03-03T10:00:00Z'));
    reopenCommitment(doc, id, LOCAL_UI);
    expect(readCommitment(doc, id)).toMatchObject({ doneAt: null, updatedAt: '2026-03-03T10:00:00.000Z' });
    expect(seen).toEqual([LOCAL_UI, LOCAL_UI]);
    expect(() => completeCommitment(doc, 'commitment:missing', LOCAL_UI)).toThrow(NotFoundError);
  });

  it('moves to the Trash and back; restoring needs the person in the network', () => {
    const { doc, ada, grace } = network();
    const mine = createCommitment(doc, { contactId: ada, direction: 'mine', what: 'Send deck' }, LOCAL_UI);
    const theirs = createCommitment(doc, { contactId: grace, direction: 'theirs', what: 'Intro' }, LOCAL_UI);
    deleteCommitment(doc, mine, LOCAL_UI, clock('2026-03-01T00:00:00Z'));
    expect(listCommitments(doc).map((c) => c.id)).toEqual([theirs]);
    expect(listCommitments(doc, { includeDeleted: true }).find((c) => c.id === mine)!.deletedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(commitmentsOf(doc, ada)).toEqual([]);
    restoreCommitment(doc, mine, LOCAL_UI);
    expect(commitmentsOf(doc, ada).map((c) => c.id)).toEqual([mine]);

    deleteCommitment(doc, theirs, LOCAL_UI);
    deletePerson(doc, grace, LOCAL_UI);
    const vector = Y.encodeStateVector(doc);
    expect(refusal(() => restoreCommitment(doc, theirs, LOCAL_UI)).message).toBe('Grace is in the Trash; restore them before adding a commitment');
    expect(Y.encodeStateVector(doc)).toEqual(vector);
    restorePerson(doc, grace, LOCAL_UI);
    restoreCommitment(doc, theirs, LOCAL_UI);
    expect(commitmentsOf(doc, grace).map((c) => c.id)).toEqual([theirs]);
  });

  it('lists oldest first, and reads a malformed record as defaults', () => {
    const { doc, ada } = network();
    const second = createCommitment(doc, { contactId: ada, direction: 'mine', what: 'B' }, LOCAL_UI, clock('2026-02-02T00:00:00Z'));
    const first = createCommitment(doc, { contactId: ada, direction: 'mine', what: 'A' }, LOCAL_UI, clock('2026-02-01T00:00:00Z'));
    expect(commitmentsOf(doc, ada).map((c) => c.id)).toEqual([first, second]);
    const record = doc.getMap('commitments').get(first) as Y.Map<unknown>;
    record.set('direction', 'sideways');
    record.set('due', '2026-02-31');
    record.set('doneAt', 42);
    expect(readCommitment(doc, first)).toMatchObject({ direction: 'mine', due: null, doneAt: null });
  });
});
