import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson, deletePerson, restorePerson } from './people';
import {
  answerRequest,
  createRequest,
  deleteRequest,
  listRequests,
  readRequest,
  reopenRequest,
  requestsOf,
  restoreRequest,
  updateRequest,
} from './requests';
import { NotFoundError, ValidationError } from './errors';
import { LOCAL_UI } from './origins';

const clock = (iso: string) => () => new Date(iso);
const NOW = clock('2026-03-28T12:00:00Z');

function network() {
  const doc = new Y.Doc();
  const ada = createPerson(doc, { name: 'Ada' }, LOCAL_UI);
  const grace = createPerson(doc, { name: 'Grace' }, LOCAL_UI);
  return { doc, ada, grace };
}

function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('Expected a ValidationError');
}

describe('logging requests', () => {
  it('writes one record, received now unless told, in one transaction tagged with the origin', () => {
    const { doc, ada } = network();
    const seen: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => seen.push(transaction.origin));
    const id = createRequest(doc, { contactId: ada, channel: 'email', summary: ' Intro to a VC ' }, LOCAL_UI, NOW);
    expect(id).toMatch(/^request:[0-9a-z]{16}$/);
    expect(seen).toEqual([LOCAL_UI]);
    expect(readRequest(doc, id)).toEqual({
      id,
      contactId: ada,
      channel: 'email',
      summary: 'Intro to a VC',
      receivedAt: '2026-03-28T12:00:00.000Z',
      answeredAt: null,
      createdAt: '2026-03-28T12:00:00.000Z',
      updatedAt: '2026-03-28T12:00:00.000Z',
      deletedAt: null,
    });
  });

  it('stores a given time with an offset in UTC, and allows a few minutes of clock skew', () => {
    const { doc, ada } = network();
    const id = createRequest(doc, { contactId: ada, channel: 'in-person', summary: 'x', receivedAt: '2026-03-28T07:30:00-04:00' }, LOCAL_UI, NOW);
    expect(readRequest(doc, id)!.receivedAt).toBe('2026-03-28T11:30:00.000Z');
    const skewed = createRequest(doc, { contactId: ada, channel: 'call', summary: 'x', receivedAt: '2026-03-28T12:04:00Z' }, LOCAL_UI, NOW);
    expect(readRequest(doc, skewed)!.receivedAt).toBe('2026-03-28T12:04:00.000Z');
  });

  it('refuses bad input with the field and a sentence, writing nothing', () => {
    const { doc, ada, grace } = network();
    deletePerson(doc, grace, LOCAL_UI);
    const vector = Y.encodeStateVector(doc);
    const cases: [unknown, string, string][] = [
      [{ channel: 'email', summary: 'x' }, 'contactId', 'Choose who asked'],
      [{ contactId: '', channel: 'email', summary: 'x' }, 'contactId', 'Choose who asked'],
      [{ contactId: 'person:nobody', channel: 'email', summary: 'x' }, 'contactId', 'Choose who asked'],
      [{ contactId: grace, channel: 'email', summary: 'x' }, 'contactId', 'Grace is in the Trash; restore them before logging a request'],
      [{ contactId: ada, channel: 'pigeon', summary: 'x' }, 'channel', 'Say how they asked: email, message, call, in person or other'],
      [{ contactId: ada, channel: 'email', summary: ' ' }, 'summary', 'Say what they asked for'],
      [{ contactId: ada, channel: 'email', summary: 'x'.repeat(501) }, 'summary', 'Say what they asked for in at most 500 characters'],
      [{ contactId: ada, channel: 'email', summary: 'x', receivedAt: '28/03/2026 09:00' }, 'receivedAt', 'When it came is a date and time, such as 2026-01-02T15:00:00Z'],
      [{ contactId: ada, channel: 'email', summary: 'x', receivedAt: '2026-03-28T09:00:00' }, 'receivedAt', 'When it came is a date and time, such as 2026-01-02T15:00:00Z'],
      [{ contactId: ada, channel: 'email', summary: 'x', receivedAt: '2026-03-28T12:06:00Z' }, 'receivedAt', 'A request cannot arrive in the future; check the date and time'],
    ];
    for (const [input, field, message] of cases) {
      const error = refusal(() => createRequest(doc, input, LOCAL_UI, NOW));
      expect({ field: error.field, message: error.message }).toEqual({ field, message });
    }
    expect(() => createRequest(doc, { contactId: ada, channel: 'email', summary: 'x', answeredAt: 'now' }, LOCAL_UI, NOW)).toThrow(ValidationError);
    expect(Y.encodeStateVector(doc)).toEqual(vector);
    expect(listRequests(doc, { includeDeleted: true })).toEqual([]);
  });
});

describe('answering and editing requests', () => {
  it('answers with one action, keeping the first answer, and reopens', () => {
    const { doc, ada } = network();
    const id = createRequest(doc, { contactId: ada, channel: 'email', summary: 'x' }, LOCAL_UI, NOW);
    answerRequest(doc, id, LOCAL_UI, clock('2026-03-29T08:00:00Z'));
    answerRequest(doc, id, LOCAL_UI, clock('2026-03-30T08:00:00Z'));
    expect(readRequest(doc, id)!.answeredAt).toBe('2026-03-29T08:00:00.000Z');
    reopenRequest(doc, id, LOCAL_UI, clock('2026-03-29T09:00:00Z'));
    expect(readRequest(doc, id)).toMatchObject({ answeredAt: null, receivedAt: '2026-03-28T12:00:00.000Z', updatedAt: '2026-03-29T09:00:00.000Z' });
    expect(() => answerRequest(doc, 'request:missing', LOCAL_UI)).toThrow(NotFoundError);
  });

  it('corrects channel, summary and time, refusing a time after the answer or in the future', () => {
    const { doc, ada } = network();
    const id = createRequest(doc, { contactId: ada, channel: 'email', summary: 'x' }, LOCAL_UI, clock('2026-03-28T10:00:00Z'));
    updateRequest(doc, id, { channel: 'call', summary: 'Call back about the role', receivedAt: '2026-03-28T08:00:00+00:00' }, LOCAL_UI, NOW);
    expect(readRequest(doc, id)).toMatchObject({ channel: 'call', summary: 'Call back about the role', receivedAt: '2026-03-28T08:00:00.000Z' });
    answerRequest(doc, id, LOCAL_UI, clock('2026-03-28T11:00:00Z'));
    const vector = Y.encodeStateVector(doc);
    expect(refusal(() => updateRequest(doc, id, { receivedAt: '2026-03-28T11:30:00Z' }, LOCAL_UI, NOW)).message).toBe(
      'A request cannot arrive after it was answered',
    );
    expect(refusal(() => updateRequest(doc, id, { receivedAt: '2026-04-01T00:00:00Z' }, LOCAL_UI, NOW)).field).toBe('receivedAt');
    expect(refusal(() => updateRequest(doc, id, { summary: '' }, LOCAL_UI, NOW)).field).toBe('summary');
    expect(refusal(() => updateRequest(doc, id, { contactId: ada }, LOCAL_UI, NOW)).field).toBe('request');
    updateRequest(doc, id, {}, LOCAL_UI, NOW);
    expect(Y.encodeStateVector(doc)).toEqual(vector);
  });

  it('moves to the Trash and back, lists the longest waiting first, and restores only with the person', () => {
    const { doc, ada, grace } = network();
    const later = createRequest(doc, { contactId: ada, channel: 'email', summary: 'b', receivedAt: '2026-03-28T10:00:00Z' }, LOCAL_UI, NOW);
    const earlier = createRequest(doc, { contactId: ada, channel: 'email', summary: 'a', receivedAt: '2026-03-27T10:00:00Z' }, LOCAL_UI, NOW);
    const fromGrace = createRequest(doc, { contactId: grace, channel: 'message', summary: 'c' }, LOCAL_UI, NOW);
    expect(requestsOf(doc, ada).map((r) => r.id)).toEqual([earlier, later]);
    deleteRequest(doc, earlier, LOCAL_UI, NOW);
    expect(requestsOf(doc, ada).map((r) => r.id)).toEqual([later]);
    expect(listRequests(doc, { includeDeleted: true })).toHaveLength(3);
    restoreRequest(doc, earlier, LOCAL_UI);
    expect(requestsOf(doc, ada)).toHaveLength(2);

    deleteRequest(doc, fromGrace, LOCAL_UI);
    deletePerson(doc, grace, LOCAL_UI);
    expect(refusal(() => restoreRequest(doc, fromGrace, LOCAL_UI)).field).toBe('contactId');
    restorePerson(doc, grace, LOCAL_UI);
    restoreRequest(doc, fromGrace, LOCAL_UI);
    expect(requestsOf(doc, grace).map((r) => r.id)).toEqual([fromGrace]);
  });

  it('reads an unreadable received time as the creation time', () => {
    const { doc, ada } = network();
    const id = createRequest(doc, { contactId: ada, channel: 'email', summary: 'x' }, LOCAL_UI, NOW);
    const record = doc.getMap('requests').get(id) as Y.Map<unknown>;
    record.set('receivedAt', 'last Tuesday');
    record.set('channel', 'fax');
    expect(readRequest(doc, id)).toMatchObject({ receivedAt: '2026-03-28T12:00:00.000Z', channel: 'other' });
  });
});
