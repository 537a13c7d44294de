/**
 * The shape of a Kith document (ARCHITECTURE.md §2) and its migrations.
 *
 * One Y.Doc holds one person's network. Every record is a nested Y.Map in a
 * root map keyed by a prefixed random id, so concurrent edits of different
 * fields merge. `meta.schemaVersion` says which migrations have run.
 */
import * as Y from 'yjs';
import { getRandomValues } from 'lib0/webcrypto';

export const ROOTS = [
  'contacts',
  'links',
  'notes',
  'commitments',
  'requests',
  'asks',
  'layout',
  'me',
  'devices',
  'meta',
  'aliases',
] as const;
export type RootName = (typeof ROOTS)[number];

export const SCHEMA_VERSION = 4;

export type IdPrefix = 'person' | 'link' | 'note' | 'commitment' | 'request' | 'ask';

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Bytes below this are used, so that each of the 36 letters is equally likely (252 = 7 × 36). */
const UNBIASED = 252;
let pool = new Uint8Array(0);
let poolAt = 0;

/**
 * A prefixed random id such as `person:k3v9x0q2m7c1a8zt`. Random bytes are
 * drawn from the system 4 KiB at a time: one call per letter made an import
 * of 10,000 people spend 2.6 s in getRandomValues.
 */
export function newId(prefix: IdPrefix): string {
  let body = '';
  while (body.length < 16) {
    if (poolAt >= pool.length) {
      pool = getRandomValues(new Uint8Array(4096));
      poolAt = 0;
    }
    const byte = pool[poolAt++]!;
    if (byte < UNBIASED) body += ID_ALPHABET[byte % ID_ALPHABET.length];
  }
  return `${prefix}:${body}`;
}

export function hasPrefix(id: string, prefix: IdPrefix): boolean {
  return id.startsWith(`${prefix}:`) && id.length > prefix.length + 1;
}

export function root(doc: Y.Doc, name: RootName): Y.Map<unknown> {
  return doc.getMap(name);
}

/** The list fields of the profile (the `me` root; kinds.ts `ME`). */
export const PROFILE_LISTS = ['tags', 'interests', 'expertise', 'schools', 'pastOrgs'] as const;

const profileListUpdates = new Map<string, Uint8Array>();

/**
 * The empty Y.Array of one profile list, as the same update on every
 * replica: written by a fixed client id (its index in PROFILE_LISTS) at
 * clock 0, so its bytes do not depend on the device, and Yjs takes the
 * copies that two devices made as one array. A person's lists are made with
 * the person, by one device; the profile exists on every device from the
 * start, so a list each device made for itself would be two arrays under one
 * key, and only one device's first items would survive a sync. Fixed client
 * ids this low lose every Yjs tie-break against a real device's, so an
 * array an older Kith made for itself is never hidden by this one.
 */
function profileListUpdate(field: (typeof PROFILE_LISTS)[number], index: number): Uint8Array {
  let update = profileListUpdates.get(field);
  if (!update) {
    const maker = new Y.Doc();
    maker.clientID = index;
    maker.getMap('me').set(field, new Y.Array());
    update = Y.encodeStateAsUpdate(maker);
    maker.destroy();
    profileListUpdates.set(field, update);
  }
  return update;
}

/**
 * Gives the profile each of its lists it lacks, the same array on every
 * replica; idempotent. Call it outside any transaction that writes: Yjs
 * marks a transaction that applies an update as remote, takes this
 * replica's own writes in it for another client's, and changes the doc's
 * clientID.
 */
export function ensureProfileLists(doc: Y.Doc, origin: unknown): void {
  const me = root(doc, 'me');
  const missing = PROFILE_LISTS.flatMap((field, index) => (me.has(field) ? [] : [profileListUpdate(field, index)]));
  if (missing.length) Y.applyUpdate(doc, Y.mergeUpdates(missing), origin);
}

export interface Migration {
  /** The schema version this migration produces. */
  to: number;
  run(doc: Y.Doc): void;
  /** Applies updates that are the same bytes on every replica, before the migrations' transaction (see `ensureProfileLists`). */
  apply?(doc: Y.Doc, origin: unknown): void;
}

/**
 * Migrations in order. Version 1 is the first schema: it only stamps the
 * document. A later version appends an entry here (and a test) instead of
 * changing what version 1 wrote.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    to: 1,
    run(doc) {
      const meta = root(doc, 'meta');
      if (!meta.has('createdAt')) meta.set('createdAt', new Date().toISOString());
    },
  },
  {
    // Adds the `aliases` root (the user's own spellings, shared/analytics/normalize.ts).
    // Yjs roots need no creating and version 1 held no aliases, so nothing is
    // converted; the version tells an older Kith that this network uses them.
    to: 2,
    run() {},
  },
  {
    // Adds the `asks` root (shared/doc/asks.ts: what a person is looking for),
    // share notes that carry `shareTitle` and `shareLink`, and the note kinds
    // `gave` and `received` (help given and received). Nothing older
    // changes shape; the version tells an older Kith this network uses them.
    to: 3,
    run() {},
  },
  {
    // The profile's lists become the same array on every replica
    // (`ensureProfileLists`); a list the profile already holds stays as it is.
    to: 4,
    run() {},
    apply: ensureProfileLists,
  },
];

export function schemaVersion(doc: Y.Doc): number {
  const value = root(doc, 'meta').get('schemaVersion');
  return typeof value === 'number' ? value : 0;
}

export class NewerSchemaError extends Error {
  constructor(readonly found: number, readonly supported: number) {
    super(
      `This network was written by a newer Kith (schema ${found}; this version reads up to ${supported}). Update Kith to open it.`,
    );
  }
}

/**
 * Brings the document up to the current schema in one transaction. Safe to
 * run on every replica: migrations are idempotent and converge when two
 * replicas run them concurrently.
 */
export function migrate(
  doc: Y.Doc,
  origin: unknown,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  const current = schemaVersion(doc);
  const target = migrations.length ? migrations[migrations.length - 1]!.to : 0;
  if (current > target) throw new NewerSchemaError(current, target);
  if (current === target) return current;
  for (const migration of migrations) if (migration.to > current) migration.apply?.(doc, origin);
  doc.transact(() => {
    for (const migration of migrations) {
      if (migration.to <= current) continue;
      migration.run(doc);
      root(doc, 'meta').set('schemaVersion', migration.to);
    }
  }, origin);
  return target;
}
