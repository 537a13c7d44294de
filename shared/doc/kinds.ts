/**
 * Every kind of record in the document, in one table: where its records
 * live, which fields are lists and which fields point at a person. The
 * operations of each kind (people.ts, links.ts, …) validate their input and
 * write through these; a merge of two people re-points every field listed in
 * `PERSON_REFERENCES`. A new record kind is added here (see README.md).
 */
import { RecordKind } from './records';
import { PROFILE_LISTS } from './schema';

export const PEOPLE = new RecordKind({
  root: 'contacts',
  prefix: 'person',
  noun: 'person',
  lists: ['emails', 'phones', 'links', 'tags', 'interests', 'expertise', 'schools', 'pastOrgs', 'addresses', 'details', 'sources'],
  personFields: ['introducedBy'],
});

/** The user's own profile: one record, the `me` root itself, with the personal fields of a person. */
export const ME = new RecordKind({
  root: 'me',
  noun: 'profile',
  lists: PROFILE_LISTS,
});

export const LINKS = new RecordKind({ root: 'links', prefix: 'link', noun: 'link', personFields: ['from', 'to'] });

export const NOTES = new RecordKind({
  root: 'notes',
  prefix: 'note',
  noun: 'note',
  lists: ['contactIds'],
  sets: ['contactIds'],
  personFields: ['contactIds'],
});

export const COMMITMENTS = new RecordKind({
  root: 'commitments',
  prefix: 'commitment',
  noun: 'commitment',
  personFields: ['contactId'],
});

export const REQUESTS = new RecordKind({ root: 'requests', prefix: 'request', noun: 'request', personFields: ['contactId'] });

/** What a person is looking for ("a designer", "intros to climate investors"): `helpedBy` may name a share note. */
export const ASKS = new RecordKind({ root: 'asks', prefix: 'ask', noun: 'ask', personFields: ['contactId'] });

/** Keyed by public key; `addedAt` is when it was paired, and a device keeps no `updatedAt`. */
export const DEVICES = new RecordKind({ root: 'devices', noun: 'device', tracksUpdates: false, createdField: 'addedAt' });

/** The kinds whose records sit in a root map keyed by id (the profile is a root of its own). */
export const RECORD_KINDS: readonly RecordKind[] = [PEOPLE, LINKS, NOTES, COMMITMENTS, REQUESTS, ASKS, DEVICES];

export interface PersonReference {
  kind: RecordKind;
  field: string;
  /** The field holds a list of person ids rather than one. */
  list: boolean;
}

/**
 * Every field in the document that holds a person's id. `mergedInto` is not
 * one: it records which person a merged record went into, and stays as it
 * was. Map positions are keyed by person id (`layout`) and move in a merge too.
 */
export const PERSON_REFERENCES: readonly PersonReference[] = RECORD_KINDS.flatMap((kind) =>
  kind.personFields.map((field) => ({ kind, field, list: kind.lists.has(field) })),
);
