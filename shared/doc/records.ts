/**
 * The one way records are written: create, update fields, edit lists,
 * stamp times, read the clock. Each record kind (shared/doc/kinds.ts) is a
 * `RecordKind`; its module validates input and then writes through it, so
 * every kind gets the same transactions, `updatedAt` and list merging.
 *
 * Lists are Y.Arrays edited in place: writing a new list applies only the
 * inserts and deletes that turn the stored items into it (a Myers diff, from
 * the `diff` package's `diffArrays`), keeping the items both have where they
 * are. So two devices that each add a tag at once both keep theirs, and a
 * tag removed on one device while another adds one loses neither edit.
 * Replacing the whole Y.Array, as a plain `set` does, would keep only one.
 */
import * as Y from 'yjs';
import { diffArrays } from 'diff';
import { newId, root, type IdPrefix, type RootName } from './schema';
import { NotFoundError } from './errors';

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/**
 * Makes the list in `record[field]` hold `items` with the fewest inserts and
 * deletes. A stored value that is not a Y.Array (written by an older or
 * buggy peer) is replaced by a fresh one. Call inside a transaction.
 */
export function writeList(record: Y.Map<unknown>, field: string, items: readonly string[]): void {
  const stored = record.get(field);
  if (!(stored instanceof Y.Array)) {
    record.set(field, Y.Array.from([...items]));
    return;
  }
  let index = 0;
  // Stored items are compared as they are: one of another type (a buggy peer) differs from every string and goes.
  for (const change of diffArrays<unknown>(stored.toArray(), [...items])) {
    if (change.removed) {
      stored.delete(index, change.count);
    } else {
      if (change.added) stored.insert(index, change.value as string[]);
      index += change.count;
    }
  }
}

/**
 * Like `writeList` for a list whose order is the order its items were added
 * in (a note's people): the items kept stay where they are, once each, and
 * new ones go at the end, whatever order `items` has.
 */
export function writeSet(record: Y.Map<unknown>, field: string, items: readonly string[]): void {
  const stored = record.get(field);
  const wanted = new Set(items);
  const kept = new Set(stored instanceof Y.Array ? stored.toArray().filter((item): item is string => wanted.has(item as string)) : []);
  writeList(record, field, [...kept, ...items.filter((item) => !kept.has(item))]);
}

/** Adds `items` at the end of the list in `record[field]` (a fresh Y.Array when there is none). Call inside a transaction. */
export function appendToList(record: Y.Map<unknown>, field: string, items: readonly string[]): void {
  const stored = record.get(field);
  if (stored instanceof Y.Array) stored.push([...items]);
  else record.set(field, Y.Array.from([...items]));
}

/** Values to write: `undefined` leaves a field alone, `null` removes it. */
export type FieldValues = Readonly<Record<string, unknown>>;

export interface RecordKindSpec {
  /** The root map that holds the records, keyed by id. */
  root: RootName;
  /** What one record is called in an error: "No person with id …". */
  noun: string;
  /** The prefix of new ids; absent when the caller gives the id (devices are keyed by public key). */
  prefix?: IdPrefix;
  /** Fields held as Y.Arrays, edited in place. */
  lists?: readonly string[];
  /** Those of `lists` whose order is the order items were added in (`writeSet`). */
  sets?: readonly string[];
  /**
   * Fields that hold a person's id (a list of ids when the field is in
   * `lists` too). A merge of two people re-points every one of them.
   */
  personFields?: readonly string[];
  /** Whether writes move `updatedAt` (default true; devices keep only `addedAt`). */
  tracksUpdates?: boolean;
  /** The field that holds when the record was made (default `createdAt`). */
  createdField?: string;
}

export class RecordKind {
  readonly root: RootName;
  readonly noun: string;
  readonly lists: ReadonlySet<string>;
  private readonly sets: ReadonlySet<string>;
  readonly personFields: readonly string[];
  private readonly prefix: IdPrefix | undefined;
  private readonly tracksUpdates: boolean;
  private readonly createdField: string;

  constructor(spec: RecordKindSpec) {
    this.root = spec.root;
    this.noun = spec.noun;
    this.prefix = spec.prefix;
    this.lists = new Set(spec.lists ?? []);
    this.sets = new Set(spec.sets ?? []);
    this.personFields = spec.personFields ?? [];
    this.tracksUpdates = spec.tracksUpdates ?? true;
    this.createdField = spec.createdField ?? 'createdAt';
  }

  records(doc: Y.Doc): Y.Map<unknown> {
    return root(doc, this.root);
  }

  /** The record with this id, or null (also for a malformed entry, which is not a Y.Map). */
  find(doc: Y.Doc, id: string): Y.Map<unknown> | null {
    const record = this.records(doc).get(id);
    return record instanceof Y.Map ? (record as Y.Map<unknown>) : null;
  }

  /** The record with this id; throws NotFoundError when there is none. */
  get(doc: Y.Doc, id: string): Y.Map<unknown> {
    const record = this.find(doc, id);
    if (!record) throw new NotFoundError(`No ${this.noun} with id ${id}`);
    return record;
  }

  /** Every record (malformed entries skipped), in the root map's order. */
  entries(doc: Y.Doc): [string, Y.Map<unknown>][] {
    const found: [string, Y.Map<unknown>][] = [];
    this.records(doc).forEach((record, id) => {
      if (record instanceof Y.Map) found.push([id, record as Y.Map<unknown>]);
    });
    return found;
  }

  /**
   * Adds a record in one transaction and returns its id: the given values
   * (lists as Y.Arrays, `undefined` and `null` left out), every list field
   * the values do not give as an empty Y.Array — so the first additions on
   * two devices land in one array, not in two of which only one survives —
   * and the creation time (`createdAt`) and `updatedAt`. `fill` runs in the same transaction once
   * the record is in the document (a note's body is filled there).
   */
  create(
    doc: Y.Doc,
    values: FieldValues,
    origin: unknown,
    clock: Clock,
    options: { id?: string; fill?: (record: Y.Map<unknown>) => void } = {},
  ): string {
    const id = options.id ?? this.newId();
    const now = clock().toISOString();
    const record = new Y.Map<unknown>();
    doc.transact(() => {
      const isEmpty = (field: string, value: unknown) =>
        value === undefined || value === null || (this.lists.has(field) && (value as unknown[]).length === 0);
      for (const [field, value] of Object.entries(values)) {
        if (!isEmpty(field, value)) record.set(field, this.lists.has(field) ? Y.Array.from([...(value as string[])]) : value);
      }
      // Empty lists go last, in the kind's order, whatever order the values came in: equal input builds equal records.
      for (const field of this.lists) if (isEmpty(field, values[field])) record.set(field, new Y.Array());
      record.set(this.createdField, now);
      this.touch(record, now);
      this.records(doc).set(id, record);
      options.fill?.(record);
    }, origin);
    return id;
  }

  /** Writes `values` to a record in one transaction (see `writeFields`), moving `updatedAt`. */
  update(doc: Y.Doc, record: Y.Map<unknown>, values: FieldValues, origin: unknown, clock: Clock): void {
    doc.transact(() => {
      this.writeFields(record, values);
      this.touch(record, clock().toISOString());
    }, origin);
  }

  /** Writes `values` into a record (lists in place, `null` removes, `undefined` skips). Call inside a transaction. */
  writeFields(record: Y.Map<unknown>, values: FieldValues): void {
    for (const [field, value] of Object.entries(values)) {
      if (value === undefined) continue;
      if (value === null) record.delete(field);
      else if (this.sets.has(field)) writeSet(record, field, value as string[]);
      else if (this.lists.has(field)) writeList(record, field, value as string[]);
      else record.set(field, value);
    }
  }

  /** Moves `updatedAt` to `now`, for kinds that keep it. Call inside a transaction. */
  touch(record: Y.Map<unknown>, now: string): void {
    if (this.tracksUpdates) record.set('updatedAt', now);
  }

  /** Stamps `field` (done, answered, deleted, revoked) with the time now, unless it is stamped already: the first time counts. */
  stamp(doc: Y.Doc, record: Y.Map<unknown>, field: string, origin: unknown, clock: Clock): void {
    if (record.get(field)) return;
    doc.transact(() => {
      const now = clock().toISOString();
      record.set(field, now);
      this.touch(record, now);
    }, origin);
  }

  /** Removes the stamp in `field` (and any `alsoRemove` fields with it); changes nothing when there is none. */
  unstamp(
    doc: Y.Doc,
    record: Y.Map<unknown>,
    field: string,
    origin: unknown,
    clock: Clock,
    alsoRemove: readonly string[] = [],
  ): void {
    if (!record.get(field)) return;
    doc.transact(() => {
      record.delete(field);
      for (const other of alsoRemove) record.delete(other);
      this.touch(record, clock().toISOString());
    }, origin);
  }

  private newId(): string {
    if (!this.prefix) throw new Error(`A new ${this.noun} needs an id from its caller`);
    return newId(this.prefix);
  }
}

/** A shared type, as far as finding its place in the document needs. */
type Placed = { _item: Y.Item | null };

/**
 * The records a change touched, as (root map, key): the changed keys of a
 * root itself, or the one record holding a nested type (a person's tags, a
 * paragraph of a note's body).
 */
export function changedRecords(type: Placed, keys: Set<string | null>): { root: Placed; key: string }[] {
  if (!type._item) return [...keys].filter((key) => key !== null).map((key) => ({ root: type, key }));
  let current = type;
  while (current._item) {
    const { parent, parentSub } = current._item;
    if (!(parent instanceof Y.AbstractType)) return [];
    if (!parent._item) return parentSub === null ? [] : [{ root: parent, key: parentSub }];
    current = parent;
  }
  return [];
}
